from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli import get_app
from presslens.corpus import EXPORT_TABLES
from tests.cli.helpers import flat
from tests.corpus.corpora import write_corpus
from tests.fakes import FakePipeline

runner = CliRunner()


def run(*args: str):
    return runner.invoke(get_app(), list(args))


@pytest.fixture(autouse=True)
def fake_factory(monkeypatch):
    """The commands build the light fake pipeline instead of loading the models."""
    monkeypatch.setattr("presslens.cli.corpus.pipeline_factory", lambda disable: FakePipeline(disable=tuple(disable)))


@pytest.fixture
def store(tmp_path: Path) -> Path:
    corpus = write_corpus(tmp_path / "c.jsonl", 9)
    result = run("batch", str(corpus), "--store", str(tmp_path / "s.duckdb"), "--workers", "1")
    assert result.exit_code == 0, result.output
    return tmp_path / "s.duckdb"


def test_cli_batch_stores_and_resumes(tmp_path: Path):
    corpus = write_corpus(tmp_path / "c.jsonl", 5)
    first = run("batch", str(corpus), "--store", str(tmp_path / "s.duckdb"), "-w", "1")
    assert first.exit_code == 0
    assert f"presslens: stored 5 article(s) in {tmp_path / 's.duckdb'}" in flat(first.stderr)
    again = run("batch", str(corpus), "--store", str(tmp_path / "s.duckdb"), "-w", "1")
    assert again.exit_code == 0
    assert "stored 0 article(s)" in flat(again.stderr) and "(5 already stored)" in flat(again.stderr)


def test_cli_batch_failed_document_exits_1_and_the_rest_is_stored(tmp_path: Path):
    corpus = write_corpus(tmp_path / "c.jsonl", 3, extra=[{"id": "bad", "text": "It went boom."}])
    result = run("batch", str(corpus), "--store", str(tmp_path / "s.duckdb"), "-w", "1")
    assert result.exit_code == 1
    text = flat(result.stderr)
    assert "presslens: error: bad: stage fake-techniques.v1 failed: RuntimeError: cannot handle boom" in text
    assert "stored 3 article(s)" in text and "1 failed" in text
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--store", "s.duckdb"], "give the articles to analyse, --feed URL_OR_FILE, or --rerun STAGE"),
        (["x.jsonl", "--store", "s.duckdb", "--workers", "2", "--dask", "tcp://127.0.0.1:1"], "with --dask the cluster"),
        (["--store", "s.duckdb", "--rerun", "sentiment"], "cannot re-run 'sentiment'"),
        (["x.jsonl", "--store", "s.duckdb", "--published", "2024-13-01"], "is not a calendar date"),
        (["--store", "s.duckdb", "--since", "2024-01-01", "x.jsonl"], "--since filters the items of a --feed"),
    ],
)
def test_cli_batch_usage_errors_exit_2(tmp_path: Path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run("batch", *args)
    assert result.exit_code == 2, result.output
    assert message in flat(result.output)


def test_cli_batch_says_when_stored_articles_need_a_rerun(tmp_path: Path, store: Path, monkeypatch):
    monkeypatch.setattr("presslens.cli.corpus.pipeline_factory", lambda disable: FakePipeline(techniques_version=2))
    corpus = tmp_path / "c.jsonl"
    hint = run("batch", str(corpus), "--store", str(store), "-w", "1")
    assert "analysed by stages this pipeline does not have: fake-techniques.v1 (9); re-run them with --rerun" in flat(hint.stderr)
    rerun = run("batch", "--store", str(store), "--rerun", "techniques", "-w", "1")
    assert rerun.exit_code == 0 and "(re-ran 9)" in flat(rerun.stderr)


def test_cli_store_info(store: Path):
    result = run("store", "info", "--store", str(store))
    assert result.exit_code == 0
    text = flat(result.stdout)
    assert "9 article(s) from 3 outlet(s), published 2024-01-01 to 2024-01-25" in text
    assert "fake-techniques.v1" in text and "finished" in text
    facts = json.loads(run("store", "info", "--store", str(store), "--json").stdout)
    assert facts["articles"] == 9 and facts["layers"]["quotes"] == 9


def test_cli_store_info_schema_lists_every_table():
    result = run("store", "info", "--store", "unused.duckdb", "--schema")
    assert result.exit_code == 0
    for table in ("articles", "techniques", "failures", "stages", "runs"):
        assert table in result.stdout


def test_cli_store_info_of_a_missing_store_exits_1(tmp_path: Path):
    result = run("store", "info", "--store", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1
    assert "no corpus store there; create one with: presslens batch" in flat(result.stderr)


def test_cli_export_one_layer_and_every_table(store: Path, tmp_path: Path):
    out = tmp_path / "q.jsonl"
    result = run("export", "--store", str(store), "--layer", "quotes", "-f", "jsonl", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 9 and {"article_id", "source", "published", "speaker", "content_text"} <= set(rows[0])
    folder = tmp_path / "all"
    result = run("export", "--store", str(store), "-f", "csv", "-o", str(folder), "--where", "source = 'Valley Voice'")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in EXPORT_TABLES)
    assert {"articles", "actors", "techniques", "failures"} <= set(EXPORT_TABLES)
    with (folder / "articles.csv").open(encoding="utf-8", newline="") as handle:
        assert {r["source"] for r in csv.DictReader(handle)} == {"Valley Voice"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--layer", "quotes", "--where", "nonsense ="], 2, "bad --where condition"),
        (["--layer", "sentiment"], 2, "'sentiment' is not a layer; use one of articles, sentences"),
        (["--format", "xlsx"], 2, "'xlsx' is not a format; use one of parquet, csv, jsonl"),
    ],
)
def test_cli_export_errors(store: Path, tmp_path: Path, args, code, message):
    result = run("export", "--store", str(store), "-o", str(tmp_path / "out.file"), *args)
    assert result.exit_code == code, result.output
    assert message in flat(result.output)


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_cli_query_formats(store: Path, fmt: str):
    sql = "SELECT source, count(*) AS n FROM articles GROUP BY source ORDER BY source"
    result = run("query", "--store", str(store), "-f", fmt, sql)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.stdout)[0] == {"source": "Harbour Herald", "n": 3}
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(result.stdout)))[:2] == [["source", "n"], ["Harbour Herald", "3"]]
    else:
        assert "Harbour Herald" in result.stdout and "Metro Ledger" in result.stdout


