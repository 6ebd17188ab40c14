"""`presslens compare` command line: usage errors before any model loads."""

from __future__ import annotations

import json

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


class _FakeComparison:
    def __init__(self, docs):
        self.docs = docs

    def to_dict(self):
        return {"articles": [d.id for d in self.docs]}


def test_cli_compare_leaves_out_a_bad_article_and_compares_the_good_ones(tmp_path, monkeypatch):
    """Issue 23: `compare a.txt empty.txt b.txt` refused everything instead of comparing the good two."""
    import presslens.compare
    import presslens.compare.encoder
    import presslens.pipeline
    from tests.cli.fakes import fake_load

    monkeypatch.setattr(presslens.pipeline, "load_pipeline", fake_load)
    monkeypatch.setattr(presslens.compare.encoder.SentenceEncoder, "from_directory", classmethod(lambda cls: None))
    monkeypatch.setattr(presslens.compare, "compare", lambda docs, **kw: _FakeComparison(docs))
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
    from tests.cli.fakes import fake_load

    monkeypatch.setattr(presslens.pipeline, "load_pipeline", fake_load)
    (tmp_path / "a.txt").write_text("Nine people died.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(get_app(), ["compare", str(tmp_path / "a.txt"), str(tmp_path / "empty.txt")])
    assert result.exit_code == 1
    assert "which leaves 1; nothing compared" in result.stderr
