"""Ordered analysis stages that declare what they read and write, built from a registry.

Why declared reads and writes: each layer lives in its own package
(`presslens/<layer>/stage.py`) and registers its stage with a versioned name
(`entities.v1`), the layers it `requires` (must run before it), the layers it
`uses` when present (techniques read quotes to tell voices apart, but work
without them) and the layers it `assigns`. The spaCy parse is declared like
a layer (`parse`), although it is never written out. The pipeline checks the
order when it is built, so a misconfigured pipeline fails before any article
is read, and enforces the declarations when it runs: a stage sees only the
layers it declared and only the layers it assigns are taken from its result.
A hidden dependency between stages therefore fails in tests instead of
working by accident. `presslens pipeline` prints the table.

A layer whose stage does not exist yet is simply not in the registry: it is
absent from the pipeline and from the output, never faked.

Why every graph operation lives here: choosing stages by name, dropping
`--disable`d ones, keeping the stages some layers need (`Pipeline.select`,
after spaCy's `select_pipes`) and planning a re-run all follow the declared
reads and writes, so they are written once, beside those declarations, and
the CLI, the web API and the corpus runner call them. A `Pipeline` is
immutable: `add` and `select` return a new one, so a pipeline shared in a
process (the cached default of `presslens.load_pipeline`) cannot be changed
under another caller.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from .document import MEMORY_LAYERS, Document, text_id
from .errors import ConfigError, ModelError, PresslensError, StageError

logger = logging.getLogger(__name__)

OnError = Literal["raise", "return", "skip"]
ON_ERROR_MODES: tuple[str, ...] = ("raise", "return", "skip")

# The layer packages, each with a `stage` module that registers its stage.
LAYER_PACKAGES: tuple[str, ...] = ("parse", "entities", "times", "encoder", "quotes", "techniques", "claims", "voices", "actors")


class Stage(Protocol):
    """A stage annotates one document and returns the new document."""

    def __call__(self, doc: Document) -> Document: ...


@dataclass(frozen=True)
class StageSpec:
    """How to build one registered stage, and the layers it reads and writes."""

    name: str
    factory: Callable[..., Stage]
    assigns: tuple[str, ...]
    requires: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    order: int = 100
    description: str = ""

    @property
    def reads(self) -> tuple[str, ...]:
        """Every layer the stage may look at: required first, then used when present."""
        return (*self.requires, *(u for u in self.uses if u not in self.requires))


_REGISTRY: dict[str, StageSpec] = {}


def register_stage(
    name: str,
    *,
    assigns: tuple[str, ...],
    requires: tuple[str, ...] = (),
    uses: tuple[str, ...] = (),
    order: int,
    description: str = "",
) -> Callable[[Callable[..., Stage]], Callable[..., Stage]]:
    """Decorator registering a stage factory under a versioned name such as `times.v1`."""
    if "." not in name:
        raise ConfigError(f"stage name {name!r} needs a version suffix, e.g. {name}.v1")

    def decorate(factory: Callable[..., Stage]) -> Callable[..., Stage]:
        _REGISTRY[name] = StageSpec(
            name, factory, tuple(assigns), tuple(requires), tuple(uses), order, description
        )
        return factory

    return decorate


def _load_stage_modules() -> None:
    for package in LAYER_PACKAGES:
        importlib.import_module(f"{__package__}.{package}.stage")


def registered_stages() -> dict[str, StageSpec]:
    """All registered stages in pipeline order, importing every layer's stage module once."""
    _load_stage_modules()
    return dict(sorted(_REGISTRY.items(), key=lambda kv: kv[1].order))


def default_stage_names() -> list[str]:
    """The latest version of every registered layer, in pipeline order."""
    latest: dict[tuple[str, ...], StageSpec] = {}
    for spec in registered_stages().values():
        current = latest.get(spec.assigns)
        if current is None or _version(spec.name) > _version(current.name):
            latest[spec.assigns] = spec
    return [s.name for s in sorted(latest.values(), key=lambda s: s.order)]


def _version(name: str) -> int:
    suffix = name.rsplit(".v", 1)[-1]
    return int(suffix) if suffix.isdigit() else 0


StageList = tuple[tuple[StageSpec, Stage], ...]


