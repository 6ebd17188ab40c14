"""What a corpus run analyses: the documents under its inputs, less what the store holds, counted ahead.

Why apart from the run loop: reading inputs is the client's other job
besides writing the store, and the resume rules that decide what is read
(an address already stored is not fetched again, a stored or failed key is
skipped, a key met twice in one run is analysed once) are all here, in the
order a run applies them: `web_inputs` opens address lists and feeds and
sets aside the stored addresses before anything is fetched; `find_tasks`
reads the rest (and the stored articles a re-run needs) into `Task`s;
`count_inputs` gives the progress bar its total without reading any document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING

from ..document import Document
from ..errors import InputError
from ..fetch import Fetcher, FetchOptions, is_url
from ..io import read_documents
from ..io.feeds import FeedItem, read_feed
from ..io.feeds import since as since_date
from ..io.readers import JSONL_SUFFIXES, STDIN, folder_files
from ..io.web import expand_inputs, read_addresses
from ..pipeline import RerunPlan
from .keys import document_key, input_key
from .store import CorpusStore
from .work import Failed, Outcome, Task

if TYPE_CHECKING:
    from .runner import RunProgress

_LOAD_BATCH = 64  # stored articles read back per query when re-running a stage


def find_tasks(
    db: CorpusStore,
    paths: Sequence[str | Path],
    plan: RerunPlan | None,
    keys: Sequence[str],
    summary: RunProgress,
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
    """The tasks of a run: the stored articles `plan` re-runs (`keys`), then every new document read.

    A stored or failed key counts as skipped and a key met twice as a
    duplicate (in `summary`); an input that cannot be read goes to `side` as a failure.
    """
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
        results = chain(results, (result for _, result in fed))
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
class WebInputs:
    """The inputs left to read once stored addresses are set aside: paths and addresses, and feed items."""

    paths: list[str | Path]
    items: list[tuple[FeedItem, str | None]]


def web_inputs(
    db: CorpusStore,
    paths: Sequence[str | Path],
    feeds: Sequence[str],
    since: dt.date | None,
    summary: RunProgress,
    side: list[Outcome],
    *,
    fetch: FetchOptions,
    fetcher: Fetcher | None,
    retry_failed: bool,
) -> WebInputs:
    """Open address lists and feeds, and leave out the addresses the store already has (no fetch for them)."""
    if not feeds and not any(is_url(str(p)) or str(p).lower().endswith(".txt") for p in paths):
        return WebInputs(list(paths), [])
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
    return WebInputs(kept, items)


def chunked(tasks: Iterator[Task], size: int) -> Iterator[list[Task]]:
    """`tasks` in lists of `size`, taken lazily so only the chunks in flight are in memory."""
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
