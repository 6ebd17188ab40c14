"""Long documents parsed in sections with the real spaCy model (issue 11, item 4).

The section size is forced low so that short texts written for these tests
cross several section borders and the tests stay fast.
"""

from __future__ import annotations

import pytest

from presslens.document import Document
from presslens.parse.sections import section_bounds

pytestmark = pytest.mark.slow

SECTION = 600  # characters: a few paragraphs of the article below

PARAGRAPHS = (
    "Harbour strike enters its second week",
    "Dock workers in Port Alvera stayed off the job on Tuesday, 4 March 2025, as talks with the "
    "harbour authority failed again.",
    '"We will not go back for less than we were promised," union leader Marta Okafor said outside '
    "the gates. She added that 1,200 members had voted to continue.",
    "According to the Harbour Authority, freight volumes fell by 38% in February, the lowest level "
    "since 2009.",
    "Mayor Daniel Lindqvist told reporters: \u201cThe city cannot wait much longer.\u201d",
    "The authority's finance director, Priya Haddad, said the offer of $14.5 million was final. "
    "\"It is a fair offer,\" she said. \"And it is the last one.\"",
    "Shipping lines have begun sending vessels to Kelmouth instead, Lindqvist said on Wednesday.",
)


def _article(repeats: int) -> str:
    return "\n\n".join(f"{p} ({i})" for i in range(repeats) for p in PARAGRAPHS) + "\n"


def _signature(parsed) -> list[tuple]:
    return [
        (t.idx, t.text, t.whitespace_, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_, t.is_sent_start)
        for t in parsed
    ]


@pytest.fixture(scope="module")
def sectioned_pipeline():
    """parse (sections of at most SECTION characters) + entities + times + quotes."""
    from presslens.pipeline import load_pipeline

    return load_pipeline(
        ["parse.v1", "entities.v1", "times.v1", "quotes.v1"], config={"parse.v1": {"section_chars": SECTION}}
    )


def test_long_document_offsets_are_exact_across_section_borders(sectioned_pipeline):
    text = _article(3)
    assert len(section_bounds(text, SECTION)) >= 4
    doc = sectioned_pipeline(Document(id="long", text=text))
    assert doc.parsed.text == text
    for token in doc.parsed:
        assert text[token.idx : token.idx + len(token.text)] == token.text
    for ent in doc.parsed.ents:
        assert text[ent.start_char : ent.end_char] == ent.text
    for layer in ("sentences", "tokens", "entities", "times", "quotes"):
        items = getattr(doc, layer)
        assert items, layer
        for item in items:
            assert text[item.start : item.end] == item.text, layer
    # A section starts on a paragraph, so every border is also a sentence border.
    starts = {s.start for s in doc.sentences}
    assert all(start in starts for start, _ in section_bounds(text, SECTION))


def test_long_document_sectioned_parse_equals_whole_parse(sectioned_pipeline):
    from presslens.parse.spacy_model import load_spacy

    text = _article(2)
    stage = sectioned_pipeline.stages[0][1]
    assert len(section_bounds(text, stage.section_chars)) >= 3
    sectioned = stage.parse(text)
    whole = load_spacy()(text)
    assert _signature(sectioned) == _signature(whole)
    assert [(s.start_char, s.end_char) for s in sectioned.sents] == [(s.start_char, s.end_char) for s in whole.sents]
    assert [(e.start_char, e.end_char, e.label_) for e in sectioned.ents] == [
        (e.start_char, e.end_char, e.label_) for e in whole.ents
    ]


def test_long_document_just_over_the_section_size_is_two_sections(sectioned_pipeline):
    from presslens.parse.spacy_model import load_spacy

    text = "\n\n".join(PARAGRAPHS[:4])
    text += "\n\nTalks resume on Friday." + " More talks follow." * ((SECTION + 5 - len(text)) // 19)
    assert SECTION < len(text) < SECTION + 40
    stage = sectioned_pipeline.stages[0][1]
    assert len(section_bounds(text, stage.section_chars)) == 2
    doc = sectioned_pipeline(Document(id="edge", text=text))
    assert doc.parsed.text == text
    for item in (*doc.sentences, *doc.tokens, *doc.entities):
        assert text[item.start : item.end] == item.text
    assert _signature(doc.parsed) == _signature(load_spacy()(text))
