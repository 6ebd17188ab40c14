from __future__ import annotations

import pytest

from presslens.quotes.quotemarks import _RegionCache, quoted_regions, region_at


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


def _spans(regions):
    return [(r.start, r.end, r.pieces, r.closed) for r in regions]


def test_quotemarks_repeated_calls_are_equal_and_safe_from_callers():
    text = 'Ada Lind said "we stay."\n\n\u201cAll of us,\u201d added \u2018the crew\u2019 of the Wren.'
    first = quoted_regions(text)
    expected = _spans(first)
    first.clear()  # a caller changing its list does not change what the next caller gets
    second = quoted_regions(text)
    assert _spans(second) == expected and second is not first
    second.append(second[0])
    assert _spans(quoted_regions("".join(list(text)))) == expected  # an equal text built anew
    assert [text[r.start : r.end] for r in quoted_regions(text)] == ['"we stay."', "\u201cAll of us,\u201d", "\u2018the crew\u2019"]


def test_quotemarks_cache_keeps_few_texts_and_stays_correct():
    cache = _RegionCache(max_texts=2, max_chars=60)
    texts = [f'Line {n} says "item {n}" here.' for n in range(4)] + ['A long one: "' + "x" * 80 + '"']
    for _ in range(2):
        for text in texts:
            assert _spans(cache.get(text)) == _spans(quoted_regions(text))
            assert len(cache._entries) <= 2 and (len(cache._entries) == 1 or cache._chars <= 60)
    assert list(cache._entries) == [texts[-1]]  # a text over the budget is kept alone


def test_quotemarks_single_quotes_checked_against_many_double_quoted_regions():
    unit = 'Pia said "a \u2018b\u2019 c" and \u2018d\u2019 then "e".\n'
    text = unit * 300
    found = [text[r.start : r.end] for r in quoted_regions(text)]
    assert found == ['"a \u2018b\u2019 c"', "\u2018d\u2019", '"e"'] * 300
