"""The web page in a real headless Chromium, as a person uses it: paste the sample article, press
Analyse, wait for the result, read it. Checked at a desktop (1280 px) and a phone (390 px) width:
highlighted spans of every layer, the side panel, the charts, a detail on hover and on keyboard
focus, layer switches, no sideways scrolling, no script error and no policy violation; and a
`<script>` (or an `onerror`) inside a pasted article shows as text and never runs.

The fast test serves the app with the light pipeline from a thread; the slow one starts the real
`presslens serve` with the models. Screenshots go to `$PRESSLENS_SCREENSHOTS` when set (else the
test's temporary folder): web-<width>.png (real models) and web-fake-<width>.png. Chromium is
Debian's (`apt-get install -y chromium`; scripts/test installs it); without it these tests skip.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.cdp import Chromium, find_browser
from tests.conftest import EXAMPLE
from tests.web.helpers import fake_app
from tests.web.live import ServeProcess, ThreadServer

BROWSER = find_browser()
needs_browser = pytest.mark.skipif(
    BROWSER is None, reason="needs Chromium to drive the page (apt-get install -y chromium); none is on PATH"
)
WIDTHS = (1280, 390)
SAMPLE = EXAMPLE.read_text(encoding="utf-8")
HOSTILE = (
    'Mayor <script>window.__pwned = 1</script> Ines Baptiste said the plan was "an insult" on Monday.\n\n'
    '<img src=x onerror="window.__pwned = 2"> Officials said 4 bridges would close. '
    '<svg onload="window.__pwned = 3"></svg><a href="javascript:window.__pwned=4">link</a>'
)

# Read from the page (never put into it): the article as shown, without the tags after passages.
SHOWN_TEXT = """[...document.querySelector('#article').childNodes]
  .filter(n => !(n.classList && (n.classList.contains('tag') || n.classList.contains('anchor'))))
  .map(n => n.textContent).join('')"""
LISTEN = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective)); true"""


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("PRESSLENS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _analyse(chrome: Chromium, text: str, *, wait: float) -> None:
    chrome.insert_text("#text", text)
    chrome.click("#analyse")
    chrome.wait_for(
        "!document.querySelector('#results').hidden && document.querySelector('#analyse').disabled === false"
        " && !!document.querySelector('#article .seg')",
        timeout=wait,
    )


def _count(chrome: Chromium, selector: str) -> int:
    return int(chrome.evaluate(f"document.querySelectorAll({json.dumps(selector)}).length"))


def read_the_sample(chrome: Chromium, url: str, *, width: int, wait: float) -> dict[str, Any]:
    """Paste the sample, analyse it and check what a reader needs; what was seen, for the test."""
    chrome.open(f"{url}/", width=width)
    chrome.evaluate(LISTEN)
    _analyse(chrome, SAMPLE, wait=wait)
    error = chrome.evaluate("document.querySelector('#error').hidden ? '' : document.querySelector('#error').textContent")
    assert not error, error
    assert chrome.evaluate(SHOWN_TEXT) == SAMPLE  # every character of the article, in order
    seen = {name: _count(chrome, f"#article .seg.{cls}") for name, cls in
            (("techniques", "tec"), ("quotes", "quo"), ("claims", "cla"), ("entities", "ent"), ("times", "tim"))}
    assert all(seen.values()), seen
    assert _count(chrome, "#article a.tag") >= 2
    # The side panel and the charts
    side = chrome.evaluate("document.querySelector('#side').textContent")
    for heading in ("In this article", "Persuasion techniques", "Voices", "Claims to check", "Actors"):
        assert heading in side, heading
    assert _count(chrome, "#side .claims li") >= 1 and "author" in side
    assert _count(chrome, "#bars svg rect") >= 1 and _count(chrome, "#strip .lane:not(.axis)") == 3
    # Hover a technique: its name, score and voice appear
    chrome.hover("#article .seg.tec")
    detail = chrome.wait_for("!document.querySelector('#detail').hidden && document.querySelector('#detail').textContent")
    assert "score" in detail and "words" in detail and "(" in detail, detail
    seen["hover"] = detail
    # The keyboard: from the layer switches, Tab reaches the first tag, whose detail shows.
    # The mouse leaves the article first: a pointer resting where the page scrolls to would
    # hover another passage and replace the focused tag's detail.
    chrome.hover("header.top")
    chrome.evaluate("[...document.querySelectorAll('#controls input')].pop().focus(); true")
    chrome.tab()
    assert chrome.evaluate("document.activeElement.classList.contains('tag')")
    focused = chrome.wait_for("!document.querySelector('#detail').hidden && document.querySelector('#detail').textContent")
    assert "score" in focused
    # A layer switch hides the technique highlights, and brings them back
    transparent = "getComputedStyle(document.querySelector('#article .seg.tec')).backgroundColor === 'rgba(0, 0, 0, 0)'"
    assert not chrome.evaluate(transparent)
    chrome.click("#show-tec")
    assert chrome.evaluate(transparent)
    chrome.click("#show-tec")
    assert not chrome.evaluate(transparent)
    # Readable at this width: nothing scrolls sideways
    assert chrome.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert chrome.evaluate("window.__violations") == []
    # For the screenshot: the detail of the first technique tag, as keyboard focus shows it
    chrome.hover("header.top")
    chrome.evaluate("document.querySelector('#article a.tag:not(.cla-tag)').focus(); true")
    chrome.wait_for("!document.querySelector('#detail').hidden")
    return seen


def hostile_article_stays_text(chrome: Chromium, url: str, *, wait: float) -> None:
    chrome.open(f"{url}/", width=1280)
    chrome.evaluate(LISTEN)
    _analyse(chrome, HOSTILE, wait=wait)
    assert chrome.evaluate("window.__pwned === undefined")
    assert chrome.evaluate(SHOWN_TEXT) == HOSTILE
    assert _count(chrome, "#article script, #article img, #article svg, #article a:not(.tag)") == 0
    assert "<script>window.__pwned = 1</script>" in chrome.evaluate("document.querySelector('#article').textContent")
    # The side panel and the detail carry article text too: as text.
    assert _count(chrome, "#side script, #side img, #side svg") == 0
    chrome.hover("#article .seg.ent")
    assert chrome.evaluate("window.__pwned === undefined && window.__violations.length === 0")


def _run(url: str, shots: Path, *, name: str, wait: float) -> list[str]:
    assert BROWSER is not None
    with Chromium(BROWSER, timeout=wait + 30) as chrome:
        for width in WIDTHS:
            read_the_sample(chrome, url, width=width, wait=wait)
            chrome.screenshot(shots / f"{name}-{width}.png", width=width)
        hostile_article_stays_text(chrome, url, wait=wait)
        return chrome.console_errors()


@needs_browser
def test_browser_page_reads_the_sample_with_the_light_pipeline(tmp_path):
    shots = _shots(tmp_path)
    with ThreadServer(fake_app()) as url:
        errors = _run(url, shots, name="web-fake", wait=30)
    assert errors == []
    for width in WIDTHS:
        assert (shots / f"web-fake-{width}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _slow_health(app: Any, seconds: float) -> Any:
    """`app` with /v1/health answered `seconds` late, as a loaded server answers it."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/v1/health":
            await asyncio.sleep(seconds)
        await app(scope, receive, send)

    return wrapped


@needs_browser
def test_browser_analyse_pressed_while_health_is_on_its_way_still_analyses():
    """The page wires its controls before it waits for /v1/health: pressed early, Analyse is not a bare
    form submission (which reloaded the page and left the results empty on a busy server)."""
    with ThreadServer(_slow_health(fake_app(), 3.0)) as url, Chromium(BROWSER) as chrome:
        chrome.open(f"{url}/", width=1280)
        _analyse(chrome, SAMPLE, wait=30)
        assert chrome.evaluate(SHOWN_TEXT) == SAMPLE


@needs_browser
@pytest.mark.slow
def test_browser_presslens_serve_analyses_the_sample_article(tmp_path):
    """`presslens serve` with the real models, on loopback, driven like a new user would."""
    shots = _shots(tmp_path)
    server = ServeProcess("--timeout", "120")
    with server as url:
        errors = _run(url, shots, name="web", wait=150)
    assert errors == []
    log = server.log.decode(errors="replace")
    assert "ready:" in log and "Okonkwo" not in log  # the log names requests, never the article
    for width in WIDTHS:
        assert (shots / f"web-{width}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _wait_result(chrome: Chromium, heading: str, *, wait: float = 30) -> None:
    chrome.wait_for(
        f"!document.querySelector('#results').hidden && document.querySelector('#result-h').textContent === {json.dumps(heading)}"
        " && document.querySelector('#analyse').disabled === false",
        timeout=wait,
    )


def _wait_file(folder: Path, suffix: str, *, timeout: float = 20) -> Path:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        if done:
            return done[0]
        time.sleep(0.1)
    raise TimeoutError(f"no {suffix} file was downloaded into {folder}")


@needs_browser
def test_browser_page_opens_files_drops_and_downloads(tmp_path):
    from tests.web.test_app import PAGE

    page = tmp_path / "harbour.html"
    page.write_text(PAGE, encoding="utf-8")
    lines = tmp_path / "two.jsonl"
    lines.write_text(
        json.dumps({"id": "one", "title": "First", "text": "Mayor Ines Baptiste said 3 bridges would close."}) + "\n"
        + json.dumps({"id": "two", "title": "Second", "text": 'Okonkwo-Reyes called it "an insult".'}) + "\n",
        encoding="utf-8",
    )
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    assert BROWSER is not None
    with ThreadServer(fake_app()) as url, Chromium(BROWSER) as chrome:
        chrome.open(f"{url}/", width=1280)
        chrome.evaluate(LISTEN)
        # The sample button fills the box and analyses it, with the example's publication date
        chrome.click("#sample")
        _wait_result(chrome, "Dock strike paralyses Port Alvera as talks collapse")
        assert "2026-03-10" in chrome.evaluate("document.querySelector('#meta').textContent")
        assert chrome.evaluate("document.querySelector('#text').value") == SAMPLE
        # An HTML file, through the file chooser: extracted on the server
        chrome.choose_files("#file", [page])
        _wait_result(chrome, "Dock strike")
        assert "harbour" in chrome.evaluate("document.querySelector('#meta').textContent")
        # A JSONL file: several articles, one at a time through the picker
        chrome.choose_files("#file", [lines])
        _wait_result(chrome, "First")
        assert chrome.evaluate("document.querySelector('#picker-row').hidden") is False
        chrome.evaluate("const s = document.querySelector('#picker'); s.value = '1'; s.dispatchEvent(new Event('change')); true")
        _wait_result(chrome, "Second")
        # The downloads: the JSON contract and the HTML report of the article shown
        chrome.allow_downloads(downloads)
        chrome.click("#download-json")
        saved = json.loads(_wait_file(downloads, ".json").read_text(encoding="utf-8"))
        assert saved["id"] == "two" and saved["quotes"]
        chrome.click("#download-html")
        report = _wait_file(downloads, ".html").read_text(encoding="utf-8")
        assert "<title>presslens report: Second</title>" in report
        # A saved result opens again without analysing; a dropped file is read like a chosen one
        chrome.choose_files("#file", [next(downloads.glob("*.json"))])
        chrome.wait_for("document.querySelector('#status').textContent.startsWith('Opened 1 saved result')")
        _wait_result(chrome, "Second")
        chrome.evaluate(
            "const d = new DataTransfer(); d.items.add(new File(['Dropped text: Mayor Ines Baptiste spoke.'], 'drop.txt'));"
            "document.querySelector('#input').dispatchEvent(new DragEvent('drop', {dataTransfer: d, bubbles: true,"
            " cancelable: true})); true"
        )
        _wait_result(chrome, "Dropped text: Mayor Ines Baptiste spoke.")
        # An error is shown in words, and the page stays usable
        chrome.evaluate("document.querySelector('#text').value = ''; true")
        chrome.click("#analyse")
        chrome.wait_for("!document.querySelector('#error').hidden")
        assert "Paste an article" in chrome.evaluate("document.querySelector('#error').textContent")
        assert chrome.evaluate("window.__violations") == []
        assert chrome.console_errors() == []


@needs_browser
def test_browser_page_asks_for_the_api_key_when_the_server_needs_one(tmp_path):
    assert BROWSER is not None
    with ThreadServer(fake_app(api_key="k-987")) as url, Chromium(BROWSER) as chrome:
        chrome.open(f"{url}/", width=390)
        chrome.wait_for("document.querySelector('#key-row').hidden === false")
        chrome.insert_text("#text", "Mayor Ines Baptiste said 3 bridges would close.")
        chrome.click("#analyse")
        chrome.wait_for("!document.querySelector('#error').hidden")
        assert "API key" in chrome.evaluate("document.querySelector('#error').textContent")
        chrome.insert_text("#api-key", "k-987")
        chrome.click("#analyse")
        _wait_result(chrome, "Mayor Ines Baptiste said 3 bridges would close.")


@needs_browser
def test_browser_page_analyses_a_pasted_address(tmp_path, test_site):
    """Issue 27: with the text box empty, the Address field's page is fetched by the server and analysed."""
    assert BROWSER is not None
    with ThreadServer(fake_app(allow_private_addresses=True, fetch_delay=0.0)) as url, Chromium(BROWSER) as chrome:
        chrome.open(f"{url}/", width=1280)
        chrome.insert_text("#url", test_site.url("/news/ferry-fares"))
        chrome.click("#analyse")
        _wait_result(chrome, "Council split over ferry fares")
        meta = chrome.evaluate("document.querySelector('#meta').textContent")
        assert "Ana Ruiz, Ben Osei" in meta and "2024-04-11, from the page's metadata" in meta
        assert test_site.url("/news/ferry-fares") in meta
