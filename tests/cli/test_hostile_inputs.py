"""Issue 23: hostile input to the CLI gives one clear line per bad document and loses no good one."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli import get_app
from tests.cli.fakes import flat
from tests.corpus.fakes import FakePipeline

runner = CliRunner()
SCRIPT = Path(__file__).with_name("slow_cli.py")


def run(*args: str):
    return runner.invoke(get_app(), list(args))


def _deep_corpus(path: Path) -> Path:
    deep = '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    good = [json.dumps({"id": f"ok{i}", "text": f"The council met on day {i}."}) for i in range(2)]
    path.write_text("\n".join([good[0], deep, good[1]]) + "\n", encoding="utf-8")
    return path


@pytest.mark.usefixtures("fake_pipeline")
def test_cli_analyze_deeply_nested_line_is_one_error_and_the_rest_is_written(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    result = run("analyze", str(_deep_corpus(tmp_path / "in.jsonl")), "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["ok0", "ok1"]
    assert "in.jsonl:2: JSON nested too deeply to read" in flat(result.stderr)
    assert "Traceback" not in result.output


def test_cli_batch_deeply_nested_line_fails_alone_and_reruns_work(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("presslens.cli.corpus.pipeline_factory", lambda disable: FakePipeline(disable=tuple(disable)))
    corpus = _deep_corpus(tmp_path / "in.jsonl")
    store = tmp_path / "s.duckdb"
    for _ in range(2):
        result = run("batch", str(corpus), "--store", str(store), "-w", "1")
        assert result.exit_code == 1, result.output
        assert "JSON nested too deeply to read" in flat(result.stderr) and "Traceback" not in result.output
    query = run("query", "--store", str(store), "-f", "json", "SELECT id FROM articles ORDER BY id")
    assert [r["id"] for r in json.loads(query.stdout)] == ["ok0", "ok1"]


def test_cli_analyze_with_stdout_closed_is_one_line(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text("The council met on Tuesday.\n", encoding="utf-8")
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(SCRIPT))} 0 analyze {shlex.quote(str(article))} --format json >&-"
    done = subprocess.run(["bash", "-c", command], capture_output=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.decode().strip() == "presslens: error: cannot write to stdout: stdout is closed; write to a file with -o"


def test_cli_semeval_tc_refuses_to_write_over_its_template(tmp_path: Path):
    template = tmp_path / "template.tsv"
    template.write_text("1\t?\t0\t4\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    result = run("semeval", "tc", str(tmp_path / "articles"), str(template), "-o", str(template))
    assert result.exit_code == 2
    assert "is also an input; writing it would destroy that input" in flat(result.output)
    assert template.read_text(encoding="utf-8") == "1\t?\t0\t4\n"
