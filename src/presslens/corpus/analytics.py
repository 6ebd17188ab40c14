"""Corpus analytics: SQL over the store, returning plain rows (dicts) for reports, tables and tests.

Why these measures (a media researcher's first questions about a corpus):

- technique spans per 1,000 words, per outlet and over time: how much
  persuasive language an outlet prints, normalised by how much it prints;
- the share of technique spans in the outlet's own voice against quoted and
  paraphrased voices: whether the outlet persuades, or reports others doing so;
- the most quoted speakers and the techniques in their voice;
- claim counts per outlet and voice: how much there is to fact-check;
- the actors named most.

Every rate counts only articles whose layer was analysed (`articles.layers`),
so a run with `--disable techniques` does not dilute the rates with zeros.
Canonical names are merged within an article, never across articles; the
actor and speaker tables group by the name as written, so two people who
share a name are one row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from .store import CorpusStore

Period = Literal["day", "week", "month", "quarter", "year"]
PERIODS: tuple[str, ...] = get_args(Period)
NO_SOURCE = "(no source)"
ACTOR_LABELS: tuple[str, ...] = ("PERSON", "ORG", "GPE", "NORP")


@dataclass(frozen=True)
class Filters:
    """Which articles an analysis covers: a date range, outlets and a word in the text."""

    start: dt.date | None = None
    end: dt.date | None = None
    sources: tuple[str, ...] = ()
    grep: str | None = None

    def where(self, alias: str = "a") -> tuple[str, list[Any]]:
        """An SQL condition on `articles` (as `alias`) and its parameters."""
        parts: list[str] = ["TRUE"]
        params: list[Any] = []
        if self.start is not None:
            parts.append(f"{alias}.published >= ?")
            params.append(self.start)
        if self.end is not None:
            parts.append(f"{alias}.published <= ?")
            params.append(self.end)
        if self.sources:
            parts.append(f"coalesce({alias}.source, '{NO_SOURCE}') IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(self.sources))
        if self.grep:
            parts.append(f"regexp_matches({alias}.text, ?)")
            params.append(grep_pattern(self.grep))
        return " AND ".join(parts), params

    def describe(self) -> str:
        """The filters in words, for a report's heading."""
        parts = []
        if self.start or self.end:
            parts.append(f"published {self.start or '…'} to {self.end or '…'}")
        if self.sources:
            parts.append("outlets: " + ", ".join(self.sources))
        if self.grep:
            parts.append(f"text contains the word {self.grep!r}")
        return "; ".join(parts) or "all articles"


def grep_pattern(word: str) -> str:
    """A case-insensitive whole-word pattern (RE2 syntax) for `word`, its special characters escaped."""
    escaped = re.sub(r"([\\.^$|?*+()\[\]{}])", r"\\\1", word)
    return rf"(?i)\b{escaped}\b" if re.match(r"\w", word) and re.search(r"\w$", word) else f"(?i){escaped}"


@dataclass
class Analytics:
    """All the measures of one report, as lists of rows."""

    filters: Filters
    period: str
    overview: dict[str, Any]
    outlets: list[dict[str, Any]]
    over_time: list[dict[str, Any]]
    techniques: list[dict[str, Any]]
    speakers: list[dict[str, Any]]
    speaker_techniques: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    layers: list[str] = field(default_factory=list)
    authors: list[dict[str, Any]] = field(default_factory=list)


# The technique spans every count is about: the shown lane (not the candidates) of the selected articles.
_SHOWN_SPANS = "techniques WHERE lane = 'shown' AND key IN (SELECT key FROM sel)"


def _selected(filters: Filters) -> tuple[str, list[Any]]:
    condition, params = filters.where("a")
    cte = (
        "WITH sel AS (SELECT a.key, coalesce(a.source, '" + NO_SOURCE + "') AS outlet, a.published, a.words, "
        f"a.layers FROM articles a WHERE {condition})"
    )
    return cte, params


