"""Issue 11: text and metadata taken from a page must be writable as UTF-8."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from presslens.errors import InputError
from presslens.io.html import FALLBACK_MAX_CHARS, parse_html, xml_safe_references

BODY = "The council met on Monday and agreed the new harbour budget."


def fake_extraction(**fields: str | None):
    """A stand-in for trafilatura.bare_extraction returning chosen fields."""
    result = SimpleNamespace(text=BODY, title="Budget agreed", date=None, sitename=None, url=None)
    for key, value in fields.items():
        setattr(result, key, value)
    return lambda *args, **kwargs: result


@pytest.mark.parametrize("field,page_field", [("title", "title"), ("sitename", "site"), ("text", "text")])
def test_html_unpaired_surrogate_in_extracted_field_is_an_input_error(
    monkeypatch: pytest.MonkeyPatch, field: str, page_field: str
):
    import trafilatura

    value = (BODY if field == "text" else "Courier") + " \udc80"
    monkeypatch.setattr(trafilatura, "bare_extraction", fake_extraction(**{field: value}))
    with pytest.raises(InputError) as info:
        parse_html("page.html", "<html></html>")
    assert f"contains an unpaired surrogate \\udc80 in the page {page_field};" in str(info.value)


def test_html_surrogate_character_reference_becomes_replacement_character():
    page = (
        "<html><head><title>Budget &#xD800; agreed</title></head><body><article>"
        f"<p>{BODY} It passed by nine votes to four after a long debate.</p></article></body></html>"
    )
    result = parse_html("page.html", page)
    assert result.title == "Budget \ufffd agreed"


# --- issue 23 -----------------------------------------------------------------------------------


def _best_time(html: str, repeats: int = 2) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        try:
            parse_html("page.html", html)
        except InputError:
            pass
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("unit", ["<div><span>x</span></div>", "<div><span>x</div>"])
def test_html_extraction_time_grows_about_linearly(unit: str):
    """Four times the markup may take at most ten times as long (quadratic growth would be sixteen).

    A ratio, not a wall-clock limit, so a slow or busy machine does not fail it;
    the smaller page is already above `FALLBACK_MAX_CHARS`, where the fallback extractors stop.
    """
    def page(size: int) -> str:
        return "<html><body><p>The council voted on the harbour plan.</p>" + unit * (size // len(unit)) + "</body></html>"

    small, large = page(70_000), page(280_000)
    assert len(small) > FALLBACK_MAX_CHARS
    _best_time(small, 1)  # warm up imports and caches
    ratio = _best_time(large) / _best_time(small)
    assert ratio < 10, f"4x the markup took {ratio:.1f}x as long"


@pytest.mark.parametrize("reference", ["&#x1b;", "&#27;", "&#xFFFE;", "&#xffff;", "&#x1;", "&#8;"])
def test_html_one_reference_to_a_forbidden_character_does_not_lose_the_page(reference: str):
    html = (
        "<html><head><title>Harbour</title></head><body><article>"
        f"<p>The council voted on the harbour plan today {reference} in town.</p>"
        "<p>Another paragraph with more words in it for the reader.</p></article></body></html>"
    )
    page = parse_html("page.html", html)
    assert "The council voted on the harbour plan today \ufffd in town." in page.text
    assert "Another paragraph" in page.text


def test_html_xml_safe_references_keeps_allowed_ones():
    assert xml_safe_references("a&#9;b&#x41;c&#233;d&#x1F600;") == "a&#9;b&#x41;c&#233;d&#x1F600;"
    assert xml_safe_references("a&#x1b;b&#0;c&#xFFFE;d") == "a\ufffdb\ufffdc\ufffdd"
