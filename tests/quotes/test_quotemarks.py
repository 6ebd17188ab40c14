from __future__ import annotations

import pytest

from presslens.quotes.quotemarks import quoted_regions, region_at


def _texts(text: str) -> list[str]:
    return [text[r.start : r.end] for r in quoted_regions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She said \u201cno way\u201d and left.", ["\u201cno way\u201d"]),
        ('He said "yes," then "no."', ['"yes,"', '"no."']),
        ("He said ''fine'' twice.", ["''fine''"]),
        # single quotes inside double quotes stay part of the outer quotation
        ("\u201cThey told me \u2018never\u2019 again,\u201d she said.", ["\u201cThey told me \u2018never\u2019 again,\u201d"]),
        # apostrophes are not quotation marks
        ("The mayor's plan isn't new.", []),
    ],
)
def test_quotemarks_pairs_marks(text, expected):
    assert _texts(text) == expected


def test_quotemarks_joins_paragraphs_that_open_without_closing():
    text = "He said: \u201cFirst part.\n\n\u201cSecond part.\u201d\n\nAfter."
    (region,) = quoted_regions(text)
    assert (region.start, region.end) == (9, text.index("After") - 2)
    assert text[region.start : region.end] == "\u201cFirst part.\n\n\u201cSecond part.\u201d"
    assert [text[s:e] for s, e in region.pieces] == ["\u201cFirst part.", "\u201cSecond part.\u201d"]
    assert region.closed


@pytest.mark.parametrize(
    "text",
    [
        "An \u201cunclosed quotation\nNext paragraph says nothing.",
        'Stray " mark at the end "',
        "\u201d closing first, then \u201copen",
        "\u201c",
        "",
    ],
)
def test_quotemarks_unbalanced_marks_do_not_crash_or_leak(text):
    regions = quoted_regions(text)
    for region in regions:
        assert 0 <= region.start < region.end <= len(text)
        # an unclosed quotation never runs past its paragraph into unquoted text
        assert "Next paragraph" not in text[region.start : region.end]


def test_quotemarks_unclosed_quote_ends_at_its_paragraph():
    text = "An \u201cunclosed quotation\nNext paragraph."
    (region,) = quoted_regions(text)
    assert text[region.start : region.end] == "\u201cunclosed quotation"
    assert not region.closed


def test_quotemarks_region_at_picks_largest_overlap():
    text = 'A "one" and "two words" here.'
    regions = quoted_regions(text)
    found = region_at(regions, text.index("two"), text.index("here"))
    assert found is not None and text[found.start : found.end] == '"two words"'
    assert region_at(regions, 0, 1) is None