def overview(store: CorpusStore, filters: Filters) -> dict[str, Any]:
    cte, params = _selected(filters)
    row = store.query(
        f"{cte} SELECT count(*) AS articles, count(DISTINCT outlet) AS outlets, coalesce(sum(words), 0) AS words, "
        "min(published) AS first_published, max(published) AS last_published, "
        f"(SELECT count(*) FROM {_SHOWN_SPANS}) AS techniques, "
        "(SELECT count(*) FROM quotes WHERE key IN (SELECT key FROM sel)) AS quotes, "
        "(SELECT count(*) FROM claims WHERE key IN (SELECT key FROM sel)) AS claims FROM sel",
        params,
    ).dicts()[0]
    row["failures"] = store.query("SELECT count(*) AS n FROM failures").rows[0][0]
    row["coverage"] = dict(store.query(
        f"{cte} SELECT layer, count(*) FROM (SELECT unnest(layers) AS layer FROM sel) GROUP BY layer", params
    ).rows)
    row["undated"] = store.query(f"{cte} SELECT count(*) FROM sel WHERE published IS NULL", params).rows[0][0]
    return row


def outlets(store: CorpusStore, filters: Filters) -> list[dict[str, Any]]:
    """Per outlet: articles, words, technique spans per 1,000 words, the voices they are in, claims, quotes."""
    cte, params = _selected(filters)
    return store.query(
        f"""{cte},
        t AS (SELECT key, count(*) AS n,
                     count(*) FILTER (WHERE voice = 'author') AS author,
                     count(*) FILTER (WHERE voice = 'quoted') AS quoted,
                     count(*) FILTER (WHERE voice = 'paraphrased') AS paraphrased
              FROM {_SHOWN_SPANS} GROUP BY key),
        c AS (SELECT key, count(*) AS n FROM claims WHERE key IN (SELECT key FROM sel) GROUP BY key),
        q AS (SELECT key, count(*) AS n FROM quotes WHERE key IN (SELECT key FROM sel) GROUP BY key)
        SELECT s.outlet,
               count(*) AS articles,
               sum(s.words) AS words,
               count(*) FILTER (WHERE list_contains(s.layers, 'techniques')) AS techniques_articles,
               sum(s.words) FILTER (WHERE list_contains(s.layers, 'techniques')) AS techniques_words,
               sum(t.n) FILTER (WHERE list_contains(s.layers, 'techniques')) AS techniques,
               round(1000.0 * coalesce(sum(t.n), 0) / nullif(sum(s.words) FILTER (WHERE list_contains(s.layers, 'techniques')), 0), 2)
                   AS techniques_per_1000_words,
               coalesce(sum(t.author), 0) AS author_spans,
               coalesce(sum(t.quoted), 0) AS quoted_spans,
               coalesce(sum(t.paraphrased), 0) AS paraphrased_spans,
               round(coalesce(sum(t.author), 0) / nullif(sum(t.n), 0), 3) AS author_share,
               sum(coalesce(c.n, 0)) FILTER (WHERE list_contains(s.layers, 'claims')) AS claims,
               round(sum(coalesce(c.n, 0)) FILTER (WHERE list_contains(s.layers, 'claims'))
                     / nullif(count(*) FILTER (WHERE list_contains(s.layers, 'claims')), 0), 2) AS claims_per_article,
               sum(coalesce(q.n, 0)) FILTER (WHERE list_contains(s.layers, 'quotes')) AS quotes
        FROM sel s LEFT JOIN t USING (key) LEFT JOIN c USING (key) LEFT JOIN q USING (key)
        GROUP BY s.outlet ORDER BY articles DESC, s.outlet""",
        params,
    ).dicts()


