from __future__ import annotations

import hashlib
from typing import ClassVar

import pytest

from presslens.document import Document, Sentence, text_id
from presslens.errors import ConfigError, InputError, StageError
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
    def __call__(self, doc: Document):
        return None


@pytest.fixture
def fake_stages(monkeypatch):
    """Register fake stages for one test only, so the real registry stays clean."""
    from presslens import pipeline

    registered_stages()  # import the real stage modules first
    for spec in (
        StageSpec("test-sentences.v1", lambda: _Sentencer(), assigns=("sentences",), order=1),
        StageSpec("test-explode.v1", lambda: _Exploder(), assigns=("claims",), requires=("sentences",), order=2),
        StageSpec("test-none.v1", lambda: _ReturnsNone(), assigns=("claims",), order=3),
    ):
        monkeypatch.setitem(pipeline._REGISTRY, spec.name, spec)


def test_pipeline_registry_has_the_foundation_stages_in_order():
    names = default_stage_names()
    assert names[:3] == ["parse.v1", "entities.v1", "times.v1"]
    assert registered_stages()["entities.v1"].requires == ("parse",)


def test_pipeline_refuses_stage_whose_requirements_are_missing(fake_stages):
    with pytest.raises(ConfigError, match="requires layer\\(s\\) sentences"):
        Pipeline().add("test-explode.v1")


def test_pipeline_unknown_stage_lists_the_registered_ones():
    with pytest.raises(ConfigError, match="registered stages: .*parse.v1"):
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
    out = list(pipe.pipe(docs, batch_size=2, on_error="return"))
    assert [type(o).__name__ for o in out] == ["Document", "StageError", "Document"]
    assert [s.text for s in out[0].sentences] == ["fine", "line"]
    assert out[0].pipeline == ["test-sentences.v1", "test-explode.v1"]


def test_pipeline_pipe_raises_by_default_and_skips_on_request(fake_stages):
    pipe = Pipeline().add("test-sentences.v1").add("test-explode.v1")
    docs = [Document(id="a", text="fine"), Document(id="b", text="boom"), Document(id="c", text="ok")]
    with pytest.raises(StageError, match="b: stage test-explode.v1"):
        list(pipe.pipe(docs))
    assert [d.id for d in pipe.pipe(docs, on_error="skip")] == ["a", "c"]
    with pytest.raises(ConfigError, match="on_error must be one of raise, return, skip"):
        list(pipe.pipe(docs, on_error="ignore"))  # type: ignore[arg-type]


def test_pipeline_takes_a_plain_string():
    doc = Pipeline()("Just text.")
    assert (doc.id, doc.text) == ("text-" + hashlib.sha256(b"Just text.").hexdigest()[:12], "Just text.")


class _Peeker:
    """Records which layers it could see."""

    seen: ClassVar[list[str]] = []

    def __call__(self, doc: Document) -> Document:
        _Peeker.seen = doc.present_layers()
        return doc.with_layer("claims", [])


def test_pipeline_stage_sees_only_the_layers_it_declared(fake_stages, monkeypatch):
    from presslens import pipeline

    blind = StageSpec("test-blind.v1", lambda: _Peeker(), assigns=("claims",), order=4)
    looking = StageSpec("test-looking.v1", lambda: _Peeker(), assigns=("claims",), uses=("sentences",), order=4)
    doc = Document(id="d", text="one\ntwo")
    for spec, expected in ((blind, []), (looking, ["sentences"])):
        monkeypatch.setitem(pipeline._REGISTRY, spec.name, spec)
        out = Pipeline().add("test-sentences.v1").add(spec.name)(doc)
        assert _Peeker.seen == expected
        assert out.sentences is not None and out.claims == []


class _Meddler:
    """Assigns claims but also tries to overwrite sentences."""

    def __call__(self, doc: Document) -> Document:
        return doc.with_layer("sentences", []).with_layer("claims", [])


def test_pipeline_keeps_only_the_layers_a_stage_assigns(fake_stages, monkeypatch):
    from presslens import pipeline

    spec = StageSpec("test-meddler.v1", lambda: _Meddler(), assigns=("claims",), requires=("sentences",), order=4)
    monkeypatch.setitem(pipeline._REGISTRY, spec.name, spec)
    out = Pipeline().add("test-sentences.v1").add(spec.name)(Document(id="d", text="one\ntwo"))
    assert [s.text for s in out.sentences or []] == ["one", "two"]
    assert out.pipeline == ["test-sentences.v1", "test-meddler.v1"]


