"""Numbered JSON objects from the project's own small JSONL files (evaluation cases, labelled pairs, templates).

Why a second JSONL reader beside `readers.read_jsonl`: that one reads a
user's corpus into `Document`s. It streams, bounds each line's size, honours
`--encoding` and yields a bad line as an error so that the rest of a batch
goes on. The files read here are hand-written data that the evaluations read
(time cases, annotated passages, labelled sentences, claim pairs, neutrality
templates): small, UTF-8, objects of any shape, and one bad line makes the
score untrustworthy, so the first bad line stops the run with its file and
line number. This module only checks that each line is a JSON object; each
caller checks the fields it needs and reports a bad field with `JsonlLine.where`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import InputError, JsonlLineError

_JSON_TYPES = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true or false"}


class JsonlLine(NamedTuple):
    """One non-blank line of a JSONL file, parsed."""

    name: str  # the file, as the caller named it
    number: int  # 1-based line number; blank lines are counted too
    record: dict[str, Any]

    @property
    def where(self) -> str:
        """`file:line`, the place error messages name (the `name` of an `InputError`)."""
        return f"{self.name}:{self.number}"


def parse_jsonl_lines(text: str, *, name: str, expected: str) -> Iterator[JsonlLine]:
    """Each non-blank line of `text` as a JSON object, with its line number.

    `name` is the file that `text` came from and `expected` describes one line
    for the error messages, e.g. "a {a, b, same} pair". A line that is not
    valid JSON, or not a JSON object, raises `JsonlLineError` (an `InputError`)
    naming the file and the line. Lines are parsed lazily, so the first bad
    line is reported, whether its JSON or (checked by the caller) a field is bad.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise JsonlLineError(
                name, number, f"invalid JSON ({err.msg} at column {err.colno}); each line must be {expected}"
            ) from None
        except ValueError as err:  # valid syntax that Python refuses, e.g. an integer of over 4300 digits
            raise JsonlLineError(name, number, f"invalid JSON ({err}); each line must be {expected}") from None
        except RecursionError:
            raise JsonlLineError(name, number, f"JSON nested too deeply to read; each line must be {expected}") from None
        if not isinstance(record, dict):
            got = "null" if record is None else _JSON_TYPES.get(type(record), type(record).__name__)
            raise JsonlLineError(name, number, f"expected {expected} (one JSON object per line), got {got}")
        yield JsonlLine(name, number, record)


def read_jsonl_lines(path: str | Path, *, expected: str) -> Iterator[JsonlLine]:
    """`parse_jsonl_lines` over a UTF-8 file.

    A missing, unreadable or non-UTF-8 file raises `InputError` naming the file and what to give instead,
    so the evaluation commands print one line and exit non-zero rather than a traceback.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), f"no such file; give a JSONL file where each line is {expected}") from None
    except IsADirectoryError:
        raise InputError(str(path), f"is a folder; give a JSONL file where each line is {expected}") from None
    except UnicodeDecodeError as err:
        raise InputError(
            str(path), f"not UTF-8 text (byte {err.start}); save the file as UTF-8 JSONL, each line {expected}"
        ) from None
    except OSError as err:
        raise InputError(str(path), f"cannot read the file ({err.strerror or err})") from None
    yield from parse_jsonl_lines(text, name=str(path), expected=expected)
