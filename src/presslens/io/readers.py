"""Read articles from .txt, .html/.htm, .jsonl, folders (recursively) and stdin.

Readers yield `Document`s and, for input that cannot be read, `InputError`s
in the same stream: in a batch one bad document is reported and the rest go
on. Readers never analyse; they only build documents whose `text` is exactly
what later stages and the user's offsets refer to, and record on each the
`encoding` its bytes were decoded from.

A document id seen twice in one `read_documents` call is reported as a
`logging` warning on the `presslens.io.readers` logger (the document is still
yielded): a log line rather than a `warnings` warning because it is about the
user's data, not about how the library is called, and `warnings` would show
each message only once per place in the code.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any, BinaryIO, Literal

from ..document import Document, surrogate_field
from ..errors import ConfigError, InputError, JsonlLineError
from ..fetch import FetchOptions
from .dates import parse_date
from .decoding import (
    DEFAULT_MAX_BYTES,
    check_encoding,
    check_size,
    declared_charset,
    decode_bytes,
    require_text,
)
from .html import parse_html
from .pages import page_document

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
STDIN = "-"

ReadResult = Document | InputError
# A result and where it came from ("corpus.jsonl:3"), for messages about duplicate ids.
_Located = tuple[str, ReadResult]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Options:
    published: dt.date | None
    max_bytes: int
    encoding: str | None  # canonical codec name, already checked
    exclude: frozenset[Path] = frozenset()  # resolved paths a folder walk skips (an output file)
    fetch: FetchOptions = dataclasses.field(default_factory=FetchOptions)


def read_documents(
    paths: Iterable[str | Path],
    *,
    published: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    encoding: str | None = None,
    exclude: Iterable[str | Path] = (),
    fetch: FetchOptions | None = None,
) -> Iterator[ReadResult]:
    """Yield a Document (or an InputError) for every article under `paths`.

    `paths` may hold web addresses (http://, https://) and .txt files that
    list only addresses: those pages are fetched by the rules in `fetch`
    (timeouts, robots.txt, delay, cache; `max_bytes` caps them too), a few
    sites at once, and read as HTML or text (see `io.web`).

    Files in `exclude` are skipped when a folder is walked (the output file of
    the run, when it lies inside an input folder).

    `published` is the publication date for documents whose input carries
    none (plain text, stdin, pages without date metadata). `encoding` (a
    Python codec name such as "cp1252") forces how every input is decoded
    instead of detecting it; an unknown name raises ConfigError at once,
    before anything is read. A document id seen twice is logged as a warning.
    """
    skip = frozenset(Path(p).resolve() for p in exclude)
    options = _Options(
        published, max_bytes, None if encoding is None else check_encoding(encoding), skip, fetch or FetchOptions()
    )
    return _warn_duplicate_ids(_read_all(paths, stdin, options))


def read_file(
    path: Path,
    *,
    published: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
) -> Iterator[ReadResult]:
    """Read one file by its extension; JSONL files yield one result per line."""
    options = _Options(published, max_bytes, None if encoding is None else check_encoding(encoding))
    return (result for _, result in _read_file(path, options))


def read_jsonl(
    path: Path,
    *,
    published: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
) -> Iterator[ReadResult]:
    """One article per line: `id`, `text`, optional `title`, `url`, `source`, `published`.

    A malformed line yields a `JsonlLineError` with its line number; reading goes on.
    Blank lines are skipped, and so is a UTF-8 byte-order mark at the start.
    """
    options = _Options(published, max_bytes, None if encoding is None else check_encoding(encoding))
    return (result for _, result in _read_jsonl(path, options))


def _warn_duplicate_ids(results: Iterator[_Located]) -> Iterator[ReadResult]:
    first_seen: dict[str, str] = {}
    for where, result in results:
        if isinstance(result, Document):
            if result.id in first_seen:
                logger.warning(
                    "%s: document id %r was already read from %s; both are analysed, but their "
                    "results share the id: give each article its own id (file name or JSONL 'id')",
                    where, result.id, first_seen[result.id],
                )
            else:
                first_seen[result.id] = where
        yield result


def folder_files(folder: Path) -> list[Path]:
    """The files under `folder` that hold articles (by suffix), in a stable order: the one folder walk."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def _read_all(paths: Iterable[str | Path], stdin: BinaryIO | None, options: _Options) -> Iterator[_Located]:
    from .web import expand_inputs, read_addresses

    inputs = expand_inputs([str(p) for p in paths], max_bytes=options.max_bytes)
    for is_address, group in groupby(inputs, key=lambda item: item[1]):
        if is_address:
            yield from read_addresses(
                [url for url, _ in group], fetch=options.fetch, max_bytes=options.max_bytes,
                encoding=options.encoding, published=options.published,
            )
        else:
            for raw, _ in group:
                yield from _read_local(raw, stdin, options)


def _read_local(raw: str, stdin: BinaryIO | None, options: _Options) -> Iterator[_Located]:
    name = str(raw)
    if name == STDIN:
        yield "stdin", _read_stdin(stdin, options)
        return
    path = Path(raw)
    if path.is_dir():
        found = folder_files(path)
        files = [p for p in found if p.resolve() not in options.exclude]
        if not found:
            yield name, InputError(name, f"folder has no {', '.join(sorted(SUFFIXES))} files")
        elif not files:
            yield name, InputError(name, "the folder holds only the output file; nothing else to read")
        for file in files:
            yield from _read_file(file, options)
    elif path.is_file():
        yield from _read_file(path, options)
    else:
        yield name, InputError(name, "no such file or folder")


def _read_file(path: Path, options: _Options) -> Iterator[_Located]:
    suffix = path.suffix.lower()
    name = str(path)
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, options)
        return
    try:
        check_size(name, path.stat().st_size, options.max_bytes)
        data = path.read_bytes()
        if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES:
            raise InputError(name, f"unsupported file type {suffix!r}; use one of {', '.join(sorted(SUFFIXES))}")
        kind: Kind = "html" if suffix in HTML_SUFFIXES else "text"
        yield name, document_from_bytes(
            name, data, doc_id=path.stem, kind=kind, published=options.published,
            max_bytes=options.max_bytes, encoding=options.encoding,
        )
    except InputError as err:
        yield name, err
    except OSError as err:
        yield name, InputError(name, f"cannot be read: {err.strerror or err}")


