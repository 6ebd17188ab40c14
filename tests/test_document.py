from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from presslens.document import Document, Entity, Part, Quote, Technique
from tests.conftest import TEXT, make_doc


def test_document_round_trip_keeps_every_field():
    doc = make_doc()
    data = json.loads(json.dumps(doc.to_dict()))
    again = Document.from_dict(data)
    assert again == doc
    assert again.quotes[0].content.text == "the plan was \"a disaster\""


def test_document_span_text_is_sliced_from_text():
    ent = Entity.of(TEXT, 6, 19, label="PERSON", canonical="Ines Baptiste")
    assert ent.text == TEXT[6:19] == "Ines Baptiste"


@pytest.mark.parametrize("start,end", [(-1, 3), (5, 2), (0, len(TEXT) + 1)])
def test_document_span_out_of_bounds_is_refused(start, end):
    with pytest.raises(ValueError):
        Entity.of(TEXT, start, end, label="PERSON", canonical="x")


def test_document_refuses_span_whose_text_drifted():
    bad = Entity(start=6, end=19, text="Ines Baptistx", label="PERSON", canonical="x")
    with pytest.raises(ValidationError, match="text there is 'Ines Baptiste'"):
        Document(id="d", text=TEXT).with_layer("entities", [bad])


def test_document_refuses_quote_part_outside_text():
    quote = Quote(
        start=0, end=5, text=TEXT[0:5], content=Part(start=100, end=104, text="abcd"),
        cue=None, source=None, speaker=None, kind="direct",
    )
    with pytest.raises(ValidationError, match="ends past the text"):
        Document(id="d", text=TEXT, quotes=[quote])


def test_document_absent_layer_is_absent_from_json_not_empty():
    doc = Document(id="d", text=TEXT).with_layer("entities", [])
    data = doc.to_dict()
    assert data["entities"] == []
    for layer in ("sentences", "times", "quotes", "techniques", "claims", "tokens"):
        assert layer not in data


def test_document_unknown_layer_is_refused():
    with pytest.raises(ValueError, match="valid layers"):
        Document(id="d", text=TEXT).with_layer("sentiment", [])


def test_document_technique_label_must_be_one_of_the_14():
    with pytest.raises(ValidationError):
        Technique.of(TEXT, 0, 5, technique="Sarcasm", score=0.5, voice="author")


def test_document_and_spans_pickle_for_worker_processes():
    """Corpus mode sends documents to worker processes and Dask workers."""
    import pickle

    from presslens.document import Document, Entity

    text = "Ann Lee spoke."
    doc = Document(id="x", text=text).with_layer(
        "entities", [Entity.of(text, 0, 7, label="PERSON", canonical="Ann Lee")]
    )
    assert pickle.loads(pickle.dumps(doc)) == doc
