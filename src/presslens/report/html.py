"""A self-contained HTML report: each article at a glance, highlighted, explained and tabled.

Why one file with inline CSS and no script: reports are mailed, archived,
printed and opened offline, so nothing may be fetched from a network and
nothing may depend on JavaScript. The layer switches are checkboxes read by
CSS (`:has`); where a browser lacks it every layer simply stays shown.

Every string that comes from an article (text, titles, names, URLs) is
HTML-escaped: an article containing `<script>` shows it as text.

Each article shows, in reading order: a visual summary (technique spans per
voice, and a strip of the article's length where every technique, quote and
claim is a link to its passage), the article with its findings highlighted
(each technique and claim followed by a tag that names it, links to its
definition and describes it to screen readers), the techniques found with
their definitions, then tables that never break words. Names, colours,
codes and definitions come from `presentation`, shared with the other
reports; the legend closes the report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from ..actors.summary import naming_rows
from ..document import Claim, Document, Technique
from ..techniques.shipped import shipped_display_facts
from ..voices.speaking import speaker_label
from ..voices.summary import count_words
from . import presentation as p
from .findings import CANDIDATES_NOTE, claim_words, finding_lanes, finding_notes, recall_sentence, technique_words
from .highlight import Marked, segments
from .presentation import technique_colour
from .summary import (
    LAYER_TITLES,
    actors,
    byline,
    layer_counts,
    published_label,
    shown,
    technique_counts,
    techniques_by_speaker,
    voice_split,
)
from .svg import Bar, Lane, position_strip, technique_bars
from .text import clip
from .voices import render as render_voices

# technique_colour stays importable from here for earlier callers; it lives in presentation.
__all__ = ["render_document", "render_report", "technique_colour"]

# Short class names per layer (CSS in report.css).
LAYER_CLASS = {
    "sentences": "sen", "entities": "ent", "times": "tim", "quotes": "quo", "techniques": "tec", "candidates": "can",
    "claims": "cla",
}
# Layers whose switch starts off: the candidates lane is shown on request only.
OFF_BY_DEFAULT = frozenset({"candidates"})
# Layers whose passages get an anchor (the strip and the tables link to them).
_ANCHORED = {"techniques": "tec", "candidates": "tec", "quotes": "quo", "claims": "cla"}
_DOT = " \u00b7 "


class _Html(str):
    """A string already escaped (or built only from escaped parts): table cells pass it through."""


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def render_report(docs: Sequence[Document], *, errors: Sequence[str] = (), title: str = "presslens report") -> str:
    """The whole HTML file for one or more analysed documents; `errors` are documents that failed."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{p.stylesheet()}</style></head><body>",
        '<a class="skip" href="#doc-0">Skip to the first article</a>' if docs else "",
        '<header class="top"><h1>presslens</h1>'
        f"<p>{len(docs)} article{'s' if len(docs) != 1 else ''} analysed: who is speaking, how they persuade, "
        "what is claimed. Codes after a passage (LL, NC, \u2026) name the technique: hover one or Tab to it, "
        'and follow it to its definition in <a href="#legend">How to read this report</a>.</p></header>',
        "<main>",
    ]
    if errors:
        items = "".join(f"<li>{_e(x)}</li>" for x in errors)
        parts.append(f'<div class="errors" role="alert"><strong>Not analysed:</strong><ul>{items}</ul></div>')
    if len(docs) > 1:
        parts.append(_toc(docs))
    for n, doc in enumerate(docs):
        parts.append(render_document(doc, number=n))
    parts.append(p.legend_html())
    parts.append("</main></body></html>")
    return "\n".join(x for x in parts if x)


def _toc(docs: Sequence[Document]) -> str:
    items = []
    for n, doc in enumerate(docs):
        counts = [
            f"{len(layer)} {name}"
            for name, layer in (("techniques", doc.techniques), ("quotes", doc.quotes), ("claims", doc.claims))
            if layer is not None
        ]
        items.append(
            f'<li><a href="#doc-{n}">{_e(doc.title or doc.id)}</a> '
            f'<span class="toc-counts">{_e(_DOT.join(counts))}</span></li>'
        )
    return (
        '<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">Articles</h2>'
        f'<ol>{"".join(items)}</ol><p><a href="#legend">How to read this report</a></p></nav>'
    )