@pytest.mark.slow
def test_pipeline_explain_lists_reads_and_writes():
    rows = {r["stage"]: r for r in __import__("presslens").load_pipeline(["parse.v1", "entities.v1"]).explain()}
    assert rows["parse.v1"]["assigns"] == ["parse", "sentences", "tokens"]
    assert rows["entities.v1"]["requires"] == ["parse"]


def test_pipeline_unknown_disable_name_lists_the_valid_ones():
    from presslens.pipeline import load_pipeline

    with pytest.raises(ConfigError, match="cannot disable 'sentiment'.*valid layers: .*claims"):
        load_pipeline(disable=["sentiment"])


class _RefusesLong:
    """A batch stage that refuses one document the way the parse stage refuses an over-long article."""

    def __call__(self, doc: Document) -> Document:
        if len(doc.text) > 10:
            raise InputError(doc.id, "longer than this stage accepts")
        return doc.with_layer("claims", [])

    def pipe(self, docs, *, batch_size):
        return [self(d) for d in docs]


def test_pipeline_pipe_reports_a_refused_document_and_goes_on(fake_stages, monkeypatch):
    from presslens import pipeline

    spec = StageSpec("test-refuses.v1", lambda: _RefusesLong(), assigns=("claims",), order=4)
    monkeypatch.setitem(pipeline._REGISTRY, spec.name, spec)
    docs = [Document(id="a", text="short"), Document(id="b", text="far too long here"), Document(id="c", text="ok")]
    out = list(Pipeline().add(spec.name).pipe(docs, on_error="return"))
    assert [type(o).__name__ for o in out] == ["Document", "StageError", "Document"]
    assert "longer than this stage accepts" in str(out[1])


class _Recorder:
    """Records, per stage, the order of the document ids it saw and the thread it ran on."""

    seen: ClassVar[dict[str, list[str]]] = {}
    threads: ClassVar[dict[str, set[str]]] = {}

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Document) -> Document:
        import threading

        _Recorder.seen.setdefault(self.name, []).append(doc.id)
        _Recorder.threads.setdefault(self.name, set()).add(threading.current_thread().name)
        if self.name == "tail" and "boom" in doc.text:
            raise RuntimeError("cannot handle boom")
        return doc.with_layer("claims", []) if self.name == "tail" else doc


@pytest.fixture
def recorded(fake_stages, monkeypatch):
    from presslens import pipeline

    for name, order in (("head", 4), ("tail", 5)):
        spec = StageSpec(f"test-{name}.v1", lambda name=name: _Recorder(name), assigns=("claims",), order=order)
        monkeypatch.setitem(pipeline._REGISTRY, spec.name, spec)
    _Recorder.seen, _Recorder.threads = {}, {}
    return Pipeline().add("test-head.v1").add("test-tail.v1")


def test_pipeline_pipe_overlap_gives_the_same_output_in_order(recorded):
    docs = [Document(id=f"d{i}", text="boom" if i == 4 else f"text {i}") for i in range(11)]
    runs = {}
    for overlap in (False, True):
        _Recorder.seen, _Recorder.threads = {}, {}
        out = list(recorded.pipe(docs, batch_size=3, on_error="return", overlap=overlap))
        runs[overlap] = [o.model_dump() if isinstance(o, Document) else str(o) for o in out]
        # every stage saw every document, in input order, whichever batch ran where
        assert _Recorder.seen == {"head": [d.id for d in docs], "tail": [d.id for d in docs]}
    assert runs[True] == runs[False]
    assert runs[True][4] == "d4: stage test-tail.v1 failed: RuntimeError: cannot handle boom"
    # with overlap the later stages run in the worker thread, the first stage where pipe is iterated
    assert all(name.startswith("presslens-stages") for name in _Recorder.threads["tail"])
    assert not any(name.startswith("presslens-stages") for name in _Recorder.threads["head"])


def test_pipeline_pipe_overlap_raises_after_the_documents_before_the_bad_one(recorded):
    docs = [Document(id=f"d{i}", text="boom" if i == 4 else f"text {i}") for i in range(9)]
    got = []
    with pytest.raises(StageError, match="d4: stage test-tail.v1"):
        for doc in recorded.pipe(docs, batch_size=2):
            got.append(doc.id)
    assert got == ["d0", "d1", "d2", "d3"]


