"""Tests for presslens.report.terminal: what reaches the reader's terminal."""

from __future__ import annotations

import io

from rich.console import Console

from presslens.document import Claim, Document, Entity
from presslens.report.terminal import print_summary

TEXT = "Mayor Ann Lee\x1b[2J said the \x1b]8;;https://evil.example\x07budget\x1b]8;;\x07 was \x9b cut by 6 percent."


def _shown(doc: Document) -> str:
    out = io.StringIO()
    print_summary(doc, console=Console(file=out, width=200, color_system=None, force_terminal=False))
    return out.getvalue()


def test_terminal_summary_shows_escape_sequences_in_article_text_visibly():
    doc = Document(id="d\x1b[31m1", text=TEXT, title="Budget\x1b]0;pwned\x07", source="Daily\x9b2J")
    start = TEXT.index("Ann")
    doc = doc.with_layer("entities", [Entity.of(TEXT, start, start + len("Ann Lee"), label="PERSON", canonical="Ann Lee")])
    doc = doc.with_layer("claims", [Claim.of(TEXT, 0, len(TEXT), score=0.8, voice="author", speaker=None)])
    shown = _shown(doc)
    for raw in ("\x1b", "\x07", "\x9b"):
        assert raw not in shown
    assert "Budget\\x1b]0;pwned\\x07" in shown
    assert "d\\x1b[31m1" in shown and "Daily\\x9b2J" in shown
    assert "\\x1b]8;;https://evil.example" in shown and "\\x9b" in shown
    shown.encode("utf-8")


def _claims_doc(n: int) -> Document:
    text = "".join(f"Claim number {i} is here. " for i in range(n))
    claims = []
    for i in range(n):
        start = text.index(f"Claim number {i} ")
        claims.append(Claim.of(text, start, start + len(f"Claim number {i} is here."), score=0.5, voice="author", speaker=None))
    return Document(id="many", text=text).with_layer("claims", claims)


def test_terminal_summary_says_how_many_rows_it_cut_and_how_to_see_them():
    shown = _shown(_claims_doc(13))
    assert "+3 more (--format html or --format json shows them all)" in shown
    assert shown.count("Claim number") == 10


def test_terminal_summary_of_ten_rows_or_fewer_says_nothing_more():
    assert "more (" not in _shown(_claims_doc(10))
