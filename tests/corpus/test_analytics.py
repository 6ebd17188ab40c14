from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from presslens.corpus import CorpusStore, Filters, analyse_store, run_corpus
from presslens.corpus.analytics import choose_period, grep_pattern, outlets, over_time, speakers
from tests.corpus.corpora import OUTLETS, fill_store, write_corpus
from tests.fakes import FakePipeline

# Every made-up article has 45 words and two technique spans: one in a speaker's quote, one the author's.
PER_1000 = round(1000 * 2 / 45, 2)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return fill_store(tmp_path_factory.mktemp("analytics"), 12)


def _with(store: Path, fn, filters: Filters = Filters(), **kwargs):
    with CorpusStore.open(store, read_only=True) as db:
        return fn(db, filters, **kwargs)


def test_analytics_outlets_rates_and_voice_shares(store: Path):
    rows = _with(store, outlets)
    assert [r["outlet"] for r in rows] == sorted(OUTLETS)  # 4 articles each: ties ordered by name
    for r in rows:
        assert (r["articles"], r["words"], r["techniques"]) == (4, 180, 8)
        assert r["techniques_per_1000_words"] == PER_1000
        assert (r["author_spans"], r["quoted_spans"], r["paraphrased_spans"], r["author_share"]) == (4, 4, 0, 0.5)
        assert (r["claims"], r["claims_per_article"], r["quotes"]) == (12, 3.0, 4)


def test_analytics_filters_by_source_dates_and_word(store: Path):
    assert [r["outlet"] for r in _with(store, outlets, Filters(sources=("Valley Voice",)))] == ["Valley Voice"]
    # article i is published 2024-01-01 + 3i days: i = 0..3 fall on or before 2024-01-10
    by_date = _with(store, outlets, Filters(end=dt.date(2024, 1, 10)))
    assert sum(r["articles"] for r in by_date) == 4
    # "disaster" is quoted in articles 0, 4 and 8 only
    assert sum(r["articles"] for r in _with(store, outlets, Filters(grep="DISASTER"))) == 3
    assert _with(store, outlets, Filters(grep="disas")) == []  # whole words only


@pytest.mark.parametrize(
    ("word", "text", "matches"),
    [("plan", "The Plan.", True), ("plan", "planning", False), ("a.b", "axb", False), ("a.b", "a.b", True),
     ("(x)", "see (x) here", True), ("c++", "c++ code", True)],
)
def test_analytics_grep_pattern_escapes_the_word(word, text, matches):
    assert bool(re.search(grep_pattern(word), text)) is matches


def test_analytics_over_time_counts_per_period(store: Path):
    rows = _with(store, over_time, period="month", by_outlet=False)
    # articles on days 0, 3, ..., 33 of 2024: 11 in January, 1 in February
    assert [(r["period"], r["articles"]) for r in rows] == [(dt.date(2024, 1, 1), 11), (dt.date(2024, 2, 1), 1)]
    assert rows[0]["techniques_per_1000_words"] == PER_1000


def test_analytics_speakers_count_quotes_and_techniques_in_their_voice(store: Path):
    rows = _with(store, speakers, limit=2)
    assert [(r["speaker"], r["quotes"], r["quotes_analysed"], r["techniques"], r["techniques_per_quote"]) for r in rows] == [
        ("Ines Baptiste", 4, 4, 4, 1.0), ("Lena Okafor", 4, 4, 4, 1.0),
    ]


def test_analytics_rates_leave_out_articles_without_the_layer(tmp_path: Path):
    store = tmp_path / "s.duckdb"
    run_corpus([write_corpus(tmp_path / "a.jsonl", 3)], store=store, factory=FakePipeline(), workers=1)
    run_corpus([write_corpus(tmp_path / "b.jsonl", 3, start=3)], store=store,
               factory=FakePipeline(disable=("techniques", "voices")), workers=1)
    rows = _with(store, outlets)
    assert sum(r["articles"] for r in rows) == 6
    assert {r["techniques_per_1000_words"] for r in rows} == {PER_1000}


def test_analytics_report_data_has_every_section(store: Path):
    with CorpusStore.open(store, read_only=True) as db:
        data = analyse_store(db, Filters())
    assert data.overview["articles"] == 12 and data.period == "week"
    assert data.layers == ["claims", "entities", "quotes", "sentences", "techniques", "times", "voices"]
    assert data.actors[0]["articles"] == 12  # "Council Report" opens every made-up article
    assert {r["speaker"] for r in data.speaker_techniques} == {"Ines Baptiste", "Lena Okafor", "Tomas Rivera"}


@pytest.mark.parametrize(
    ("first", "last", "period"),
    [(None, None, "month"), (dt.date(2024, 1, 1), dt.date(2024, 1, 20), "day"),
     (dt.date(2024, 1, 1), dt.date(2024, 5, 1), "week"), (dt.date(2017, 1, 1), dt.date(2019, 12, 31), "month"),
     (dt.date(2000, 1, 1), dt.date(2019, 12, 31), "year")],
)
def test_analytics_choose_period(first, last, period):
    assert choose_period(first, last) == period


def test_analytics_authors_count_the_shown_lane_only(store: Path, tmp_path: Path):
    """Per author, like per outlet, only shown spans count: a candidates-lane span adds nothing."""
    from presslens.corpus.analytics import authors

    copy = tmp_path / "authors.duckdb"
    copy.write_bytes(store.read_bytes())
    with CorpusStore.open(copy) as db:
        db.con.execute("UPDATE articles SET authors = ['Ana Ruiz']")
        before = authors(db, Filters())
        db.con.execute("INSERT INTO techniques SELECT * REPLACE ('candidate' AS lane) FROM techniques")
        after = authors(db, Filters())
    assert before == after
    assert (before[0]["author"], before[0]["articles"], before[0]["techniques"]) == ("Ana Ruiz", 12, 24)
