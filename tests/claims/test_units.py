"""Tests for presslens.claims.units: candidate spans and who speaks them."""

from __future__ import annotations

import pytest

from presslens.claims.units import candidates, trim
from presslens.document import Part, Quote, Sentence

AUTHOR = ("author", None)


def sentences(text: str, bounds: list[tuple[int, int]]) -> list[Sentence]:
    return [Sentence.of(text, s, e) for s, e in bounds]


def quote(text: str, content: str, source: str | None, speaker: str | None) -> Quote:
    cs = text.index(content)
    parts = [(cs, cs + len(content))]
    src = None
    if source is not None:
        ss = text.index(source)
        src = Part.of(text, ss, ss + len(source))
        parts.append((ss, ss + len(source)))
    start, end = min(p[0] for p in parts), max(p[1] for p in parts)
    return Quote.of(
        text, start, end, content=Part.of(text, cs, cs + len(content)), cue=None, source=src, speaker=speaker, kind="direct"
    )


def test_units_author_sentence_is_the_whole_sentence() -> None:
    text = "Taxes rose by 4 percent in 2023. Short one."
    found = candidates(text, sentences(text, [(0, 32), (33, 43)]), None)
    assert [(c.start, c.end, c.speaking.voice, c.speaking.speaker) for c in found] == [(0, 32, *AUTHOR)]
    assert text[found[0].start : found[0].end] == "Taxes rose by 4 percent in 2023."


@pytest.mark.parametrize(
    ("text", "content", "source", "speaker", "expected_text", "expected_speaker"),
    [
        (
            '"Unemployment fell to 3 percent last year," Mayor Lena Ortiz said.',
            "Unemployment fell to 3 percent last year,",
            "Mayor Lena Ortiz",
            "Lena Ortiz",
            "Unemployment fell to 3 percent last year",
            ("quoted", "Lena Ortiz"),
        ),
        (
            "A spokesperson said that the factory had dumped waste into the river for years.",
            "the factory had dumped waste into the river for years",
            "A spokesperson",
            None,
            "the factory had dumped waste into the river for years",
            ("quoted", None),
        ),
        (
            "It was said that the dam had failed inspections three times in a row.",
            "the dam had failed inspections three times in a row",
            None,
            None,
            "the dam had failed inspections three times in a row",
            ("quoted", None),
        ),
    ],
)
def test_units_quote_content_becomes_claim_with_speaker(
    text: str, content: str, source: str | None, speaker: str | None, expected_text: str, expected_speaker: tuple[str, str | None]
) -> None:
    found = candidates(text, sentences(text, [(0, len(text))]), [quote(text, content, source, speaker)])
    assert len(found) == 1
    c = found[0]
    assert text[c.start : c.end] == expected_text
    assert c.start == text.index(expected_text)
    assert (c.speaking.voice, c.speaking.speaker) == expected_speaker


def test_units_short_quote_leaves_sentence_to_author() -> None:
    text = 'Inflation reached 9 percent in May, which the minister called "temporary".'
    q = quote(text, "temporary", None, "Omar Haddad")
    found = candidates(text, sentences(text, [(0, len(text))]), [q])
    assert (found[0].start, found[0].end, found[0].speaking.voice) == (0, len(text), "author")


def test_units_quote_across_sentences_is_cut_at_boundaries() -> None:
    text = '"Wages fell by 2 percent. Rents rose by 9 percent," the union said.'
    content = "Wages fell by 2 percent. Rents rose by 9 percent,"
    q = quote(text, content, "the union", "union")
    found = candidates(text, sentences(text, [(0, 25), (26, len(text))]), [q])
    assert [text[c.start : c.end] for c in found] == ["Wages fell by 2 percent.", "Rents rose by 9 percent"]
    assert [c.speaking.speaker for c in found] == ["union", "union"]
    assert [c.sentence_index for c in found] == [0, 1]


def test_units_trim_drops_quote_marks_and_spaces() -> None:
    text = ' \u201cPrices doubled,\u201d '
    start, end = trim(text, 0, len(text))
    assert text[start:end] == "Prices doubled"


@pytest.mark.parametrize("country", ["Russia", "the United States", "Saudi Arabia"])
def test_units_quote_share_does_not_depend_on_the_length_of_a_group_name(country):
    # Issue 16: "the United States" made the sentence longer than "Russia" did, so the same
    # reported clause fell under half of the sentence and the claim became the whole sentence.
    text = f"The government of {country} announced on Monday that it would raise the minimum wage by 8 percent."
    content = "that it would raise the minimum wage by 8 percent"
    q = quote(text, content, f"The government of {country}", country)
    start = text.index(country)
    found = candidates(text, sentences(text, [(0, len(text))]), [q], names=[(start, start + len(country))])
    assert text[found[0].start : found[0].end] == content
