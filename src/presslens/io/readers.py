"""Read articles from .txt, .html/.htm, .jsonl, folders (recursively) and stdin.

Readers yield `Document`s and, for input that cannot be read, `InputError`s
in the same stream: in a batch one bad document is reported and the rest go
on. Readers never analyse; they only build documents whose `text` is exactly
what later stages and the user's offsets refer to.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..document import Document
from ..errors import InputError, JsonlLineError
from .decoding import DEFAULT_MAX_BYTES, check_size, decode_bytes, require_text
from .html import parse_html

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
STDIN = "-"

ReadResult = Document | InputError


def read_documents(
    paths: Iterable[str | Path],
    *,
    published: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[ReadResult]:
    """Yield a Document (or an InputError) for every article under `paths`.

    `published` is the publication date for documents whose input carries
    none (plain text, stdin, pages without date metadata).
    """
    for raw in paths:
        name = str(raw)
        if name == STDIN:
            yield _read_stdin(stdin or sys.stdin.buffer, published=published, max_bytes=max_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                yield InputError(name, f"folder has no {', '.join(sorted(SUFFIXES))} files")
            for file in files:
                yield from read_file(file, published=published, max_bytes=max_bytes)
        elif path.is_file():
            yield from read_file(path, published=published, max_bytes=max_bytes)
        else:
            yield InputError(name, "no such file or folder")


def read_file(
    path: Path, *, published: dt.date | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ReadResult]:
    """Read one file by its extension; JSONL files yield one result per line."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, published=published, max_bytes=max_bytes)
        return
    try:
        check_size(str(path), path.stat().st_size, max_bytes)
        data = path.read_bytes()
        if suffix in HTML_SUFFIXES:
            yield _from_html(str(path), path.stem, data, published=published, max_bytes=max_bytes)
        elif suffix in TEXT_SUFFIXES:
            text = decode_bytes(str(path), data, max_bytes=max_bytes)
            yield Document(id=path.stem, text=text, published=published)
        else:
            raise InputError(
                str(path), f"unsupported file type {suffix!r}; use one of {', '.join(sorted(SUFFIXES))}"
            )
    except InputError as err:
        yield err
    except OSError as err:
        yield InputError(str(path), f"cannot be read: {err.strerror or err}")


def _from_html(
    name: str, doc_id: str, data: bytes, *, published: dt.date | None, max_bytes: int
) -> Document:
    html = decode_bytes(name, data, max_bytes=max_bytes)
    page = parse_html(name, html)
    return Document(
        id=doc_id,
        text=page.text,
        title=page.title,
        source=page.site,
        url=page.url,
        published=page.published or published,
    )


def _read_stdin(stream: BinaryIO, *, published: dt.date | None, max_bytes: int) -> ReadResult:
    """stdin is plain text unless it starts like an HTML page."""
    try:
        data = stream.read(max_bytes + 1)
        check_size("stdin", len(data), max_bytes)
        head = data[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")):
            return _from_html("stdin", "stdin", data, published=published, max_bytes=max_bytes)
        return Document(id="stdin", text=decode_bytes("stdin", data, max_bytes=max_bytes), published=published)
    except InputError as err:
        return err


def read_jsonl(
    path: Path, *, published: dt.date | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ReadResult]:
    """One article per line: `id`, `text`, optional `title`, `url`, `source`, `published`.

    A malformed line yields a `JsonlLineError` with its line number; reading goes on.
    Blank lines are skipped.
    """
    name = str(path)
    try:
        handle = path.open("rb")
    except OSError as err:
        yield InputError(name, f"cannot be read: {err.strerror or err}")
        return
    with handle:
        seen = False
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            seen = True
            try:
                yield _jsonl_document(name, number, raw, published=published, max_bytes=max_bytes)
            except JsonlLineError as err:
                yield err
        if not seen:
            yield InputError(name, "the JSONL file is empty (no articles)")


_JSONL_FIELDS = ("id", "text", "title", "url", "source", "published")


def _jsonl_document(
    name: str, number: int, raw: bytes, *, published: dt.date | None, max_bytes: int
) -> Document:
    def fail(reason: str) -> JsonlLineError:
        return JsonlLineError(name, number, reason)

    if len(raw) > max_bytes:
        raise fail(f"{len(raw):,} bytes is over the size limit of {max_bytes:,} bytes")
    try:
        record: Any = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise fail(f"not UTF-8 (byte {err.start}); JSONL must be UTF-8") from None
    except json.JSONDecodeError as err:
        raise fail(f"not valid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(record, dict):
        raise fail(f"expected a JSON object with 'id' and 'text', got {type(record).__name__}")
    for key in ("id", "text"):
        if key not in record:
            raise fail(f"missing required field {key!r} (fields: {', '.join(_JSONL_FIELDS)})")
    if not isinstance(record["text"], str):
        raise fail(f"'text' must be a string, got {type(record['text']).__name__}")
    try:
        require_text(f"{name}:{number}", record["text"])
    except InputError as err:
        raise fail(err.reason) from None
    when = published
    if record.get("published"):
        when = _parse_date(record["published"])
        if when is None:
            raise fail(f"'published' must be an ISO date like 2024-03-05, got {record['published']!r}")
    return Document(
        id=str(record["id"]),
        text=record["text"],
        title=_optional_str(record.get("title")),
        url=_optional_str(record.get("url")),
        source=_optional_str(record.get("source")),
        published=when,
    )


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
