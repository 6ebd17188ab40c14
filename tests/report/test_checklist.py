"""Tests for presslens.report.checklist: rows and the md/csv/json writers."""

from __future__ import annotations

import csv
import io
import json

import pytest

from presslens.document import Claim, Document, Part, TimeExpression
from presslens.errors import ConfigError
from presslens.report.checklist import checklist_rows, document_pairs, format_checklist, to_csv, to_markdown

TEXT = "Fares rose 8 percent | in 2024, the board said. Nothing else."


def document() -> Document:
    doc = Document(id="fares-1", text=TEXT, title="Fares | transit", url="https://example.org/fares")
    s = TEXT.index("in 2024")
    year = (s + 3, s + 7)
    doc = doc.with_layer("times", [TimeExpression.of(TEXT, *year, label="DATE", value="2024", anchored=False)])
    q = TEXT.index("8 percent")
    claim = Claim.of(
        TEXT,
        0,
        TEXT.index(", the board"),
        score=0.8765,
        voice="quoted",
        speaker="board",
        quantities=[Part.of(TEXT, q, q + 9)],
        times=[Part.of(TEXT, *year)],
    )
    return doc.with_layer("claims", [claim])


def test_checklist_rows_carry_source_and_resolved_time() -> None:
    rows = checklist_rows(document_pairs([document(), Document(id="empty", text="x")]))
    assert len(rows) == 1
    row = rows[0]
    assert row.claim == TEXT[row.start : row.end] == "Fares rose 8 percent | in 2024"
    assert row.article == "Fares | transit" and row.document_id == "fares-1"
    assert row.quantities == ["8 percent"]
    assert row.times == ["2024 (2024)"]


def test_checklist_markdown_escapes_pipes() -> None:
    md = to_markdown(checklist_rows(document_pairs([document()])))
    line = md.splitlines()[2]
    assert "Fares rose 8 percent \\| in 2024" in line
    assert "Fares \\| transit [0:30]" in line
    assert line.count(" | ") == 6  # seven cells, unescaped separators only
    assert "0.88" in line


def test_checklist_markdown_empty_says_so() -> None:
    assert to_markdown([]) == "No check-worthy claims found.\n"


def test_checklist_csv_round_trips() -> None:
    text = to_csv(checklist_rows(document_pairs([document()])))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["claim"] == "Fares rose 8 percent | in 2024"
    assert rows[0]["speaker"] == "board"
    assert rows[0]["quantities"] == "8 percent"
    assert (int(rows[0]["start"]), int(rows[0]["end"])) == (0, 30)


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_checklist_format_dispatch(fmt: str) -> None:
    out = format_checklist(checklist_rows(document_pairs([document()])), fmt)
    assert "Fares rose 8 percent" in out
    if fmt == "json":
        assert json.loads(out)[0]["score"] == pytest.approx(0.8765)


def test_checklist_unknown_format_is_config_error() -> None:
    with pytest.raises(ConfigError, match="xml"):
        format_checklist([], "xml")


def test_checklist_markdown_shows_terminal_escapes_visibly() -> None:
    text = "Fares rose\x1b[2J by 8 percent\x1b]0;pwned\x07, the \u202eboard said."
    doc = Document(id="fares-2", text=text, title="Fares\x1b]8;;https://evil.example\x07")
    doc = doc.with_layer("claims", [Claim.of(text, 0, len(text), score=0.7, voice="author", speaker=None)])
    md = format_checklist(checklist_rows(document_pairs([doc])), "md")
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in md
    assert "Fares rose\\\\x1b[2J" not in md  # the escape is not doubled like a literal backslash
    assert "Fares rose\\x1b[2J by 8 percent\\x1b]0;pwned\\x07" in md
    assert "Fares\\x1b]8;;https://evil.example\\x07" in md


def _hostile_document() -> Document:
    text = '=HYPERLINK("http://x.invalid") <script>alert(1)</script> and <img src=x onerror=alert(1)> rose 8%.'
    doc = Document(id="@SUM(1+1)", text=text, title="-2+3", url="=cmd|' /C calc'!A0")
    return doc.with_layer("claims", [Claim.of(text, 0, len(text), score=0.7, voice="author", speaker=None)])


def test_checklist_csv_makes_formulas_inert() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(checklist_rows(document_pairs([_hostile_document()]))))))
    assert rows[0]["claim"].startswith("'=HYPERLINK(")
    assert rows[0]["document_id"] == "'@SUM(1+1)" and rows[0]["url"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["article"] == "'-2+3"


def test_checklist_markdown_escapes_html() -> None:
    md = to_markdown(checklist_rows(document_pairs([_hostile_document()])))
    assert "<script>" not in md and "<img" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md and "&lt;img src=x onerror=alert(1)&gt;" in md


def test_checklist_csv_keeps_a_lone_carriage_return_inside_its_cell() -> None:
    """Found by the issue 23 fuzzing: an id holding a bare CR was written unquoted and split its row."""
    text = "Fares rose 8 percent."
    doc = Document(id="a\r=1", text=text).with_layer("claims", [Claim.of(text, 0, len(text), score=0.5, voice="author")])
    rows = list(csv.reader(io.StringIO(to_csv(checklist_rows(document_pairs([doc]))), newline="")))
    assert len(rows) == 2 and rows[1][1] == "a\r=1"
