"""The checkable parts of a claim: quantities, named entities and dates.

Why reuse the other layers: a fact-checker's checklist must point at the
same spans the rest of the output shows (the entity "the Bureau of Labor
Statistics" with its canonical name, the time "last year" with its resolved
value), so when the entities and times layers exist their spans are used.
When they are absent (a pipeline run without them) the spaCy parse from the
base stage supplies the same labels. Numbers that spaCy leaves unlabelled
("121/4", "3.5") are added by a pattern, because an unchecked number is the
most common thing a checklist can miss.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..document import Entity, TimeExpression

QUANTITY_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
TIME_LABELS = frozenset({"DATE", "TIME"})
# Labels of entities that are neither quantities nor checkable by name.
SKIPPED_LABELS = frozenset({"ORDINAL"})

_NUMBER = re.compile(r"(?<![\w.])[$€£]?\d+(?:[.,/]\d+)*(?:\s?%)?(?![\w])")


@dataclass(frozen=True)
class Parts:
    """Character spans (start, end) of the checkable parts inside one claim."""

    quantities: list[tuple[int, int]]
    entities: list[tuple[int, int]]
    times: list[tuple[int, int]]


_T = TypeVar("_T", bound=tuple[Any, ...])


class SortedSpans(list[_T]):
    """Spans sorted by start, so that the spans inside one claim are found by bisection.

    Why: `find_parts` runs once per claim; scanning every entity of the article
    each time made long articles quadratic. `labelled_spans` returns
    these; `find_parts` still accepts plain lists.
    """

    def __init__(self, spans: Iterable[_T] = ()) -> None:
        super().__init__(sorted(spans))
        self.starts = [span[0] for span in self]

    def starting_in(self, start: int, end: int) -> list[_T]:
        """The spans whose start lies in [start, end)."""
        return self[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]


def _starting_in(spans: Sequence[_T], start: int, end: int) -> Sequence[_T]:
    """The spans that can lie inside [start, end): all of them unless they are sorted."""
    return spans.starting_in(start, end) if isinstance(spans, SortedSpans) else spans


def _inside(spans: Iterable[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    return sorted({(s, e) for s, e in spans if start <= s < e <= end})


def _overlaps(span: tuple[int, int], others: Sequence[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in others)


def labelled_spans(
    entities: Sequence[Entity] | None, times: Sequence[TimeExpression] | None, parsed: Any
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """(entity spans with labels, time spans) from the layers, else from spaCy's entities."""
    if entities is not None:
        ents = [(e.start, e.end, e.label) for e in entities]
    elif parsed is not None:
        ents = [(e.start_char, e.end_char, e.label_) for e in parsed.ents if e.label_ not in TIME_LABELS]
    else:
        ents = []
    if times is not None:
        time_spans = [(t.start, t.end) for t in times]
    elif parsed is not None:
        time_spans = [(e.start_char, e.end_char) for e in parsed.ents if e.label_ in TIME_LABELS]
    else:
        time_spans = []
    return SortedSpans(ents), SortedSpans(time_spans)


def find_parts(
    text: str,
    start: int,
    end: int,
    ents: Sequence[tuple[int, int, str]],
    time_spans: Sequence[tuple[int, int]],
) -> Parts:
    """The quantities, entities and times lying wholly inside text[start:end]."""
    times = _inside(_starting_in(time_spans, start, end), start, end)
    ents = _starting_in(ents, start, end)
    quantities = _inside(((s, e) for s, e, label in ents if label in QUANTITY_LABELS), start, end)
    named = _inside(
        ((s, e) for s, e, label in ents if label not in QUANTITY_LABELS | SKIPPED_LABELS | TIME_LABELS),
        start,
        end,
    )
    taken = [*quantities, *times, *named]
    for m in _NUMBER.finditer(text, start, end):
        span = (m.start(), m.end())
        if not _overlaps(span, taken):
            quantities.append(span)
            taken.append(span)
    return Parts(sorted(quantities), named, times)