@pytest.mark.parametrize("overlap", [True, False])
def test_pipeline_pipe_takes_plain_strings_as_call_does(fake_stages, overlap: bool):
    pipe = Pipeline().add("test-sentences.v1").add("test-explode.v1")
    out = list(pipe.pipe(["Bob said hi.", Document(id="d", text="Two\nlines")], overlap=overlap))
    assert all(isinstance(o, Document) for o in out)
    assert [(o.id, o.text) for o in out] == [(text_id("Bob said hi."), "Bob said hi."), ("d", "Two\nlines")]
    assert [s.text for s in out[0].sentences] == ["Bob said hi."]


@pytest.mark.parametrize("bad", [None, b"Bob said hi.", 42])
@pytest.mark.parametrize("on_error", ["raise", "return", "skip"])
def test_pipeline_pipe_refuses_what_is_not_a_document_whatever_on_error(fake_stages, bad, on_error):
    pipe = Pipeline().add("test-sentences.v1")
    with pytest.raises(ConfigError, match=f"a pipeline takes a str or a Document, got {type(bad).__name__}"):
        list(pipe.pipe([Document(id="a", text="fine"), bad], on_error=on_error))


def _registered_pipeline() -> Pipeline:
    """The real stage order and declarations, with no stage built (no model loads)."""
    specs = registered_stages()
    return Pipeline(stages=[(specs[name], None) for name in default_stage_names()])  # type: ignore[misc]


@pytest.mark.parametrize(
    ("layers", "stages"),
    [
        (["times"], ["parse.v1", "times.v1"]),
        (["quotes"], ["parse.v1", "entities.v1", "encoder.v1", "quotes.v1"]),
        (["claims"], ["parse.v1", "entities.v1", "times.v1", "encoder.v1", "quotes.v1", "claims.v1"]),
        (["voices"], ["parse.v1", "entities.v1", "encoder.v1", "quotes.v1", "techniques.v1", "voices.v1"]),
    ],
)
def test_pipeline_select_layers_keeps_every_stage_a_layer_requires_or_uses(layers, stages):
    names = _registered_pipeline().select(layers=layers).names
    assert [n for n in names if n in stages] == stages
    assert set(names) <= set(stages) | {"actors.v1"}


def test_pipeline_select_without_layers_is_the_whole_pipeline():
    full = _registered_pipeline()
    assert full.select(layers=None) is full and full.select(layers=()) is full


def test_pipeline_select_stages_keeps_pipeline_order_and_refuses_unknown_names():
    full = _registered_pipeline()
    assert full.select(stages=["claims.v1", "parse.v1"]).names == ["parse.v1", "claims.v1"]
    with pytest.raises(ConfigError, match="cannot select sentiment.v1: not in this pipeline"):
        full.select(stages=["sentiment.v1"])


def test_pipeline_is_immutable_add_returns_a_new_pipeline(fake_stages):
    base = Pipeline().add("test-sentences.v1")
    longer = base.add("test-explode.v1")
    assert base.names == ["test-sentences.v1"]
    assert longer.names == ["test-sentences.v1", "test-explode.v1"]
    with pytest.raises(AttributeError):
        base.stages = ()  # type: ignore[misc]


def test_pipeline_cached_default_cannot_be_changed_by_a_caller(monkeypatch, fake_stages):
    import presslens
    from presslens import api

    monkeypatch.setattr(api, "_default_pipeline", lambda: Pipeline().add("test-sentences.v1"))
    shared = presslens.load_pipeline()
    shared.add("test-explode.v1")
    assert shared.names == ["test-sentences.v1"]


def test_pipeline_load_pipeline_takes_config_and_disable_by_layer(fake_stages):
    from presslens.pipeline import load_pipeline, stage_specs

    assert [s.name for s in stage_specs(["test-sentences.v1", "test-explode.v1"], disable=["claims"])] == [
        "test-sentences.v1"
    ]
    assert load_pipeline(["test-sentences.v1"], config={"test-sentences.v1": {}}).names == ["test-sentences.v1"]
    with pytest.raises(ConfigError, match="cannot disable 'sentiment': not a stage or layer; valid layers: "):
        stage_specs(disable=["sentiment"])


def test_pipeline_replace_swaps_one_built_stage_and_keeps_the_rest(fake_stages):
    base = Pipeline().add("test-sentences.v1").add("test-explode.v1")
    quiet = base.replace("test-explode.v1", _ReturnsNone())
    assert quiet.names == base.names and base.stages[1][1] is not quiet.stages[1][1]
    assert quiet.stages[0][1] is base.stages[0][1]
    with pytest.raises(ConfigError, match="cannot replace sentiment.v1"):
        base.replace("sentiment.v1", _ReturnsNone())
