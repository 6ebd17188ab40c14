"""Resolve a date or time expression to an ISO 8601 value.

dateparser does the parsing of month names, numeric dates and relative
phrases ("two days ago", "last month"). Two conventions of news writing are
handled here first because dateparser resolves them differently:

- a bare weekday ("on Thursday") in a news report means the most recent such
  day on or before the publication date, the same day included (dateparser
  skips the publication day itself);
- a time of day ("10 a.m.") without a date is on the publication date;
- a month or day without a year is the occurrence nearest the publication date.

Values are given at the precision of the expression: YYYY-MM-DD (day),
YYYY-Www (ISO week), YYYY-MM (month), YYYY (year), YYYY-Qn (quarter), YYYX (decade),
YYYY-MM-DDTHH:MM (time of day). Durations ("two years", "decades") are not
points in time and get no value. Relative expressions get no value when the
publication date is unknown.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()

_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_DECADE = re.compile(r"\b(1[5-9]\d|20\d)0s\b")
_QUARTER = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th|q[1-4])\s*(quarter)?\s*(of\s*)?(1[5-9]\d\d|20\d\d)\b", re.I)
_QUARTER_NUMBER = {"first": 1, "1st": 1, "q1": 1, "second": 2, "2nd": 2, "q2": 2, "third": 3, "3rd": 3, "q3": 3, "fourth": 4, "4th": 4, "q4": 4}
_POINT_WORDS = re.compile(
    r"\b(ago|yesterday|today|tonight|tomorrow|"
    r"(last|next|this|past|previous|coming)\s+(week|weekend|month|year|" + "|".join(WEEKDAYS) + r"))\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(last|next|this|past|previous|coming)?\s*(" + "|".join(WEEKDAYS) + r")\b", re.I)
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b\.?", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")
_TIME_OF_DAY = re.compile(r"\b\d{1,2}(:\d\d)?\s*(a\.?m\.?|p\.?m\.?)|\b\d{1,2}:\d\d\b|\bnoon\b|\bmidnight\b", re.I)
_LEADING = re.compile(r"^(on|in|at|by|since|until|from|during|the)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Resolution:
    """The ISO value of an expression and whether it depended on the publication date."""

    value: str | None
    anchored: bool


# Words just before an expression that point to the future ("by Friday", "until Monday").
FORWARD_CUES = frozenset({"by", "until", "till", "before"})


def resolve(expression: str, published: dt.date | None, *, preceding: str = "") -> Resolution:
    """Resolve `expression` against the publication date `published` (may be None).

    `preceding` is the word before the expression in the text: after "by" or
    "until" a bare weekday is the coming one, not the last one.
    """
    forward = preceding.lower() in FORWARD_CUES
    return _resolve(" ".join(expression.split()), published, forward)


@functools.lru_cache(maxsize=4096)
def _resolve(expression: str, published: dt.date | None, forward: bool = False) -> Resolution:
    text = _LEADING.sub("", expression).strip()
    decade = _DECADE.search(text)
    if decade:
        return Resolution(f"{decade.group(1)}X", False)
    quarter = _QUARTER.search(text)
    if quarter and (quarter.group(2) or quarter.group(1).lower().startswith("q")):
        return Resolution(f"{quarter.group(4)}-Q{_QUARTER_NUMBER[quarter.group(1).lower()]}", False)
    has_year = bool(_YEAR.search(text))
    is_point = bool(
        has_year
        or _POINT_WORDS.search(text)
        or _WEEKDAY.search(text)
        or _MONTH.search(text)
        or _NUMERIC_DATE.search(text)
        or _TIME_OF_DAY.search(text)
    )
    if not is_point:
        return Resolution(None, False)
    if not has_year and published is None:
        return Resolution(None, False)
    weekday = _WEEKDAY.search(text)
    if weekday and published is not None and not _MONTH.search(text) and not has_year:
        modifier = weekday.group(1) or ("coming" if forward else None)
        return Resolution(_weekday_value(modifier, weekday.group(2), published), True)
    parsed = _parse(text, published)
    if parsed is None:
        return Resolution(None, False)
    when, period = parsed
    if published is not None and not has_year and _MONTH.search(text):
        when = _nearest_year(when, published)
    if period == "time" and published is not None and not (_MONTH.search(text) or has_year):
        when = dt.datetime.combine(published, when.time())
    return Resolution(_format(when, period), not has_year)


def _weekday_value(modifier: str | None, name: str, published: dt.date) -> str:
    target = WEEKDAYS.index(name.lower())
    back = (published.weekday() - target) % 7
    mod = (modifier or "").lower()
    if mod in ("next", "coming"):
        forward = (target - published.weekday()) % 7 or 7
        return (published + dt.timedelta(days=forward)).isoformat()
    if mod in ("last", "past", "previous") and back == 0:
        back = 7
    return (published - dt.timedelta(days=back)).isoformat()


def _nearest_year(when: dt.datetime, published: dt.date) -> dt.datetime:
    """A month or day without a year is the occurrence nearest the publication date.

    News refers to both recent and coming dates ("on April 13", "by March 18");
    dateparser's past preference would move a date later this year to last year.
    """
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(when.replace(year=year))
        except ValueError:  # 29 February
            continue
    anchor = dt.datetime.combine(published, dt.time())
    return min(candidates, key=lambda c: abs(c - anchor))


def _parse(text: str, published: dt.date | None) -> tuple[dt.datetime, str] | None:
    base = dt.datetime.combine(published, dt.time()) if published else dt.datetime(2000, 1, 1)
    data = _parser(base).get_date_data(text)
    if data.date_obj is None:
        return None
    return data.date_obj, data.period or "day"


@functools.lru_cache(maxsize=64)
def _parser(base: dt.datetime):
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )


def _format(when: dt.datetime, period: str) -> str:
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "week":
        year, week, _ = when.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if period == "time":
        return when.strftime("%Y-%m-%dT%H:%M")
    return when.date().isoformat()
