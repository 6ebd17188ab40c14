"""The actors stage's contract and the layer's validation, on hand-built documents."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from presslens.document import (
    ACTORS,
    DEFAULT_OUTPUT_LAYERS,
    ENTITIES,
    LAYERS,
    PARSE,
    QUOTES,
    Actor,
    Descriptor,
    Document,
)
from presslens.pipeline import default_stage_names, registered_stages

TEXT = "The Talvan government said the occupiers had left."


def _descriptor(start: int, end: int, **fields) -> Descriptor:
    base = {"kind": "description", "head": "government", "link": "modifier", "voice": "author"}
    return Descriptor.of(TEXT, start, end, **{**base, **fields})


def test_stage_declares_what_it_reads():
    spec = registered_stages()["actors.v1"]
    assert spec.assigns == (ACTORS,)
    assert spec.requires == (PARSE, ENTITIES)
    assert spec.uses == (QUOTES,)
    assert "actors.v1" in default_stage_names()


def test_layer_is_listed_and_written_by_default():
    assert ACTORS in LAYERS and ACTORS in DEFAULT_OUTPUT_LAYERS


def test_layer_round_trips_with_the_unlinked_row_last():
    rows = [
        Actor(canonical="Talvan", label="GPE", descriptors=[_descriptor(0, 21)]),
        Actor(canonical=None, label=None, descriptors=[_descriptor(27, 40, kind="label", head="occupier", link=None)]),
    ]
    doc = Document(id="d", text=TEXT).with_layer(ACTORS, rows, stage="actors.v1")
    data = doc.to_dict()
    assert data["actors"][1]["canonical"] is None
    assert data["actors"][0]["descriptors"][0]["text"] == "The Talvan government"
    assert Document.from_dict(data).actors == doc.actors


def test_layer_refuses_a_descriptor_whose_text_drifts():
    bad = Descriptor(start=0, end=3, text="Thx", kind="name", head="", link="name", voice="author")
    with pytest.raises(ValidationError, match="actors span"):
        Document(id="d", text=TEXT).with_layer(ACTORS, [Actor(canonical="X", label="ORG", descriptors=[bad])])


def test_stage_needs_the_parse():
    from presslens.actors.stage import ActorsStage

    with pytest.raises(ValueError, match="parse"):
        ActorsStage()(Document(id="d", text=TEXT))


def test_naming_rows_list_descriptions_once_with_their_voice():
    from presslens.actors.summary import UNLINKED, naming_rows

    rows = [
        Actor(canonical="Talvan", label="GPE", descriptors=[_descriptor(0, 21), _descriptor(0, 21)]),
        Actor(canonical=None, label=None, descriptors=[_descriptor(27, 40, kind="label", head="occupier", link=None)]),
    ]
    doc = Document(id="d", text=TEXT).with_layer(ACTORS, rows)
    shaped = naming_rows(doc)
    assert [r.actor for r in shaped] == ["Talvan", UNLINKED]
    assert shaped[0].descriptions == ("The Talvan government (description)",)
    assert shaped[1].labels == 1
