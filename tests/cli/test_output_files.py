"""Issue 11: `-o` never destroys an input or an earlier output, and write errors are one line, exit 1."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli import get_app
from tests.cli.helpers import flat
from tests.fakes import refuse_load

runner = CliRunner()
ARTICLE = "The harbour strike entered its second week.\nThe union said talks had failed.\n"


def run(*args: str, input: str | None = None):
    return runner.invoke(get_app(), list(args), input=input)


def _corpus(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("name", ["v.txt", "v.jsonl"])
@pytest.mark.usefixtures("fake_pipeline")
def test_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path: Path, name: str):
    source = tmp_path / name
    if name.endswith(".jsonl"):
        _corpus(source, [ARTICLE])
    else:
        source.write_text(ARTICLE, encoding="utf-8")
    before = source.read_bytes()
    result = run("analyze", str(source), "--format", "json", "-o", str(source))
    assert result.exit_code == 2
    assert f"{source} is also an input; writing it would destroy that input" in flat(result.output)
    assert source.read_bytes() == before


@pytest.mark.usefixtures("fake_pipeline")


def test_output_inside_an_input_folder_is_not_read_back(tmp_path: Path):
    fold = tmp_path / "fold"
    fold.mkdir()
    (fold / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = fold / "out.jsonl"
    for _ in range(2):  # the second run finds the first run's output in the folder
        result = run("analyze", str(fold), "--format", "jsonl", "-o", str(out))
        assert result.exit_code == 0, result.output
        assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["a"]
    assert _leftovers(fold) == []


@pytest.mark.usefixtures("fake_pipeline")


def test_output_of_a_run_that_failed_on_its_only_input_keeps_the_earlier_file(tmp_path: Path):
    out = tmp_path / "out.json"
    out.write_text('{"earlier": true}\n', encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("A boom.", encoding="utf-8")
    result = run("analyze", str(bad), "--format", "json", "-o", str(out))
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == '{"earlier": true}\n'
    assert f"nothing was analysed; {out} left unchanged" in result.stderr
    assert _leftovers(tmp_path) == []


@pytest.mark.usefixtures("fake_pipeline")


def test_output_jsonl_interrupted_keeps_every_complete_line(tmp_path: Path):
    # 20 articles: the first batch of 16 is analysed and written, the 18th is interrupted.
    texts = [f"Article {i} is fine." for i in range(20)]
    texts[17] = "Article 17 gets ctrl-c."
    corpus = _corpus(tmp_path / "in.jsonl", texts)
    out = tmp_path / "out.jsonl"
    out.write_text("an earlier run\n", encoding="utf-8")
    result = run("analyze", str(corpus), "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 130
    assert "presslens: interrupted" in result.stderr
    assert "kept the 16 complete article(s)" in result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [f"d{i}" for i in range(16)]
    assert _leftovers(tmp_path) == []


@pytest.mark.usefixtures("fake_pipeline")


def test_output_jsonl_interrupted_before_any_line_keeps_the_earlier_file(tmp_path: Path):
    corpus = _corpus(tmp_path / "in.jsonl", ["Fine.", "Then ctrl-c."])  # one batch: nothing written yet
    out = tmp_path / "out.jsonl"
    out.write_text("an earlier run\n", encoding="utf-8")
    result = run("analyze", str(corpus), "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 130
    assert out.read_text(encoding="utf-8") == "an earlier run\n"


@pytest.mark.parametrize("fmt", ["html", "json", "text"])
@pytest.mark.usefixtures("fake_pipeline")
def test_output_whole_file_formats_interrupted_keep_the_earlier_file(tmp_path: Path, fmt: str):
    texts = [f"Article {i}." for i in range(20)] + ["Now ctrl-c."]
    corpus = _corpus(tmp_path / "in.jsonl", texts)
    out = tmp_path / f"report.{fmt}"
    out.write_text("earlier report\n", encoding="utf-8")
    result = run("analyze", str(corpus), "--format", fmt, "-o", str(out))
    assert result.exit_code == 130
    assert out.read_text(encoding="utf-8") == "earlier report\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.usefixtures("fake_pipeline")


def test_output_replaces_the_file_and_keeps_its_permissions(tmp_path: Path):
    out = tmp_path / "out.json"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    result = run("analyze", "-", "--format", "json", "-o", str(out), input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "stdin"
    assert (out.stat().st_mode & 0o777) == 0o640
    assert f"wrote 1 article(s) to {out}" in result.stderr


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/nonexistent/x.json", "cannot write /nonexistent/x.json: folder /nonexistent does not exist"),
        (".", "cannot write .: it is a folder; give a file name"),
    ],
)
def test_output_path_errors_are_one_line_before_models_load(monkeypatch, target: str, message: str):
    monkeypatch.setattr("presslens.cli.analyze.load_pipeline", refuse_load)
    monkeypatch.setattr("presslens.cli.claims.load_pipeline", refuse_load)
    for command in ("analyze", "claims"):
        result = run(command, "-", "-o", target, input=ARTICLE)
        assert result.exit_code == 1, result.output
        assert result.stderr == f"presslens: error: {message}" + result.stderr.split(message, 1)[1]
        assert len(result.stderr.splitlines()) == 1
        assert "Traceback" not in result.output


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root can write anywhere")
def test_output_in_an_unwritable_folder_is_one_line_before_models_load(monkeypatch, tmp_path: Path):
    monkeypatch.setattr("presslens.cli.analyze.load_pipeline", refuse_load)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run("analyze", "-", "-o", str(locked / "out.json"), input=ARTICLE)
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 1
    assert "Permission denied; choose a file in a folder you can write to" in result.stderr


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux /sys, where even root cannot create files")
def test_output_where_no_file_can_be_created_is_one_line_before_models_load(monkeypatch):
    monkeypatch.setattr("presslens.cli.analyze.load_pipeline", refuse_load)
    result = run("analyze", "-", "-o", "/sys/presslens-out.json", input=ARTICLE)
    assert result.exit_code == 1
    assert result.stderr.startswith("presslens: error: cannot write /sys/presslens-out.json: ")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["json", "jsonl", "html", "text"])
@pytest.mark.usefixtures("fake_pipeline")
def test_output_full_disk_is_one_line_and_exit_1(fmt: str):
    result = run("analyze", "-", "--format", fmt, "-o", "/dev/full", input=ARTICLE)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "presslens: error: cannot write /dev/full: No space left on device; free some space or write elsewhere with -o"
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_schema_write_error_is_one_line():
    result = run("schema", "-o", "/dev/full")
    assert result.exit_code == 1
    assert "cannot write /dev/full: No space left on device" in result.stderr
