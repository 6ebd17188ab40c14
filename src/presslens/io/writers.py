"""Write analysed documents: one registry of output formats, and output files replaced atomically.

Why a registry: `presslens analyze`, `presslens claims` and the tests name
formats by the same strings (`json`, `jsonl`, `html`, `text`, `md`, `csv`),
and a command looks its writer up by name instead of dispatching inside the
command. A writer takes documents one by one (`write`) and is told when the
run is over (`close`), which is when whole-file formats (HTML, a checklist,
one JSON object) write everything.

Why atomic output files (`OutputFile`): the output is written to a temporary
file beside the target and renamed over it only when the run has produced
something, so

- reading a file and writing the same path cannot destroy the input, and a
  run that fails on its only input, or is interrupted before anything was
  analysed, leaves an earlier output untouched;
- JSON, HTML, text and checklists are all or nothing: an interrupted or failed
  run leaves the previous file as it was;
- JSONL is streamed: each line is flushed as soon as its document is
  analysed, and on an interruption or a crash the complete lines written so
  far are still renamed into place (a partial last line is cut off), so a
  long batch never loses finished work. If no line was complete, the
  previous file is left as it was.

Targets that are not regular files (`/dev/stdout`, a FIFO, `/dev/full`) are
written directly: they cannot be replaced, and renaming over them would be wrong.

Why JSON strings escape more than `json.dumps` does: U+2028, U+2029 and U+0085
are line breaks to `str.splitlines` and to many JSONL readers, so one record
would split into two; C1 controls act on terminals when the output is shown;
a lone surrogate (legal in a JSON input string) cannot be encoded as UTF-8 at
all. All of them are written as `\\uXXXX` escapes, which every JSON parser
reads back to the same string, so offsets still match.
"""

from __future__ import annotations

import codecs
import errno
import io
import json
import os
import re
import secrets
import stat
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol, TextIO

from ..document import DEFAULT_OUTPUT_LAYERS, LAYERS, Document
from ..errors import ConfigError

Product = Literal["documents", "checklist"]
"""What a format writes: one record or summary per document, or a fact-checking checklist of claims."""

_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _u_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(data: Any, *, indent: int | None = None, ascii_only: bool = False) -> str:
    """`data` as JSON, text kept readable, line separators and controls escaped (see module doc).

    `ascii_only` escapes every non-ASCII character, for a stream whose
    encoding is not a Unicode one (a console set to cp1252 or ASCII).
    """
    return _JSON_UNSAFE.sub(_u_escape, json.dumps(data, ensure_ascii=ascii_only, indent=indent))


