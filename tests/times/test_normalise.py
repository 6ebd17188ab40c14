from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from presslens.times.normalise import resolve

THURSDAY = dt.date(2021, 5, 20)


@pytest.mark.parametrize(
    "expression,expected",
    [
        ("Thursday", "2021-05-20"),  # same day as publication
        ("on Monday", "2021-05-17"),
        ("last Thursday", "2021-05-13"),
        ("next Tuesday", "2021-05-25"),
        ("April 13", "2021-04-13"),
        ("last week", "2021-W19"),
        ("two days ago", "2021-05-18"),
        ("last month", "2021-04"),
        ("last year", "2020"),
        ("10 a.m.", "2021-05-20T10:00"),
        ("the 1990s", "199X"),
        ("the second quarter of 2020", "2020-Q2"),
        ("December 24", "2020-12-24"),  # the nearest December 24, not next year's
        ("June", "2021-06"),  # coming month of the same year
    ],
)
def test_normalise_resolves_against_publication_date(expression, expected):
    res = resolve(expression, THURSDAY)
    assert res.value == expected


def test_normalise_weekday_after_by_or_until_is_the_coming_one():
    assert resolve("Friday", THURSDAY, preceding="by").value == "2021-05-21"
    assert resolve("Monday", THURSDAY, preceding="until").value == "2021-05-24"
    assert resolve("Friday", THURSDAY, preceding="on").value == "2021-05-14"


@pytest.mark.parametrize("expression", ["two years", "decades", "for a long time"])
def test_normalise_durations_have_no_value(expression):
    assert resolve(expression, THURSDAY).value is None


def test_normalise_relative_without_publication_date_is_unresolved_but_absolute_is_kept():
    assert resolve("Thursday", None).value is None
    assert resolve("March 3, 2020", None).value == "2020-03-03"
    assert resolve("March 3, 2020", None).anchored is False
    assert resolve("yesterday", THURSDAY).anchored is True


@pytest.mark.slow
def test_normalise_case_file_accuracy(base_pipeline):
    """The hand-written development cases all pass (the held-out file is reported, not asserted)."""
    from presslens.eval.times import evaluate, load_cases

    results = evaluate(load_cases(Path(__file__).parents[1] / "data" / "times_cases.jsonl"), base_pipeline)
    failed = [r for r in results if not r.correct]
    assert not failed, failed
