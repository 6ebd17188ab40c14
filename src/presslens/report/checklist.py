"""A fact-checker's checklist: one row per claim, as Markdown, CSV or JSON.

Why pure functions over rows: the `presslens claims` command, the web API
and tests all format the same (document, claim) pairs, and formatting must
not depend on how the documents were read or analysed.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from ..document import Claim, Document, Part
from ..errors import ConfigError
from ..io.csv_safety import csv_writer, safe_cell
from ..voices.speaking import speaker_label
from .text import printable

FORMATS = ("md", "csv", "json")


@dataclass(frozen=True)
class ChecklistRow:
    """One claim to verify, with where it came from."""

    article: str
    document_id: str
    url: str | None
    start: int
    end: int
    claim: str
    speaker: str
    score: float
    quantities: list[str]
    times: list[str]
    entities: list[str]


def _time_label(doc: Document, part: Part) -> str:
    """The time as written, with its resolved value when the times layer has one."""
    for t in doc.times or ():
        if (t.start, t.end) == (part.start, part.end) and t.value:
            return f"{part.text} ({t.value})"
    return part.text


def checklist_rows(pairs: Iterable[tuple[Document, Claim]]) -> list[ChecklistRow]:
    """Rows in input order; the article is named by its title, else its id."""
    rows = []
    for doc, claim in pairs:
        rows.append(
            ChecklistRow(
                article=doc.title or doc.id,
                document_id=doc.id,
                url=doc.url,
                start=claim.start,
                end=claim.end,
                claim=claim.text,
                speaker=speaker_label(claim.voice, claim.speaker, claim.source),
                score=claim.score,
                quantities=[p.text for p in claim.quantities],
                times=[_time_label(doc, p) for p in claim.times],
                entities=[p.text for p in claim.entities],
            )
        )
    return rows


def document_pairs(docs: Iterable[Document]) -> list[tuple[Document, Claim]]:
    """Every (document, claim) pair of analysed documents."""
    return [(doc, claim) for doc in docs for claim in doc.claims or ()]


_MD_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _md_cell(value: str) -> str:
    """Escape what would break a Markdown table cell (pipes, backslashes, line breaks), run as HTML, or reach a terminal.

    Markdown renderers pass raw HTML through, so `<script>` or
    `<img onerror=...>` quoted from an article would be live in the rendered
    table: `&`, `<` and `>` become entities, which every renderer shows as
    the characters they stand for. Markdown is read in terminals as often as it is rendered: control characters from the
    article become visible escapes (`printable`), after the backslashes of the
    text itself are doubled so the two cannot be confused.
    """
    value = value.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ").replace("\t", " ")
    value = "".join(_MD_ESCAPES.get(ch, ch) for ch in value)
    return printable(value).strip()


def to_markdown(rows: Sequence[ChecklistRow]) -> str:
    """A Markdown table; an empty checklist says so instead of printing a bare header."""
    if not rows:
        return "No check-worthy claims found.\n"
    lines = [
        "| # | Claim | Speaker | Score | Quantities | Dates | Article |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, row in enumerate(rows, start=1):
        cells = [
            str(i),
            _md_cell(row.claim),
            _md_cell(row.speaker),
            f"{row.score:.2f}",
            _md_cell("; ".join(row.quantities)),
            _md_cell("; ".join(row.times)),
            f"{_md_cell(row.article)} [{row.start}:{row.end}]",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


CSV_COLUMNS = ("article", "document_id", "url", "start", "end", "claim", "speaker", "score", "quantities", "times", "entities")


def to_csv(rows: Sequence[ChecklistRow]) -> str:
    """CSV with a header row; list cells are joined with '; ', and formula-like text is made inert (`safe_cell`)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        data = asdict(row)
        writer.writerow(
            [
                safe_cell("; ".join(data[c]) if isinstance(data[c], list) else ("" if data[c] is None else data[c]))
                for c in CSV_COLUMNS
            ]
        )
    return buffer.getvalue()


def to_json(rows: Sequence[ChecklistRow]) -> str:
    return json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n"


def format_checklist(rows: Sequence[ChecklistRow], fmt: str) -> str:
    if fmt == "md":
        return to_markdown(rows)
    if fmt == "csv":
        return to_csv(rows)
    if fmt == "json":
        return to_json(rows)
    raise ConfigError(f"unknown checklist format {fmt!r}; use one of {', '.join(FORMATS)}")
