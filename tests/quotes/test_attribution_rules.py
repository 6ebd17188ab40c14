"""The attribution rules on real spaCy parses of sentences written for these tests."""

from __future__ import annotations

import pytest

from presslens.document import Document

pytestmark = pytest.mark.slow


def _quotes(pipeline, text: str):
    doc = pipeline(Document(id="t", text=text))
    for q in doc.quotes:
        for part in (q, q.content, q.cue, q.source):
            if part is not None:
                assert text[part.start : part.end] == part.text
    return doc.quotes


def _rows(quotes):
    return [
        (q.kind, q.source.text if q.source else None, q.cue.text if q.cue else None, q.content.text) for q in quotes
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mayor Ines Baptiste said on Friday that the harbour plan was a disaster.",
            [("indirect", "Mayor Ines Baptiste", "said", "that the harbour plan was a disaster")],
        ),
        (
            '"We will not back down," said Ines Baptiste, the mayor of Portwell.',
            [("direct", "Ines Baptiste, the mayor of Portwell", "said", '"We will not back down,"')],
        ),
        (
            "According to the union, the talks collapsed on Monday.",
            [("indirect", "the union", "According to", "the talks collapsed on Monday")],
        ),
        (
            "The talks collapsed on Monday, according to the union.",
            [("indirect", "the union", "according to", "The talks collapsed on Monday")],
        ),
        (
            'Ines Baptiste: "We will fight this in every court."',
            [("direct", "Ines Baptiste", ":", '"We will fight this in every court."')],
        ),
        (
            '"The port belongs to the people" \u2014 Ines Baptiste',
            [("direct", "Ines Baptiste", "\u2014", '"The port belongs to the people"')],
        ),
        (
            'Reyes said the mayor "has no idea what she is doing," and left.',
            [("mixed", "Reyes", "said", 'the mayor "has no idea what she is doing,"')],
        ),
    ],
)
def test_attribution_rules_find_content_cue_source(rules_pipeline, text, expected):
    assert _rows(_quotes(rules_pipeline, text)) == expected


def test_attribution_rules_quote_split_by_its_cue_keeps_both_halves(rules_pipeline):
    text = '"The first half," the minister said, "and the second half."'
    quotes = _quotes(rules_pipeline, text)
    assert [(q.content.start, q.content.end) for q in quotes] == [(0, 17), (37, 59)]
    assert [q.content.text for q in quotes] == ['"The first half,"', '"and the second half."']
    assert {(q.cue.text, q.source.text) for q in quotes} == {("said", "the minister")}


def test_attribution_rules_next_sentence_quote_continues_the_speaker(rules_pipeline):
    text = '"We will not back down," Baptiste said. "The strike ends when the port pays."'
    quotes = _quotes(rules_pipeline, text)
    assert [q.content.text for q in quotes] == ['"We will not back down,"', '"The strike ends when the port pays."']
    assert {q.speaker for q in quotes} == {"Baptiste"}


def test_attribution_rules_quote_over_several_paragraphs_is_one_content(rules_pipeline):
    text = 'Ines Baptiste said: "First paragraph of the speech.\n\n"Second paragraph of the speech."\n\nThe crowd cheered.'
    (quote,) = _quotes(rules_pipeline, text)
    start = text.index('"First')
    end = text.index("\n\nThe crowd")
    assert (quote.content.start, quote.content.end) == (start, end)
    assert quote.kind == "direct"


def test_attribution_rules_quotes_inside_quotes_stay_in_the_outer_quote(rules_pipeline):
    text = "\u201cThey told me \u2018never again\u2019 and I believed them,\u201d the farmer said."
    (quote,) = _quotes(rules_pipeline, text)
    assert quote.content.text == "\u201cThey told me \u2018never again\u2019 and I believed them,\u201d"
    assert quote.source.text == "the farmer"


@pytest.mark.parametrize(
    "text",
    [
        'He said "this never closes.\n\nAnother paragraph follows here.',
        'She said it was fine" and walked off.',
        "\u201d\u201c\u201d\u201c said nobody.",
        '"',
        "",
    ],
)
def test_attribution_rules_unbalanced_quotation_marks_do_not_crash(rules_pipeline, text):
    quotes = _quotes(rules_pipeline, text)
    assert all("Another paragraph" not in q.content.text for q in quotes)


def test_attribution_rules_report_inside_a_quote_is_not_a_second_attribution(rules_pipeline):
    text = '"My brother said the port was closed," Tomas Reyes told the council.'
    quotes = _quotes(rules_pipeline, text)
    assert _rows(quotes) == [("direct", "Tomas Reyes", "told", '"My brother said the port was closed,"')]


def test_attribution_rules_unclaimed_quote_takes_the_clause_that_opens_it(rules_pipeline):
    text = 'Tomas Reyes shot back, "I never promised the council anything at all."'
    assert _rows(_quotes(rules_pipeline, text)) == [
        ("direct", "Tomas Reyes", "shot", '"I never promised the council anything at all."')
    ]


def test_attribution_rules_next_quoted_paragraph_continues_the_speaker(rules_pipeline):
    text = (
        '"We will rebuild the harbour," Maria Lopez said.\n\n'
        '"Every family that lost a boat will be paid back in full."\n\nThe council met later.'
    )
    quotes = _quotes(rules_pipeline, text)
    assert [q.content.text for q in quotes] == [
        '"We will rebuild the harbour,"',
        '"Every family that lost a boat will be paid back in full."',
    ]
    assert {q.speaker for q in quotes} == {"Maria Lopez"}


def test_attribution_rules_quote_with_no_speaker_in_sight_is_not_guessed(rules_pipeline):
    text = 'The crowd cheered. "Nobody here has any reason to trust the port authority now."'
    assert _quotes(rules_pipeline, text) == []


def test_a_content_piece_keeps_the_line_next_to_its_cue():
    from presslens.quotes.content_edges import within_line

    text = "talks resume in Cairo\n\nThe port was closed."
    assert within_line(text, (6, len(text)), (0, 5)) == (6, 21)  # after its cue: the first line
    text = "The port.\nIt is closed, he said."
    assert within_line(text, (0, 22), (27, 31)) == (10, 22)  # before its cue: the last line
    assert within_line("one line", (0, 8), None) == (0, 8)
