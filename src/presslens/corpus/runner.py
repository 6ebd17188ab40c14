"""Run a corpus into the store: read, skip what is stored, analyse on a backend, commit each chunk.

Why this shape: the client (this process) is the only one that reads inputs
and writes the store; workers only run `work.analyse_chunk`. The resume rules
live here, once, for every backend: a document whose key is stored is
skipped, one recorded as failed is skipped unless `retry_failed`, a document
seen twice in one run is analysed once, and stored articles that a stage named
in `rerun` has not analysed (an older version did) get that stage and the
stages that read its layers re-run, reading the other layers back from the store.

Backends, all with at most a few chunks in flight so memory stays flat on any corpus size:

    in-process   workers=1: the pipeline runs here
    processes    workers=N: N spawned processes, each loading the models once
    dask         client=distributed.Client(...): the cluster's workers, results streamed back

Finished chunks are committed in one transaction (`CorpusStore.write`) as
they come back, at most a second after they finish (many chunks together
when many workers finish them quickly), so an interrupted run (Ctrl-C,
SIGKILL, a lost worker) loses at most the chunks in flight and the last
second's results, and the next run picks up from there.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import datetime as dt
import itertools
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import ConfigError, InputError
from ..fetch import Fetcher, FetchOptions, is_url
from ..io import DEFAULT_MAX_BYTES, read_documents
from ..io.feeds import FeedItem, read_feed
from ..io.feeds import since as since_date
from ..io.readers import JSONL_SUFFIXES, STDIN, folder_files
from ..io.web import expand_inputs, read_addresses
from ..pipeline import RerunPlan, StageSpec
from ..pipeline import rerun_plan as pipeline_rerun_plan
from .keys import document_key, input_key
from .rows import LAYER_TABLES
from .store import CorpusStore
from .work import ChunkResult, DefaultPipeline, Failed, Outcome, PipelineFactory, Task, analyse_chunk, pipeline_for

logger = logging.getLogger(__name__)

_LOAD_BATCH = 64  # stored articles read back per query when re-running a stage
# A commit holds the chunks that finished within COMMIT_SECONDS (at most COMMIT_DOCUMENTS documents):
# with a slow pipeline that is every chunk, with many fast workers fewer, larger transactions.
COMMIT_SECONDS = 1.0
COMMIT_DOCUMENTS = 256


@dataclass
class RunProgress:
    """Counts of a run so far; `rate` and `eta_seconds` are over the documents this run analysed."""

    total: int | None = None
    analysed: int = 0
    rerun: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> int:
        """Inputs dealt with: analysed, failed, skipped or duplicate."""
        return self.analysed + self.rerun + self.failed + self.skipped + self.duplicates

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        """Documents analysed (or failed) per second in this run."""
        worked = self.analysed + self.rerun + self.failed
        return worked / self.elapsed if worked and self.elapsed > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        if self.total is None or not self.rate:
            return None
        return max(0, self.total - self.done) / self.rate


@dataclass
class RunSummary(RunProgress):
    """What a run did, with where its time went (for the speed benchmark)."""

    run: int = 0
    backend: str = ""
    workers: int = 0
    status: str = "running"
    analysis_seconds: float = 0.0  # summed over chunks, in the workers
    cpu_seconds: float = 0.0  # the workers' CPU time over those chunks
    write_seconds: float = 0.0  # committing to the store, in the client
    wall_seconds: float = 0.0
    stale: list[tuple[str, int]] = field(default_factory=list)  # stored stages older than the pipeline's
    errors: list[str] = field(default_factory=list)


def run_corpus(
    paths: Sequence[str | Path],
    *,
    store: str | Path | CorpusStore,
    factory: PipelineFactory | None = None,
    workers: int | None = None,
    client: Any = None,
    published: dt.date | None = None,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
    rerun: Sequence[str] = (),
    retry_failed: bool = False,
    chunk_size: int = 8,
    on_progress: Callable[[RunProgress], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    feeds: Sequence[str] = (),
    since: dt.date | None = None,
    fetch: FetchOptions | None = None,
) -> RunSummary:
    """Analyse every article under `paths` into the store; re-run `rerun` stages on stored articles.

    `workers` processes (default: every core; 1 runs in this process) or a Dask
    `client` run the pipeline that `factory` builds (default: the full
    pipeline). `source` is the outlet of documents whose input names none.
    `on_progress` is called after each commit; `on_error` with each failure's message.

    `paths` may hold web addresses and .txt lists of them, and `feeds` RSS or
    Atom feeds (addresses or files) whose items published on or after `since`
    are fetched and analysed, their outlet (`source`) the feed's title. Pages
    are fetched by the rules of `fetch`; an address already stored (or
    recorded as failed, unless `retry_failed`) is not fetched again unless
    `fetch.refresh`, so rerunning a feed only adds its new items.
    """
    if chunk_size < 1:
        raise ConfigError(f"chunk_size must be at least 1, got {chunk_size}")
    if workers is not None and workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    factory = factory if factory is not None else DefaultPipeline()
    specs = factory.specs()
    plan = rerun_plan(specs, rerun) if rerun else None
    n_workers = workers or os.cpu_count() or 1
    if client is None and n_workers > 1 and isinstance(factory, DefaultPipeline) and factory.onnx_threads is None:
        from ..models.onnx_runtime import THREADS_ENV

        if THREADS_ENV not in os.environ:  # N processes share the cores instead of each taking min(4, cores)
            factory = dataclasses.replace(factory, onnx_threads=max(1, (os.cpu_count() or 1) // n_workers))
    backend: Backend
    if client is not None:
        backend = DaskBackend(client, factory)
    elif n_workers == 1:
        backend = InProcessBackend(factory)
    else:
        backend = ProcessBackend(factory, n_workers)

    with ExitStack() as stack:
        db = store if isinstance(store, CorpusStore) else stack.enter_context(CorpusStore.open(store))
        summary = RunSummary(backend=backend.name, workers=backend.workers)
        summary.run = db.begin_run(specs=specs, backend=backend.name, workers=backend.workers)
        side: list[Outcome] = []  # input failures found while reading, written with the next chunk
        stale = db.stale_keys(plan.targets, plan.layers) if plan else []
        fetch = replace(fetch or FetchOptions(), max_bytes=max_bytes)
        fetcher = stack.enter_context(Fetcher(fetch)) if feeds else None  # feeds and their pages share one
        web = _web_inputs(db, paths, feeds, since, summary, side, fetch=fetch, fetcher=fetcher,
                          retry_failed=retry_failed)
        tasks = _tasks(db, web.paths, plan, stale, summary, side, retry_failed=retry_failed, published=published,
                       source=source, max_bytes=max_bytes, encoding=encoding, fetch=fetch, items=web.items,
                       fetcher=fetcher)
        if paths or feeds:
            inputs = count_inputs(web.paths)
            summary.total = None if inputs is None else inputs + len(stale) + len(web.items) + summary.skipped
        elif plan:
            summary.total = len(stale)
        chunks = _chunks(tasks, chunk_size)
        pending: list[Outcome] = []  # finished, not yet committed
        seconds = 0.0
        try:
            with backend:
                last = time.monotonic()
                for result in backend.run(chunks):
                    pending += result.outcomes
                    seconds += result.seconds
                    summary.cpu_seconds += result.cpu_seconds
                    if len(pending) >= COMMIT_DOCUMENTS or time.monotonic() - last >= COMMIT_SECONDS:
                        _commit(db, summary, [*side, *pending], seconds, on_error)
                        side.clear()
                        pending, seconds, last = [], 0.0, time.monotonic()
                        if on_progress:
                            on_progress(summary)
                _commit(db, summary, [*side, *pending], seconds, on_error)
        except KeyboardInterrupt:
            try:  # keep what is finished: one more transaction
                _commit(db, summary, [*side, *pending], seconds, on_error)
            except (Exception, KeyboardInterrupt) as err:  # a second Ctrl-C, or the store failing, loses only these
                logger.warning("interrupted: %d finished article(s) not stored (%s)", len(side) + len(pending), err)
            _finish(db, summary, "interrupted")
            raise
        except BaseException:
            _finish(db, summary, "failed")
            raise
        _finish(db, summary, "finished")
        summary.stale = _superseded(db, specs)
        if on_progress:
            on_progress(summary)
        return summary


def _superseded(db: CorpusStore, specs: Sequence[StageSpec]) -> list[tuple[str, int]]:
    """Stored stages that another version in this pipeline replaces (a disabled layer is not one)."""
    current = {layer for s in specs for layer in s.assigns if layer in LAYER_TABLES}
    layers = db.stage_layers()
    return [
        (name, count) for name, count in db.stale_summary([s.name for s in specs])
        if current.intersection(layers.get(name, ()))
    ]


def _commit(db: CorpusStore, summary: RunSummary, outcomes: list[Outcome], seconds: float,
            on_error: Callable[[str], None] | None) -> None:
    if not outcomes:
        return
    started = time.perf_counter()
    db.write(outcomes, run=summary.run)
    summary.write_seconds += time.perf_counter() - started
    summary.analysis_seconds += seconds
    for o in outcomes:
        if isinstance(o, Failed):
            summary.failed += 1
            message = f"{o.input or o.id}: {'stage ' + o.stage + ' failed: ' if o.stage else ''}{o.error}"
            summary.errors.append(message)
            if on_error:
                on_error(message)
        elif o.rerun:
            summary.rerun += 1
        else:
            summary.analysed += 1


def _finish(db: CorpusStore, summary: RunSummary, status: str) -> None:
    summary.status = status
    summary.wall_seconds = summary.elapsed
    try:
        db.finish_run(summary.run, status=status, analysed=summary.analysed + summary.rerun,
                      failed=summary.failed, skipped=summary.skipped + summary.duplicates)
    except Exception as err:  # the store may be what failed; the run's own error is the one to report
        logger.warning("could not record run %s as %s in the store: %s", summary.run, status, err)


# --- what to analyse ----------------------------------------------------------------------------


def rerun_plan(specs: Sequence[StageSpec], rerun: Iterable[str]) -> RerunPlan:
    """Which stages a re-run of `rerun` (stage names or layer names) needs, reading back the store's layers."""
    return pipeline_rerun_plan(specs, rerun, stored=tuple(LAYER_TABLES))


