"""`presslens compare` command line: usage errors before any model loads."""

from __future__ import annotations

from typer.testing import CliRunner

from presslens.cli import get_app
from tests.conftest import REPO


def test_cli_compare_unknown_format_is_a_usage_error():
    result = CliRunner().invoke(get_app(), ["compare", "a.txt", "b.txt", "--format", "pdf"])
    assert result.exit_code == 2


def test_cli_compare_one_article_is_a_usage_error(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("Nine people died.", encoding="utf-8")
    result = CliRunner().invoke(get_app(), ["compare", str(one)])
    assert result.exit_code == 2
    assert "at least two" in result.output


def test_cli_compare_help_has_an_example():
    result = CliRunner().invoke(get_app(), ["compare", "--help"])
    assert "Example: presslens compare" in result.output


def test_cli_eval_actors_missing_file_is_a_failure():
    result = CliRunner().invoke(get_app(), ["eval", "actors", str(REPO / "no-such.jsonl")])
    assert result.exit_code == 1
