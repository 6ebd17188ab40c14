"""Issue 11: article text cannot act on the terminal, break JSONL lines or crash an output encoding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli import get_app

runner = CliRunner()
HOSTILE = "Fares rose\x1b[2J by 8 percent.\n\x1b]0;pwned\x07The \x1b]8;;https://evil.example\x1b\\board\x1b]8;;\x1b\\ said \x9b31m so."
RAW = ("\x1b", "\x07", "\x9b")


def _jsonl(tmp_path: Path, records: list[dict[str, str]]) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.usefixtures("fake_pipeline")


def test_terminal_text_format_shows_escapes_visibly(tmp_path: Path):
    corpus = _jsonl(tmp_path, [{"id": "x", "title": "Title\x1b]0;pwned\x07", "text": HOSTILE}])
    result = runner.invoke(get_app(), ["analyze", str(corpus)])
    assert result.exit_code == 0, result.output
    assert not any(raw in result.stdout for raw in RAW)
    assert "Title\\x1b]0;pwned\\x07" in result.stdout and "\\x1b[2J" in result.stdout


@pytest.mark.usefixtures("fake_pipeline")


def test_terminal_claims_markdown_shows_escapes_visibly(tmp_path: Path):
    corpus = _jsonl(tmp_path, [{"id": "x", "title": "T\x1b]8;;https://evil.example\x07", "text": HOSTILE}])
    result = runner.invoke(get_app(), ["claims", str(corpus), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "| # | Claim |" in result.stdout
    assert not any(raw in result.stdout for raw in RAW)
    assert "\\x1b]0;pwned\\x07The" in result.stdout


@pytest.mark.usefixtures("fake_pipeline")


def test_terminal_error_lines_show_escapes_visibly(tmp_path: Path):
    corpus = _jsonl(tmp_path, [{"id": "id\x1b[2J", "text": "A boom."}])
    result = runner.invoke(get_app(), ["analyze", str(corpus)])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "id\\x1b[2J: stage fake-techniques.v1 failed" in result.stderr


@pytest.mark.usefixtures("fake_pipeline")


def test_terminal_lone_surrogate_in_input_is_one_line_not_a_traceback(tmp_path: Path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "s", "text": "broken \\ud800 text"}\n', encoding="utf-8")
    for fmt in ("text", "json", "html"):
        result = runner.invoke(get_app(), ["analyze", str(path), "--format", fmt])
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output and "UnicodeEncodeError" not in result.output


@pytest.mark.usefixtures("fake_pipeline")


def test_terminal_text_on_an_ascii_console_escapes_what_it_cannot_show():
    ascii_runner = CliRunner(charset="ascii")
    result = ascii_runner.invoke(get_app(), ["analyze", "-"], input="Mu\u00f1oz said the fares rose 4 percent.".encode())
    assert result.exit_code == 0, result.output
    assert "Mu\\xf1oz" in result.stdout


@pytest.mark.usefixtures("fake_pipeline")


def test_terminal_json_on_an_ascii_console_is_valid_ascii_json():
    ascii_runner = CliRunner(charset="ascii")
    result = ascii_runner.invoke(get_app(), ["analyze", "-", "--format", "json"], input="Mu\u00f1oz said.".encode())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["text"] == "Mu\u00f1oz said."


@pytest.mark.usefixtures("fake_pipeline")


def test_terminal_jsonl_output_keeps_one_record_per_line(tmp_path: Path):
    texts = ["Line\u2028separator.", "Paragraph\u2029separator.", "Next\x85line.", "Vertical\x0btab."]
    corpus = _jsonl(tmp_path, [{"id": f"d{i}", "text": t} for i, t in enumerate(texts)])
    result = runner.invoke(get_app(), ["analyze", str(corpus), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()  # splits on every Unicode line boundary
    assert [json.loads(line)["text"] for line in lines] == texts


@pytest.mark.usefixtures("fake_pipeline")


def test_terminal_html_report_keeps_every_good_document(tmp_path: Path):
    corpus = _jsonl(tmp_path, [{"id": "good", "text": "all fine here."}, {"id": "bad", "text": "A boom."}])
    out = tmp_path / "report.html"
    result = runner.invoke(get_app(), ["analyze", str(corpus), "--format", "html", "-o", str(out)])
    assert result.exit_code == 1
    html = out.read_text(encoding="utf-8")
    assert "all fine here." in html and "bad: stage fake-techniques.v1 failed" in html