def render_document(doc: Document, *, number: int = 0) -> str:
    """One article: heading, visual summary, layer switches, highlighted text, techniques found, tables."""
    counts = layer_counts(doc)
    out = [f'<article class="doc" id="doc-{number}" aria-labelledby="doc-{number}-h">']
    out.append(f'<h2 id="doc-{number}-h">{_e(doc.title or doc.id)}</h2>')
    out.append(_meta(doc))
    out.append(_glance(doc, number))
    out.append(_controls(counts, number))
    out.append('<div class="reading">')
    out.append(
        f'<div class="text" role="region" aria-label="Article text with findings">{_highlighted_text(doc, number)}</div>'
    )
    out.append(_found(doc))
    out.append("</div>")
    out.append('<div class="tables">')
    out.extend(_tables(doc, counts, number))
    out.append("</div></article>")
    return "\n".join(out)


def _meta(doc: Document) -> str:
    fields = [
        ("id", doc.id),
        ("outlet", doc.source),
        ("by", byline(doc)),
        ("published", published_label(doc) if doc.published else "unknown (relative dates unresolved)"),
        ("url", doc.url),
        ("read from", doc.final_url if doc.final_url and doc.final_url != doc.url else None),
        ("canonical", doc.canonical_url if doc.canonical_url and doc.canonical_url != doc.url else None),
        ("fetched", doc.fetched_at.isoformat() if doc.fetched_at else None),
        ("length", f"{count_words(doc.text):,} words"),
        ("stages", ", ".join(doc.pipeline)),
    ]
    items = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in fields if v)
    return f'<dl class="meta">{items}</dl>'


# --- the visual summary ------------------------------------------------------------------------


def _glance(doc: Document, number: int) -> str:
    if doc.techniques is None:
        bars = '<p class="unavailable">Techniques are not available in this version of presslens.</p>'
    else:
        rows = techniques_by_speaker(doc)
        bars = technique_bars(
            [
                Bar(r.label, r.counts, {k: f"#d{number}-tec-{i}" for k, i in r.first.items()})
                for r in rows
            ],
            caption="Technique spans per voice: the author's own words, then each speaker",
        )
    strip = position_strip(
        len(doc.text),
        _lanes(doc, number),
        caption="Where techniques, quotes and claims fall in the article, from start to end",
        ticks=_paragraph_starts(doc.text),
    )
    return (
        f'<section class="glance" aria-labelledby="doc-{number}-glance">'
        f'<h3 class="sr-only" id="doc-{number}-glance">At a glance</h3>'
        '<figure class="fig-bars"><figcaption>Techniques by voice '
        '<span class="hint">spans per voice; a segment links to the first passage</span></figcaption>'
        f"{bars}</figure>"
        '<figure class="fig-strip"><figcaption>Where they fall '
        '<span class="hint">the article from start to end; every mark links to its passage</span></figcaption>'
        f"{strip}</figure></section>"
    )


def _paragraph_starts(text: str) -> list[int]:
    starts, i = [], text.find("\n\n")
    while i != -1:
        j = i
        while j < len(text) and text[j] == "\n":
            j += 1
        if j < len(text):
            starts.append(j)
        i = text.find("\n\n", j)
    return starts


def _lanes(doc: Document, number: int) -> list[Lane]:
    return finding_lanes(doc, lambda layer, i: f"#d{number}-{layer}-{i}")


# --- layer switches -----------------------------------------------------------------------------


def _controls(counts: dict[str, int | None], number: int) -> str:
    out = ['<div class="controls" role="group" aria-label="Show or hide layers"><span class="controls-h">Show:</span> ']
    for name, count in counts.items():
        cls = LAYER_CLASS[name]
        sample = f'<span class="sample sample-{cls}">{_e(LAYER_TITLES[name])}</span>'
        if count is None:
            out.append(f'<span class="na" title="not available in this version">{sample} n/a</span>')
        else:
            box_id = f"d{number}-{cls}"
            out.append(
                f'<label for="{box_id}" title="{_e(p.LAYER_STYLES[name].cue)}">'
                f'<input type="checkbox" id="{box_id}" data-layer="{cls}"{"" if name in OFF_BY_DEFAULT else " checked"}> '
                f"{sample} ({count})</label>"
            )
    out.append("</div>")
    return "".join(out)


# --- the article text ---------------------------------------------------------------------------