def _tasks(
    db: CorpusStore,
    paths: Sequence[str | Path],
    plan: RerunPlan | None,
    keys: Sequence[str],
    summary: RunSummary,
    side: list[Outcome],
    *,
    retry_failed: bool,
    published: dt.date | None,
    source: str | None,
    max_bytes: int,
    encoding: str | None,
    fetch: FetchOptions,
    items: Sequence[tuple[FeedItem, str | None]] = (),
    fetcher: Fetcher | None = None,
) -> Iterator[Task]:
    seen = db.done_keys()
    this_run: set[str] = set()  # keys met in this run: a second one is a duplicate input
    failed = set() if retry_failed else db.failed_keys()
    if plan is not None:  # `keys`: the stored articles the plan re-runs
        drop = [name for name, layers in db.stage_layers().items() if set(layers) & set(plan.replace)]
        for start in range(0, len(keys), _LOAD_BATCH):
            batch = keys[start : start + _LOAD_BATCH]
            for key, (doc, rows) in zip(batch, db.load_rows(batch, layers=plan.load, drop_stages=drop), strict=True):
                yield Task(key, doc, stages=plan.stages, replace=plan.replace, stored=rows)
    results: Iterator[Document | InputError] = iter(())
    if paths:
        results = read_documents(paths, published=published, max_bytes=max_bytes, encoding=encoding, fetch=fetch)
    if items:
        extras = {feed_item.url: feed_item.extra(outlet) for feed_item, outlet in items}
        fed = read_addresses([feed_item.url for feed_item, _ in items], fetch=fetch, max_bytes=max_bytes,
                             encoding=encoding, published=published, extras=extras, fetcher=fetcher)
        results = itertools.chain(results, (result for _, result in fed))
    for item in results:
        if isinstance(item, InputError):
            side.append(Failed(input_key(item.name), None, None, item.reason, input=item.name))
            continue
        if source is not None and item.source is None:
            item = item.model_copy(update={"source": source})
        key = document_key(item)
        if key in this_run:
            summary.duplicates += 1
            continue
        if key in seen or key in failed:
            summary.skipped += 1
            continue
        this_run.add(key)
        yield Task(key, item)


