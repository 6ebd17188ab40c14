"""Where a corpus run's chunks are analysed: in this process, in spawned processes, or on a Dask cluster.

Why one small interface: the run loop (`runner.run_corpus`) only iterates
`Backend.run(chunks)` inside `with backend:` and commits what comes back, so
the resume rules and the store never depend on where the pipeline ran. Each
backend keeps at most a few chunks in flight (memory stays flat on any
corpus size), turns a dead worker or a failed Dask task into failed
documents instead of a crashed run, and stops its workers when the run is
interrupted.

    in-process   workers=1: the pipeline runs here
    processes    workers=N: N spawned processes, each loading the models once
    dask         client=distributed.Client(...): the cluster's workers, results streamed back
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

from ..errors import ConfigError
from .work import ChunkResult, DefaultPipeline, Failed, PipelineFactory, Task, analyse_chunk, pipeline_for


def make_backend(factory: PipelineFactory, *, workers: int | None, client: Any) -> Backend:
    """The backend for `workers` processes (default: every core; 1 runs here) or a Dask `client`.

    N local processes share the cores: the default pipeline's ONNX sessions
    get cores // N threads each (unless $PRESSLENS_ONNX_THREADS or the factory says otherwise)
    instead of each taking min(4, cores).
    """
    n_workers = workers or os.cpu_count() or 1
    if client is None and n_workers > 1 and isinstance(factory, DefaultPipeline) and factory.onnx_threads is None:
        from ..models.batching import THREADS_ENV

        if THREADS_ENV not in os.environ:
            factory = dataclasses.replace(factory, onnx_threads=max(1, (os.cpu_count() or 1) // n_workers))
    if client is not None:
        return DaskBackend(client, factory)
    if n_workers == 1:
        return InProcessBackend(factory)
    return ProcessBackend(factory, n_workers)


class Backend:
    """Runs chunks of tasks and yields their results as they finish, a few chunks in flight."""

    name = ""
    workers = 1

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        return None

    def run(self, chunks: Iterator[list[Task]]) -> Iterator[ChunkResult]:
        raise NotImplementedError


class InProcessBackend(Backend):
    name = "in-process"

    def __init__(self, factory: PipelineFactory) -> None:
        self.factory = factory

    def run(self, chunks: Iterator[list[Task]]) -> Iterator[ChunkResult]:
        for chunk in chunks:
            yield analyse_chunk(chunk, self.factory)


class ProcessBackend(Backend):
    """Spawned worker processes; each loads the models once, in its initializer."""

    name = "processes"

    def __init__(self, factory: PipelineFactory, workers: int) -> None:
        self.factory = factory
        self.workers = workers
        self.pool: cf.ProcessPoolExecutor | None = None

    def _start(self) -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.factory, os.getpid()),
        )

    def __enter__(self) -> ProcessBackend:
        self.pool = self._start()
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        pool, self.pool = self.pool, None
        if pool is None:
            return
        if exc_type is None:
            pool.shutdown(wait=True)
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())  # no public way to stop busy workers
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()

    def run(self, chunks: Iterator[list[Task]]) -> Iterator[ChunkResult]:
        assert self.pool is not None, "use the backend as a context manager"
        pending: dict[cf.Future[ChunkResult], list[Task]] = {}
        for chunk in chunks:
            pending[self.pool.submit(analyse_chunk, chunk, self.factory)] = chunk
            while len(pending) >= 2 * self.workers:
                yield from self._collect(pending)
        while pending:
            yield from self._collect(pending)

    def _collect(self, pending: dict[cf.Future[ChunkResult], list[Task]]) -> Iterator[ChunkResult]:
        done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
        broken = False
        for future in done:
            chunk = pending.pop(future)
            try:
                yield future.result()
            except cf.process.BrokenProcessPool as err:
                broken = True
                yield _failed_chunk(chunk, f"the worker process died ({err or 'killed'}); retry with --retry-failed")
        if broken:  # every future of a broken pool fails: record them, start a new pool
            for future, chunk in list(pending.items()):
                pending.pop(future)
                yield _failed_chunk(chunk, "the worker process died; retry with --retry-failed")
            assert self.pool is not None
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._start()


class DaskBackend(Backend):
    """The workers of a Dask cluster, through a `distributed.Client`; results stream back here."""

    name = "dask"

    def __init__(self, client: Any, factory: PipelineFactory) -> None:
        self.client = client
        self.factory = factory
        try:
            threads = sum(client.nthreads().values())
        except Exception as err:
            raise ConfigError(f"cannot reach the Dask cluster through {client!r}: {err}") from None
        if not threads:
            raise ConfigError(f"the Dask cluster behind {client!r} has no workers; start some with dask worker ADDRESS")
        self.workers = threads

    def run(self, chunks: Iterator[list[Task]]) -> Iterator[ChunkResult]:
        from distributed import as_completed

        pending: dict[Any, list[Task]] = {}
        finished = as_completed()
        try:
            for chunk in chunks:
                future = self.client.submit(analyse_chunk, chunk, self.factory, pure=False)
                pending[future] = chunk
                finished.add(future)
                while len(pending) >= 2 * self.workers:
                    yield self._result(next(finished), pending)
            while pending:
                yield self._result(next(finished), pending)
        finally:
            if pending:
                self.client.cancel(list(pending))

    @staticmethod
    def _result(future: Any, pending: dict[Any, list[Task]]) -> ChunkResult:
        chunk = pending.pop(future)
        try:
            return future.result()
        except Exception as err:  # a lost worker (KilledWorker) or a task that could not run
            return _failed_chunk(chunk, f"the Dask task failed: {type(err).__name__}: {err}")


def _failed_chunk(chunk: list[Task], message: str) -> ChunkResult:
    return ChunkResult([Failed(t.key, t.doc.id, t.doc.source, message, stage=None) for t in chunk], 0.0)


def _init_worker(factory: PipelineFactory, parent: int) -> None:
    """In each worker process: leave Ctrl-C to the client, exit with it, load the models now."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    try:
        pipeline_for(factory)
    except Exception:  # raised again, with its message, by the first chunk in the client
        pass


def _exit_with_parent(parent: int) -> None:
    """A worker whose client was killed (SIGKILL gives it no chance to stop us) exits too."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)
