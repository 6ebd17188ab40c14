"""Tests for presslens.claims.parts: quantities, entities and times inside a claim."""

from __future__ import annotations

import pytest

from presslens.claims.parts import find_parts, labelled_spans
from presslens.document import Entity, TimeExpression


def span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def test_parts_split_layers_by_label_and_keep_only_inside() -> None:
    text = "Acme Corp cut 1,200 jobs in Ohio last year. Rivals hired 300."
    ents = [
        (*span(text, "Acme Corp"), "ORG"),
        (*span(text, "1,200"), "CARDINAL"),
        (*span(text, "Ohio"), "GPE"),
        (*span(text, "300"), "CARDINAL"),
    ]
    times = [span(text, "last year")]
    parts = find_parts(text, 0, 43, ents, times)
    assert [text[s:e] for s, e in parts.quantities] == ["1,200"]
    assert [text[s:e] for s, e in parts.entities] == ["Acme Corp", "Ohio"]
    assert [text[s:e] for s, e in parts.times] == ["last year"]
    assert parts.quantities == [span(text, "1,200")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The rate is now 12/4 and falling.", ["12/4"]),
        ("It costs $3.50 per gallon, up 7 % on the week.", ["$3.50", "7 %"]),
        ("Version v2 shipped; nothing else.", []),
    ],
)
def test_parts_unlabelled_numbers_are_quantities(text: str, expected: list[str]) -> None:
    parts = find_parts(text, 0, len(text), [], [])
    assert [text[s:e] for s, e in parts.quantities] == expected


def test_parts_number_inside_a_time_is_not_repeated() -> None:
    text = "Sales fell 5 percent in 2019."
    parts = find_parts(text, 0, len(text), [(*span(text, "5 percent"), "PERCENT")], [span(text, "2019")])
    assert [text[s:e] for s, e in parts.quantities] == ["5 percent"]
    assert [text[s:e] for s, e in parts.times] == ["2019"]


def test_parts_ordinals_are_skipped() -> None:
    text = "It was the first ban in Peru."
    parts = find_parts(text, 0, len(text), [(*span(text, "first"), "ORDINAL"), (*span(text, "Peru"), "GPE")], [])
    assert [text[s:e] for s, e in parts.entities] == ["Peru"]
    assert parts.quantities == []


def test_parts_layers_win_over_parse() -> None:
    text = "Lima grew in 2020."
    entities = [Entity.of(text, 0, 4, label="GPE", canonical="Lima")]
    times = [TimeExpression.of(text, 13, 17, label="DATE", value="2020", anchored=False)]
    ents, time_spans = labelled_spans(entities, times, parsed=None)
    assert ents == [(0, 4, "GPE")]
    assert time_spans == [(13, 17)]
    assert labelled_spans(None, None, None) == ([], [])
