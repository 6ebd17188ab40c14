from __future__ import annotations

import pytest

from presslens.document import Document
from presslens.errors import ConfigError
from presslens.pipeline import Pipeline, load_pipeline, registered_stages


def test_quotes_stage_is_registered_after_entities():
    spec = registered_stages()["quotes.v1"]
    assert spec.assigns == ("quotes",)
    assert spec.requires == ("parse", "entities")
    assert spec.order == 40


def test_quotes_stage_refuses_a_pipeline_without_entities():
    parse_only = Pipeline(stages=((registered_stages()["parse.v1"], None),))  # declared, not built: no spaCy
    with pytest.raises(ConfigError, match="entities"):
        parse_only.add("quotes.v1")


def test_quotes_stage_needs_the_parse():
    stage = registered_stages()["quotes.v1"].factory()
    with pytest.raises(ValueError, match="parse"):
        stage(Document(id="x", text="She said so."))


@pytest.mark.slow
def test_quotes_stage_annotates_with_speaker_from_entities():
    text = 'Mayor Maria Lopez visited the port. "We will rebuild it," she said.'
    doc = load_pipeline(["parse.v1", "entities.v1", "quotes.v1"])(Document(id="q", text=text))
    assert "quotes.v1" in doc.pipeline
    (quote,) = doc.quotes
    start = text.index('"We')
    assert (quote.content.start, quote.content.end) == (start, start + len('"We will rebuild it,"'))
    assert quote.content.text == '"We will rebuild it,"'
    assert (quote.source.text, quote.cue.text, quote.kind) == ("she", "said", "direct")
    assert quote.speaker == next(e.canonical for e in doc.entities if e.text == "Maria Lopez")


def test_quotes_stage_uses_the_shared_encoder_pass_when_there():
    spec = registered_stages()["quotes.v1"]
    assert spec.uses == ("encoder_pass",)
    encoder = registered_stages()["encoder.v1"]
    assert encoder.assigns == ("encoder_pass",) and encoder.requires == ("groups",)
    assert registered_stages()["entities.v1"].order < encoder.order < spec.order


@pytest.mark.slow
def test_the_learned_head_keeps_non_speech_out_and_finds_trailing_indirect_speech():
    text = (
        "Prime Minister Sara Lind called the election on Monday. Opposition leader Tom Berg criticised the timing.\n\n"
        "Mediators from three countries were working on a ceasefire, diplomats said."
    )
    learned = load_pipeline(["parse.v1", "entities.v1", "encoder.v1", "quotes.v1"])(Document(id="q", text=text))
    contents = [q.content.text for q in learned.quotes]
    assert "the election" not in contents
    assert any(c.startswith("Mediators from three countries") for c in contents)
    (said,) = [q for q in learned.quotes if q.cue is not None and q.cue.text == "said"]
    assert said.source is not None and said.source.text == "diplomats" and said.speaker is None


@pytest.mark.slow
def test_the_encoder_pass_lives_in_memory_only():
    doc = load_pipeline(["parse.v1", "entities.v1", "encoder.v1"])(Document(id="e", text="Ana Ruiz said it rained."))
    assert doc.encoder_pass is not None and doc.encoder_pass.vectors.shape[0] == len(doc.encoder_pass.enc)
    assert "encoder_pass" not in doc.model_dump_json()
    assert doc.only_layers(["parse"]).encoder_pass is None
