"""The one parser of publication dates, so every way in reads a date alike.

Why strict and shared: `--published`, `presslens.analyze(published=...)`, the
web API, a JSONL record's `published` and an HTML page's date used to go
through three functions; `date.fromisoformat` also takes `20210520` and week
dates like `2021-W20-1`, so a JSONL record was accepted with a value that
`--published` refused. Every entry point now takes `YYYY-MM-DD`, alone or as
the start of an ISO 8601 date and time (`2021-05-20T14:30:00Z`, whose date
is kept), and nothing else.
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import ConfigError

_DATE = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)


def parse_date(value: str) -> dt.date:
    """The date of `value`: `YYYY-MM-DD`, or an ISO 8601 date and time that starts with one.

    Raises `ConfigError` saying what was given and what is accepted.
    """
    match = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ConfigError(
            f"{value!r} is not a date like 2021-05-20 (publication dates are YYYY-MM-DD, "
            "or an ISO 8601 date and time such as 2021-05-20T14:30:00Z)"
        )
    try:
        return dt.date.fromisoformat(match.group("date"))
    except ValueError as err:
        raise ConfigError(f"{value!r} is not a calendar date ({err})") from None
