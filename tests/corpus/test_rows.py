from __future__ import annotations

import pytest

from presslens.corpus.rows import article_values, count_words, document_from_rows, layer_rows
from presslens.corpus.tables import LAYER_TABLES
from presslens.document import Document
from tests.conftest import make_doc
from tests.corpus.corpora import article
from tests.fakes import FakePipeline


def _analysed() -> Document:
    record = article(4)
    doc = Document(id=str(record["id"]), text=str(record["text"]), source=str(record["source"]))
    return FakePipeline()()(doc)


@pytest.mark.parametrize("make", [make_doc, _analysed], ids=["hand-built", "fake-pipeline"])
def test_rows_document_round_trips_through_its_rows(make):
    doc = make()
    values = article_values(doc, key="k")
    layers = {
        name: [dict(zip(table.names, row, strict=True)) for row in layer_rows(doc, name, key="k")]
        for name, table in LAYER_TABLES.items()
        if getattr(doc, name) is not None
    }
    back = document_from_rows(values, layers, pipeline=doc.pipeline)
    assert back.to_dict() == doc.to_dict()


def test_rows_each_row_matches_its_table_columns():
    doc = _analysed()
    for name, table in LAYER_TABLES.items():
        for row in layer_rows(doc, name, key="k"):
            assert len(row) == len(table.names), name


def test_rows_span_text_is_the_slice_of_the_article():
    doc = make_doc()
    for row in layer_rows(doc, "quotes", key="k"):
        values = dict(zip(LAYER_TABLES["quotes"].names, row, strict=True))
        assert doc.text[values["start"] : values["end"]] == values["text"]
        assert doc.text[values["cue_start"] : values["cue_end"]] == values["cue_text"] == "said"


def test_rows_absent_layer_has_no_rows_and_is_not_listed():
    doc = Document(id="x", text="Plain.")
    assert layer_rows(doc, "techniques", key="k") == []
    assert article_values(doc, key="k")["layers"] == []


@pytest.mark.parametrize(("text", "words"), [("Don't stop-gap 42 times.", 4), ("", 0), ("a  b\nc", 3)])
def test_rows_count_words(text, words):
    assert count_words(text) == words


def _with_actors() -> Document:
    from presslens.document import Actor, Descriptor, Part

    text = "Army spokesman Ivo Marek said the occupiers left. Marek smiled."
    marek = Actor(
        canonical="Ivo Marek", label="PERSON", aliases=["I. Marek"],
        descriptors=[
            Descriptor.of(text, 15, 24, kind="name", head="", link="name", voice="author"),
            Descriptor.of(text, 0, 14, kind="description", head="spokesman", link="title", voice="author"),
            Descriptor.of(text, 50, 55, kind="name", head="", link="name", voice="author"),
        ],
    )
    unlinked = Actor(
        canonical=None, label=None,
        descriptors=[Descriptor.of(text, 30, 43, kind="label", head="occupier", link=None, voice="paraphrased",
                                   speaker="Ivo Marek", source=Part.of(text, 15, 24))],
    )
    bare = Actor(canonical="Nobody", label="ORG", descriptors=[])
    return Document(id="a", text=text).with_layer("actors", [marek, unlinked, bare])


def test_rows_actors_are_one_row_per_reference_and_round_trip():
    doc = _with_actors()
    rows = layer_rows(doc, "actors", key="k")
    assert len(rows) == 5  # three references, one, and a row for the actor without any
    table = LAYER_TABLES["actors"]
    back = document_from_rows(
        article_values(doc, key="k"), {"actors": [dict(zip(table.names, r, strict=True)) for r in rows]}, pipeline=[]
    )
    assert back.to_dict() == doc.to_dict()


def test_rows_technique_lane_round_trips():
    """A span of the candidates lane stays a candidate through the store's rows."""
    from presslens.document import Technique

    doc = make_doc()
    candidate = Technique.of(doc.text, 0, 19, technique="Doubt", score=0.2, voice="author", lane="candidate")
    doc = doc.with_layer("techniques", [*(doc.techniques or []), candidate])
    table = LAYER_TABLES["techniques"]
    rows = [dict(zip(table.names, r, strict=True)) for r in layer_rows(doc, "techniques", key="k")]
    assert [r["lane"] for r in rows] == ["shown", "candidate"]
    back = document_from_rows(article_values(doc, key="k"), {"techniques": rows}, pipeline=doc.pipeline)
    assert [t.lane for t in back.techniques or []] == ["shown", "candidate"]


def test_rows_actors_suggestion_round_trips():
    """A label's suggested referent is stored in the `suggestion_*` columns and read back."""
    from presslens.document import Actor, Descriptor, Part, Suggestion

    text = "The Varn regime closed the road."
    suggestion = Suggestion(candidate="Varnland", score=0.6, rule="metonym", evidence=Part.of(text, 4, 8))
    row = Actor(
        canonical=None, label=None,
        descriptors=[Descriptor.of(text, 0, 15, kind="label", head="regime", link=None, voice="author",
                                   suggestion=suggestion)],
    )
    doc = Document(id="s", text=text).with_layer("actors", [row])
    rows = layer_rows(doc, "actors", key="k")
    table = LAYER_TABLES["actors"]
    back = document_from_rows(
        article_values(doc, key="k"), {"actors": [dict(zip(table.names, r, strict=True)) for r in rows]}, pipeline=[]
    )
    assert back.to_dict() == doc.to_dict()
