from __future__ import annotations

import pytest

from presslens.techniques.postprocess import clean, extend_to_quotes, trim


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("a (loaded phrase), b", (2, 18), "loaded phrase"),
        ("-- !! --", (0, 8), ""),
        ("plain words", (0, 11), "plain words"),
    ],
)
def test_postprocess_trim_to_letters_and_digits(text, span, expected):
    s, e = trim(text, *span)
    assert text[s:e] == expected


def test_postprocess_extend_to_enclosing_quotes():
    text = 'He said “Make it great again” loudly.'
    start = text.index("Make")
    end = text.index("”")
    assert extend_to_quotes(text, start, end) == (start - 1, end + 1)
    assert text[slice(*clean(text, start, end + 1))] == "“Make it great again”"


def test_postprocess_partial_quote_is_not_extended():
    text = 'He said "Make it great again" loudly.'
    start = text.index("Make")
    assert extend_to_quotes(text, start, start + 4) == (start, start + 4)