def test_cli_query_bad_sql_exits_2(store: Path):
    result = run("query", "--store", str(store), "SELECT nothing FROM nowhere")
    assert result.exit_code == 2
    assert "bad SQL" in flat(result.output)


def test_cli_report_writes_one_html_file(store: Path, tmp_path: Path):
    out = tmp_path / "r.html"
    result = run("report", "--store", str(store), "-o", str(out), "--from", "2024-01-04", "--source", "Valley Voice")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 7 and "outlets: Valley Voice" in html
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_report_from_after_to_is_a_usage_error(store: Path, tmp_path: Path):
    result = run("report", "--store", str(store), "-o", str(tmp_path / "r.html"), "--from", "2024-02-01", "--to", "2024-01-01")
    assert result.exit_code == 2
    assert not (tmp_path / "r.html").exists()


# --- issue 23: no command writes over the store it reads ----------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--format", "csv", "--layer", "articles"],
        ["export", "--format", "csv"],
        ["query", "-f", "csv", "SELECT 1"],
        ["report"],
    ],
)
@pytest.mark.parametrize("target", ["store", "wal"])
def test_cli_writers_refuse_their_own_store(store: Path, command: list[str], target: str):
    before = store.read_bytes()
    out = store if target == "store" else store.with_name(store.name + ".wal")
    result = run(*command, "--store", str(store), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "writing it would destroy it" in flat(result.stderr)
    assert store.read_bytes() == before
    assert target == "store" or not out.exists()
    assert run("store", "info", "--store", str(store)).exit_code == 0


def test_cli_query_csv_makes_formulas_inert(store: Path):
    sql = "SELECT '=HYPERLINK(\"http://x.invalid\")' AS a, '@SUM(1+1)' AS b, '-2' AS c, 'plain' AS d, -2 AS e"
    result = run("query", "--store", str(store), "-f", "csv", sql)
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout)))[1] == ["'=HYPERLINK(\"http://x.invalid\")", "'@SUM(1+1)", "'-2", "plain", "-2"]


def test_cli_query_cannot_write_files(store: Path, tmp_path: Path):
    result = run("query", "--store", str(store), f"COPY articles TO '{tmp_path}/stolen.csv'")
    assert result.exit_code == 2
    assert "reads only the store's own tables" in flat(result.stderr) and "Traceback" not in result.output
    assert not (tmp_path / "stolen.csv").exists()
