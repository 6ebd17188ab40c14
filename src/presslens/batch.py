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
from collections.abc import Callable, Collection, Iterable, Iterator
from functools import partial
from itertools import islice
from pathlib import Path

from .document import Document
from .errors import InputError, PresslensError
from .io import DEFAULT_MAX_BYTES, read_documents
from .io.readers import STDIN, SUFFIXES
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
) -> Iterator[Document | PresslensError]:
    """Analysed documents, or the error of each document that could not be read or analysed.

    Files in `exclude` are skipped when a folder is read (an output file inside
    an input folder); naming one of them directly is the caller's mistake to
    refuse. `encoding` forces how inputs are decoded (see `read_documents`).
    """
    read = partial(read_documents, published=published, max_bytes=max_bytes, encoding=encoding)
    inputs = _read(paths, exclude=exclude, read=read)
    while True:
        chunk = list(islice(inputs, batch_size))
        if not chunk:
            return
        good = [d for d in chunk if isinstance(d, Document)]
        analysed = iter(pipeline.pipe(good, batch_size=batch_size, on_error="return"))
        for item in chunk:
            yield next(analysed) if isinstance(item, Document) else item


def _read(
    paths: Iterable[str | Path],
    *,
    exclude: Collection[Path],
    read: Callable[[list[str | Path]], Iterator[Document | InputError]],
) -> Iterator[Document | InputError]:
    """The reader's stream over `paths`, every folder that holds an excluded file expanded without it."""
    skip = {p.resolve() for p in exclude}
    expanded: list[str | Path] = []
    for raw in paths:
        path = Path(raw)
        if str(raw) == STDIN or not path.is_dir() or not any(s.is_relative_to(path.resolve()) for s in skip):
            expanded.append(raw)
            continue
        # The reader's own walk (sorted, known suffixes), minus the excluded files.
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        kept = [p for p in files if p.resolve() not in skip]
        if files and not kept:
            yield InputError(str(raw), "the folder holds only the output file; nothing else to read")
        expanded.extend(kept or [raw])
    yield from read(expanded)
