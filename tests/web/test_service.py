"""Requests to documents, the stages a request needs, min_score: the API's logic without HTTP."""

from __future__ import annotations

import datetime as dt

import pytest

from presslens.errors import ConfigError, InputError
from presslens.web.schemas import ArticleIn
from presslens.web.service import Options, TooLarge, build_document, document_from_bytes, for_request, shape
from tests.fakes import light_pipeline


def test_service_build_document_from_text_keeps_every_character():
    text = "\ufeffCaf\u00e9\r\nsaid \U0001f600 4 things.\u2028"
    doc = build_document(ArticleIn(text=text, published="2026-03-10", url="https://x.test/a"), max_chars=100)
    assert doc.text == text and doc.published == dt.date(2026, 3, 10) and doc.id.startswith("text-")


def test_service_pasted_text_gets_an_id_made_from_its_text():
    one = build_document(ArticleIn(text="Prices rose 4 percent."), max_chars=100)
    again = build_document(ArticleIn(text="Prices rose 4 percent."), max_chars=100)
    other = build_document(ArticleIn(text="Prices fell."), max_chars=100)
    assert one.id == again.id != other.id
    assert one.id.startswith("text-") and len(one.id) == len("text-") + 12
    assert build_document(ArticleIn(text="Prices fell.", id="mine"), max_chars=100).id == "mine"


@pytest.mark.parametrize(
    ("article", "error"),
    [
        (ArticleIn(text="  "), InputError),
        (ArticleIn(text="x\ud800y"), InputError),
        (ArticleIn(text="ok", published="2026-13-01"), ConfigError),
        (ArticleIn(text="x" * 11), TooLarge),
        (ArticleIn(html="<html><body></body></html>"), InputError),
    ],
)
def test_service_build_document_refuses_what_the_readers_refuse(article, error):
    with pytest.raises(error):
        build_document(article, max_chars=10)


def test_service_article_refuses_a_lone_surrogate_in_a_bounded_field():
    with pytest.raises(ValueError):
        ArticleIn(text="ok", title="t\udc00")


def test_service_article_needs_exactly_one_of_text_and_html():
    with pytest.raises(ValueError, match="exactly one"):
        ArticleIn()
    with pytest.raises(ValueError, match="exactly one"):
        ArticleIn(text="a", html="<p>a</p>")


def test_service_document_from_bytes_detects_the_encoding_and_the_kind():
    doc = document_from_bytes(
        "na\u00efve".encode("utf-16"), filename="dir/../story.TXT", content_type=None, published=None,
        max_bytes=1000, max_chars=1000,
    )
    assert (doc.id, doc.text, doc.encoding) == ("story", "na\u00efve", "utf-16-le")


def test_service_min_score_shows_spans_at_or_above_it_and_voices_count_them():
    text = 'Okonkwo-Reyes called it "an insult" and "absolutely nothing" changed.'
    doc = light_pipeline()(text)
    assert {t.score for t in doc.techniques} == {0.82, 0.31}
    out = shape(for_request(light_pipeline(), Options(min_score=0.5))(text), Options())
    assert [t["score"] for t in out["techniques"]] == [0.82]
    assert sum(sum(v["techniques"].values()) for v in out["voices"]) == 1
    assert for_request(light_pipeline(), Options(min_score=0.31))(text).techniques == doc.techniques
    assert shape(doc, Options(layers=("quotes",))).keys() >= {"quotes", "text"}
    assert "techniques" not in shape(doc, Options(layers=("quotes",)))


def test_service_pasted_html_reads_the_page_as_an_uploaded_page_does():
    html = (
        '<html lang="en"><head><title>Quay to close</title><meta name="author" content="Ann Reed">'
        '<meta property="article:published_time" content="2026-03-02"></head><body><article>'
        + "<p>The harbour board said on Monday that the old quay will close for repairs next spring.</p>" * 5
        + "</article></body></html>"
    )
    pasted = build_document(ArticleIn(html=html, id="quay"), max_chars=100_000)
    uploaded = document_from_bytes(
        html.encode(), filename="quay.html", content_type=None, published=None, max_bytes=1 << 20, max_chars=100_000
    )
    assert pasted.model_dump(exclude={"encoding"}) == uploaded.model_dump(exclude={"encoding"})
    given = build_document(ArticleIn(html=html, id="quay", published="2026-01-05", title="Mine"), max_chars=100_000)
    assert (given.published, given.published_from, given.title) == (dt.date(2026, 1, 5), "given", "Mine")
