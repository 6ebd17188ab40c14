"""Ordered analysis stages with declared requires/assigns, built from a registry.

Why a registry: each layer lives in its own module under `presslens.stages`
and registers itself with a versioned name (`entities.v1`), the layers it
requires and the one it assigns. The pipeline checks the order when it is
built, so a misconfigured pipeline fails before any article is read, and the
versioned names are written into every output for reproducibility.

A layer whose stage module does not exist yet is simply not in the registry:
it is absent from the pipeline and from the output, never faked.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from .document import Document
from .errors import ConfigError, PresslensError, StageError


class Stage(Protocol):
    """A stage annotates one document and returns the new document."""

    def __call__(self, doc: Document) -> Document: ...


class BatchStage(Stage, Protocol):
    """A stage that is faster on batches (spaCy, ONNX models)."""

    def pipe(self, docs: Iterable[Document], *, batch_size: int) -> Iterator[Document]: ...


@dataclass(frozen=True)
class StageSpec:
    """How to build one registered stage."""

    name: str
    factory: Callable[..., Stage]
    assigns: tuple[str, ...]
    requires: tuple[str, ...] = ()
    order: int = 100
    description: str = ""


_REGISTRY: dict[str, StageSpec] = {}


def register_stage(
    name: str, *, assigns: tuple[str, ...], requires: tuple[str, ...] = (), order: int, description: str = ""
) -> Callable[[Callable[..., Stage]], Callable[..., Stage]]:
    """Decorator registering a stage factory under a versioned name such as `times.v1`."""
    if "." not in name:
        raise ConfigError(f"stage name {name!r} needs a version suffix, e.g. {name}.v1")

    def decorate(factory: Callable[..., Stage]) -> Callable[..., Stage]:
        _REGISTRY[name] = StageSpec(name, factory, tuple(assigns), tuple(requires), order, description)
        return factory

    return decorate


def _load_stage_modules() -> None:
    from . import stages

    for info in pkgutil.iter_modules(stages.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{stages.__name__}.{info.name}")


def registered_stages() -> dict[str, StageSpec]:
    """All registered stages, importing every module of `presslens.stages` once."""
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


@dataclass
class Pipeline:
    """Stages in order; `pipe` streams documents through them in batches."""

    stages: list[tuple[StageSpec, Stage]] = field(default_factory=list)

    def add(self, name: str, **config: Any) -> Pipeline:
        """Build stage `name` from the registry and append it, checking its requirements."""
        registry = registered_stages()
        if name not in registry:
            raise ConfigError(
                f"unknown stage {name!r}; registered stages: {', '.join(registry) or 'none'}"
            )
        spec = registry[name]
        assigned = {layer for s, _ in self.stages for layer in s.assigns}
        missing = [r for r in spec.requires if r not in assigned]
        if missing:
            raise ConfigError(
                f"stage {name} requires layer(s) {', '.join(missing)}; add the stage(s) that "
                f"assign them first (present: {', '.join(sorted(assigned)) or 'none'})"
            )
        self.stages.append((spec, spec.factory(**config)))
        return self

    @property
    def names(self) -> list[str]:
        return [spec.name for spec, _ in self.stages]

    @property
    def layers(self) -> list[str]:
        return [layer for spec, _ in self.stages for layer in spec.assigns]

    def __call__(self, doc: Document) -> Document:
        for spec, stage in self.stages:
            doc = _run(spec, stage, doc)
        return doc

    def pipe(self, docs: Iterable[Document], *, batch_size: int = 16) -> Iterator[Document | StageError]:
        """Annotate documents in batches; a failing document yields its `StageError`, the rest go on."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._pipe_batch(batch)
                batch = []
        if batch:
            yield from self._pipe_batch(batch)

    def _pipe_batch(self, batch: list[Document]) -> Iterator[Document | StageError]:
        results: list[Document | StageError] = list(batch)
        for spec, stage in self.stages:
            alive = [(i, d) for i, d in enumerate(results) if isinstance(d, Document)]
            if not alive:
                break
            pipe = getattr(stage, "pipe", None)
            if pipe is not None:
                try:
                    out = list(pipe([d for _, d in alive], batch_size=len(alive)))
                except PresslensError:
                    raise
                except Exception:
                    # Fall back to one by one so that only the bad document fails.
                    out = [_run_or_error(spec, stage, d) for _, d in alive]
            else:
                out = [_run_or_error(spec, stage, d) for _, d in alive]
            for (i, _), new in zip(alive, out):
                results[i] = new
        yield from results


def _run(spec: StageSpec, stage: Stage, doc: Document) -> Document:
    try:
        out = stage(doc)
    except PresslensError:
        raise
    except Exception as exc:  # a stage bug must name the stage and the document
        raise StageError(spec.name, doc.id, exc) from exc
    if not isinstance(out, Document):
        raise StageError(spec.name, doc.id, TypeError(f"returned {type(out).__name__}, not Document"))
    return out


def _run_or_error(spec: StageSpec, stage: Stage, doc: Document) -> Document | StageError:
    try:
        return _run(spec, stage, doc)
    except StageError as err:
        return err


def load_pipeline(
    stages: list[str] | None = None, *, disable: Iterable[str] = (), config: dict[str, dict[str, Any]] | None = None
) -> Pipeline:
    """Build the default pipeline (every registered layer), or the named stages.

    `disable` drops stages by name or by the layer they assign; `config` maps a
    stage name to keyword options for its factory.
    """
    names = stages if stages is not None else default_stage_names()
    skip = set(disable)
    pipeline = Pipeline()
    registry = registered_stages()
    for name in names:
        spec = registry.get(name)
        if name in skip or (spec is not None and skip.intersection(spec.assigns)):
            continue
        pipeline.add(name, **(config or {}).get(name, {}))
    return pipeline
