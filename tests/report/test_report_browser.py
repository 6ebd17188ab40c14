"""The HTML report in a real browser: at a desktop (1280 px) and a phone (390 px) width, no table cell
is narrower than its longest word, no word breaks inside itself and the page never scrolls sideways.

Why Chromium over the DevTools protocol: only a browser lays the tables out, and only the
protocol sets an exact viewport (headless `--window-size` stops at 500 px) and runs the
measurement without putting any script in the report. It talks over `--remote-debugging-pipe`,
so nothing listens on a port and no package is needed. Install Chromium with
`apt-get install -y chromium`; without it these tests skip and say so.

Screenshots go to `$PRESSLENS_SCREENSHOTS` when set (else the test's temporary folder). Run this
file to screenshot any report: `python tests/report/test_report_browser.py report.html OUT_DIR`.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

WIDTHS = (1280, 390)
_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    return next((path for name in _BROWSERS if (path := shutil.which(name))), None)


BROWSER = find_browser()
needs_browser = pytest.mark.skipif(
    BROWSER is None,
    reason="needs Chromium to lay the report out (apt-get install -y chromium); none of "
    f"{', '.join(_BROWSERS)} is on PATH",
)

# Runs in the page (never in the report itself). For every visible table cell: the widest word
# (measured where it stands, with its own font) against the cell's content width, and any word
# the browser broke across lines. A hyphen ends a word here, as it does in typesetting:
# "Al-Aqsa" may break after its hyphen. Also how far the page is wider than the viewport.
MEASURE = r"""
(() => {
  const out = {viewport: window.innerWidth, sideways: document.documentElement.scrollWidth - window.innerWidth,
               cells: 0, narrow: [], broken: []};
  for (const cell of document.querySelectorAll('td, th')) {
    const style = getComputedStyle(cell);
    const box = cell.getBoundingClientRect();
    const head = cell.closest('thead');
    if (style.display === 'none' || box.width < 2 || (head && head.getBoundingClientRect().width < 2)) continue;
    out.cells += 1;
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let widest = {word: '', width: 0};
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[^\s\-\u2010]+[\-\u2010]?|[\-\u2010]/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter(r => r.width > 0);
        const lines = new Set(rects.map(r => Math.round(r.top)));
        if (lines.size > 1) out.broken.push({word: m[0], cell: cell.textContent.trim().slice(0, 80)});
        const width = rects.reduce((sum, r) => sum + r.width, 0);
        if (width > widest.width) widest = {word: m[0], width};
      }
    }
    if (widest.width > inner + 0.5)
      out.narrow.push({word: widest.word, word_px: widest.width, cell_px: inner, cell: cell.textContent.trim().slice(0, 80)});
  }
  return out;
})()
"""


class Chromium:
    """A headless Chromium driven over the DevTools protocol on a pipe (fd 3 in, fd 4 out)."""

    def __init__(self, path: str, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # The child's ends move to fds >= 10 first, so that placing them on 3 and 4 cannot clobber one
        # (bash, unlike dash, redirects from two-digit fds).
        for low in (to_chrome_r, from_chrome_w):
            high = fcntl.fcntl(low, fcntl.F_DUPFD_CLOEXEC, 10)
            os.close(low)
            if low == to_chrome_r:
                to_chrome_r = high
            else:
                from_chrome_w = high
        self._profile = tempfile.mkdtemp(prefix="presslens-chromium-")
        args = [
            path, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--disable-extensions", f"--user-data-dir={self._profile}", "--remote-debugging-pipe", "about:blank",
        ]
        script = f'exec "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}'
        self._proc = subprocess.Popen(
            ["/bin/bash", "-c", script, "bash", *args],
            pass_fds=(to_chrome_r, from_chrome_w), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable", session=True)

    def send(self, method: str, *, session: bool = False, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method} failed: {reply['error']}")
                return reply.get("result", {})

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_chrome], [], [], left)[0]:
                raise TimeoutError(f"Chromium gave no answer within {self.timeout:.0f} s")
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def open(self, url: str, *, width: int, height: int = 900) -> None:
        """Load `url` in a viewport `width` px wide (a phone's, with its viewport rules, under 600 px)."""
        self.send(
            "Emulation.setDeviceMetricsOverride", session=True,
            width=width, height=height, deviceScaleFactor=1, mobile=width < 600,
        )
        self.send("Page.navigate", session=True, url=url)
        while not (event := self._read()).get("method") == "Page.loadEventFired":
            pass
        del event

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, *, width: int) -> None:
        """The whole page, top to bottom, at `width` px."""
        import base64

        height = int(self.evaluate("document.documentElement.scrollHeight"))
        self.send(
            "Emulation.setDeviceMetricsOverride", session=True,
            width=width, height=height, deviceScaleFactor=1, mobile=width < 600,
        )
        data = self.send("Page.captureScreenshot", session=True, format="png", captureBeyondViewport=True)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)
        shutil.rmtree(self._profile, ignore_errors=True)


