"""`presslens compare` command line: usage errors before any model loads."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from presslens.cli import get_app
from tests.cli.helpers import flat
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


class _FakeComparison:
    def __init__(self, docs):
        self.docs = docs

    def to_dict(self):
        return {"articles": [d.id for d in self.docs]}


@pytest.fixture
def fake_compare(monkeypatch):
    """`presslens compare` with the fake pipeline, no encoder, and a comparison that lists its articles."""
    import presslens.compare
    import presslens.compare.encoder
    import presslens.pipeline
    from tests.fakes import fake_load

    monkeypatch.setattr(presslens.pipeline, "load_pipeline", fake_load)
    monkeypatch.setattr(presslens.compare.encoder.SentenceEncoder, "from_directory", classmethod(lambda cls: None))
    monkeypatch.setattr(presslens.compare, "compare", lambda docs, **kw: _FakeComparison(docs))


def _two_articles(folder):
    for name, text in (("a.txt", "Nine people died."), ("b.txt", "Ten people died.")):
        (folder / name).write_text(text, encoding="utf-8")
    return [str(folder / "a.txt"), str(folder / "b.txt")]


def test_cli_compare_format_wins_over_the_output_suffix(tmp_path, fake_compare):
    out = tmp_path / "comparison.html"
    result = CliRunner().invoke(get_app(), ["compare", *_two_articles(tmp_path), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == {"articles": ["a", "b"]}


def test_cli_compare_without_format_guesses_it_from_the_output_suffix(tmp_path, fake_compare):
    out = tmp_path / "comparison.json"
    result = CliRunner().invoke(get_app(), ["compare", *_two_articles(tmp_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == {"articles": ["a", "b"]}


def test_cli_compare_unknown_format_names_the_formats():
    result = CliRunner().invoke(get_app(), ["compare", "a.txt", "b.txt", "-f", "pdf"])
    assert "use one of text, json, html" in flat(result.output)


def test_cli_compare_leaves_out_a_bad_article_and_compares_the_good_ones(tmp_path, fake_compare):
    """Issue 23: `compare a.txt empty.txt b.txt` refused everything instead of comparing the good two."""
    for name, text in (("a.txt", "Nine people died."), ("empty.txt", ""), ("b.txt", "Ten people died.")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(get_app(), ["compare", *(str(tmp_path / n) for n in ("a.txt", "empty.txt", "b.txt")),
                                            "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {"articles": ["a", "b"]}
    assert "empty.txt: the document is empty" in result.stderr
    assert "1 article(s) could not be analysed and are not in the comparison" in result.stderr


def test_cli_compare_with_one_good_article_left_compares_nothing(tmp_path, monkeypatch):
    import presslens.pipeline
    from tests.fakes import fake_load

    monkeypatch.setattr(presslens.pipeline, "load_pipeline", fake_load)
    (tmp_path / "a.txt").write_text("Nine people died.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(get_app(), ["compare", str(tmp_path / "a.txt"), str(tmp_path / "empty.txt")])
    assert result.exit_code == 1
    assert "which leaves 1; nothing compared" in result.stderr
