"""Accuracy of the times layer on hand-written sentences with expected ISO values.

Each case names a sentence, its publication date (or null), the time
expression in it and the value a careful reader would give. A case counts as
correct when the expression is detected (a `times` span overlaps it) and its
value equals the expected one; for an expected null value, when no value is
given. Detection and value accuracy are reported separately.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from ..errors import InputError
from ..io.jsonl_lines import read_jsonl_lines
from ..pipeline import Pipeline


@dataclass(frozen=True)
class TimeCase:
    sentence: str
    published: dt.date | None
    expression: str
    value: str | None


@dataclass(frozen=True)
class TimeResult:
    case: TimeCase
    detected: bool
    predicted: str | None

    @property
    def correct(self) -> bool:
        return self.predicted == self.case.value and (self.detected or self.case.value is None)


def load_cases(path: Path) -> list[TimeCase]:
    cases = []
    for line in read_jsonl_lines(path, expected="a time case {sentence, published, expression, value}"):
        row = line.record
        try:
            cases.append(
                TimeCase(
                    sentence=row["sentence"],
                    published=dt.date.fromisoformat(row["published"]) if row.get("published") else None,
                    expression=row["expression"],
                    value=row.get("value"),
                )
            )
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(line.where, f"not a time case ({err}); expected sentence, published, expression, value") from None
    return cases


def evaluate(cases: list[TimeCase], pipeline: Pipeline) -> list[TimeResult]:
    results = []
    for i, case in enumerate(cases):
        doc = pipeline(Document(id=f"case{i}", text=case.sentence, published=case.published))
        start = case.sentence.index(case.expression)
        end = start + len(case.expression)
        overlapping = [t for t in doc.times or [] if t.start < end and start < t.end]
        best = max(overlapping, key=lambda t: min(end, t.end) - max(start, t.start), default=None)
        results.append(TimeResult(case, best is not None, best.value if best else None))
    return results