@dataclass(frozen=True)
class Pipeline:
    """Stages in order. Call it on a text or a `Document`; `pipe` streams many in batches.

        >>> nlp = presslens.load_pipeline()
        >>> doc = nlp("The minister said the plan was a disaster.")

    Immutable: `add` and `select` return a new pipeline and leave this one as it was.
    """

    stages: StageList = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "stages", tuple(self.stages))  # a list given is frozen too

    def add(self, name: str, **config: Any) -> Pipeline:
        """A new pipeline: this one plus stage `name` built from the registry, checking what it requires."""
        return self.add_spec(_registered(name), **config)

    def add_spec(self, spec: StageSpec, **config: Any) -> Pipeline:
        """A new pipeline: this one plus a stage built from `spec` (registered or not), checking what it requires."""
        assigned = set(self.layers)
        missing = [r for r in spec.requires if r not in assigned]
        if missing:
            raise ConfigError(
                f"stage {spec.name} requires layer(s) {', '.join(missing)}; add the stage(s) that "
                f"assign them first (present: {', '.join(sorted(assigned)) or 'none'})"
            )
        return Pipeline((*self.stages, (spec, spec.factory(**config))))

    def select(self, *, layers: Iterable[str] | None = None, stages: Iterable[str] | None = None) -> Pipeline:
        """A pipeline of some of these built stages (no model is loaded again), like spaCy's `select_pipes`.

        `layers`: the stages that assign them and, in turn, every layer those stages require
        or use, so each layer comes out exactly as in a full run (empty or None: all stages).
        `stages`: exactly the stages named, in pipeline order (a re-run); a name not in this
        pipeline is a `ConfigError`.
        """
        keep = set(self.names)
        if stages is not None:
            wanted = set(stages)
            missing = wanted - keep
            if missing:
                raise ConfigError(
                    f"cannot select {', '.join(sorted(missing))}: not in this pipeline ({', '.join(self.names)})"
                )
            keep &= wanted
        if layers:
            keep &= needed_stages(self.specs, layers)
        if keep == set(self.names):
            return self
        return Pipeline(tuple((spec, stage) for spec, stage in self.stages if spec.name in keep))

    def replace(self, name: str, stage: Stage) -> Pipeline:
        """A new pipeline with the built stage `name` swapped for `stage` (same declarations, same place).

        For a stage built again with other options around the same loaded model (the web API's
        per-request `min_score`: `TechniquesStage.with_min_score`).
        """
        if name not in self.names:
            raise ConfigError(f"cannot replace {name}: not in this pipeline ({', '.join(self.names)})")
        return Pipeline(tuple((spec, stage if spec.name == name else old) for spec, old in self.stages))

    @property
    def names(self) -> list[str]:
        return [spec.name for spec, _ in self.stages]

    @property
    def specs(self) -> list[StageSpec]:
        return [spec for spec, _ in self.stages]

    @property
    def layers(self) -> list[str]:
        return [layer for spec, _ in self.stages for layer in spec.assigns]

    def explain(self) -> list[dict[str, Any]]:
        """One row per stage: name, what it requires, uses when present and assigns, and why."""
        return [
            {
                "stage": spec.name,
                "requires": list(spec.requires),
                "uses": [u for u in spec.uses if u not in spec.requires],
                "assigns": list(spec.assigns),
                "description": spec.description,
            }
            for spec, _ in self.stages
        ]

    def __call__(self, doc: Document | str) -> Document:
        """Annotate one document (a plain string becomes a `Document` whose id is made from it, `text_id`)."""
        doc = _as_document(doc)
        for spec, stage in self.stages:
            doc = _run(spec, stage, doc)
        return doc

    def pipe(
        self, docs: Iterable[Document | str], *, batch_size: int = 16, on_error: OnError = "raise", overlap: bool = True
    ) -> Iterator[Document | StageError]:
        """Annotate documents (or plain strings, as `__call__` takes them) in batches, in input order.

        `on_error` says what a document that makes a stage fail becomes: "raise"
        raises its `StageError` (the default, like spaCy), "return" yields the
        `StageError` in its place so a batch run can report it and go on, "skip"
        logs it and yields nothing for it.

        `overlap`: the first stage (the spaCy parse, one core) of the next batch
        runs while one worker thread runs the later stages (the ONNX models, which
        release the GIL) of this one. Each stage still sees one batch at a time and
        in order, so the output is the same; on 2 cores 40 PTC articles went
        through 14-17% faster (docs/experiments.md). False runs every
        stage of a batch before the next batch starts.
        """
        if on_error not in ON_ERROR_MODES:
            raise ConfigError(f"on_error must be one of {', '.join(ON_ERROR_MODES)}, got {on_error!r}")
        if batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {batch_size}")
        batches = _batches(docs, batch_size)
        if not overlap or len(self.stages) < 2:
            for batch in batches:
                yield from _handle(self._pipe_batch(batch, self.stages), on_error)
            return
        head, tail = self.stages[:1], self.stages[1:]
        with ThreadPoolExecutor(1, thread_name_prefix="presslens-stages") as worker:
            pending: Future[list[Document | StageError]] | None = None
            for batch in batches:
                started = self._pipe_batch(batch, head)
                if pending is not None:
                    yield from _handle(pending.result(), on_error)
                pending = worker.submit(self._pipe_batch, started, tail)
            if pending is not None:
                yield from _handle(pending.result(), on_error)

    def _pipe_batch(self, batch: Sequence[Document | StageError], stages: StageList) -> list[Document | StageError]:
        """Run `stages` over a batch; a document some stage failed on stays its `StageError`."""
        results: list[Document | StageError] = list(batch)
        for spec, stage in stages:
            alive = [(i, d) for i, d in enumerate(results) if isinstance(d, Document)]
            if not alive:
                break
            pipe = getattr(stage, "pipe", None)
            out: list[Document | StageError]
            if pipe is not None:
                try:
                    views = [_view(spec, d) for _, d in alive]
                    piped = list(pipe(views, batch_size=len(alive)))
                    out = [_merge(spec, d, new) for (_, d), new in zip(alive, piped, strict=True)]
                except (ConfigError, ModelError):
                    raise  # the pipeline itself is broken: every document would fail alike
                except Exception:
                    # Fall back to one by one so that only the bad document fails.
                    out = [_run_or_error(spec, stage, d) for _, d in alive]
            else:
                out = [_run_or_error(spec, stage, d) for _, d in alive]
            for (i, _), new in zip(alive, out):
                results[i] = new
        return results


