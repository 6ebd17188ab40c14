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
