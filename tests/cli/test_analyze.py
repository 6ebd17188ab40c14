from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli import get_app
from tests.conftest import EXAMPLE

runner = CliRunner()
pytestmark = pytest.mark.slow


def run(*args: str, input: bytes | None = None):
    return runner.invoke(get_app(), list(args), input=input)


def test_analyze_json_contract_with_exact_spans(tmp_path: Path):
    result = run("analyze", str(EXAMPLE), "--published", "2026-03-10", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == "harbour_strike" and data["published"] == "2026-03-10"
    text = data["text"]
    assert text == EXAMPLE.read_text(encoding="utf-8")
    for layer in ("sentences", "entities", "times"):
        assert data[layer], layer
        for item in data[layer]:
            assert text[item["start"] : item["end"]] == item["text"]
    people = {e["canonical"] for e in data["entities"] if e["label"] == "PERSON"}
    assert "Marta Okonkwo-Reyes" in people and "Okonkwo-Reyes" not in people
    values = {t["text"]: t["value"] for t in data["times"]}
    assert values.get("Monday") == "2026-03-09" and values.get("March 18") == "2026-03-18"


def test_analyze_html_report_to_file(tmp_path: Path):
    out = tmp_path / "report.html"
    result = run("analyze", str(EXAMPLE), "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Okonkwo-Reyes" in html


def test_analyze_batch_reports_bad_document_and_writes_the_good_ones(tmp_path: Path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text("The council approved the budget on Tuesday.", encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "batch.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Rain closed the airport."}) + "\n{broken\n", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    result = run("analyze", str(corpus), "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 1
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["j1", "good"]
    assert "empty.txt: the document is empty" in result.stderr
    assert "batch.jsonl:2: not valid JSON" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["analyze", "/no/such.txt"], 1, "no such file"),
        (["analyze", "-", "--published", "20-05-2021"], 2, "'20-05-2021' is not a date like"),
    ],
)
def test_analyze_bad_input_exits_1_and_bad_usage_2(args, code, message):
    result = run(*args, input=b"Some text.")
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_analyze_stdin_text_summary():
    result = run("analyze", "-", input=b"The strike began on Friday, the union said.")
    assert result.exit_code == 0, result.output
    assert "Friday" in result.stdout and "unresolved" in result.stdout  # no publication date given