def authors(store: CorpusStore, filters: Filters, *, limit: int = 30) -> list[dict[str, Any]]:
    """Per byline author (an article by two counts for each): articles, outlets, words, technique spans
    per 1,000 words and the share in the author's own voice. Articles with no byline are left out."""
    cte, params = _selected(filters)
    return store.query(
        f"""{cte},
        bl AS (SELECT s.key, s.outlet, s.words, s.layers, unnest(a.authors) AS author
               FROM sel s JOIN articles a USING (key) WHERE a.authors IS NOT NULL),
        t AS (SELECT key, count(*) AS n, count(*) FILTER (WHERE voice = 'author') AS own
              FROM {_SHOWN_SPANS} GROUP BY key)
        SELECT bl.author,
               count(*) AS articles,
               count(DISTINCT bl.outlet) AS outlets,
               sum(bl.words) AS words,
               sum(t.n) FILTER (WHERE list_contains(bl.layers, 'techniques')) AS techniques,
               round(1000.0 * coalesce(sum(t.n), 0) / nullif(sum(bl.words) FILTER (WHERE list_contains(bl.layers, 'techniques')), 0), 2)
                   AS techniques_per_1000_words,
               round(coalesce(sum(t.own), 0) / nullif(sum(t.n), 0), 3) AS author_share
        FROM bl LEFT JOIN t USING (key)
        GROUP BY bl.author ORDER BY articles DESC, bl.author LIMIT {int(limit)}""",
        params,
    ).dicts()


def over_time(store: CorpusStore, filters: Filters, *, period: str = "month", by_outlet: bool = True) -> list[dict[str, Any]]:
    """Per period (and outlet): articles, words and technique spans per 1,000 words; undated articles left out."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    cte, params = _selected(filters)
    group = "s.outlet" if by_outlet else "'all outlets'"
    return store.query(
        f"""{cte},
        t AS (SELECT key, count(*) AS n FROM {_SHOWN_SPANS} GROUP BY key)
        SELECT CAST(date_trunc('{period}', s.published) AS DATE) AS period, {group} AS outlet,
               count(*) AS articles, sum(s.words) AS words, coalesce(sum(t.n), 0) AS techniques,
               round(1000.0 * coalesce(sum(t.n), 0) / nullif(sum(s.words), 0), 2) AS techniques_per_1000_words
        FROM sel s LEFT JOIN t USING (key)
        WHERE s.published IS NOT NULL AND list_contains(s.layers, 'techniques')
        GROUP BY ALL ORDER BY period, outlet""",
        params,
    ).dicts()


def techniques(store: CorpusStore, filters: Filters) -> list[dict[str, Any]]:
    """Per technique: spans, and how many are in the author's, quoted and paraphrased voices."""
    cte, params = _selected(filters)
    return store.query(
        f"""{cte}
        SELECT technique, count(*) AS spans,
               count(*) FILTER (WHERE voice = 'author') AS author,
               count(*) FILTER (WHERE voice = 'quoted') AS quoted,
               count(*) FILTER (WHERE voice = 'paraphrased') AS paraphrased,
               count(DISTINCT key) AS articles
        FROM {_SHOWN_SPANS}
        GROUP BY technique ORDER BY spans DESC, technique""",
        params,
    ).dicts()


def speakers(store: CorpusStore, filters: Filters, *, limit: int = 15) -> list[dict[str, Any]]:
    """The most quoted named speakers: attributions, articles, outlets, technique spans in their voice."""
    cte, params = _selected(filters)
    return store.query(
        f"""{cte},
        q AS (SELECT q.speaker, count(*) AS quotes, count(DISTINCT q.key) AS articles,
                     count(DISTINCT s.outlet) AS outlets,
                     count(*) FILTER (WHERE q.kind = 'direct') AS direct,
                     count(*) FILTER (WHERE list_contains(s.layers, 'techniques')) AS quotes_analysed
              FROM quotes q JOIN sel s USING (key) WHERE q.speaker IS NOT NULL GROUP BY q.speaker),
        t AS (SELECT speaker, count(*) AS techniques FROM {_SHOWN_SPANS}
              AND speaker IS NOT NULL GROUP BY speaker)
        SELECT q.speaker, q.quotes, q.direct, q.articles, q.outlets, q.quotes_analysed,
               coalesce(t.techniques, 0) AS techniques,
               round(coalesce(t.techniques, 0) / nullif(q.quotes_analysed, 0), 2) AS techniques_per_quote
        FROM q LEFT JOIN t USING (speaker)
        ORDER BY q.quotes DESC, q.speaker LIMIT {int(limit)}""",
        params,
    ).dicts()