Kind = Literal["text", "html"]


def looks_like_html(data: bytes) -> bool:
    """Whether bytes of unknown kind start like a web page (`<!doctype html` or `<html`)."""
    return data[:512].lstrip().lower().startswith((b"<!doctype html", b"<html"))


def document_from_bytes(
    name: str,
    data: bytes,
    *,
    doc_id: str,
    kind: Kind | None = None,
    published: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
) -> Document:
    """One article from the bytes of a file, stdin or an upload: the one way bytes become a `Document`.

    `kind` None: a page when the bytes start like one (`looks_like_html`), else plain text. A page's
    own date wins over `published`. `name` names the input in errors; InputError for what cannot be read.
    """
    if kind is None:
        kind = "html" if looks_like_html(data) else "text"
    if kind == "text":
        text, used = decode_bytes(name, data, max_bytes=max_bytes, encoding=encoding)
        return Document(
            id=doc_id, text=text, published=published, published_from="given" if published is not None else None, encoding=used
        )
    html, used = decode_bytes(name, data, max_bytes=max_bytes, encoding=encoding, declared=declared_charset(data))
    return page_document(doc_id, parse_html(name, html), encoding=used, published=published)


def _read_stdin(stream: BinaryIO | None, options: _Options) -> ReadResult:
    """stdin is plain text unless it starts like an HTML page."""
    try:
        data = _stdin_bytes(stream, options.max_bytes)
        check_size("stdin", len(data), options.max_bytes)
        return document_from_bytes(
            "stdin", data, doc_id="stdin", published=options.published,
            max_bytes=options.max_bytes, encoding=options.encoding,
        )
    except InputError as err:
        return err


def _stdin_bytes(stream: BinaryIO | None, max_bytes: int) -> bytes:
    """Up to `max_bytes + 1` bytes of stdin; InputError when there is no stdin to read."""
    hint = "pipe an article in (cat story.txt | presslens analyze -) or give a file path"
    if stream is None:
        # sys.stdin is None when the process starts with file descriptor 0 closed (`<&-`).
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise InputError("stdin", f"is closed or not a byte stream, so there is nothing to read; {hint}")
    try:
        return stream.read(max_bytes + 1)
    except (OSError, ValueError) as err:  # ValueError: "I/O operation on closed file"
        raise InputError("stdin", f"cannot be read ({err}); {hint}") from None


