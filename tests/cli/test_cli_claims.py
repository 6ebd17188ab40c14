"""Tests for the `claims` and `eval claims` commands (real shipped model: slow)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli import get_app

NEWS = Path(__file__).resolve().parents[1] / "data" / "claims_news_sentences.jsonl"
ARTICLE = (
    "Harbour officials said the strike had cost the port $40 million since March 3.\n\n"
    "Dock workers walked out after wages fell by 6 percent in 2024. "
    "What a sad week for the town.\n"
)

runner = CliRunner()


@pytest.mark.slow
def test_cli_claims_eval_prints_both_views() -> None:
    result = runner.invoke(get_app(), ["eval", "claims", str(NEWS), "--errors", "2"])
    assert result.exit_code == 0, result.output
    assert "all " in result.output and "balanced" in result.output
    assert "accuracy on statistic" in result.output


@pytest.mark.slow
def test_cli_claims_eval_json() -> None:
    result = runner.invoke(get_app(), ["eval", "claims", str(NEWS), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["natural"]["n"] >= 40
    assert data["balanced"]["positives"] * 2 == data["balanced"]["n"]


def test_cli_claims_eval_bad_threshold_is_one_line_error() -> None:
    result = runner.invoke(get_app(), ["eval", "claims", str(NEWS), "--threshold", "1.5"])
    assert result.exit_code == 2
    assert "--threshold must lie between 0 and 1, got 1.5" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_cli_claims_checklist(tmp_path: Path, fmt: str) -> None:
    article = tmp_path / "strike.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / f"checklist.{fmt}"
    result = runner.invoke(get_app(), ["claims", str(article), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    elif fmt == "json":
        rows = json.loads(text)
    else:
        assert "| # | Claim |" in text
        assert "$40 million" in text
        return
    assert rows, text
    for row in rows:
        assert ARTICLE[int(row["start"]) : int(row["end"])] == row["claim"]
    assert any("6 percent" in row["quantities"] for row in rows)