def _marks(doc: Document) -> Iterable[Marked]:
    for name in ("sentences", "entities", "times", "techniques", "claims"):
        for i, span in enumerate(getattr(doc, name) or []):
            if isinstance(span, Technique) and span.lane == "candidate":
                yield Marked("candidates", i, span)  # indexed in doc.techniques, like the shown spans
            else:
                yield Marked(name, i, span)
    for i, quote in enumerate(doc.quotes or []):
        yield Marked("quotes", i, quote.content)
        if quote.source is not None:
            yield Marked("quote-source", i, quote.source)
        if quote.cue is not None:
            yield Marked("quote-cue", i, quote.cue)


def _highlighted_text(doc: Document, number: int) -> str:
    out: list[str] = []
    descriptions = finding_notes(doc)
    for seg in segments(doc.text, _marks(doc)):
        for m in seg.covering:
            if m.layer in _ANCHORED and m.span.start == seg.start:
                out.append(f'<span class="anchor" id="d{number}-{_ANCHORED[m.layer]}-{m.index}"></span>')
        piece = _e(doc.text[seg.start : seg.end])
        classes: list[str] = []
        notes: list[str] = []
        techniques = sorted(
            (m.span for m in seg.covering if isinstance(m.span, Technique)), key=lambda t: (t.lane != "shown", -t.score)
        )
        for m in seg.covering:
            classes.extend(_classes(m))
            note = _describe(descriptions, m)
            if note:
                notes.append(note)
        if techniques:
            classes.append(p.technique_class(techniques[0].technique))
        if classes:
            title = f' title="{_e(chr(10).join(notes))}"' if notes else ""
            out.append(f'<span class="seg {" ".join(dict.fromkeys(classes))}"{title}>{piece}</span>')
        else:
            out.append(piece)
        ending = sorted(
            (m for m in seg.covering if m.span.end == seg.end and m.layer in ("techniques", "candidates", "claims")),
            key=lambda m: (m.layer == "claims", m.index),
        )
        out.extend(_tag(m) for m in ending)
    return "".join(out)


def _tag(m: Marked) -> str:
    """The tag after a technique or claim: a visible code, a link to the definition, a full description."""
    if isinstance(m.span, Technique):
        d = p.technique(m.span.technique)
        if m.span.lane == "candidate":
            return (
                f'<a class="tag can-tag {p.technique_class(d.key)}" href="#{d.anchor}" '
                f'title="{_e("Candidate, low precision. " + d.name + ": " + d.definition)}" '
                f'aria-label="{_e(technique_words(m.span) + ". Go to the definition.")}">{d.code}?</a>'
            )
        return (
            f'<a class="tag {p.technique_class(d.key)}" href="#{d.anchor}" '
            f'title="{_e(d.name + ": " + d.definition)}" '
            f'aria-label="{_e(technique_words(m.span) + ". Go to the definition.")}">{d.code}</a>'
        )
    assert isinstance(m.span, Claim)
    d = p.TERMS["claim"]
    return (
        f'<a class="tag cla-tag" href="#{d.anchor}" title="{_e(d.name + ": " + d.definition)}" '
        f'aria-label="{_e(claim_words(m.span) + ". Go to the definition.")}">claim</a>'
    )


def _classes(m: Marked) -> list[str]:
    if m.layer == "sentences":
        return ["sen-odd"] if m.index % 2 else []
    if m.layer == "quote-source":
        return ["quo-src"]
    if m.layer == "quote-cue":
        return ["quo-cue"]
    return [LAYER_CLASS[m.layer]]


def _describe(notes: dict[str, list[str]], m: Marked) -> str:
    """The hover note of a marked passage, in the web page's words (`finding_notes`, whose lists are
    named like the marked layers but "sources" for quote sources); cues and sentences get none. A
    technique's note also carries its definition, which the web page shows on a line of its own."""
    layer = {"quote-source": "sources", "candidates": "techniques"}.get(m.layer, m.layer)
    if layer not in notes:
        return ""
    note = notes[layer][m.index]
    if isinstance(m.span, Technique):
        note += f" \u2014 {p.technique(m.span.technique).definition}"
    return note


