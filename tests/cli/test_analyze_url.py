"""`presslens analyze URL` and address lists against the local test site (issue 27), with the fake pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli import get_app
from tests.cli.helpers import flat
from tests.fakes import fake_pipeline  # noqa: F401  (a fixture)
from tests.site.pages import EXPECTED

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("fake_pipeline")


def run(tmp_path: Path, *args: str):
    return runner.invoke(get_app(), ["analyze", *args, "--delay", "0", "--cache", str(tmp_path / "cache")])


def test_analyze_url_json_has_byline_and_date_source(tmp_path, test_site):
    result = run(tmp_path, test_site.url("/news/ferry-fares"), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["authors"] == ["Ana Ruiz", "Ben Osei"]
    assert (data["published"], data["published_from"]) == ("2024-04-11", "metadata")
    assert data["url"] == data["id"] == test_site.url("/news/ferry-fares") and data["fetched_at"]


def test_analyze_url_list_every_page_of_the_suite(tmp_path, test_site):
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(test_site.url(p) + "\n" for p in sorted(EXPECTED)))
    result = run(tmp_path, str(urls), "-f", "jsonl")
    assert result.exit_code == 0, result.output
    docs = {json.loads(line)["id"]: json.loads(line) for line in result.stdout.splitlines()}
    for path, want in EXPECTED.items():
        doc = docs[test_site.url(path)]
        assert tuple(doc["authors"]) == want.authors, path
        assert (doc["published"], doc["published_from"]) == (want.published, want.published_from), path


def test_analyze_url_failures_are_one_line_each(tmp_path, test_site):
    paths = ("/news/missing", "/news/report.pdf", "/private/memo", "/de/kai", "/news/paywalled", "/news/ferry-fares")
    result = run(tmp_path, *(test_site.url(p) for p in paths), "-f", "jsonl")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("presslens: error:")]
    assert len(errors) == 5
    for needle, line in zip(("HTTP 404", "application/pdf", "robots.txt", "German", "paywall"), errors, strict=True):
        assert needle in line
    assert len(result.stdout.splitlines()) == 1


def test_analyze_url_text_summary_shows_byline_and_date_source(tmp_path, test_site):
    result = run(tmp_path, test_site.url("/2024/05/17/ferry-timetable"))
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "by Tom Vance" in text and "2024-05-17, from its address" in text


def test_analyze_ignore_robots(tmp_path, test_site):
    result = run(tmp_path, test_site.url("/private/memo"), "--ignore-robots", "-f", "json")
    assert result.exit_code == 0, result.output


def test_claims_takes_an_address_with_the_fetch_options(tmp_path, test_site):
    result = runner.invoke(get_app(), ["claims", test_site.url("/news/ferry-fares"), "--format", "json", "--delay", "0",
                                       "--cache", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)
