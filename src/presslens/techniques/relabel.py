"""Spans that the span classifier gives one technique, merged where they overlap.

Why: each technique channel decodes its own spans, so one loaded phrase can be
found by two channels ("a vicious enemy": Loaded_Language and Name_Calling),
and the span classifier may then give both the same technique. A reader should
see that phrase once, as one span covering both, scored as the better of them;
counted twice it would also inflate the measured precision and the per-article
counts. Relabelling and this merge were chosen by 5-fold cross-validation over
the held-out articles' spans (docs/experiments.md, issue 26, session 7).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol, TypeVar


class _Labelled(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def channel(self) -> int | None: ...
    @property
    def score(self) -> float | None: ...


T = TypeVar("T", bound=_Labelled)


def merge_same_technique(spans: Sequence[T]) -> list[T]:
    """Overlapping spans of one technique as one: their union, carrying the best-scored span's fields.

    Spans of different techniques may still nest or overlap. Output in text order
    (start, longer first, technique).
    """
    by_technique: dict[int | None, list[T]] = {}
    for span in spans:
        by_technique.setdefault(span.channel, []).append(span)
    out: list[T] = []
    for group in by_technique.values():
        group.sort(key=lambda d: (d.start, d.end))
        run: list[T] = []
        run_end = -1
        for span in group:
            if run and span.start >= run_end:
                out.append(_union(run))
                run = []
            run.append(span)
            run_end = max(run_end, span.end) if len(run) > 1 else span.end
        if run:
            out.append(_union(run))
    out.sort(key=lambda d: (d.start, -d.end, d.channel if d.channel is not None else -1))
    return out


def _union(run: list[T]) -> T:
    best = max(run, key=lambda d: d.score if d.score is not None else 0.0)
    if len(run) == 1:
        return best
    return replace(best, start=min(d.start for d in run), end=max(d.end for d in run))  # type: ignore[type-var]