def _found(doc: Document) -> str:
    """Beside the text: each technique shown, with its definition and an example; what the shown spans miss
    (their measured recall); the candidates lane with its measured precision; what scores mean."""
    if doc.techniques is None:
        return '<aside class="found"><p class="unavailable">Techniques are not available in this version.</p></aside>'
    facts = shipped_display_facts()
    entries = []
    for label, n in technique_counts(doc.techniques):
        d = p.technique(label)
        entries.append(
            f"<div><dt>{p.technique_chip_html(label)} <span class=\"count\">{n} span{'s' if n != 1 else ''}</span></dt>"
            f'<dd>{_e(d.definition)} <span class="example">For example: {_e(d.example)}</span></dd></div>'
        )
    body = f'<dl class="defs">{"".join(entries)}</dl>' if entries else '<p class="unavailable">None shown.</p>'
    out = [
        '<aside class="found" aria-label="Techniques in this article">',
        f"<h3>Techniques in this article</h3>{body}",
        f'<p class="recall-note">{_e(recall_sentence(facts))}</p>',
    ]
    lane = technique_counts(doc.techniques, lane="candidate")
    if lane:
        items = "".join(
            f"<li>{p.technique_chip_html(label)} <span class=\"count\">{n}</span>"
            f"{_e(_precision_words(facts.candidate_precision.get(label)))}</li>"
            for label, n in lane
        )
        out.append(
            '<div class="candidates-note"><h4>Candidates (low precision)</h4>'
            f"<p>{_e(CANDIDATES_NOTE)}</p><ul class=\"plain\">{items}</ul></div>"
        )
    out.append(f'<p class="score-note"><strong>Score:</strong> {_e(p.SCORES["techniques"])}</p>')
    out.append('<p class="score-note"><a href="#legend">All 14 techniques, quote kinds and voices</a></p></aside>')
    return "".join(out)


def _precision_words(precision: float | None) -> str:
    return "" if precision is None else f" (right {precision:.0%} of the time when tested)"


# --- tables -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Col:
    """A column: its header and how it lays out (num: right-aligned, never wraps; short: never
    wraps; long: wraps between words and gets room; name: a name, wraps between words if it must;
    wrap: wraps between words)."""

    name: str
    kind: str = "wrap"


def _table(title: str, cols: Sequence[_Col], rows: Iterable[Sequence[Any]], *, wide: bool = False, note: str = "") -> str:
    head = "".join(f'<th scope="col" role="columnheader" class="{c.kind}">{_e(c.name)}</th>' for c in cols)
    body = "".join(
        '<tr role="row">'
        + "".join(
            f'<td role="cell" class="{c.kind}" data-label="{_e(c.name)}">'
            f"{cell if isinstance(cell, _Html) else _e(cell)}</td>"
            for c, cell in zip(cols, row)
        )
        + "</tr>"
        for row in rows
    )
    if not body:
        body = f'<tr role="row"><td role="cell" colspan="{len(cols)}" class="unavailable">none found</td></tr>'
    cls = "tbl wide" if wide else "tbl"
    note_html = f'<p class="table-note">{note}</p>' if note else ""
    return (
        f'<section class="{cls}"><h3>{_e(title)}</h3>{note_html}<div class="scroll">'
        f'<table role="table"><thead role="rowgroup"><tr role="row">{head}</tr></thead>'
        f'<tbody role="rowgroup">{body}</tbody></table></div></section>'
    )


def _unavailable(title: str) -> str:
    return f'<section class="tbl"><h3>{_e(title)}</h3><p class="unavailable">Not available in this version of presslens.</p></section>'


def _link(href: str, text: str) -> _Html:
    return _Html(f'<a href="{_e(href)}">{_e(text)}</a>')


def _term(key: str, text: str | None = None) -> _Html:
    d = p.TERMS[key]
    return _Html(f'<a href="#{d.anchor}" title="{_e(d.definition)}">{_e(text or key)}</a>')


