"""The corpus report: one self-contained HTML file, each chart with its table beside it or under it.

Why self-contained: reports are mailed, archived and opened offline, so the
file holds its CSS and its SVG charts inline and loads nothing (no script, no
font, no image from the network). Every string from the corpus (outlets,
speakers, actor names, the filters) is escaped where it is written.
`render_report` is pure: `Analytics` in, HTML text out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from ..report.summary import technique_title
from . import plots
from .analytics import Analytics

_MAX_ROWS = 25
_MAX_TIME_ROWS = 120
_TOP_OUTLETS_OVER_TIME = 5
_MIN_ARTICLES_PER_POINT = 3

# Each section's chart and table wrap like words (`.pair` is a wrapping flex row): the table starts
# at its narrowest layout, every word whole (`width: min-content`), so it sits beside the chart only
# where that layout fits there, and otherwise takes a line of its own at the page's full width. A
# fixed two-column grid cut the speakers table off at 1280 px (8 columns in the ~630 px beside the
# chart) and most tables between 1000 and 1300 px. Only a table wider than the page itself (on a
# phone) scrolls, inside its own box, never the page.
_CSS = """
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1a1a1a;
       margin: 0 auto; max-width: 1320px; padding: 24px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 4px; border-top: 1px solid #ddd;
       padding-top: 16px; }
