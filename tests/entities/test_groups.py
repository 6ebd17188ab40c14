"""Tests for the `groups` layer: the entities stage assigns it, the techniques stage masks it (no spaCy)."""

from __future__ import annotations

from presslens.document import Document, GroupName
from presslens.entities.groups import GROUP_LABELS, group_names
from presslens.entities.stage import EntitiesStage
from presslens.pipeline import registered_stages
from presslens.techniques.stage import TechniquesStage

TEXT = "Mayor Ines Baptiste met Ukrainians of the Harbour Union in Bergen's port on Friday."


def parsed_doc() -> Document:
    """A blank spaCy tokenisation (no model loads) with the entities set by hand."""
    import spacy

    parsed = spacy.blank("en")(TEXT)
    labelled = [("Ines Baptiste", "PERSON"), ("Ukrainians", "NORP"), ("the Harbour Union", "ORG"),
                ("Bergen's", "GPE"), ("Friday", "DATE")]
    parsed.ents = [parsed.char_span(TEXT.index(words), TEXT.index(words) + len(words), label=label)
                   for words, label in labelled]
    return Document(id="d", text=TEXT).with_parsed(parsed)


def test_groups_entities_stage_assigns_the_group_labelled_entities_as_trimmed():
    out = EntitiesStage()(parsed_doc())
    assert out.groups is not None
    assert [(g.text, g.label) for g in out.groups] == [("Ukrainians", "NORP"), ("the Harbour Union", "ORG"), ("Bergen", "GPE")]
    assert all(TEXT[g.start : g.end] == g.text for g in out.groups)
    assert [(g.start, g.end) for g in out.groups] == [(e.start, e.end) for e in out.entities or [] if e.label in GROUP_LABELS]


def test_groups_layer_is_never_written_out():
    out = EntitiesStage()(parsed_doc())
    assert "groups" not in out.to_dict()
    assert Document.from_dict(out.to_dict()).groups is None


def test_groups_layer_survives_later_layers_and_the_pipeline_view():
    out = EntitiesStage()(parsed_doc()).with_layer("claims", [])
    assert out.groups is not None and len(out.groups) == 3
    assert out.only_layers(["groups"]).groups == out.groups
    assert out.only_layers(["entities"]).groups is None


def test_groups_declared_by_the_stages_that_write_and_read_them():
    stages = registered_stages()
    assert "groups" in stages["entities.v1"].assigns
    assert "groups" in stages["techniques.v1"].requires
    assert "groups" in stages["claims.v1"].requires


class RecordingTagger:
    def __init__(self) -> None:
        self.masks: list[object] = []

    def detect(self, text: str, masks: object, **options: object) -> list[object]:
        self.masks.append(masks)
        return []


def test_groups_techniques_stage_masks_the_groups_layer():
    text = "Tamils met officials in Azerbaijan."
    doc = Document(id="d", text=text).with_groups(group_names(text, []))
    tagger = RecordingTagger()
    TechniquesStage(tagger=tagger)(doc.with_groups([GroupName.of(text, 0, 6, label="NORP")]))
    TechniquesStage(tagger=tagger, mask_groups=False)(doc)
    TechniquesStage(tagger=tagger)(Document(id="e", text=text))
    assert tagger.masks == [[(0, 6)], None, None]