def _tables(doc: Document, counts: dict[str, int | None], number: int) -> list[str]:
    out: list[str] = []
    if doc.techniques is not None:
        out.append(_techniques_table(doc.techniques, number))
    claims = doc.claims
    if claims is not None:
        rows: list[Sequence[Any]] = []
        for i in sorted(range(len(claims)), key=lambda i: -claims[i].score):
            c = claims[i]
            rows.append(
                (
                    _link(f"#d{number}-cla-{i}", clip(c.text)),
                    speaker_label(c.voice, c.speaker, c.source),
                    f"{c.score:.2f}",
                    ", ".join(x.text for x in (*c.quantities, *c.times)) or "\u2014",
                )
            )
        out.append(
            _table(
                "Check-worthy claims, highest score first",
                (_Col("claim", "long"), _Col("speaker", "name"), _Col("score", "num"), _Col("verify", "name")),
                rows,
                wide=True,
                note=_e(p.SCORES["claims"]) + " <em>verify</em>: the numbers and dates in the claim.",
            )
        )
    if doc.quotes is not None:
        rows = [
            (
                q.speaker or "unresolved",
                _term(q.kind),
                q.cue.text if q.cue else "\u2014",
                _link(f"#d{number}-quo-{i}", clip(q.content.text)),
            )
            for i, q in enumerate(doc.quotes)
        ]
        out.append(
            _table(
                "Quotes",
                (_Col("speaker", "name"), _Col("kind", "short"), _Col("cue", "short"), _Col("content", "long")),
                rows,
                wide=True,
            )
        )
    if doc.voices is not None:
        out.append(_voices_table(render_voices(doc)))
    if doc.entities is not None:
        arows: list[Sequence[Any]] = [
            (a.canonical, _Html(f'<abbr title="{_e(a.label)}">{_e(p.entity_type(a.label))}</abbr>'), a.mentions,
             ", ".join(sorted(a.variants)))
            for a in actors(doc.entities)
            if a.label in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
        ]
        out.append(
            _table(
                "Actors, one name each",
                (_Col("actor", "name"), _Col("type", "short"), _Col("mentions", "num"), _Col("written as", "long")),
                arows[:40],
            )
        )
    if doc.actors is not None:
        out.append(_naming_table(doc))
    if doc.times is not None:
        trows = [(t.text, t.value or "unresolved", "yes" if t.anchored else "no") for t in doc.times]
        out.append(
            _table(
                "Dates and times",
                (_Col("expression"), _Col("value", "short"), _Col("resolved from the publication date")),
                trows,
            )
        )
    for name, count in counts.items():
        if count is None and name != "sentences":
            out.append(_unavailable(LAYER_TITLES[name]))
    return out


def _naming_table(doc: Document) -> str:
    """How the article names each actor (actors layer): descriptions and labels beside the names."""
    rows = [(r.actor, ", ".join(r.names) or "\u2014", "; ".join(r.descriptions)) for r in naming_rows(doc)]
    return _table(
        "How actors are named",
        (_Col("actor", "name"), _Col("names", "name"), _Col("descriptions and labels (kind, voice)", "long")),
        rows[:40],
        wide=True,
        note="Appositions, descriptions and labels (epithets) the article uses for each actor, and the row of "
        "those it links to no named actor.",
    )


def _techniques_table(techniques: list[Technique], number: int) -> str:
    split = voice_split(techniques)
    best: dict[str, int] = {}
    for i, t in enumerate(techniques):
        if t.lane == "shown" and (t.technique not in best or t.score > techniques[best[t.technique]].score):
            best[t.technique] = i
    rows: list[Sequence[Any]] = []
    for label, n in technique_counts(techniques):
        top = techniques[best[label]]
        rows.append(
            (
                _Html(p.technique_chip_html(label)),
                n,
                split["author"][label],
                split["quoted"][label],
                split["paraphrased"][label],
                _Html(
                    f'{_link(f"#d{number}-tec-{best[label]}", clip(top.text, 120))} '
                    f'<span class="score">{top.score:.2f}</span>'
                ),
            )
        )
    if rows:
        rows.append(
            (
                _Html("<strong>all</strong>"),
                len(shown(techniques)),
                *(sum(split[v].values()) for v in ("author", "quoted", "paraphrased")),
                "",
            )
        )
    return _table(
        "Persuasion techniques by voice",
        (
            _Col("technique", "short"),
            _Col("spans", "num"),
            _Col("author", "num"),
            _Col("quoted", "num"),
            _Col("paraphrased", "num"),
            _Col("strongest passage and score", "long"),
        ),
        rows,
        wide=True,
        note=f'Spans in the author\'s own words, and in words {_term("voice", "quoted or paraphrased")} from a source.',
    )


def _voices_table(rows: list[dict[str, Any]]) -> str:
    """Each voice: the author's own, then each speaker, with the techniques found in that voice."""
    body = [
        (
            r["speaker"],
            r["words"],
            r["quoted_words"],
            r["paraphrased_words"],
            _Html("; ".join(f"{p.technique_chip_html(k)} {n}" for k, n in r["techniques"].items()) or "none"),
            " / ".join(r["quoted_examples"][:2]) or "\u2014",
        )
        for r in rows
    ]
    return _table(
        "Voices: the author's own words against each speaker's",
        (
            _Col("voice", "name"),
            _Col("words", "num"),
            _Col("quoted", "num"),
            _Col("paraphrased", "num"),
            _Col("techniques in this voice", "long"),
            _Col("quoted, for example", "long"),
        ),
        body,
        wide=True,
    )