def _as_document(doc: object) -> Document:
    """A `Document` as is, a plain string as a `Document` with its `text_id`; anything else a `ConfigError`."""
    if isinstance(doc, str):
        return Document(id=text_id(doc), text=doc)
    if not isinstance(doc, Document):
        raise ConfigError(f"a pipeline takes a str or a Document, got {type(doc).__name__}")
    return doc


def _batches(docs: Iterable[Document | str], size: int) -> Iterator[list[Document]]:
    """`docs` in lists of `size`; a plain string becomes a `Document` with its `text_id`, as in `Pipeline.__call__`.

    Anything else is refused at once, whatever `on_error` says: passing it
    through unannotated would look like a result.
    """
    batch: list[Document] = []
    for doc in docs:
        batch.append(_as_document(doc))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _handle(results: list[Document | StageError], on_error: OnError) -> Iterator[Document | StageError]:
    for item in results:
        if isinstance(item, StageError):
            if on_error == "raise":
                raise item
            if on_error == "skip":
                logger.warning("skipped %s", item)
                continue
        yield item


def _view(spec: StageSpec, doc: Document) -> Document:
    """The document as the stage may see it: metadata and the layers it declared reading."""
    return doc.only_layers(spec.reads)


def _merge(spec: StageSpec, doc: Document, out: Any) -> Document:
    """Take from the stage's result the layers it assigns, and nothing else."""
    if not isinstance(out, Document):
        raise StageError(spec.name, doc.id, TypeError(f"returned {type(out).__name__}, not Document"))
    if out.text != doc.text or out.id != doc.id:
        raise StageError(spec.name, doc.id, ValueError("returned a document with another id or text"))
    return doc.with_layers_from(out, spec.assigns, stage=spec.name)


def _run(spec: StageSpec, stage: Stage, doc: Document) -> Document:
    try:
        out = stage(_view(spec, doc))
    except PresslensError:
        raise
    except Exception as exc:  # a stage bug must name the stage and the document
        raise StageError(spec.name, doc.id, exc) from exc
    return _merge(spec, doc, out)


def _run_or_error(spec: StageSpec, stage: Stage, doc: Document) -> Document | StageError:
    """One document through one stage; its failure (a bug, or an input the stage refuses) as a StageError."""
    try:
        return _run(spec, stage, doc)
    except StageError as err:
        return err
    except (ConfigError, ModelError):
        raise
    except PresslensError as err:  # e.g. an article longer than the parse stage accepts
        return StageError(spec.name, doc.id, err)


def _registered(name: str) -> StageSpec:
    registry = registered_stages()
    if name not in registry:
        raise ConfigError(f"unknown stage {name!r}; registered stages: {', '.join(registry) or 'none'}")
    return registry[name]


