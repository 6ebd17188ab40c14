"""Issue 11: text and metadata taken from a page must be writable as UTF-8."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from presslens.errors import InputError
from presslens.io.html import parse_html

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
    assert f"the page {page_field} holds an unpaired surrogate '\\udc80' at character" in str(info.value)


def test_html_surrogate_character_reference_becomes_replacement_character():
    page = (
        "<html><head><title>Budget &#xD800; agreed</title></head><body><article>"
        f"<p>{BODY} It passed by nine votes to four after a long debate.</p></article></body></html>"
    )
    result = parse_html("page.html", page)
    assert result.title == "Budget \ufffd agreed"
