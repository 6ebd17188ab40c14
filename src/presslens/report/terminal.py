"""A readable terminal summary of one analysed article (rich).

What a reader wants first: which actors appear, which dates are mentioned and
what they resolve to, who is quoted, which persuasion techniques appear (with
an example span each) and which claims are worth checking. Layers that were
not produced say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..actors.summary import naming_rows
from ..document import Document
from ..techniques.shipped import shipped_display_facts
from ..voices.speaking import speaker_label
from .findings import recall_sentence
from .summary import (
    LAYER_TITLES,
    actors,
    byline,
    layer_counts,
    published_label,
    technique_counts,
    technique_examples,
    technique_title,
    voice_split,
)
from .text import clip, printable
from .voices import render as render_voices

_R = TypeVar("_R")


def render_summary(doc: Document, *, max_rows: int = 10) -> Panel:
    """A rich renderable summarising `doc`."""
    counts = layer_counts(doc)
    head = Text()
    head.append(printable(doc.title or doc.id), style="bold")
    head.append(f"\nid {printable(doc.id)}")
    head.append(f"  published {published_label(doc)}")
    if doc.source:
        head.append(f"  outlet {printable(doc.source)}")
    if doc.authors:
        head.append(f"\nby {printable(byline(doc) or '')}")
    if doc.url and doc.url != doc.id:
        head.append(f"\n{printable(doc.url)}")
    if doc.fetched_at:
        final = f" from {printable(doc.final_url)}" if doc.final_url and doc.final_url != doc.url else ""
        head.append(f"\nfetched {doc.fetched_at.isoformat()}{final}")
    head.append(f"\n{len(doc.text):,} characters  ")
    head.append("  ".join(f"{LAYER_TITLES[k].lower()}: {'n/a' if v is None else v}" for k, v in counts.items()))
    parts: list[Any] = [head]
    if doc.entities is not None:
        table = Table(title="Actors", title_justify="left", expand=False)
        for col in ("actor", "type", "mentions", "written as"):
            table.add_column(col, overflow="fold")
        named = [a for a in actors(doc.entities) if a.label in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")]
        for a in _cut(table, named, max_rows):
            _row(table, a.canonical, a.label, str(a.mentions), ", ".join(sorted(a.variants)))
        parts.extend(_shown(table))
    if doc.actors is not None:
        parts.extend(_shown(_naming(doc, max_rows)))
    if doc.times is not None and doc.times:
        table = Table(title="Dates and times", title_justify="left")
        table.add_column("expression")
        table.add_column("value")
        for t in _cut(table, doc.times, max_rows):
            _row(table, t.text, t.value or "unresolved")
        parts.extend(_shown(table))
    if doc.quotes is not None:
        table = Table(title="Quotes", title_justify="left")
        for col in ("speaker", "kind", "content"):
            table.add_column(col, overflow="fold")
        for q in _cut(table, doc.quotes, max_rows):
            _row(table, q.speaker or "unresolved", q.kind, clip(q.content.text, 100))
        parts.extend(_shown(table))
    voices = render_voices(doc) if doc.voices is not None else []
    if voices:
        table = Table(title="Voices", title_justify="left")
        for col in ("voice", "words", "quoted", "paraphrased", "techniques in this voice"):
            table.add_column(col, overflow="fold")
        for v in _cut(table, voices, max_rows):
            techniques = "; ".join(f"{technique_title(k)} {n}" for k, n in v["techniques"].items()) or "none"
            _row(table, v["speaker"], v["words"], v["quoted_words"], v["paraphrased_words"], techniques)
        parts.extend(_shown(table))
    if doc.techniques is not None:
        table = Table(title="Persuasion techniques", title_justify="left")
        for col in ("technique", "spans", "author / quoted / paraphrased", "example"):
            table.add_column(col, overflow="fold")
        split = voice_split(doc.techniques)
        examples = technique_examples(doc.techniques, per_technique=1)
        for technique, count in _cut(table, technique_counts(doc.techniques), max_rows):
            ex = examples[technique][0]
            _row(
                table,
                technique_title(technique),
                str(count),
                "/".join(str(split[v][technique]) for v in ("author", "quoted", "paraphrased")),
                f"{clip(ex.text, 60)!r} ({ex.score:.2f})",
            )
        parts.extend(_shown(table))
        lane = technique_counts(doc.techniques, lane="candidate")
        if lane:
            listed = ", ".join(f"{technique_title(k)} {n}" for k, n in lane)
            parts.append(Text(f"Candidates (low precision, not counted above): {listed}", style="dim"))
        parts.append(Text(recall_sentence(shipped_display_facts()), style="dim"))
    if doc.claims is not None:
        table = Table(title="Check-worthy claims", title_justify="left")
        for col in ("score", "speaker", "claim"):
            table.add_column(col, overflow="fold")
        for c in _cut(table, sorted(doc.claims, key=lambda c: -c.score), max_rows):
            _row(table, f"{c.score:.2f}", speaker_label(c.voice, c.speaker, c.source), clip(c.text, 120))
        parts.extend(_shown(table))
    missing = [LAYER_TITLES[k] for k, v in counts.items() if v is None]
    if missing:
        parts.append(Text(f"Not available in this version: {', '.join(missing)}", style="dim"))
    return Panel(Group(*parts), title="presslens", expand=False)


def _naming(doc: Document, max_rows: int) -> Table:
    """How the article names each actor: descriptions and labels beside the names (actors layer)."""
    table = Table(title="How actors are named", title_justify="left")
    for col in ("actor", "names", "descriptions and labels (kind, voice)"):
        table.add_column(col, overflow="fold")
    for r in _cut(table, naming_rows(doc), max_rows):
        _row(table, r.actor, ", ".join(r.names) or "\u2014", "; ".join(r.descriptions))
    return table


# How to see every row of a table the summary cuts.
SEE_ALL = "--format html or --format json shows them all"


def _cut(table: Table, rows: Sequence[_R], max_rows: int) -> Sequence[_R]:
    """The first `max_rows` rows; when some are left out, the table's caption says how many and how to see them."""
    if len(rows) > max_rows:
        table.caption = f"+{len(rows) - max_rows:,} more ({SEE_ALL})"
    return rows[:max_rows]


def _shown(table: Table) -> list[Any]:
    """The table, with its "+N more" caption as a line of its own (a caption would wrap at the table's width)."""
    caption, table.caption = table.caption, None
    return [table] if caption is None else [table, Text(str(caption), style="dim")]


def _row(table: Table, *cells: Any) -> None:
    """Add a row as plain, printable Text.

    Article strings may contain [brackets] that rich would read as markup, and
    escape sequences that would act on the terminal (see `text.printable`).
    """
    table.add_row(*(Text(printable(str(c))) for c in cells))


def print_summary(doc: Document, *, console: Console) -> None:
    """Print the summary of `doc`; every string from the article is made printable first."""
    console.print(render_summary(doc))