def stage_specs(stages: Iterable[str] | None = None, *, disable: Iterable[str] = ()) -> list[StageSpec]:
    """The stages `load_pipeline(stages, disable=...)` builds, from the registry, without building any.

    `stages` are stage names (default: the latest version of every layer); `disable` drops stages
    by name or by a layer they assign. An unknown name in either is a `ConfigError` listing the valid ones.
    """
    registry = registered_stages()
    skip = set(disable)
    known = set(registry) | {layer for spec in registry.values() for layer in spec.assigns}
    unknown = sorted(skip - known)
    if unknown:
        layers = sorted({layer for spec in registry.values() for layer in spec.assigns if layer not in MEMORY_LAYERS})
        raise ConfigError(
            f"cannot disable {', '.join(map(repr, unknown))}: not a stage or layer; "
            f"valid layers: {', '.join(layers)}; stages: {', '.join(registry)}"
        )
    specs = [_registered(name) for name in (stages if stages is not None else default_stage_names())]
    return [spec for spec in specs if spec.name not in skip and not skip.intersection(spec.assigns)]


def needed_stages(specs: Sequence[StageSpec], layers: Iterable[str]) -> set[str]:
    """Names of the stages among `specs` that `layers` need: those assigning them, and what those read, in turn."""
    needed = set(layers)
    keep: set[str] = set()
    for spec in reversed(specs):
        if needed & set(spec.assigns):
            keep.add(spec.name)
            needed |= set(spec.reads)
    return keep


def load_pipeline(
    stages: list[str] | None = None, *, disable: Iterable[str] = (), config: dict[str, dict[str, Any]] | None = None
) -> Pipeline:
    """Build the default pipeline (every registered layer), or the named stages.

    `disable` drops stages by name or by a layer they assign; an unknown name
    is a `ConfigError` listing the valid ones. `config` maps a stage name to
    keyword options for its factory.
    """
    pipeline = Pipeline()
    for spec in stage_specs(stages, disable=disable):
        pipeline = pipeline.add_spec(spec, **(config or {}).get(spec.name, {}))
    return pipeline


@dataclass(frozen=True)
class RerunPlan:
    """Re-running `targets` means running `stages` (targets, what reads their layers, the parse),
    replacing the stored `replace` layers and reading `load` layers back from the store."""

    targets: tuple[str, ...]
    stages: tuple[str, ...]
    replace: tuple[str, ...]
    load: tuple[str, ...]
    layers: tuple[str, ...] = ()  # the stored layers the targets themselves write


def rerun_plan(specs: Sequence[StageSpec], rerun: Iterable[str], *, stored: Sequence[str]) -> RerunPlan:
    """Which stages a re-run of `rerun` (stage names or layer names) needs, in pipeline order.

    `stored` are the layers kept where the documents are read back from (in their order): a layer
    a re-run reads that is not stored (the parse, the groups) is made again by its stage.
    """
    by_name = {s.name: s for s in specs}
    targets: list[str] = []
    for item in rerun:
        match = [s.name for s in specs if s.name == item or item in s.assigns]
        if not match:
            valid = ", ".join([*by_name, *sorted({layer for s in specs for layer in s.assigns if layer in stored})])
            raise ConfigError(f"cannot re-run {item!r}: not a stage or layer of this pipeline; use one of {valid}")
        targets.extend(m for m in match if m not in targets)
    chosen = set(targets)
    replaced = {layer for s in specs if s.name in chosen for layer in s.assigns}
    changed = True
    while changed:  # every stage downstream of a replaced layer runs again
        changed = False
        for s in specs:
            if s.name not in chosen and replaced.intersection(s.reads):
                chosen.add(s.name)
                replaced.update(s.assigns)
                changed = True
    stored_needed = {r for s in specs if s.name in chosen for r in s.reads}
    helpers: set[str] = set()
    unstored = {r for r in stored_needed if r not in stored} - replaced
    while unstored:  # the parse and anything else not kept in the store is made again
        layer = unstored.pop()
        maker = next((s for s in specs if layer in s.assigns), None)
        if maker is None:
            raise ConfigError(f"cannot re-run {', '.join(targets)}: no stage of the pipeline makes layer {layer!r}")
        if maker.name not in chosen | helpers:
            helpers.add(maker.name)
            unstored.update(r for r in maker.reads if r not in stored)
    stages = tuple(s.name for s in specs if s.name in chosen | helpers)
    replace = tuple(layer for layer in stored if layer in replaced)
    load = tuple(layer for layer in stored if layer in stored_needed and layer not in replaced)
    own = tuple(layer for layer in stored if any(layer in by_name[t].assigns for t in targets))
    return RerunPlan(tuple(targets), stages, replace, load, own)