def _unicode_stream(out: TextIO) -> bool:
    """Whether `out` can encode any character (UTF-8, UTF-16, UTF-32); an unknown encoding counts as UTF-8."""
    encoding = getattr(out, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return True


def document_json(doc: Document, *, layers: tuple[str, ...] = DEFAULT_OUTPUT_LAYERS) -> dict[str, Any]:
    """The JSON contract of one document (the layers named in `layers`, when present)."""
    return doc.to_dict(layers=layers)


def write_jsonl_line(out: TextIO, data: dict[str, Any]) -> None:
    """Write one JSONL record and flush it, so a complete line survives an interruption."""
    out.write(json_text(data, ascii_only=not _unicode_stream(out)) + "\n")
    out.flush()


def write_json(out: TextIO, data: dict[str, Any] | list[dict[str, Any]]) -> None:
    """Write one indented JSON value and a final newline."""
    out.write(json_text(data, indent=2, ascii_only=not _unicode_stream(out)) + "\n")
    out.flush()


def output_layers(*, tokens: bool) -> tuple[str, ...]:
    """The layers written to JSON: the default contract, plus tokens on request."""
    return LAYERS if tokens else DEFAULT_OUTPUT_LAYERS


# --- writers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WriterOptions:
    """What a writer needs to know besides the stream.

    `single`: the run reads one plain article (a file or stdin), so `json` is
    one object rather than one line per article. `width`: columns of the
    terminal summary when it goes to a file (None: the terminal's own width).
    """

    layers: tuple[str, ...] = DEFAULT_OUTPUT_LAYERS
    single: bool = False
    width: int | None = None


class DocumentWriter(Protocol):
    """Writes analysed documents to one stream."""

    def write(self, doc: Document) -> None:
        """Take one analysed document (streaming formats write it at once)."""

    def close(self, *, errors: Sequence[str] = ()) -> None:
        """The run is over: write what whole-file formats hold; `errors` name the documents that failed."""


class JsonlWriter:
    """One JSON object per line, flushed per document."""

    def __init__(self, out: TextIO, options: WriterOptions) -> None:
        self._out = out
        self._layers = options.layers

    def write(self, doc: Document) -> None:
        write_jsonl_line(self._out, document_json(doc, layers=self._layers))

    def close(self, *, errors: Sequence[str] = ()) -> None:
        self._out.flush()


class JsonWriter(JsonlWriter):
    """One indented object for a single article; one line per article for several (as documented in the README)."""

    def __init__(self, out: TextIO, options: WriterOptions) -> None:
        super().__init__(out, options)
        self._single = options.single

    def write(self, doc: Document) -> None:
        if self._single:
            write_json(self._out, document_json(doc, layers=self._layers))
        else:
            super().write(doc)


class HtmlWriter:
    """One self-contained HTML report of every document, written when the run ends."""

    def __init__(self, out: TextIO, options: WriterOptions) -> None:
        self._out = out
        self._docs: list[Document] = []

    def write(self, doc: Document) -> None:
        self._docs.append(doc)

    def close(self, *, errors: Sequence[str] = ()) -> None:
        from ..report.html import render_report

        self._out.write(render_report(self._docs, errors=errors))
        self._out.flush()


class TextWriter:
    """The terminal summary of each document (rich), printed as it is analysed."""

    def __init__(self, out: TextIO, options: WriterOptions) -> None:
        from rich.console import Console

        self._console = Console(file=out, width=options.width)

    def write(self, doc: Document) -> None:
        from ..report.terminal import print_summary

        print_summary(doc, console=self._console)

    def close(self, *, errors: Sequence[str] = ()) -> None:
        self._console.file.flush()


class ChecklistWriter:
    """A fact-checker's checklist of every claim (report.checklist), written when the run ends."""

    def __init__(self, out: TextIO, options: WriterOptions, *, fmt: str) -> None:
        self._out = out
        self._fmt = fmt
        self._docs: list[Document] = []

    def write(self, doc: Document) -> None:
        self._docs.append(doc)

    @property
    def claims(self) -> int:
        """Claims listed so far (for the command's closing message)."""
        return sum(len(doc.claims or ()) for doc in self._docs)

    def close(self, *, errors: Sequence[str] = ()) -> None:
        from ..report.checklist import checklist_rows, document_pairs, format_checklist

        self._out.write(format_checklist(checklist_rows(document_pairs(self._docs)), self._fmt))
        self._out.flush()


@dataclass(frozen=True)
class WriterSpec:
    """A registered output format.

    `streams`: the writer puts each document on the stream as it comes, so
    what is complete is kept when a run is interrupted (JSONL). `errors`: how
    characters that the stream's encoding cannot represent are written.
    """

    name: str
    product: Product
    factory: Callable[[TextIO, WriterOptions], DocumentWriter]
    help: str
    streams: bool = False
    errors: str = "strict"


WRITERS: dict[tuple[Product, str], WriterSpec] = {}


def register_writer(spec: WriterSpec) -> WriterSpec:
    """Add (or replace) an output format; the CLI's `--format` choices come from here."""
    WRITERS[(spec.product, spec.name)] = spec
    return spec


def writer_names(product: Product) -> list[str]:
    """The format names of one product, in registration order (the first is the default)."""
    return [name for (p, name) in WRITERS if p == product]


def get_writer(product: Product, name: str) -> WriterSpec:
    """The registered writer, or a ConfigError naming the valid formats."""
    try:
        return WRITERS[(product, name)]
    except KeyError:
        raise ConfigError(f"unknown format {name!r}; use one of {', '.join(writer_names(product))}") from None


def _checklist(fmt: str) -> Callable[[TextIO, WriterOptions], DocumentWriter]:
    return lambda out, options: ChecklistWriter(out, options, fmt=fmt)


for _spec in (
    WriterSpec("text", "documents", TextWriter, "a readable summary per article", errors="backslashreplace"),
    WriterSpec("json", "documents", JsonWriter, "one object (one line per article for several)"),
    WriterSpec("jsonl", "documents", JsonlWriter, "one object per line, kept line by line", streams=True),
    WriterSpec("html", "documents", HtmlWriter, "one self-contained report"),
    WriterSpec("md", "checklist", _checklist("md"), "a Markdown table", errors="backslashreplace"),
    WriterSpec("csv", "checklist", _checklist("csv"), "CSV with a header row"),
    WriterSpec("json", "checklist", _checklist("json"), "a JSON array of rows"),
):
    register_writer(_spec)


# --- output files ---------------------------------------------------------------------------


class OutputFile:
    """Where a command writes: stdout, a file replaced atomically, or a device written directly.

    Use as a context manager. Opening creates the temporary file at once, so
    a folder that cannot be written fails before any model is loaded. Call
    `document_done()` after each document the writer finished; it decides,
    when the block ends, whether the target is replaced (see the module doc).
    `OSError`s are not caught: the caller turns them into a message.
    """

    def __init__(self, path: Path | None, *, streams: bool = False, errors: str = "strict") -> None:
        self.path = path
        self.documents = 0
        self.replaced = False
        self._streams = streams
        self._errors = errors
        self._tmp: Path | None = None
        self._complete = 0  # bytes of the temporary file that hold complete documents
        self.stream: TextIO = sys.stdout

    def __enter__(self) -> OutputFile:
        if self.path is None:
            if sys.stdout is None:  # the process started with stdout closed (`>&-`)
                raise OSError(errno.EBADF, "stdout is closed")
            _set_errors(sys.stdout, self._errors)
            self.stream = sys.stdout
            return self
        target = self.path.resolve()  # write beside the real file, not over a symlink
        if target.exists() and not target.is_file():
            self.stream = open(target, "w", encoding="utf-8", errors=self._errors)
            return self
        name = f".{target.name}.{secrets.token_hex(4)}.tmp"
        self._tmp = target.with_name(name)
        fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        self.stream = open(fd, "w", encoding="utf-8", errors=self._errors, newline="")
        return self

    def document_done(self) -> None:
        """One more document is completely written (and flushed)."""
        self.documents += 1
        if self._tmp is not None:
            self.stream.flush()
            self._complete = self.stream.tell()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.path is None:
            self.stream.flush()
            return
        if self._tmp is None:  # a device or FIFO: written in place
            if exc_type is None:
                self.stream.close()  # a failing final flush (/dev/full) is the caller's error
            else:
                _close_quietly(self.stream)
            return
        keep = self.documents > 0 and (exc_type is None or self._streams)
        try:
            if keep:
                self._replace(failed=exc_type is not None)
        finally:
            _close_quietly(self.stream)
            if self._tmp.exists():
                self._tmp.unlink()

    def _replace(self, *, failed: bool) -> None:
        assert self._tmp is not None and self.path is not None
        target = self.path.resolve()
        if failed:
            # Keep only complete documents: a line cut by the interruption is dropped.
            _close_quietly(self.stream)
            os.truncate(self._tmp, self._complete)
        else:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
        if target.exists():
            os.chmod(self._tmp, stat.S_IMODE(target.stat().st_mode))
        os.replace(self._tmp, target)
        self.replaced = True


def _close_quietly(stream: TextIO) -> None:
    """Close a stream whose content is being discarded or was already saved; a failing flush does not matter then."""
    try:
        stream.close()
    except OSError:
        pass


def _set_errors(stream: TextIO, errors: str) -> None:
    """Make stdout write unencodable characters as escapes for human-readable formats."""
    if errors != "strict" and isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors=errors)
