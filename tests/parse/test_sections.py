"""Cutting long texts into sections (no model: pure functions and spaCy's blank English)."""

from __future__ import annotations

import itertools

import pytest

from presslens.document import Document
from presslens.errors import ConfigError, InputError
from presslens.parse.sections import SECTION_CHARS, context_bounds, section_bounds, window_chars
from presslens.parse.stage import BaseStage

PARAGRAPH = "The harbour board met on Monday. Its chair, Ada Brennan, said the fees would rise by 4%."


def _article(paragraphs: int) -> str:
    return "\n\n".join(f"{i}. {PARAGRAPH}" for i in range(paragraphs)) + "\n"


def _assert_cover(text: str, bounds: list[tuple[int, int]], size: int) -> None:
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert all(0 < end - start <= size for start, end in bounds)


def test_sections_short_text_is_one_section():
    text = _article(3)
    assert section_bounds(text, 10_000) == [(0, len(text))]


def test_sections_just_over_default_size_is_two_sections():
    text = _article(SECTION_CHARS // len(PARAGRAPH) + 5)
    assert len(text) > SECTION_CHARS
    bounds = section_bounds(text)
    assert len(bounds) == 2
    _assert_cover(text, bounds, SECTION_CHARS)


def test_sections_cut_after_a_blank_line():
    text = _article(40)
    bounds = section_bounds(text, 1000)
    _assert_cover(text, bounds, 1000)
    for _, end in bounds[:-1]:
        assert text[end - 2 : end] == "\n\n" and not text[end].isspace()


@pytest.mark.parametrize(
    ("text", "size", "before_cut"),
    [
        # no blank line: a line break
        ("\n".join(PARAGRAPH for _ in range(20)), 500, "\n"),
        # one long paragraph: a sentence end
        (" ".join(PARAGRAPH for _ in range(20)), 500, ". "),
        # no sentence end: any whitespace
        ("word " * 400, 500, " "),
    ],
)
def test_sections_fall_back_to_smaller_boundaries(text, size, before_cut):
    bounds = section_bounds(text, size)
    _assert_cover(text, bounds, size)
    for _, end in bounds[:-1]:
        assert text[:end].endswith(before_cut) and not text[end].isspace()


def test_sections_text_without_whitespace_is_cut_at_the_size():
    text = "x" * 2500
    assert section_bounds(text, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_sections_context_reaches_whole_lines_around_the_section():
    text = _article(40)
    start, end = section_bounds(text, 1000)[1]
    lo, hi = context_bounds(text, start, end, chars=100)
    assert lo <= start - 100 and hi >= end + 100
    assert text[lo - 1] == "\n" and text[hi] == "\n"
    assert hi - lo <= window_chars(end - start, chars=100)


@pytest.fixture(scope="module")
def blank_nlp():
    """spaCy's English tokenizer and rule-based sentencizer: real Docs, no statistical model."""
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


class _Recording:
    """Passes calls to a spaCy pipeline, remembering the length of every text it was given."""

    def __init__(self, nlp) -> None:
        self.nlp = nlp
        self.max_length = nlp.max_length
        self.lengths: list[int] = []

    def __call__(self, text: str):
        self.lengths.append(len(text))
        return self.nlp(text)

    def pipe(self, texts, *, batch_size: int):
        texts = list(texts)
        self.lengths.extend(len(t) for t in texts)
        return self.nlp.pipe(texts, batch_size=batch_size)


def test_parse_sections_keep_exact_offsets_with_a_blank_pipeline(blank_nlp):
    text = _article(60)
    nlp = _Recording(blank_nlp)
    doc = BaseStage(nlp=nlp, section_chars=1000)(Document(id="long", text=text))
    assert doc.parsed.text == text
    assert max(nlp.lengths) <= window_chars(1000)
    assert len(nlp.lengths) == len(section_bounds(text, 1000))
    for span in (*doc.sentences, *doc.tokens):
        assert text[span.start : span.end] == span.text


def test_parse_pipe_mixes_short_and_long_documents_in_order(blank_nlp):
    texts = [_article(2), _article(30), _article(1), _article(25)]
    stage = BaseStage(nlp=blank_nlp, section_chars=800)
    piped = list(stage.pipe([Document(id=str(i), text=t) for i, t in enumerate(texts)], batch_size=4))
    one_by_one = [stage(Document(id=str(i), text=t)) for i, t in enumerate(texts)]
    assert [d.id for d in piped] == ["0", "1", "2", "3"]
    assert [d.tokens for d in piped] == [d.tokens for d in one_by_one]
    assert [d.sentences for d in piped] == [d.sentences for d in one_by_one]


class _NoModel:
    max_length = 1_000_000

    def __call__(self, text: str):
        raise AssertionError("the model must not run on a document that is refused")

    def pipe(self, texts, *, batch_size: int):
        raise AssertionError("the model must not run on a batch holding a refused document")


def test_parse_refuses_a_document_over_max_chars_before_the_model_runs():
    stage = BaseStage(nlp=_NoModel(), max_chars=1000)
    with pytest.raises(InputError, match="1,001 characters is over the limit of 1,000") as err:
        stage(Document(id="big", text="x" * 1001))
    assert err.value.name == "big"
    with pytest.raises(InputError, match="big"):
        list(stage.pipe([Document(id="ok", text="short"), Document(id="big", text="x" * 1001)], batch_size=2))


def test_parse_rejects_a_section_size_below_one():
    with pytest.raises(ConfigError, match="section_chars"):
        BaseStage(nlp=_NoModel(), section_chars=0)



def test_parse_accepts_a_document_over_spacy_max_length():
    """Issue 11: a text over spaCy's max_length (1,000,000 by default) raised E088; in sections it is parsed.

    A pipeline with a small max_length stands in for the default, to keep the test fast.
    """
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 20_000
    text = _article(400)
    assert len(text) > nlp.max_length
    with pytest.raises(ValueError, match="E088"):
        nlp(text)
    doc = BaseStage(nlp=nlp, section_chars=5_000)(Document(id="long", text=text))
    assert doc.parsed.text == text
    assert len(doc.tokens) == sum(1 for t in doc.parsed if not t.is_space)
    for span in (*doc.sentences, *doc.tokens):
        assert text[span.start : span.end] == span.text
