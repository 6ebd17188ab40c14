"""Tests for presslens.io.writers: JSON escaping, the format registry and atomic output files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from presslens.document import Document
from presslens.errors import ConfigError
from presslens.io.writers import (
    JsonlWriter,
    OutputFile,
    WriterOptions,
    get_writer,
    json_text,
    writer_names,
)
from presslens.report.writers import HtmlWriter

SEPARATORS = "one\u2028two\u2029three\x85four\x1bfive\x9bsix"


def test_writers_json_text_escapes_line_separators_and_controls():
    line = json_text({"text": SEPARATORS})
    assert len(line.splitlines()) == 1
    for raw in ("\u2028", "\u2029", "\x85", "\x1b", "\x9b"):
        assert raw not in line
    assert "\\u2028" in line and "\\u0085" in line and "\\u009b" in line
    assert json.loads(line) == {"text": SEPARATORS}


def test_writers_json_text_keeps_letters_readable_and_escapes_lone_surrogates():
    line = json_text({"text": "Muñoz \ud800 said"})
    assert "Muñoz" in line and "\\ud800" in line
    line.encode("utf-8")  # encodable
    assert json.loads(line)["text"] == "Muñoz \ud800 said"


def test_writers_registry_names_the_formats_of_each_command():
    assert writer_names("documents") == ["text", "json", "jsonl", "html"]
    assert writer_names("checklist") == ["md", "csv", "json"]
    assert get_writer("documents", "jsonl").streams
    with pytest.raises(ConfigError, match="unknown format 'xml'; use one of text, json, jsonl, html"):
        get_writer("documents", "xml")


def test_writers_html_report_keeps_good_documents_and_names_the_failed_ones():
    out = io.StringIO()
    writer = HtmlWriter(out, WriterOptions())
    writer.write(Document(id="good", text="A fine article."))
    writer.close(errors=["other.txt: the document is empty"])
    html = out.getvalue()
    assert "A fine article." in html and "the document is empty" in html


def _write_lines(target: OutputFile, n: int) -> None:
    writer = JsonlWriter(target.stream, WriterOptions())
    for i in range(n):
        writer.write(Document(id=f"d{i}", text="Text."))
        target.document_done()


def test_writers_output_file_is_replaced_only_when_the_run_ends(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    with OutputFile(out) as target:
        _write_lines(target, 2)
        assert out.read_text(encoding="utf-8") == "old\n"  # still the previous file while writing
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["d0", "d1"]
    assert target.replaced and sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_writers_output_file_that_produced_nothing_leaves_the_previous_file(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    with OutputFile(out, streams=True):
        pass
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_writers_output_file_whole_file_format_failing_leaves_the_previous_file(tmp_path: Path):
    out = tmp_path / "out.json"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), OutputFile(out, streams=False) as target:
        _write_lines(target, 3)
        raise KeyboardInterrupt
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_writers_output_file_streaming_failure_keeps_complete_lines_only(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt), OutputFile(out, streams=True) as target:
        _write_lines(target, 2)
        target.stream.write('{"id": "d2", "te')  # cut off by the interruption
        raise KeyboardInterrupt
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n")
    assert [json.loads(line)["id"] for line in text.splitlines()] == ["d0", "d1"]


def test_writers_output_file_writes_a_device_in_place(tmp_path: Path):
    with OutputFile(Path("/dev/null")) as target:
        _write_lines(target, 1)
    assert not target.replaced and Path("/dev/null").exists()


def test_writers_output_file_replaces_the_target_of_a_symlink(tmp_path: Path):
    real = tmp_path / "real.jsonl"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    with OutputFile(link) as target:
        _write_lines(target, 1)
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["id"] == "d0"
