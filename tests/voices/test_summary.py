"""The voices summary on hand-built documents (no model)."""

from __future__ import annotations

import pytest

from presslens.document import Document, Part, Quote, Technique
from presslens.report.voices import render
from presslens.voices.summary import summarize

TEXT = (
    'The reckless plan failed. Mayor Roe said the council "betrayed the city" and its cowards fled. '
    'Officials said the budget was fine.'
)


def _quote(content: str, *, speaker: str | None, kind: str) -> Quote:
    start = TEXT.index(content)
    return Quote.of(TEXT, start, start + len(content), content=Part.of(TEXT, start, start + len(content)),
                    cue=None, source=None, speaker=speaker, kind=kind)


def _tech(word: str, voice: str, speaker: str | None) -> Technique:
    start = TEXT.index(word)
    return Technique.of(TEXT, start, start + len(word), technique="Loaded_Language", score=0.9, voice=voice,
                        speaker=speaker)


@pytest.fixture
def doc() -> Document:
    quotes = [
        _quote('the council "betrayed the city" and its cowards fled', speaker="Jane Roe", kind="mixed"),
        _quote("the budget was fine", speaker=None, kind="indirect"),
    ]
    techniques = [
        _tech("reckless", "author", None),
        _tech("betrayed", "quoted", "Jane Roe"),
        _tech("cowards", "paraphrased", "Jane Roe"),
    ]
    return Document(id="v", text=TEXT).with_layer("quotes", quotes).with_layer("techniques", techniques)


def _with_voices(doc: Document) -> Document:
    return doc.with_layer("voices", summarize(doc) or [])


def test_summary_splits_mixed_quote_into_quoted_and_paraphrased(doc):
    voices = {v.speaker: v for v in summarize(doc) or []}
    roe = voices["Jane Roe"]
    assert [(p.start, p.end, p.text) for p in roe.quoted] == [
        (TEXT.index('"betrayed'), TEXT.index(" and its"), '"betrayed the city"')
    ]
    assert [p.text for p in roe.paraphrased] == ["the council", "and its cowards fled"]
    assert (roe.quoted_words, roe.paraphrased_words, roe.attributions) == (3, 6, 1)
    assert roe.techniques == {"Loaded_Language": 2}


def test_summary_lists_author_first_and_unnamed_last(doc):
    voices = summarize(doc) or []
    assert [(v.voice, v.speaker) for v in voices] == [("author", None), ("source", "Jane Roe"), ("source", None)]
    author = voices[0]
    assert author.techniques == {"Loaded_Language": 1}
    assert author.words == len(TEXT.split()) - 9 - 4


def test_summary_round_trips_through_json(doc):
    out = _with_voices(doc)
    data = out.to_dict()
    assert data["voices"][1]["speaker"] == "Jane Roe"
    back = Document.from_dict(data)
    assert back.voices == out.voices


def test_summary_is_absent_from_json_until_computed(doc):
    assert "voices" not in doc.to_dict()


def test_summary_render_gives_plain_rows(doc):
    rows = render(_with_voices(doc))
    assert [r["speaker"] for r in rows] == ["author", "Jane Roe", "unnamed source"]
    assert rows[1]["speaker"] == "Jane Roe"
    assert rows[1]["quoted_examples"] == ['"betrayed the city"']
    assert rows[0]["technique_total"] == 1


def test_summary_without_quotes_layer_leaves_voices_absent():
    doc = Document(id="x", text="Nothing here.")
    assert summarize(doc) is None
    assert "voices" not in doc.to_dict()
    assert render(doc) == []
