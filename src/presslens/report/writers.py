"""The presentation formats of the output registry: the terminal summary, the HTML report, the checklist.

Why here: `presslens.io.writers` holds the registry and the formats that are
plain data (JSON, JSONL); what presents documents to a reader lives in
report/, which registers its writers into that registry when imported (the
CLI imports it), so io/ never imports report/.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from rich.console import Console

from ..document import Document
from ..io.writers import DocumentWriter, WriterOptions, WriterSpec, register_writer
from .checklist import checklist_rows, document_pairs, format_checklist
from .html import render_report
from .terminal import print_summary


class HtmlWriter:
    """One self-contained HTML report of every document, written when the run ends."""

    def __init__(self, out: TextIO, options: WriterOptions) -> None:
        self._out = out
        self._docs: list[Document] = []

    def write(self, doc: Document) -> None:
        self._docs.append(doc)

    def close(self, *, errors: Sequence[str] = ()) -> None:
        self._out.write(render_report(self._docs, errors=errors))
        self._out.flush()


class TextWriter:
    """The terminal summary of each document (rich), printed as it is analysed."""

    def __init__(self, out: TextIO, options: WriterOptions) -> None:
        self._console = Console(file=out, width=options.width)

    def write(self, doc: Document) -> None:
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
        self._out.write(format_checklist(checklist_rows(document_pairs(self._docs)), self._fmt))
        self._out.flush()


def _checklist(fmt: str) -> Callable[[TextIO, WriterOptions], DocumentWriter]:
    return lambda out, options: ChecklistWriter(out, options, fmt=fmt)


for _spec in (
    WriterSpec("text", "documents", TextWriter, "a readable summary per article", errors="backslashreplace", order=0),
    WriterSpec("html", "documents", HtmlWriter, "one self-contained report", order=3),
    WriterSpec("md", "checklist", _checklist("md"), "a Markdown table", errors="backslashreplace", order=0),
    WriterSpec("csv", "checklist", _checklist("csv"), "CSV with a header row", order=1),
    WriterSpec("json", "checklist", _checklist("json"), "a JSON array of rows", order=2),
):
    register_writer(_spec)
