"""Tests for presslens.io.jsonl_lines: numbered JSON objects from small hand-written JSONL files."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.errors import InputError, JsonlLineError
from presslens.io.jsonl_lines import JsonlLine, parse_jsonl_lines, read_jsonl_lines

EXPECTED = "a {a, b} pair"


def test_jsonl_lines_skips_blank_lines_and_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text('{"a": 1}\n\n   \n{"a": 2, "b": [3]}\r\n\t\n', encoding="utf-8")
    lines = list(read_jsonl_lines(path, expected=EXPECTED))
    assert lines == [
        JsonlLine(str(path), 1, {"a": 1}),
        JsonlLine(str(path), 4, {"a": 2, "b": [3]}),
    ]
    assert lines[1].where == f"{path}:4"


def test_jsonl_lines_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text('{"a": 1}\n\n{"a": 2,\n{"a": 3}\n', encoding="utf-8")
    with pytest.raises(JsonlLineError) as info:
        list(read_jsonl_lines(path, expected=EXPECTED))
    assert info.value.line == 3
    assert info.value.name == f"{path}:3"
    assert isinstance(info.value, InputError)  # the CLI's exit code for bad input
    assert str(info.value) == (
        f"{path}:3: invalid JSON (Expecting property name enclosed in double quotes at column 9); "
        f"each line must be {EXPECTED}"
    )


@pytest.mark.parametrize(
    ("line", "got"),
    [("[1, 2]", "an array"), ('"a"', "a string"), ("3.5", "a number"), ("true", "true or false"), ("null", "null")],
)
def test_jsonl_lines_non_object_line_is_rejected(line: str, got: str) -> None:
    with pytest.raises(JsonlLineError) as info:
        list(parse_jsonl_lines('{"a": 1}\n' + line + "\n", name="pairs.jsonl", expected=EXPECTED))
    assert info.value.line == 2
    assert str(info.value) == f"pairs.jsonl:2: expected {EXPECTED} (one JSON object per line), got {got}"


def test_jsonl_lines_first_bad_line_stops_reading_lazily() -> None:
    lines = parse_jsonl_lines('{"a": 1}\nnot json\n', name="pairs.jsonl", expected=EXPECTED)
    assert next(lines).record == {"a": 1}  # the caller sees good lines before the bad one
    with pytest.raises(JsonlLineError, match="pairs.jsonl:2: invalid JSON"):
        next(lines)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p, "no such file"),
        (lambda p: (p.mkdir(), p)[1], "is a folder"),
        (lambda p: (p.write_bytes(b'\xff\xfe{"a": 1}\n'), p)[1], "not UTF-8"),
    ],
    ids=["missing", "folder", "not-utf8"],
)
def test_read_jsonl_lines_unreadable_file_is_an_input_error(tmp_path, make, words):
    path = make(tmp_path / "cases.jsonl")
    with pytest.raises(InputError) as err:
        list(read_jsonl_lines(path, expected="a case"))
    assert words in str(err.value) and str(path) in str(err.value)
