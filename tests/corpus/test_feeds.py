"""`presslens batch --feed` and address lists against the local test site (issue 27), with the fake pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli import get_app
from presslens.corpus import CorpusStore
from tests.fakes import FakePipeline

runner = CliRunner()


@pytest.fixture(autouse=True)
def fake_factory(monkeypatch):
    monkeypatch.setattr("presslens.cli.corpus.pipeline_factory", lambda disable: FakePipeline(disable=tuple(disable)))


def batch(tmp_path: Path, *args: str):
    return runner.invoke(
        get_app(),
        ["batch", *args, "--store", str(tmp_path / "s.duckdb"), "-w", "1", "--delay", "0", "--cache", str(tmp_path / "cache")],
    )


def rows(tmp_path: Path, sql: str) -> list[tuple]:
    with CorpusStore.open(tmp_path / "s.duckdb", read_only=True) as db:
        return db.query(sql).rows


def test_feed_items_are_stored_with_the_feed_as_outlet(tmp_path, test_site):
    result = batch(tmp_path, "--feed", test_site.url("/feed.xml"))
    assert result.exit_code == 0, result.output
    got = rows(tmp_path, "SELECT url, source, authors, published, published_from FROM articles ORDER BY url")
    assert [(Path(u).name, s) for u, s, *_ in got] == [
        ("ferry-timetable", "Ellery Courier"), ("ferry-fares", "Ellery Courier"), ("quay-closure", "Ellery Courier")]
    assert got[1][2] == ["Ana Ruiz", "Ben Osei"]
    assert [str(r[3]) + " " + r[4] for r in got] == ["2024-05-17 url", "2024-04-11 metadata", "2024-03-05 metadata"]


def test_feed_rerun_fetches_nothing_already_stored(tmp_path, test_site):
    assert batch(tmp_path, "--feed", test_site.url("/feed.xml")).exit_code == 0
    before = test_site.hits["/news/quay-closure"]
    again = batch(tmp_path, "--feed", test_site.url("/feed.xml"))
    assert again.exit_code == 0
    assert "stored 0 article(s)" in " ".join(again.stderr.split()) and "(3 already stored)" in again.stderr
    assert test_site.hits["/news/quay-closure"] == before


def test_feed_since_filters_items(tmp_path, test_site):
    result = batch(tmp_path, "--feed", test_site.url("/feed.xml"), "--since", "2024-04-01")
    assert result.exit_code == 0, result.output
    assert rows(tmp_path, "SELECT count(*) FROM articles") == [(2,)]


def test_feed_from_a_file_fills_the_byline(tmp_path, test_site):
    feed = tmp_path / "atom.xml"
    feed.write_bytes(test_site.pages["/atom.xml"][2])
    result = batch(tmp_path, "--feed", str(feed))
    assert result.exit_code == 0, result.output
    assert rows(tmp_path, "SELECT source, authors, published_from FROM articles") == [
        ("Ellery Courier (Atom)", ["Lena Hart"], "text")]


def test_batch_url_list_reports_each_failure_and_stores_the_rest(tmp_path, test_site):
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(test_site.url(p) for p in ("/news/ferry-fares", "/news/missing", "/de/kai")) + "\n")
    result = batch(tmp_path, str(urls))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("presslens: error:")]
    assert len(errors) == 2 and "HTTP 404" in errors[0] and "is in German" in errors[1]
    assert rows(tmp_path, "SELECT count(*) FROM articles") == [(1,)]
    assert rows(tmp_path, "SELECT count(*) FROM failures") == [(2,)]


def test_batch_not_a_feed_is_one_line(tmp_path, test_site):
    result = batch(tmp_path, "--feed", test_site.url("/news/ferry-fares"))
    assert result.exit_code == 1
    assert "is not an RSS or Atom feed" in result.stderr


def test_report_groups_by_author_and_escapes_names(tmp_path, test_site):
    assert batch(tmp_path, "--feed", test_site.url("/feed.xml")).exit_code == 0
    with CorpusStore.open(tmp_path / "s.duckdb") as db:
        db.con.execute("UPDATE articles SET authors = ['<b>Tom</b> Vance'] WHERE authors = ['Tom Vance']")
    out = tmp_path / "r.html"
    result = runner.invoke(get_app(), ["report", "--store", str(tmp_path / "s.duckdb"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "Persuasion per author (byline)" in html
    assert "Ana Ruiz" in html and "Ben Osei" in html and "Lena Hart" in html
    assert "<b>Tom</b>" not in html and "&lt;b&gt;Tom&lt;/b&gt; Vance" in html
