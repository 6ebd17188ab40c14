from __future__ import annotations

import pytest

from presslens.document import Document, Sentence
from presslens.errors import ConfigError, StageError
from presslens.pipeline import Pipeline, StageSpec, default_stage_names, register_stage, registered_stages


class _Sentencer:
    """A fake base stage: one sentence per line, no spaCy."""

    def __call__(self, doc: Document) -> Document:
        items, pos = [], 0
        for line in doc.text.split("\n"):
            if line.strip():
                items.append(Sentence.of(doc.text, pos, pos + len(line)))
            pos += len(line) + 1
        return doc.with_layer("sentences", items, stage="test-sentences.v1")


class _Exploder:
    def __call__(self, doc: Document) -> Document:
        if "boom" in doc.text:
            raise RuntimeError("cannot handle boom")
        return doc


class _ReturnsNone:
    def __call__(self, doc: Document):  # noqa: ANN204 - deliberately wrong
        return None


@pytest.fixture
def fake_stages(monkeypatch):
    """Register fake stages for one test only, so the real registry stays clean."""
    from presslens import pipeline

    registered_stages()  # import the real stage modules first
    for spec in (
        StageSpec("test-sentences.v1", lambda: _Sentencer(), ("sentences",), (), 1),
        StageSpec("test-explode.v1", lambda: _Exploder(), ("claims",), ("sentences",), 2),
        StageSpec("test-none.v1", lambda: _ReturnsNone(), ("claims",), (), 3),
    ):
        monkeypatch.setitem(pipeline._REGISTRY, spec.name, spec)


def test_pipeline_registry_has_the_foundation_stages_in_order():
    names = default_stage_names()
    assert names[:3] == ["base.v1", "entities.v1", "times.v1"]
    assert registered_stages()["entities.v1"].requires == ("sentences",)


def test_pipeline_refuses_stage_whose_requirements_are_missing(fake_stages):
    with pytest.raises(ConfigError, match="requires layer\\(s\\) sentences"):
        Pipeline().add("test-explode.v1")


def test_pipeline_unknown_stage_lists_the_registered_ones():
    with pytest.raises(ConfigError, match="registered stages: .*base.v1"):
        Pipeline().add("sentiment.v1")


def test_pipeline_unversioned_name_is_refused():
    with pytest.raises(ConfigError, match="version suffix"):
        register_stage("noversion", assigns=("claims",), order=5)


def test_pipeline_stage_failure_names_stage_and_document(fake_stages):
    pipe = Pipeline().add("test-sentences.v1").add("test-explode.v1")
    with pytest.raises(StageError, match="d1: stage test-explode.v1 failed: RuntimeError: cannot handle boom"):
        pipe(Document(id="d1", text="a boom here"))


def test_pipeline_stage_returning_none_is_an_error(fake_stages):
    with pytest.raises(StageError, match="returned NoneType"):
        Pipeline().add("test-none.v1")(Document(id="d", text="x"))


def test_pipeline_pipe_isolates_the_bad_document(fake_stages):
    pipe = Pipeline().add("test-sentences.v1").add("test-explode.v1")
    docs = [Document(id="a", text="fine\nline"), Document(id="b", text="boom"), Document(id="c", text="ok")]
    out = list(pipe.pipe(docs, batch_size=2))
    assert [type(o).__name__ for o in out] == ["Document", "StageError", "Document"]
    assert [s.text for s in out[0].sentences] == ["fine", "line"]
    assert out[0].pipeline == ["test-sentences.v1"]
