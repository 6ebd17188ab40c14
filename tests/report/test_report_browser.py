"""The HTML report in a real browser: at a desktop (1280 px) and a phone (390 px) width, no table cell
is narrower than its longest word, no word breaks inside itself and the page never scrolls sideways.

Why Chromium over the DevTools protocol: only a browser lays the tables out, and only the
protocol sets an exact viewport (headless `--window-size` stops at 500 px) and runs the
measurement without putting any script in the report. It talks over `--remote-debugging-pipe`
(the client shared with the web page's browser tests, tests/cdp.py), so nothing listens on a port
and no package is needed. Install Chromium with `apt-get install -y chromium`; without it these
tests skip and say so.

Screenshots go to `$PRESSLENS_SCREENSHOTS` when set (else the test's temporary folder). Run this
module from the repository's root to screenshot any report:
`python -m tests.report.test_report_browser report.html OUT_DIR`.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cdp import BROWSERS, Chromium, find_browser

WIDTHS = (1280, 390)
BROWSER = find_browser()
needs_browser = pytest.mark.skipif(
    BROWSER is None,
    reason="needs Chromium to lay the report out (apt-get install -y chromium); none of "
    f"{', '.join(BROWSERS)} is on PATH",
)

# Runs in the page (never in the report itself). For every visible table cell: the widest word
# (measured where it stands, with its own font) against the cell's content width, and any word
# the browser broke across lines. A hyphen ends a word here, as it does in typesetting:
# "Al-Aqsa" may break after its hyphen. Also how far the page is wider than the viewport, and every
# box that hides part of its content until scrolled sideways (a table wider than its scroll container).
MEASURE = r"""
(() => {
  const out = {viewport: window.innerWidth, sideways: document.documentElement.scrollWidth - window.innerWidth,
               cells: 0, narrow: [], broken: [], clipped: []};
  for (const box of document.querySelectorAll('body *')) {
    const style = getComputedStyle(box);
    if (style.overflowX === 'visible' || style.display === 'none' || box.clientWidth < 2) continue;
    if (box.scrollWidth > box.clientWidth + 1) {
      const heading = box.closest('section')?.querySelector('h2, h3')?.textContent.trim() ?? '';
      out.clipped.push({box: `${box.tagName.toLowerCase()}.${box.className}`, section: heading,
                        hidden_px: box.scrollWidth - box.clientWidth});
    }
  }
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


def check_report(
    report: Path, shots: Path, *, name: str, widths: tuple[int, ...] = WIDTHS
) -> dict[int, dict[str, Any]]:
    """Measure and screenshot `report` at every width; the measurements by width."""
    assert BROWSER is not None
    found = {}
    with Chromium(BROWSER) as chrome:
        for width in widths:
            chrome.open(report.resolve().as_uri(), width=width)
            found[width] = chrome.evaluate(MEASURE)
            chrome.screenshot(shots / f"{name}-{width}.png", width=width)
    return found


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


if __name__ == "__main__":  # python -m tests.report.test_report_browser report.html OUT_DIR
    if BROWSER is None:
        sys.exit("no Chromium on PATH (apt-get install -y chromium)")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else ".")
    out.mkdir(parents=True, exist_ok=True)
    page = Path(sys.argv[1])
    for w, m in check_report(page, out, name=page.stem).items():
        print(w, json.dumps(m)[:2000])
