"""`presslens compare` output: a plain-text summary and a self-contained HTML side-by-side view.

Both read only a `Comparison`. The HTML page uses the report's stylesheet,
technique chips and legend (`presentation`), so it looks like the report:
no script, nothing fetched, every article string HTML-escaped. Each article
is a column; each row is one actor, claim, speaker or date, so the
differences are read across.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from ..compare.model import ActorRow, ClaimRef, Comparison, NameUse
from . import presentation as p
from .text import clip, printable

KIND_WORD = {"name": "name", "apposition": "apposition", "description": "description", "label": "label"}
VOICE_MARK = {"author": "", "quoted": "\u201cquoted\u201d", "paraphrased": "paraphrased"}

_CSS = """
.cmp-grid td, .cmp-grid th { vertical-align: top; }
.uses { list-style: none; margin: 0; padding: 0; }
.uses li { margin: 0 0 0.25em; }
.use-kind { font: 600 0.7rem/1.4 var(--sans); text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted);
  margin-right: 0.35em; }
.use-label { background: #fde2d4; border-bottom: 2px solid #b4491a; padding: 0 0.15em; }
.use-description, .use-apposition { border-bottom: 2px dotted #2b6cb0; }
.use-meta { font: 0.75rem/1.3 var(--sans); color: var(--muted); margin-left: 0.3em; }
.sim { font: 600 0.85rem var(--sans); white-space: nowrap; }
.cmp-note { font: 0.85rem/1.4 var(--sans); color: var(--muted); margin: 0.3rem 0 0.8rem; max-width: 60rem; }
.cmp-section { margin: 1.6rem 0; }
.cmp-section > h2 { font-size: 1.25rem; margin: 0 0 0.4rem; }
.absent { color: var(--muted); font-style: italic; font-family: var(--sans); font-size: 0.85rem; }
.rules dt { font-weight: 600; font-family: var(--sans); }
.rules dd { margin: 0 0 0.5em 1em; }
"""


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _article_name(c: Comparison, i: int) -> str:
    a = c.articles[i]
    return a.title or a.source or a.id


# --- text ------------------------------------------------------------------------------------------


def render_text(c: Comparison, *, explain: bool = False) -> str:
    """The comparison as plain text for a terminal (article strings made printable)."""
    out: list[str] = []
    for i, a in enumerate(c.articles):
        out.append(f"[{i + 1}] {printable(_article_name(c, i))} ({a.words} words)")
    out.append("")
    out.append("HOW EACH ACTOR IS NAMED")
    for row in c.actors:
        if not _shown(row):
            continue
        matched = f"  (matched: {', '.join(row.matched_by)})" if row.matched_by else ""
        out.append(f"  {printable(row.actor)} [{row.label or '-'}]{matched}")
        for i, uses in enumerate(row.uses):
            suggested = _suggested_at(row, i)
            cell = _uses_text(uses) if uses else _suggested_text(suggested) if suggested else "(not named)"
            out.append(f"    [{i + 1}] " + cell)
    if any(c.unlinked):
        out.append("  Not linked to a named actor")
        for i, uses in enumerate(c.unlinked):
            if uses:
                out.append(f"    [{i + 1}] " + _uses_text(uses))
    out.append("")
    out.append(f"CLAIMS IN SEVERAL ARTICLES (similarity >= {c.threshold:.3f})")
    for s in c.shared_claims:
        out.append(f"  similarity {s.similarity:.2f}")
        for ref in s.claims:
            out.append(f"    [{ref.evidence.article + 1}] {_claim_text(ref)}")
    if not c.shared_claims:
        out.append("  none")
    out.append("CLAIMS ONLY ONE ARTICLE MAKES")
    for ref in c.one_sided_claims:
        out.append(f"  [{ref.evidence.article + 1}] {_claim_text(ref)}")
    out.append("")
    out.append("WHO IS QUOTED (words per article)")
    for sp in c.speakers:
        cells = "  ".join(f"[{i + 1}] {w:>4} ({n})" for i, (w, n) in enumerate(zip(sp.words, sp.attributions)))
        out.append(f"  {printable(clip(sp.speaker, 40)):<40} {cells}")
    out.append("TECHNIQUE SPANS PER 1,000 WORDS (author voice / quoted voices)")
    for t in c.techniques:
        author = "-" if t.author_per_1000 is None else f"{t.author_per_1000:.1f}"
        quoted = "-" if t.quoted_per_1000 is None else f"{t.quoted_per_1000:.1f}"
        out.append(
            f"  [{t.article + 1}] author {author} ({t.author_spans} in {t.author_words} words)   "
            f"quoted {quoted} ({t.quoted_spans} in {t.quoted_words} words)"
        )
    out.append("")
    out.append("DATES GIVEN FOR THE SAME EVENT")
    for d in c.dates:
        out.append(f"  similarity {d.similarity:.2f}")
        for statement in d.statements:
            text = printable(clip(statement.evidence.text, 110))
            out.append(f"    [{statement.evidence.article + 1}] {', '.join(statement.values)}: {text}")
    if not c.dates:
        out.append("  no differing dates found")
    if c.missing:
        out.append("")
        out.append("Not compared (layer missing): " + ", ".join(c.missing))
    if explain:
        out.append("")
        out.extend(explain_lines(c))
    return "\n".join(out) + "\n"


def explain_lines(c: Comparison) -> list[str]:
    """The merge rules, then which actors each rule joined."""
    lines = ["MERGE RULES (actors across articles)"]
    lines.extend(f"  {r.name}: {r.description}" for r in c.rules)
    lines.append("MATCHES")
    joined = [row for row in c.actors if row.matched_by]
    for row in joined:
        names = " = ".join(f"[{i + 1}] {printable(n)}" for i, n in enumerate(row.names) if n)
        lines.append(f"  {names}  ({', '.join(row.matched_by)})")
    if not joined:
        lines.append("  none")
    return lines


def _shown(row: ActorRow) -> bool:
    """Rows worth a line: some description or label, a name in several articles, or a suggested other naming."""
    return (
        any(u.kind != "name" for uses in row.uses for u in uses)
        or sum(1 for n in row.names if n) > 1
        or any(row.suggested)
    )


def _suggested_at(row: ActorRow, i: int) -> Sequence[NameUse]:
    """The suggested other namings of the actor in article `i` (none where the row carries no suggestions)."""
    return row.suggested[i] if i < len(row.suggested) else ()


def _suggestion_note(u: NameUse) -> str:
    s = u.suggestion
    return "" if s is None else f"suggested, {s.score:.1f}, {s.rule} '{s.evidence.text}'"


def _suggested_text(uses: Sequence[NameUse]) -> str:
    """'named differently: the Zionist regime (suggested, 0.9, metonym 'Zionist')' for an article without the name."""
    parts = [f"{printable(clip(u.text, 60))} ({printable(_suggestion_note(u))})" for u in uses]
    return "(not named) named differently: " + "; ".join(parts)


def _uses_text(uses: Sequence[NameUse]) -> str:
    parts = []
    for u in uses:
        voice = ", ".join(VOICE_MARK[v] for v in u.voices if VOICE_MARK[v])
        by = f" by {', '.join(u.speakers)}" if u.speakers else ""
        meta = f" x{u.count}" if u.count > 1 else ""
        extra = f" ({voice}{by})" if voice else ""
        parts.append(f"{u.kind}: {printable(clip(u.text, 60))}{meta}{extra}")
    return "; ".join(parts)


def _claim_text(ref: ClaimRef) -> str:
    who = "author" if ref.voice == "author" else f"{ref.voice} {ref.speaker or 'unnamed source'}"
    return f"{printable(clip(ref.evidence.text, 110))}  [{who}]"


# --- HTML ------------------------------------------------------------------------------------------


def render_html(c: Comparison, *, title: str = "presslens comparison") -> str:
    """A self-contained HTML page: the articles side by side, one row per difference."""
    n = len(c.articles)
    techniques = sorted({label for t in c.techniques for label in t.by_technique})
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{p.stylesheet()}\n{_CSS}</style></head><body>",
        '<header class="top"><h1>presslens compare</h1>'
        f"<p>{n} articles on one event side by side: how each names the actors, what each claims, "
        "whom each quotes and in whose voice it persuades. Each column is one article.</p></header>",
        "<main>",
        _articles(c),
        _actors_html(c),
        _claims_html(c),
        _voices_html(c),
        _dates_html(c),
        _rules_html(c),
        p.legend_html(techniques=techniques) if techniques else "",
        "</main></body></html>",
    ]
    return "\n".join(x for x in parts if x)


def _head(c: Comparison, first: Sequence[str] = (), last: Sequence[str] = ()) -> str:
    cols = [*first, *(f"[{i + 1}] {_article_name(c, i)}" for i in range(len(c.articles))), *last]
    return "".join(f'<th scope="col">{_e(x)}</th>' for x in cols)


def _table(head: str, rows: Iterable[str], *, empty: str, cols: int) -> str:
    body = "".join(rows) or f'<tr><td colspan="{cols}" class="absent">{_e(empty)}</td></tr>'
    return (
        '<div class="tbl wide"><div class="scroll"><table class="cmp-grid">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></div>"
    )


def _section(anchor: str, heading: str, note: str, body: str) -> str:
    return (
        f'<section class="cmp-section" id="{anchor}" aria-labelledby="{anchor}-h">'
        f'<h2 id="{anchor}-h">{_e(heading)}</h2><p class="cmp-note">{note}</p>{body}</section>'
    )


def _articles(c: Comparison) -> str:
    rows = "".join(
        f"<tr><th scope=\"row\">[{i + 1}]</th><td>{_e(a.title or a.id)}</td><td>{_e(a.source or '')}</td>"
        f"<td>{_e(a.published or '')}</td><td class=\"num\">{a.words}</td></tr>"
        for i, a in enumerate(c.articles)
    )
    head = "".join(f'<th scope="col">{x}</th>' for x in ("", "Article", "Outlet", "Published", "Words"))
    return _section("articles", "Articles", "The articles compared, in the order given.", _table(head, [rows], empty="", cols=5))


def _uses_html(uses: Sequence[NameUse]) -> str:
    if not uses:
        return '<span class="absent">not named</span>'
    items = []
    for u in uses:
        voices = [v for v in u.voices if v != "author"]
        meta = []
        if u.count > 1:
            meta.append(f"\u00d7{u.count}")
        if voices:
            meta.append(", ".join(voices) + (f" by {', '.join(u.speakers)}" if u.speakers else ""))
        offsets = ", ".join(f"{s.start}\u2013{s.end}" for s in u.spans)
        meta_html = f'<span class="use-meta">{_e("; ".join(meta))}</span>' if meta else ""
        items.append(
            f'<li><span class="use-kind">{_e(KIND_WORD[u.kind])}</span>'
            f'<span class="use-{_e(u.kind)}" title="characters {_e(offsets)}">{_e(u.text)}</span>{meta_html}</li>'
        )
    return f'<ul class="uses">{"".join(items)}</ul>'


def _suggested_html(uses: Sequence[NameUse]) -> str:
    items = "".join(
        f'<li><span class="use-kind">{_e(KIND_WORD[u.kind])}</span><span class="use-{_e(u.kind)}">{_e(u.text)}</span>'
        f'<span class="use-meta">{_e(_suggestion_note(u))}</span></li>'
        for u in uses
    )
    return f'<span class="absent">not named; named differently:</span><ul class="uses suggested">{items}</ul>'


def _cell_html(row: ActorRow, i: int) -> str:
    uses = row.uses[i]
    suggested = _suggested_at(row, i)
    return _uses_html(uses) if uses or not suggested else _suggested_html(suggested)


def _actors_html(c: Comparison) -> str:
    n = len(c.articles)
    shown = [row for row in c.actors if _shown(row)]
    rows = []
    for row in shown:
        matched = f'<br><span class="use-meta">matched: {_e(", ".join(row.matched_by))}</span>' if row.matched_by else ""
        cells = "".join(f"<td>{_cell_html(row, i)}</td>" for i in range(len(row.uses)))
        rows.append(f'<tr><th scope="row">{_e(row.actor)}<br><span class="use-meta">{_e(row.label or "")}</span>{matched}</th>{cells}</tr>')
    if any(c.unlinked):
        cells = "".join(f"<td>{_uses_html(uses)}</td>" for uses in c.unlinked)
        rows.append(f'<tr><th scope="row">Not linked to a named actor</th>{cells}</tr>')
    others = list(dict.fromkeys(row.actor for row in c.actors if row not in shown))
    more = f'<p class="cmp-note">Also named, by one article only and by name only: {_e(", ".join(others))}.</p>' if others else ""
    note = (
        "Every way each article refers to each actor: <b>labels</b> (an epithet: a judging noun or adjective) are "
        "shaded, descriptions and appositions underlined with dots. Quoted and paraphrased uses name the source "
        "who says them. Actors are matched across articles only by full name, declared alias or transliteration "
        '(see <a href="#rules">merge rules</a>). Where an article does not name an actor but a label or description '
        "there has a word that stands for it ('Kremlin' for Russia), the cell says <i>named differently</i>, with the "
        "score and the word: a suggestion, not a match."
    )
    return _section("actors", "How each actor is named", note, _table(_head(c, ["Actor"]), rows, empty="no actors", cols=n + 1) + more)


def _claim_cell(ref: ClaimRef | None) -> str:
    if ref is None:
        return '<td><span class="absent">\u2014</span></td>'
    who = "author" if ref.voice == "author" else f"{ref.voice}: {ref.speaker or 'unnamed source'}"
    return (
        f'<td><span title="characters {ref.evidence.start}\u2013{ref.evidence.end}">{_e(ref.evidence.text)}</span>'
        f'<br><span class="use-meta">{_e(who)} \u00b7 check-worthiness {ref.score:.2f}</span></td>'
    )


def _claims_html(c: Comparison) -> str:
    n = len(c.articles)
    shared = []
    for s in c.shared_claims:
        by = {ref.evidence.article: ref for ref in s.claims}
        shared.append("<tr>" + "".join(_claim_cell(by.get(i)) for i in range(n)) + f'<td class="num sim">{s.similarity:.2f}</td></tr>')
    one = ["<tr>" + "".join(_claim_cell(ref if ref.evidence.article == i else None) for i in range(n)) + "</tr>" for ref in c.one_sided_claims]
    note = (
        f"Claims matched by meaning with the sentence encoder (all-MiniLM-L6-v2, int8): two claims are the same when "
        f"their cosine similarity is at least {c.threshold:.3f}, a threshold chosen on hand-labelled claim pairs."
    )
    body = (
        "<h3>Made in several articles</h3>"
        + _table(_head(c, last=["Similarity"]), shared, empty="no claim is made in more than one article", cols=n + 1)
        + "<h3>Made in one article only</h3>"
        + _table(_head(c), one, empty="none", cols=n)
    )
    return _section("claims", "Claims", note, body)


def _voices_html(c: Comparison) -> str:
    n = len(c.articles)
    rows = [
        f'<tr><th scope="row">{_e(sp.speaker)}</th>'
        + "".join(
            f'<td class="num">{w} words \u00b7 {k} quote{"s" if k != 1 else ""}</td>' if k else '<td><span class="absent">not quoted</span></td>'
            for w, k in zip(sp.words, sp.attributions)
        )
        + "</tr>"
        for sp in c.speakers
    ]
    rate_rows = []
    for label, author_field in (("Author's own voice", "author"), ("Quoted voices", "quoted")):
        cells = []
        for t in c.techniques:
            rate = t.author_per_1000 if author_field == "author" else t.quoted_per_1000
            spans = t.author_spans if author_field == "author" else t.quoted_spans
            words = t.author_words if author_field == "author" else t.quoted_words
            index = 0 if author_field == "author" else 1
            chips = " ".join(
                f"{p.technique_chip_html(lab)} \u00d7{counts[index]}" for lab, counts in t.by_technique.items() if counts[index]
            )
            shown = "\u2014" if rate is None else f"{rate:.1f}"
            cells.append(
                f'<td><span class="sim">{shown}</span> per 1,000 words <span class="use-meta">({spans} span{"s" if spans != 1 else ""} in {words} words)</span>'
                f"<br>{chips}</td>"
            )
        rate_rows.append(f'<tr><th scope="row">{_e(label)}</th>{"".join(cells)}</tr>')
    body = (
        "<h3>Who is quoted, and for how many words</h3>"
        + _table(_head(c, ["Speaker"]), rows, empty="no quotes", cols=n + 1)
        + "<h3>Persuasion techniques per 1,000 words, by voice</h3>"
        + _table(_head(c, ["Voice"]), rate_rows, empty="", cols=n + 1)
    )
    note = "Words inside each speaker's quotes and paraphrases; technique spans counted in the voice they were found in."
    return _section("voices", "Voices", note, body)


def _dates_html(c: Comparison) -> str:
    n = len(c.articles)
    rows = []
    for d in c.dates:
        by = {s.evidence.article: s for s in d.statements}
        cells = "".join(
            f'<td><b>{_e(", ".join(by[i].values))}</b><br>{_e(by[i].evidence.text)}</td>' if i in by else '<td><span class="absent">\u2014</span></td>'
            for i in range(n)
        )
        rows.append(f'<tr>{cells}<td class="num sim">{d.similarity:.2f}</td></tr>')
    note = "Sentences of different articles about the same event (matched by meaning) that give it different dates."
    return _section("dates", "Dates", note, _table(_head(c, last=["Similarity"]), rows, empty="no differing dates found", cols=n + 1))


def _rules_html(c: Comparison) -> str:
    items = "".join(f"<dt>{_e(r.name)}</dt><dd>{_e(r.description)}</dd>" for r in c.rules)
    missing = f'<p class="cmp-note">Not compared (layer missing): {_e(", ".join(c.missing))}</p>' if c.missing else ""
    return _section(
        "rules", "Merge rules", "How actors of different articles were taken to be the same actor.",
        f'<dl class="rules">{items}</dl>{missing}',
    )