def check_report(report: Path, shots: Path, *, name: str) -> dict[int, dict[str, Any]]:
    """Measure and screenshot `report` at every width; the measurements by width."""
    assert BROWSER is not None
    chrome = Chromium(BROWSER)
    try:
        found = {}
        for width in WIDTHS:
            chrome.open(report.resolve().as_uri(), width=width)
            found[width] = chrome.evaluate(MEASURE)
            chrome.screenshot(shots / f"{name}-{width}.png", width=width)
        return found
    finally:
        chrome.close()


def _shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("PRESSLENS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _assert_reads_well(found: dict[int, dict[str, Any]], shots: Path, name: str) -> None:
    for width, m in found.items():
        assert m["viewport"] == width
        assert m["cells"] > 10, f"only {m['cells']} table cells seen at {width} px"
        assert not m["narrow"], f"cells narrower than their longest word at {width} px: {m['narrow']}"
        assert not m["broken"], f"words broken inside themselves at {width} px: {m['broken']}"
        assert m["sideways"] <= 0, f"the page scrolls sideways by {m['sideways']} px at {width} px"
        png = shots / f"{name}-{width}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_browser
def test_report_browser_tables_never_break_words_at_desktop_and_phone_width(tmp_path):
    from presslens.report.html import render_report
    from presslens.voices.stage import make_voices
    from tests.conftest import make_doc
    from tests.report.test_html import report_fixture_doc

    docs = [make_voices()(report_fixture_doc()), make_voices()(make_doc())]
    report = tmp_path / "report.html"
    report.write_text(render_report(docs), encoding="utf-8")
    shots = _shots_dir(tmp_path)
    _assert_reads_well(check_report(report, shots, name="fixture"), shots, "fixture")


@needs_browser
def test_report_browser_measurement_catches_a_squeezed_column(tmp_path):
    """The check itself: the old style (break anywhere, narrow table) must fail it."""
    from presslens.report.html import render_report
    from tests.report.test_html import report_fixture_doc

    html = render_report([report_fixture_doc()]).replace(
        "</style>", ".tbl table { table-layout: fixed; width: 12rem; } th, td { overflow-wrap: anywhere; }</style>"
    )
    report = tmp_path / "squeezed.html"
    report.write_text(html, encoding="utf-8")
    found = check_report(report, tmp_path, name="squeezed")
    assert found[1280]["narrow"] and found[1280]["broken"]


@needs_browser
@pytest.mark.slow
def test_report_browser_example_article_reads_well(tmp_path, example_text):
    import presslens
    from presslens.report.html import render_report

    doc = presslens.analyze(example_text, published="2026-03-10")
    report = tmp_path / "example.html"
    report.write_text(render_report([doc]), encoding="utf-8")
    shots = _shots_dir(tmp_path)
    _assert_reads_well(check_report(report, shots, name="example"), shots, "example")


if __name__ == "__main__":  # python tests/report/test_report_browser.py report.html OUT_DIR
    if BROWSER is None:
        sys.exit("no Chromium on PATH (apt-get install -y chromium)")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else ".")
    out.mkdir(parents=True, exist_ok=True)
    page = Path(sys.argv[1])
    for w, m in check_report(page, out, name=page.stem).items():
        print(w, json.dumps(m)[:2000])