def _read_jsonl(path: Path, options: _Options) -> Iterator[_Located]:
    name = str(path)
    codec = options.encoding or "utf-8"
    if "\n".encode(codec) != b"\n":
        yield name, InputError(name, f"JSONL lines cannot be split in {codec}; convert the file to UTF-8 first")
        return
    try:
        handle = path.open("rb")
    except OSError as err:
        yield name, InputError(name, f"cannot be read: {err.strerror or err}")
        return
    with handle:
        seen = False
        try:
            for number, raw in enumerate(_bounded_lines(handle, options.max_bytes), start=1):
                where = f"{name}:{number}"
                if number == 1 and isinstance(raw, bytes):
                    if options.encoding is None and raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                        yield name, InputError(
                            name,
                            "starts with a UTF-16 byte-order mark, but JSONL must be UTF-8; convert it, "
                            f"e.g. iconv -f UTF-16 -t UTF-8 {name} > utf8.jsonl",
                        )
                        return
                    if codec == "utf-8" and raw.startswith(codecs.BOM_UTF8):
                        raw = raw[len(codecs.BOM_UTF8):]
                if isinstance(raw, bytes) and not raw.strip():
                    continue
                seen = True
                try:
                    yield where, _jsonl_document(name, number, raw, codec, options)
                except JsonlLineError as err:
                    yield where, err
        except OSError as err:
            yield name, InputError(name, f"cannot be read: {err.strerror or err}")
            return
        if not seen:
            yield name, InputError(name, "the JSONL file is empty (no articles)")


def _bounded_lines(handle: BinaryIO, limit: int) -> Iterator[bytes | int]:
    """Each line (newline included) of at most `limit` bytes, or the size of a longer one.

    Why not `for line in handle`: one huge line would be read into memory whole
    before its size could be checked.
    """
    while line := handle.readline(limit + 1):
        if len(line) <= limit:
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n") and (line := handle.readline(1 << 16)):
            size += len(line)
        yield size


_JSONL_FIELDS = ("id", "text", "title", "url", "source", "published")


def _jsonl_document(name: str, number: int, raw: bytes | int, codec: str, options: _Options) -> Document:
    def fail(reason: str) -> JsonlLineError:
        return JsonlLineError(name, number, reason)

    if isinstance(raw, int):
        raise fail(f"{raw:,} bytes is over the size limit of {options.max_bytes:,} bytes")
    try:
        # Without its line ending, an unterminated string is reported as one, not as a bad "\n".
        record: Any = json.loads(raw.decode(codec).rstrip("\r\n"))
    except UnicodeDecodeError as err:
        raise fail(
            f"not valid {codec} (byte 0x{raw[err.start]:02x} at column {err.start + 1}); "
            "JSONL must be UTF-8: convert the file, or name its encoding with --encoding"
        ) from None
    except json.JSONDecodeError as err:
        # Some messages end in "at" ("Unterminated string starting at"): say it once.
        raise fail(f"not valid JSON ({err.msg.removesuffix(' at')} at column {err.colno})") from None
    except RecursionError:
        # Python's parser recurses once per level: a line nested thousands deep must fail alone, not the run.
        raise fail("JSON nested too deeply to read; an article is one flat object with 'id' and 'text'") from None
    except ValueError as err:  # valid syntax that Python refuses, e.g. an integer of over 4300 digits
        raise fail(f"not valid JSON ({err})") from None
    if not isinstance(record, dict):
        raise fail(f"expected a JSON object with 'id' and 'text', got {type(record).__name__}")
    for key in ("id", "text"):
        if key not in record:
            raise fail(f"missing required field {key!r} (fields: {', '.join(_JSONL_FIELDS)})")
    if not isinstance(record["text"], str):
        raise fail(f"'text' must be a string, got {type(record['text']).__name__}")
    for key in ("id", "title", "url", "source"):
        value = record.get(key)
        if not (isinstance(value, str | int | float) and not isinstance(value, bool)) and (key == "id" or value is not None):
            raise fail(f"{key!r} must be a string{'' if key == 'id' else ' or null'}, got {_json_type(value)}")
    doc_id, text = str(record["id"]), record["text"]
    title, url, source = (_optional_str(record.get(key)) for key in ("title", "url", "source"))
    problem = surrogate_field({"id": doc_id, "text": text, "title": title, "url": url, "source": source})
    if problem is not None:
        raise fail(problem)
    try:
        require_text(f"{name}:{number}", text)
    except InputError as err:
        raise fail(err.reason) from None
    when = options.published
    if record.get("published"):
        try:
            when = parse_date(record["published"])
        except ConfigError as err:
            raise fail(f"'published': {err}") from None
    return Document(
        id=doc_id,
        text=text,
        title=title,
        url=url,
        source=source,
        published=when,
        encoding=codecs.lookup(codec).name,
    )


def _json_type(value: Any) -> str:
    """How JSON spells the type of `value`, for error messages ("null", "an array")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


