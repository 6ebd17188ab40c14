"""The per-document work of a corpus run, the same on every backend: documents in, store rows out.

Why a separate, pure module: the local process pool, the in-process runner
and a Dask cluster all call `analyse_chunk` on a list of `Task`s and get back
`Analysed` or `Failed` outcomes that already hold the store's rows, so that
the client only writes them; nothing here touches a file or a database. A
worker builds its pipeline once (`pipeline_for`, cached per process by the
factory, which is a small picklable value sent with each chunk) and keeps it
for every later chunk.

A document that makes a stage fail becomes a `Failed` outcome naming the
stage; the other documents of its chunk are analysed as usual.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..document import Document
from ..errors import PresslensError, StageError
from ..pipeline import Pipeline, StageSpec, load_pipeline, stage_specs
from .rows import article_values, layer_rows, stored_layers, with_layer_rows
from .tables import LAYER_TABLES


class PipelineFactory(Protocol):
    """Builds the pipeline in each worker, and says which stages it will have without building it.

    Implementations must be picklable and hashable (a frozen dataclass): they
    travel to worker processes and Dask workers, which cache one pipeline per factory.
    """

    def __call__(self) -> Pipeline: ...

    def specs(self) -> list[StageSpec]: ...


@dataclass(frozen=True)
class DefaultPipeline:
    """`load_pipeline(stages, disable=...)` in each worker, with `onnx_threads` onnxruntime threads."""

    stages: tuple[str, ...] | None = None
    disable: tuple[str, ...] = ()
    onnx_threads: int | None = None

    def __call__(self) -> Pipeline:
        if self.onnx_threads is not None:
            from ..models.batching import THREADS_ENV

            os.environ[THREADS_ENV] = str(self.onnx_threads)
        return load_pipeline(list(self.stages) if self.stages is not None else None, disable=self.disable)

    def specs(self) -> list[StageSpec]:
        """The stages `load_pipeline` would build, found from the registry without loading any model."""
        return stage_specs(self.stages, disable=self.disable)


@dataclass(frozen=True)
class Task:
    """One document to analyse: the whole pipeline, or (`stages` set) a re-run of some stages."""

    key: str
    doc: Document
    stages: tuple[str, ...] | None = None
    replace: tuple[str, ...] = ()  # with `stages`: the stored layers the re-run writes anew
    stored: dict[str, list[dict[str, Any]]] | None = None  # stored layer rows the worker adds to `doc`


@dataclass(frozen=True)
class Analysed:
    """A document analysed: its `articles` row (less run and time) and its layer rows, by table."""

    key: str
    article: dict[str, Any]
    layers: dict[str, list[tuple[Any, ...]]]
    rerun: bool = False


@dataclass(frozen=True)
class Failed:
    """A document (or an input) that failed, with the stage and the error."""

    key: str
    id: str | None
    source: str | None
    error: str
    stage: str | None = None
    input: str | None = None


Outcome = Analysed | Failed


@dataclass
class ChunkResult:
    """What one call of `analyse_chunk` returns: outcomes in task order and where and how long it ran."""

    outcomes: list[Outcome]
    seconds: float
    cpu_seconds: float = 0.0  # CPU time of the worker process over the chunk (load on the machine aside)
    worker: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")


_PIPELINES: dict[Any, Pipeline] = {}


def pipeline_for(factory: PipelineFactory) -> Pipeline:
    """The pipeline `factory` builds, built once per process."""
    pipeline = _PIPELINES.get(factory)
    if pipeline is None:
        pipeline = _PIPELINES[factory] = factory()
    return pipeline


def analyse_chunk(tasks: Sequence[Task], factory: PipelineFactory) -> ChunkResult:
    """Analyse a few documents with the process's pipeline: the one function every backend runs."""
    started, cpu = time.perf_counter(), time.process_time()
    pipeline = pipeline_for(factory)
    order = {name: i for i, name in enumerate(pipeline.names)}
    outcomes: list[Outcome | None] = [None] * len(tasks)
    groups: dict[tuple[str, ...] | None, list[int]] = {}
    for i, task in enumerate(tasks):
        groups.setdefault(task.stages, []).append(i)
    for stages, indices in groups.items():
        runner = pipeline if stages is None else pipeline.select(stages=stages)
        docs = [_document(tasks[i]) for i in indices]
        for i, result in zip(indices, _pipe(runner, docs), strict=True):
            outcomes[i] = _outcome(tasks[i], result, order)
    return ChunkResult(
        [o for o in outcomes if o is not None], time.perf_counter() - started, time.process_time() - cpu
    )


def _document(task: Task) -> Document:
    """The task's document, with the stored layers it brought as rows (plain data travels to any worker)."""
    return task.doc if not task.stored else with_layer_rows(task.doc, task.stored)


def _pipe(pipeline: Pipeline, docs: list[Document]) -> list[Document | StageError]:
    """The chunk through `pipeline`, a document that makes a stage fail as its `StageError`.

    `pipe` already isolates a document that fails; what it raises is a broken pipeline (a model
    that cannot run at all), which every document of the chunk fails with alike.
    """
    try:
        return list(pipeline.pipe(docs, batch_size=max(1, len(docs)), on_error="return"))
    except PresslensError as err:
        return [StageError("pipeline", doc.id, err) for doc in docs]


def _outcome(task: Task, result: Document | StageError, order: dict[str, int]) -> Outcome:
    if isinstance(result, StageError):
        cause = result.cause
        return Failed(
            task.key, task.doc.id, task.doc.source, f"{type(cause).__name__}: {cause}", stage=result.stage
        )
    rerun = task.stages is not None
    layers = [name for name in LAYER_TABLES if name in task.replace] if rerun else stored_layers(result)
    article = article_values(result, key=task.key)
    if order:  # a re-run appends its stages: list them in pipeline order again
        article["pipeline"] = sorted(article["pipeline"], key=lambda name: order.get(name, -1))
    return Analysed(
        task.key,
        article,
        {name: layer_rows(result, name, key=task.key) for name in layers},
        rerun=rerun,
    )
