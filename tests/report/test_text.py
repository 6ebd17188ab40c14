"""Tests for presslens.report.text: printable() and clip()."""

from __future__ import annotations

import pytest

from presslens.report.text import clip, printable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title\x1b[2J\x1b[H", "Title\\x1b[2J\\x1b[H"),  # clear screen, cursor home
        ("\x1b]0;pwned\x07Title", "\\x1b]0;pwned\\x07Title"),  # window title
        ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "\\x1b]8;;https://evil.example\\x1b\\click\\x1b]8;;\\x1b\\"),
        ("8-bit CSI \x9b31m", "8-bit CSI \\x9b31m"),
        ("over\rwrite", "over\\x0dwrite"),
        ("abc\u202edcba", "abc\\u202edcba"),  # right-to-left override
        ("lone \ud800 surrogate", "lone \\ud800 surrogate"),
        ("del\x7f", "del\\x7f"),
    ],
)
def test_text_printable_shows_control_characters_as_visible_escapes(text, expected):
    assert printable(text) == expected
    printable(text).encode("utf-8")


@pytest.mark.parametrize("text", ["Plain text.", "tab\tand\nnewline", "Muñoz, Zürich, «quoted», 東京, 🙂"])
def test_text_printable_keeps_ordinary_text(text):
    assert printable(text) == text


def test_text_clip_folds_white_space_and_cuts_with_an_ellipsis():
    assert clip("a  b\n c", 10) == "a b c"
    assert clip("word " * 10, 12) == "word word w\u2026"