@dataclass
class _WebInputs:
    """The inputs left to read once stored addresses are set aside: paths and addresses, and feed items."""

    paths: list[str | Path]
    items: list[tuple[FeedItem, str | None]]


def _web_inputs(
    db: CorpusStore,
    paths: Sequence[str | Path],
    feeds: Sequence[str],
    since: dt.date | None,
    summary: RunSummary,
    side: list[Outcome],
    *,
    fetch: FetchOptions,
    fetcher: Fetcher | None,
    retry_failed: bool,
) -> _WebInputs:
    """Open address lists and feeds, and leave out the addresses the store already has (no fetch for them)."""
    if not feeds and not any(is_url(str(p)) or str(p).lower().endswith(".txt") for p in paths):
        return _WebInputs(list(paths), [])
    stored = set() if fetch.refresh else db.stored_urls()
    failed = set() if retry_failed or fetch.refresh else db.failed_keys()

    def new(url: str) -> bool:
        if url in stored or input_key(url) in failed:
            summary.skipped += 1
            return False
        return True

    kept: list[str | Path] = []
    for raw, is_address in expand_inputs([str(p) for p in paths], max_bytes=fetch.max_bytes):
        if not is_address or new(raw):
            kept.append(raw)
    items: list[tuple[FeedItem, str | None]] = []
    for location in feeds:
        try:
            feed = read_feed(location, fetch=fetch, fetcher=fetcher)
        except InputError as err:
            side.append(Failed(input_key(location), None, None, err.reason, input=location))
            continue
        items.extend((item, feed.title) for item in since_date(feed.items, since) if new(item.url))
    return _WebInputs(kept, items)


def _chunks(tasks: Iterator[Task], size: int) -> Iterator[list[Task]]:
    while chunk := list(islice(tasks, size)):
        yield chunk


def count_inputs(paths: Sequence[str | Path]) -> int | None:
    """How many documents `paths` hold, counted cheaply (JSONL lines, files); None for stdin."""
    total = 0
    for raw in paths:
        if str(raw) == STDIN:
            return None
        if is_url(str(raw)):
            total += 1
            continue
        path = Path(raw)
        files = folder_files(path) if path.is_dir() else [path]
        for file in files:
            total += _count_lines(file) if file.suffix.lower() in JSONL_SUFFIXES else 1
    return total


def _count_lines(path: Path) -> int:
    count, last = 0, b"\n"
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                count += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return 1
    return count + (last != b"\n")


# --- backends ------------------------------------------------------------------------------------


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

