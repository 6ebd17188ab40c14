"""The examples of docs/corpus.md run (with the light fake pipeline standing in for the models)."""

from __future__ import annotations

import functools
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

import presslens.corpus
from presslens.cli import get_app
from tests.corpus.corpora import write_corpus
from tests.fakes import FakePipeline

DOCS = Path(__file__).resolve().parents[2] / "docs" / "corpus.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("presslens.cli.corpus.pipeline_factory", lambda disable: FakePipeline())
    write_corpus(tmp_path / "news.jsonl", 8)
    return tmp_path


def test_docs_first_commands_run_in_order(workdir: Path):
    lines = [line.split("  #")[0].strip() for line in _blocks("bash")[0].splitlines() if line.strip()]
    runner = CliRunner()
    for line in lines:
        args = shlex.split(line)
        assert args[0] == "presslens"
        result = runner.invoke(get_app(), args[1:])
        assert result.exit_code == 0, f"{line}\n{result.output}"
    assert (workdir / "report.html").is_file() and (workdir / "techniques.csv").is_file()


def test_docs_sql_example_runs(workdir: Path):
    presslens.corpus.run_corpus(["news.jsonl"], store="corpus.duckdb", factory=FakePipeline(), workers=1)
    [sql] = _blocks("sql")
    with presslens.corpus.CorpusStore.open("corpus.duckdb", read_only=True) as store:
        result = store.query(sql)
    assert result.columns == ["source", "spans", "per_1000_words"] and result.rows


def test_docs_python_example_runs(workdir: Path, monkeypatch, capsys):
    fake = functools.partial(presslens.corpus.run_corpus, factory=FakePipeline())
    monkeypatch.setattr(presslens.corpus, "run_corpus", lambda paths, **kw: fake(paths, **{**kw, "workers": 1}))
    [code] = _blocks("python")
    exec(compile(code, str(DOCS), "exec"), {})
    assert capsys.readouterr().out.startswith("8 0 0 ")
