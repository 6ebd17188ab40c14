from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from presslens.corpus import CorpusStore, Filters, analyse_store, render_report, run_corpus
from tests.corpus.corpora import article, write_corpus
from tests.fakes import FakePipeline

HOSTILE = "<img src=x onerror=alert(1)> Gazette"


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("report")
    corpus = write_corpus(folder / "c.jsonl", 9, extra=[{**article(20), "source": HOSTILE}])
    store = folder / "s.duckdb"
    run_corpus([corpus], store=store, factory=FakePipeline(), workers=1)
    with CorpusStore.open(store, read_only=True) as db:
        data = analyse_store(db, Filters(grep="council"))
    return render_report(data, store=str(store), generated=dt.datetime(2026, 1, 2, 3, 4, 5))


def test_report_is_self_contained(html: str):
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*['"]?(https?:)?//""", html)
    assert not re.search(r"@import|url\(", html)


def test_report_escapes_corpus_text(html: str):
    assert HOSTILE not in html
    assert "&lt;img src=x onerror=alert(1)&gt; Gazette" in html


def test_report_every_chart_has_its_table(html: str):
    sections = re.findall(r"<section>(.*?)</section>", html, re.S)
    titles = [re.search(r"<h2>(.*?)</h2>", s).group(1) for s in sections]
    assert titles == [
        "Persuasion per outlet", "Persuasion per author (byline)",
        "Whose voice: the outlet&#x27;s own or its sources&#x27;", "Over time (by week)",
        "Techniques", "Most quoted speakers", "Check-worthy claims", "Actors named most",
    ]
    for section in sections:
        if "No selected article has a byline" in section:  # these articles were not read from web pages
            continue
        assert section.count("<svg") == 1 and section.count("<table>") == 1


def test_report_names_the_filters_and_the_counts(html: str):
    assert "text contains the word &#x27;council&#x27;" in html
    assert "<b>10</b>articles" in html


def test_report_says_when_a_layer_was_not_analysed(tmp_path: Path):
    store = tmp_path / "s.duckdb"
    run_corpus([write_corpus(tmp_path / "c.jsonl", 3)], store=store,
               factory=FakePipeline(disable=("techniques", "voices")), workers=1)
    with CorpusStore.open(store, read_only=True) as db:
        html = render_report(analyse_store(db, Filters()), store="s")
    assert html.count("Not available: no article in this store has the techniques layer") == 4
    assert "Most quoted speakers" in html


def test_report_on_an_empty_selection(tmp_path: Path):
    store = tmp_path / "s.duckdb"
    run_corpus([write_corpus(tmp_path / "c.jsonl", 2)], store=store, factory=FakePipeline(), workers=1)
    with CorpusStore.open(store, read_only=True) as db:
        html = render_report(analyse_store(db, Filters(grep="zeppelin")), store="s")
    assert "No article matches this selection." in html and "<section>" not in html


def test_report_names_the_layers_only_some_articles_have(tmp_path: Path):
    store = tmp_path / "s.duckdb"
    run_corpus([write_corpus(tmp_path / "a.jsonl", 3)], store=store, factory=FakePipeline(), workers=1)
    run_corpus([write_corpus(tmp_path / "b.jsonl", 3, start=3)], store=store,
               factory=FakePipeline(disable=("techniques", "voices")), workers=1)
    with CorpusStore.open(store, read_only=True) as db:
        html = render_report(analyse_store(db, Filters()), store="s")
    assert "techniques in 3; voices in 3 of 6 articles" in html
    outlets = re.search(r"<h2>Persuasion per outlet</h2>.*?</section>", html, re.S).group(0)
    assert "Analysed for techniques" in outlets
