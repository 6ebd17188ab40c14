"""Cut an article into segments so that overlapping spans of every layer can be shown.

Why segments: spans of different layers (and of different techniques) may
overlap or nest in any way, which nested HTML elements cannot express. Every
span boundary cuts the text; each segment then lists all spans covering it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from ..document import Span


@dataclass(frozen=True)
class Marked:
    """A span to show, with the layer it belongs to and its index in that layer."""

    layer: str
    index: int
    span: Span


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    covering: tuple[Marked, ...]


def segments(text: str, marks: Iterable[Marked]) -> list[Segment]:
    """Split `text` at every mark boundary; each segment lists the marks covering it."""
    marks = [m for m in marks if m.span.end > m.span.start]
    cuts = {0, len(text)}
    for m in marks:
        cuts.add(m.span.start)
        cuts.add(m.span.end)
    bounds = sorted(cuts)
    # Sweep: marks sorted by start; active set updated at each cut.
    by_start = sorted(marks, key=lambda m: (m.span.start, -m.span.end))
    out: list[Segment] = []
    active: list[Marked] = []
    j = 0
    for a, b in pairwise(bounds):
        while j < len(by_start) and by_start[j].span.start <= a:
            active.append(by_start[j])
            j += 1
        active = [m for m in active if m.span.end > a]
        out.append(Segment(a, b, tuple(active)))
    return out
