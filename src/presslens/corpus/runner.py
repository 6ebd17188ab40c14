"""Run a corpus into the store: read, skip what is stored, analyse on a backend, commit each chunk.

Why this shape: the client (this process) is the only one that reads inputs
and writes the store; workers only run `work.analyse_chunk`. The resume rules
hold once for every backend, because the client applies them while reading
(`inputs`): a document whose key is stored is skipped, one recorded as failed
is skipped unless `retry_failed`, a document seen twice in one run is
analysed once, and stored articles that a stage named in `rerun` has not
analysed (an older version did) get that stage and the stages that read its
layers re-run, reading the other layers back from the store. Where the
chunks run (in this process, in worker processes, on Dask) is `backends`.

Finished chunks are committed in one transaction (`CorpusStore.write`) as
they come back, at most a second after they finish (many chunks together
when many workers finish them quickly), so an interrupted run (Ctrl-C,
SIGKILL, a lost worker) loses at most the chunks in flight and the last
second's results, and the next run picks up from there.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..fetch import Fetcher, FetchOptions
from ..io import DEFAULT_MAX_BYTES
from ..pipeline import RerunPlan, StageSpec
from ..pipeline import rerun_plan as pipeline_rerun_plan
from .backends import make_backend
from .inputs import chunked, count_inputs, find_tasks, web_inputs
from .store import CorpusStore
from .tables import LAYER_TABLES
from .work import DefaultPipeline, Failed, Outcome, PipelineFactory

logger = logging.getLogger(__name__)

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
    backend = make_backend(factory, workers=workers, client=client)

    with ExitStack() as stack:
        db = store if isinstance(store, CorpusStore) else stack.enter_context(CorpusStore.open(store))
        summary = RunSummary(backend=backend.name, workers=backend.workers)
        summary.run = db.begin_run(specs=specs, backend=backend.name, workers=backend.workers)
        side: list[Outcome] = []  # input failures found while reading, written with the next chunk
        stale = db.stale_keys(plan.targets, plan.layers) if plan else []
        fetch = replace(fetch or FetchOptions(), max_bytes=max_bytes)
        fetcher = stack.enter_context(Fetcher(fetch)) if feeds else None  # feeds and their pages share one
        web = web_inputs(db, paths, feeds, since, summary, side, fetch=fetch, fetcher=fetcher,
                         retry_failed=retry_failed)
        tasks = find_tasks(db, web.paths, plan, stale, summary, side, retry_failed=retry_failed, published=published,
                       source=source, max_bytes=max_bytes, encoding=encoding, fetch=fetch, items=web.items,
                       fetcher=fetcher)
        if paths or feeds:
            inputs = count_inputs(web.paths)
            summary.total = None if inputs is None else inputs + len(stale) + len(web.items) + summary.skipped
        elif plan:
            summary.total = len(stale)
        chunks = chunked(tasks, chunk_size)
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


def rerun_plan(specs: Sequence[StageSpec], rerun: Iterable[str]) -> RerunPlan:
    """Which stages a re-run of `rerun` (stage names or layer names) needs, reading back the store's layers."""
    return pipeline_rerun_plan(specs, rerun, stored=tuple(LAYER_TABLES))