def speaker_techniques(store: CorpusStore, filters: Filters, speakers: Sequence[str]) -> list[dict[str, Any]]:
    """Technique spans in the voice of each of `speakers`, by technique."""
    if not speakers:
        return []
    cte, params = _selected(filters)
    return store.query(
        f"""{cte}
        SELECT speaker, technique, count(*) AS spans
        FROM {_SHOWN_SPANS} AND speaker IN (SELECT unnest(?::VARCHAR[]))
        GROUP BY ALL ORDER BY speaker, spans DESC, technique""",
        [*params, list(speakers)],
    ).dicts()


def claims(store: CorpusStore, filters: Filters) -> list[dict[str, Any]]:
    """Per outlet: claims by voice (author, quoted, paraphrased), over the articles with the claims layer."""
    cte, params = _selected(filters)
    return store.query(
        f"""{cte}
        SELECT s.outlet, count(DISTINCT s.key) AS articles, count(c.key) AS claims,
               count(c.key) FILTER (WHERE c.voice = 'author') AS author,
               count(c.key) FILTER (WHERE c.voice = 'quoted') AS quoted,
               count(c.key) FILTER (WHERE c.voice = 'paraphrased') AS paraphrased,
               round(count(c.key) / count(DISTINCT s.key), 2) AS claims_per_article
        FROM sel s LEFT JOIN claims c USING (key)
        WHERE list_contains(s.layers, 'claims')
        GROUP BY s.outlet ORDER BY claims DESC, s.outlet""",
        params,
    ).dicts()


def actors(store: CorpusStore, filters: Filters, *, limit: int = 20, labels: Sequence[str] = ACTOR_LABELS) -> list[dict[str, Any]]:
    """The actors named most: canonical name and label, mentions, articles and outlets."""
    cte, params = _selected(filters)
    return store.query(
        f"""{cte}
        SELECT e.canonical AS actor, e.label, count(*) AS mentions, count(DISTINCT e.key) AS articles,
               count(DISTINCT s.outlet) AS outlets
        FROM entities e JOIN sel s USING (key)
        WHERE e.label IN (SELECT unnest(?::VARCHAR[]))
        GROUP BY ALL ORDER BY articles DESC, mentions DESC, actor LIMIT {int(limit)}""",
        [*params, list(labels)],
    ).dicts()


def choose_period(first: dt.date | None, last: dt.date | None) -> str:
    """A period that gives a readable number of points: weeks under six months, months under six years."""
    if first is None or last is None:
        return "month"
    days = (last - first).days
    if days <= 31:
        return "day"
    if days <= 183:
        return "week"
    return "month" if days <= 6 * 366 else "year"


def analyse_store(store: CorpusStore, filters: Filters, *, period: str | None = None, top: int = 15) -> Analytics:
    """Every measure of the report for the articles `filters` selects."""
    head = overview(store, filters)
    chosen = period or choose_period(head["first_published"], head["last_published"])
    top_speakers = speakers(store, filters, limit=top)
    return Analytics(
        filters=filters,
        period=chosen,
        overview=head,
        outlets=outlets(store, filters),
        over_time=over_time(store, filters, period=chosen),
        techniques=techniques(store, filters),
        speakers=top_speakers,
        speaker_techniques=speaker_techniques(store, filters, [s["speaker"] for s in top_speakers]),
        claims=claims(store, filters),
        actors=actors(store, filters, limit=top),
        authors=authors(store, filters, limit=2 * top),
        layers=[name for (name,) in store.query(
            "SELECT DISTINCT layer FROM (SELECT unnest(layers) AS layer FROM articles) ORDER BY 1").rows],
    )
