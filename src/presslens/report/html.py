"""A self-contained HTML report: the article with every layer highlighted and switchable.

Why one file with inline CSS and a few lines of inline JavaScript: reports are
mailed, archived and opened offline, so nothing may be fetched from a
network. Every string that comes from an article (text, titles, entity names,
URLs) is HTML-escaped: an article containing `<script>` shows it as text.
Without JavaScript every layer is shown; the script only adds the switches.
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterable, Sequence
from html import escape
from importlib import resources
from typing import Any

from ..document import TECHNIQUE_LABELS, Document, Quote, Technique
from .voices import render as render_voices
from ..voices.speaking import speaker_label
from .text import clip
from .highlight import Marked, segments
from .summary import LAYER_TITLES, actors, layer_counts, technique_counts, voice_split

# Short class names per layer (CSS in report.css), and the swatch colour of the legend.
LAYER_CLASS = {"sentences": "sen", "entities": "ent", "times": "tim", "quotes": "quo", "techniques": "tec", "claims": "cla"}
LAYER_COLOUR = {
    "sentences": "#e6e0cc",
    "entities": "#2b6cb0",
    "times": "#2f855a",
    "quotes": "#6b2c91",
    "techniques": "#d69e2e",
    "claims": "#c05621",
}
_TOGGLE_JS = (
    "document.querySelectorAll('input[data-layer]').forEach(function(box){"
    "box.addEventListener('change',function(){"
    "box.closest('article').classList.toggle('lay-'+box.dataset.layer,box.checked);});});"
)


def technique_colour(technique: str) -> str:
    """A light, distinct background per technique (evenly spaced hues)."""
    i = TECHNIQUE_LABELS.index(technique)
    r, g, b = colorsys.hls_to_rgb(i / len(TECHNIQUE_LABELS), 0.80, 0.75)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"


def _technique_css() -> str:
    return "\n".join(
        f".lay-tec .tec.t{i} {{ background: {technique_colour(t)}; }}" for i, t in enumerate(TECHNIQUE_LABELS)
    )


def render_report(docs: Sequence[Document], *, errors: Sequence[str] = (), title: str = "presslens report") -> str:
    """The whole HTML file for one or more analysed documents; `errors` are documents that failed."""
    css = resources.files("presslens.report").joinpath("report.css").read_text(encoding="utf-8")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>\n{css}\n{_technique_css()}\n</style></head><body>",
        '<header class="top"><h1>presslens</h1>'
        f"<p>{len(docs)} article(s) analysed: who is speaking, how they persuade, what is claimed. "
        "Hover a highlighted passage for details.</p></header>",
    ]
    if errors:
        items = "".join(f"<li>{escape(e)}</li>" for e in errors)
        parts.append(f'<div class="errors"><strong>Not analysed:</strong><ul>{items}</ul></div>')
    for n, doc in enumerate(docs):
        parts.append(render_document(doc, number=n))
    parts.append(f"<script>{_TOGGLE_JS}</script></body></html>")
    return "\n".join(parts)


def render_document(doc: Document, *, number: int = 0) -> str:
    counts = layer_counts(doc)
    present = [name for name, c in counts.items() if c is not None]
    classes = " ".join(f"lay-{LAYER_CLASS[name]}" for name in present)
    out = [f'<article class="doc {classes}" id="doc-{number}">']
    out.append(f"<h2>{escape(doc.title or doc.id)}</h2>")
    out.append(_meta(doc))
    out.append(_controls(counts, number))
    out.append(f'<div class="text">{_highlighted_text(doc)}</div>')
    out.append('<div class="tables">')
    out.extend(_tables(doc, counts))
    out.append("</div></article>")
    return "\n".join(out)


def _meta(doc: Document) -> str:
    fields = [
        ("id", doc.id),
        ("outlet", doc.source),
        ("published", doc.published.isoformat() if doc.published else "unknown (relative dates unresolved)"),
        ("url", doc.url),
        ("stages", ", ".join(doc.pipeline)),
    ]
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in fields if v)
    return f'<dl class="meta">{items}</dl>'


def _controls(counts: dict[str, int | None], number: int) -> str:
    out = ['<div class="controls"><strong>Layers:</strong> ']
    for name, count in counts.items():
        colour = LAYER_COLOUR[name]
        swatch = f'<span class="swatch" style="background:{colour}"></span>'
        if count is None:
            out.append(f'<span class="na" title="not available in this version">{swatch}{LAYER_TITLES[name]}: n/a</span>')
        else:
            box_id = f"d{number}-{LAYER_CLASS[name]}"
            out.append(
                f'<label for="{box_id}"><input type="checkbox" id="{box_id}" data-layer="{LAYER_CLASS[name]}" checked> '
                f"{swatch}{LAYER_TITLES[name]} ({count})</label>"
            )
    out.append("</div>")
    return "".join(out)


def _marks(doc: Document) -> Iterable[Marked]:
    for name in ("sentences", "entities", "times", "techniques", "claims"):
        for i, span in enumerate(getattr(doc, name) or []):
            yield Marked(name, i, span)
    for i, quote in enumerate(doc.quotes or []):
        yield Marked("quotes", i, quote.content)
        if quote.source is not None:
            yield Marked("quote-source", i, quote.source)
        if quote.cue is not None:
            yield Marked("quote-cue", i, quote.cue)


def _highlighted_text(doc: Document) -> str:
    out: list[str] = []
    for seg in segments(doc.text, _marks(doc)):
        piece = escape(doc.text[seg.start : seg.end])
        classes: list[str] = []
        notes: list[str] = []
        techniques = sorted(
            (m.span for m in seg.covering if isinstance(m.span, Technique)), key=lambda t: -t.score
        )
        for m in seg.covering:
            classes.extend(_classes(m))
            note = _describe(doc, m)
            if note:
                notes.append(note)
        if techniques:
            classes.append(f"t{TECHNIQUE_LABELS.index(techniques[0].technique)}")
        if not classes:
            out.append(piece)
            continue
        title = f' title="{escape(chr(10).join(notes))}"' if notes else ""
        out.append(f'<span class="seg {" ".join(dict.fromkeys(classes))}"{title}>{piece}</span>')
    return "".join(out)


def _classes(m: Marked) -> list[str]:
    if m.layer == "sentences":
        return ["sen-odd"] if m.index % 2 else []
    if m.layer == "quote-source":
        return ["quo-src"]
    if m.layer == "quote-cue":
        return ["quo-cue"]
    return [LAYER_CLASS[m.layer]]


def _describe(doc: Document, m: Marked) -> str:
    span: Any = m.span
    if m.layer == "entities":
        return f"{span.label}: {span.canonical}"
    if m.layer == "times":
        return f"{span.label}: {span.value or 'unresolved'}"
    if m.layer == "techniques":
        who = f" ({span.speaker})" if span.speaker else ""
        return f"{span.technique}: score {span.score:.2f}, voice {span.voice}{who}"
    if m.layer == "claims":
        return f"claim: score {span.score:.2f}, speaker {speaker_label(span.voice, span.speaker, span.source)}"
    if m.layer == "quotes":
        quote = (doc.quotes or [])[m.index]
        return f"{quote.kind} quote of {quote.speaker or 'unresolved speaker'}"
    if m.layer == "quote-source":
        quote = (doc.quotes or [])[m.index]
        return f"source: {quote.speaker or 'unresolved'}"
    return ""


def _table(
    title: str, head: Sequence[str], rows: Iterable[Sequence[Any]], *, numeric: Sequence[int] = (), wide: bool = False
) -> str:
    th = "".join(f'<th class="{"num" if i in numeric else ""}">{escape(h)}</th>' for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(f'<td class="{"num" if i in numeric else ""}">{escape(str(c))}</td>' for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    if not body:
        body = f'<tr><td colspan="{len(head)}" class="unavailable">none found</td></tr>'
    cls = ' class="wide"' if wide else ""
    return f"<section{cls}><h3>{escape(title)}</h3><table><tr>{th}</tr>{body}</table></section>"


def _unavailable(title: str) -> str:
    return f'<section><h3>{escape(title)}</h3><p class="unavailable">Not available in this version of presslens.</p></section>'


def _tables(doc: Document, counts: dict[str, int | None]) -> list[str]:
    out: list[str] = []
    if doc.entities is not None:
        rows: list[tuple[Any, ...]] = [
            (a.canonical, a.label, a.mentions, ", ".join(sorted(a.variants)))
            for a in actors(doc.entities)
            if a.label in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
        ]
        out.append(_table("Actors (one canonical name each)", ("actor", "type", "mentions", "written as"), rows[:40], numeric=(2,)))
    if doc.times is not None:
        rows = [(t.text, t.value or "unresolved", "yes" if t.anchored else "no") for t in doc.times]
        out.append(_table("Dates and times", ("expression", "value", "relative to publication"), rows))
    if doc.quotes is not None:
        out.append(_quotes_table(doc.quotes))
    if doc.techniques is not None:
        out.extend(_technique_tables(doc.techniques))
    if doc.claims is not None:
        rows = [
            (clip(c.text), speaker_label(c.voice, c.speaker, c.source), f"{c.score:.2f}", ", ".join(p.text for p in (*c.quantities, *c.times)))
            for c in sorted(doc.claims, key=lambda c: -c.score)
        ]
        out.append(_table("Check-worthy claims", ("claim", "speaker", "score", "verify"), rows, numeric=(2,), wide=True))
    for name, count in counts.items():
        if count is None and name != "sentences":
            out.append(_unavailable(LAYER_TITLES[name]))
    if doc.voices is not None:
        out.append(_voices_table(render_voices(doc)))
    return out


def _quotes_table(quotes: list[Quote]) -> str:
    rows = [
        (q.speaker or "unresolved", q.kind, q.cue.text if q.cue else "", clip(q.content.text))
        for q in quotes
    ]
    return _table("Quotes", ("speaker", "kind", "cue", "content"), rows, wide=True)


def _technique_tables(techniques: list[Technique]) -> list[str]:
    legend_rows = []
    for technique, count in technique_counts(techniques):
        legend_rows.append((technique, count))
    counts = _table_with_swatches("Techniques found", legend_rows)
    split = voice_split(techniques)
    rows: list[tuple[Any, ...]] = [
        (t, split["author"][t], split["quoted"][t], split["paraphrased"][t])
        for t, _ in technique_counts(techniques)
    ]
    rows.append(("all", *(sum(split[v].values()) for v in ("author", "quoted", "paraphrased"))))
    by_voice = _table("Techniques by voice", ("technique", "author", "quoted", "paraphrased"), rows, numeric=(1, 2, 3))
    return [counts, by_voice]


def _table_with_swatches(title: str, rows: list[tuple[str, int]]) -> str:
    body = "".join(
        f'<tr><td><span class="swatch" style="background:{technique_colour(t)}"></span>{escape(t)}</td>'
        f'<td class="num">{c}</td></tr>'
        for t, c in rows
    ) or '<tr><td colspan="2" class="unavailable">none found</td></tr>'
    return f"<section><h3>{escape(title)}</h3><table><tr><th>technique</th><th class=\"num\">spans</th></tr>{body}</table></section>"


def _voices_table(rows: list[dict[str, Any]]) -> str:
    """Each voice: the author's own, then each speaker, with the techniques found in that voice."""
    body = [
        (
            r["speaker"],
            r["words"],
            r["quoted_words"],
            r["paraphrased_words"],
            ", ".join(f"{k} {n}" for k, n in r["techniques"].items()) or "none",
            " / ".join(r["quoted_examples"][:2]),
        )
        for r in rows
    ]
    return _table(
        "Voices: the author's own words against each speaker's",
        ("voice", "words", "quoted", "paraphrased", "techniques in this voice", "quoted, for example"),
        body,
        numeric=(1, 2, 3),
        wide=True,
    )



