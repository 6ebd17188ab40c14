"""Stream many articles through a pipeline: read, analyse, yield results in input order.

Why a stream of results and errors: in a batch one bad document must be
reported while the rest go on (a document that makes a stage fail comes back
as its `StageError`), and each finished document must be written before the
next is analysed so that nothing is lost if the run stops.

Why `exclude`: `presslens analyze news/ -o news/out.jsonl` must not read its
own output (from an earlier run, or the one being written) back as input.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from .document import Document
from .errors import PresslensError
from .fetch import FetchOptions
from .io import DEFAULT_MAX_BYTES, read_documents
from .pipeline import Pipeline


def analyze_paths(
    paths: Iterable[str | Path],
    *,
    pipeline: Pipeline,
    published: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 16,
    exclude: Collection[Path] = (),
    encoding: str | None = None,
    fetch: FetchOptions | None = None,
) -> Iterator[Document | PresslensError]:
    """Analysed documents, or the error of each document that could not be read or analysed.

    Files in `exclude` are skipped when a folder is read (an output file inside
    an input folder); naming one of them directly is the caller's mistake to
    refuse. `encoding` forces how inputs are decoded; `fetch` sets how web
addresses among `paths` are fetched (see `read_documents`).
    """
    inputs = read_documents(paths, published=published, max_bytes=max_bytes, encoding=encoding, exclude=exclude,
                            fetch=fetch)
    # One stream through the pipeline (so the parse of the next batch overlaps the later stages of
    # this one, `Pipeline.pipe`), with the inputs it has read kept in order: an input that could not be
    # read is yielded in its place, before the result of the next document.
    read: deque[Document | PresslensError] = deque()

    def documents() -> Iterator[Document]:
        for item in inputs:
            read.append(item)
            if isinstance(item, Document):
                yield item

    analysed = iter(pipeline.pipe(documents(), batch_size=batch_size, on_error="return"))
    try:
        for result in analysed:
            while not isinstance(read[0], Document):
                yield read.popleft()
            read.popleft()
            yield result
        yield from read  # inputs after the last document, none of them readable
        read.clear()
    finally:
        # Close the stream here, not when the garbage collector does: a signal that arrives while the
        # pipeline's threads shut down then stops the run (exit 129/143) instead of being printed as
        # "Exception ignored" and lost.
        close = getattr(analysed, "close", None)
        if close is not None:
            close()
