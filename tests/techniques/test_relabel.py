"""Merging the spans the span classifier gives one technique (presslens.techniques.relabel)."""

from __future__ import annotations

from dataclasses import dataclass

from presslens.techniques.relabel import merge_same_technique


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    channel: int | None
    score: float | None
    tag: str = ""


def test_merge_joins_a_chain_of_overlaps_of_one_technique_and_keeps_the_best_fields():
    spans = [Span(0, 10, 0, 0.2, "a"), Span(8, 20, 0, 0.7, "b"), Span(18, 30, 0, 0.4, "c")]
    assert merge_same_technique(spans) == [Span(0, 30, 0, 0.7, "b")]


def test_merge_leaves_touching_spans_and_other_techniques_apart():
    spans = [Span(0, 10, 0, 0.2), Span(10, 20, 0, 0.3), Span(5, 15, 1, 0.9)]
    assert merge_same_technique(spans) == [Span(0, 10, 0, 0.2), Span(5, 15, 1, 0.9), Span(10, 20, 0, 0.3)]


def test_merge_orders_nested_spans_longer_first():
    spans = [Span(4, 6, 0, 0.5), Span(4, 12, 1, 0.5), Span(0, 3, 2, None)]
    assert merge_same_technique(spans) == [Span(0, 3, 2, None), Span(4, 12, 1, 0.5), Span(4, 6, 0, 0.5)]