p.lede, p.note { color: #444; margin: 4px 0 12px; max-width: 980px; overflow-wrap: anywhere; }
.facts { display: flex; flex-wrap: wrap; gap: 8px 24px; margin: 12px 0; }
.facts div { min-width: 120px; } .facts b { display: block; font-size: 20px; }
.pair { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.pair > figure { flex: 0 1 580px; min-width: 0; }
.pair > .tbl { flex: 1 1 auto; width: min-content; min-width: 0; overflow-x: auto; }
figure { margin: 0; } svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
th { background: #f6f6f6; font-weight: 600; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: #555; padding: 4px 0; caption-side: bottom; }
footer { margin-top: 40px; color: #666; font-size: 12px; }
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: Any, *, share: bool = False) -> str:
    if value is None:
        return "–"
    if share:
        return f"{100 * float(value):.0f}%"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


Column = tuple[str, str, Callable[[Any], str] | None, bool]  # key, heading, formatter, numeric


def _n(key: str, title: str) -> Column:
    """A numeric column, formatted by `_num` and right-aligned."""
    return (key, title, None, True)


def _t(key: str, title: str) -> Column:
    """A text column, shown as is."""
    return (key, title, None, False)


def _table(
    rows: Sequence[dict[str, Any]], columns: Sequence[Column], *, caption: str = "", limit: int = _MAX_ROWS
) -> str:
    head = "".join(f"<th class='{'n' if numeric else ''}'>{_e(title)}</th>" for _, title, _, numeric in columns)
    body = []
    for row in rows[:limit]:
        cells = []
        for key, _, fmt, numeric in columns:
            value = row.get(key)
            text = fmt(value) if fmt else (_num(value) if numeric else ("–" if value is None else str(value)))
            cells.append(f"<td class='{'n' if numeric else ''}'>{_e(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f" Showing {limit} of {len(rows)} rows." if len(rows) > limit else ""
    cap = f"<caption>{_e(caption + more)}</caption>" if caption or more else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section(title: str, lede: str, chart: str, table: str) -> str:
    return (
        f"<section><h2>{_e(title)}</h2><p class='lede'>{_e(lede)}</p>"
        f"<div class='pair'><figure>{chart}</figure><div class='tbl'>{table}</div></div></section>"
    )


def _missing(title: str, layer: str) -> str:
    return (
        f"<section><h2>{_e(title)}</h2><p class='note'>Not available: no article in this store has the "
        f"{_e(layer)} layer (it was disabled or not produced by the pipeline that filled the store).</p></section>"
    )


def render_report(data: Analytics, *, store: str, generated: dt.datetime | None = None) -> str:
    """The whole report as one HTML document."""
    generated = generated or dt.datetime.now(dt.UTC).replace(microsecond=0)
    o = data.overview
    facts = [
        ("articles", o["articles"]), ("outlets", o["outlets"]), ("words", o["words"]),
        ("technique spans", o["techniques"]), ("quotes", o["quotes"]), ("claims", o["claims"]),
    ]
    dates = f"{o['first_published'] or '…'} to {o['last_published'] or '…'}"
    undated = f" · {o['undated']:,} undated" if o["undated"] else ""
    failed = f"{o['failures']:,} failed document(s) in the store · " if o["failures"] else ""
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>presslens corpus report: {_e(data.filters.describe())}</title><style>{_CSS}</style></head><body>",
        "<header><h1>presslens corpus report</h1>",
        f"<p class='lede'>Store {_e(store)} · {_e(data.filters.describe())} · published {_e(dates)}"
        f"{_e(undated)} · {_e(failed)}generated {_e(generated.isoformat())} UTC</p>",
        "<div class='facts'>" + "".join(f"<div><b>{_e(_num(v))}</b>{_e(k)}</div>" for k, v in facts) + "</div>",
        _coverage(o),
        "<p class='note'>Technique spans are machine findings of the 14 propaganda techniques of the SemEval-2020 "
        "PTC corpus; each is in the outlet's own voice (author) or in a source's words, quoted or paraphrased. "
        "Rates count only articles whose layer was analysed. Names are merged within an article, not across "
        "articles, so two people with the same name share a row. Every number here can be traced to spans with "
        "<code>presslens query</code> or <code>presslens export</code>.</p></header>",
    ]
    if o["articles"] == 0:
        parts.append("<p class='note'>No article matches this selection.</p>")
    else:
        parts += [_outlets(data), _authors(data), _voices(data), _over_time(data), _techniques(data), _speakers(data),
                  _claims(data), _actors(data)]
    parts.append("<footer>Made by presslens from the corpus store; this file loads nothing from the network.</footer>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _coverage(o: dict[str, Any]) -> str:
    """A line naming the layers that only some of the selected articles have (a run with --disable)."""
    partial = [
        f"{layer} in {count:,}" for layer, count in sorted(o.get("coverage", {}).items())
        if count < o["articles"] and layer in ("entities", "quotes", "techniques", "claims", "voices", "actors")
    ]
    if not partial:
        return ""
    return (
        f"<p class='note'><b>Not every article was analysed for every layer:</b> {_e('; '.join(partial))} of "
        f"{o['articles']:,} articles. Each section counts only the articles analysed for its layer.</p>"
    )


def _outlets(data: Analytics) -> str:
    title = "Persuasion per outlet"
    if "techniques" not in data.layers:
        return _missing(title, "techniques")
    rows = [r for r in data.outlets if r["techniques_per_1000_words"] is not None]
    largest = sorted(rows[:15], key=lambda r: -float(r["techniques_per_1000_words"]))
    chart = plots.bar_chart(
        [(f"{r['outlet']} ({r['techniques_articles']:,})", float(r["techniques_per_1000_words"])) for r in largest],
        title="Technique spans per 1,000 words", unit="per 1,000 words",
    )
    table = _table(rows, [
        _t("outlet", "Outlet"), _n("articles", "Articles"),
        _n("techniques_articles", "Analysed for techniques"), _n("techniques_words", "Their words"),
        _n("techniques", "Technique spans"), _n("techniques_per_1000_words", "Per 1,000 words"),
    ], caption="Outlets by number of articles; the chart shows the 15 largest, highest rate first, with the "
       "articles analysed for techniques in brackets (a rate over few articles says little).")
    return _section(title, "How much persuasive language each outlet prints, for the amount it prints.", chart, table)


def _authors(data: Analytics) -> str:
    title = "Persuasion per author (byline)"
    if not data.authors:
        return (f"<section><h2>{_e(title)}</h2><p class='note'>No selected article has a byline: authors are read from "
                "web pages and feeds (presslens analyze URL, presslens batch --feed).</p></section>")
    rows = data.authors
    rated = [r for r in rows[:15] if r["techniques_per_1000_words"] is not None]
    chart = plots.bar_chart(
        [(f"{r['author']} ({r['articles']:,})", float(r["techniques_per_1000_words"])) for r in rated],
        title="Technique spans per 1,000 words", unit="per 1,000 words",
    ) if rated else ""
    table = _table(rows, [
        _t("author", "Author"), _n("articles", "Articles"), _n("outlets", "Outlets"), _n("words", "Words"),
        _n("techniques", "Technique spans"), _n("techniques_per_1000_words", "Per 1,000 words"),
        ("author_share", "In the author's own voice", lambda v: _num(v, share=True), True),
    ], caption="Authors by number of articles (an article with two bylines counts for both); articles without "
       "a byline are left out. Names are as the pages give them, so one person may appear under two spellings.")
    return _section(title, "Who writes the persuasive language: the same measures as per outlet, by byline.", chart, table)


def _voices(data: Analytics) -> str:
    title = "Whose voice: the outlet's own or its sources'"
    if "techniques" not in data.layers:
        return _missing(title, "techniques")
    rows = [r for r in data.outlets if (r["techniques"] or 0) > 0]
    chart = plots.stacked_shares(
        [(r["outlet"], (r["author_spans"], r["quoted_spans"], r["paraphrased_spans"])) for r in rows[:15]],
        series=("author", "quoted", "paraphrased"),
        title="Technique spans by voice (share of each outlet's spans)",
    )
    table = _table(rows, [
        _t("outlet", "Outlet"), _n("author_spans", "Author"), _n("quoted_spans", "Quoted"),
        _n("paraphrased_spans", "Paraphrased"),
        ("author_share", "Author share", lambda v: _num(v, share=True), True),
    ], caption="A high author share means the outlet persuades in its own words rather than reporting others.")
    return _section(title, "Of each outlet's technique spans, the share in its own words (author) against its sources' words, "
        "quoted or paraphrased.", chart, table)


def _over_time(data: Analytics) -> str:
    title = f"Over time (by {data.period})"
    if "techniques" not in data.layers:
        return _missing(title, "techniques")
    totals: dict[dt.date, dict[str, float]] = defaultdict(lambda: {"articles": 0, "words": 0, "techniques": 0})
    by_outlet: dict[str, int] = defaultdict(int)
    for r in data.over_time:
        t = totals[r["period"]]
        t["articles"] += r["articles"]
        t["words"] += r["words"] or 0
        t["techniques"] += r["techniques"]
        by_outlet[r["outlet"]] += r["articles"]
    rows: list[dict[str, Any]] = [
        {"period": p, **t, "per_1000": round(1000 * t["techniques"] / t["words"], 2) if t["words"] else None}
        for p, t in sorted(totals.items())
    ]
    series: dict[str, list[tuple[dt.date, float]]] = {
        "all outlets": [(r["period"], float(r["per_1000"])) for r in rows if r["per_1000"] is not None]
    }
    periods = max(1, len(rows))
    top = [
        name for name in sorted(by_outlet, key=lambda name: (-by_outlet[name], name))[:_TOP_OUTLETS_OVER_TIME]
        if by_outlet[name] / periods >= _MIN_ARTICLES_PER_POINT  # a line through one-article points is noise
    ]
    if len(by_outlet) > 1:
        for name in top:
            series[name] = [
                (r["period"], float(r["techniques_per_1000_words"])) for r in data.over_time
                if r["outlet"] == name and r["techniques_per_1000_words"] is not None
            ]
    fmt = {"year": "%Y", "quarter": "%Y-%m", "month": "%Y-%m"}.get(data.period, "%Y-%m-%d")
    chart = plots.line_chart(
        series, title="Technique spans per 1,000 words", unit=f"per {data.period}; per 1,000 words", date_format=fmt
    )
    table = _table(rows, [
        ("period", "Period from", lambda v: v.isoformat(), False), ("articles", "Articles", lambda v: f"{int(v):,}", True),
        ("words", "Words", lambda v: f"{int(v):,}", True), ("techniques", "Technique spans", lambda v: f"{int(v):,}", True),
        _n("per_1000", "Per 1,000 words"),
    ], caption=(
        f"All outlets together; the chart adds the {len(top)} outlet(s) with most articles that have at least "
        f"{_MIN_ARTICLES_PER_POINT} articles per {data.period} on average. Undated articles are left out."
    ), limit=_MAX_TIME_ROWS)
    return _section(title, "Technique spans per 1,000 words, period by period.", chart, table)


def _techniques(data: Analytics) -> str:
    title = "Techniques"
    if "techniques" not in data.layers:
        return _missing(title, "techniques")
    chart = plots.bar_chart([(technique_title(r["technique"]), r["spans"]) for r in data.techniques], title="Spans per technique")
    table = _table(data.techniques, [
        ("technique", "Technique", technique_title, False), _n("spans", "Spans"),
        _n("author", "Author"), _n("quoted", "Quoted"), _n("paraphrased", "Paraphrased"),
        _n("articles", "Articles"),
    ])
    return _section(title, "Which techniques the corpus uses, and in whose voice.", chart, table)


def _speakers(data: Analytics) -> str:
    title = "Most quoted speakers"
    if "quotes" not in data.layers:
        return _missing(title, "quotes")
    mix: dict[str, list[str]] = defaultdict(list)
    for r in data.speaker_techniques:
        if len(mix[r["speaker"]]) < 3:
            mix[r["speaker"]].append(f"{technique_title(r['technique'])} ({r['spans']})")
    rows = [{**r, "mix": "; ".join(mix.get(r["speaker"], [])) or "–"} for r in data.speakers]
    chart = plots.bar_chart([(r["speaker"], r["quotes"]) for r in rows], title="Attributions per named speaker")
    table = _table(rows, [
        _t("speaker", "Speaker"), _n("quotes", "Attributions"), _n("direct", "Direct"),
        _n("articles", "Articles"), _n("outlets", "Outlets"),
        _n("quotes_analysed", "Attributions analysed for techniques"),
        _n("techniques", "Technique spans in their voice"), _t("mix", "Main techniques"),
    ], caption="Named speakers only; unnamed sources ('officials') are not counted here. Names are merged within "
       "an article, not across articles: one person may have two rows ('Donald Trump', 'Trump').")
    return _section(title, "Who the corpus quotes most, and the techniques found in their words.", chart, table)


def _claims(data: Analytics) -> str:
    title = "Check-worthy claims"
    if "claims" not in data.layers:
        return _missing(title, "claims")
    chart = plots.stacked_shares(
        [(r["outlet"], (r["author"], r["quoted"], r["paraphrased"])) for r in data.claims[:15]],
        series=("author", "quoted", "paraphrased"), title="Claims by voice (share of each outlet's claims)",
    )
    table = _table(data.claims, [
        _t("outlet", "Outlet"), _n("articles", "Articles"), _n("claims", "Claims"),
        _n("claims_per_article", "Per article"), _n("author", "Author"),
        _n("quoted", "Quoted"), _n("paraphrased", "Paraphrased"),
    ])
    return _section(title, "How much each outlet gives a fact-checker to verify, and whose claims they are.", chart, table)


def _actors(data: Analytics) -> str:
    title = "Actors named most"
    if "entities" not in data.layers:
        return _missing(title, "entities")
    chart = plots.bar_chart([(f"{r['actor']} ({r['label']})", r["articles"]) for r in data.actors], title="Articles naming each actor")
    table = _table(data.actors, [
        _t("actor", "Actor"), _t("label", "Kind"), _n("mentions", "Mentions"),
        _n("articles", "Articles"), _n("outlets", "Outlets"),
    ], caption="People (PERSON), organisations (ORG), places (GPE) and groups (NORP), by articles naming them.")
    return _section(title, "The people, organisations, places and groups the corpus names in most articles.", chart, table)
