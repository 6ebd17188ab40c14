"""Main text, title and publication date of an HTML page, by trafilatura.

Why trafilatura: it removes navigation, ads and scripts, keeps the article
body and reads the publication date from the page's metadata (via htmldate),
which is what a news reader needs. Pages with no article text are rejected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..document import surrogate_field
from ..errors import ConfigError, InputError
from .dates import parse_date

# Fewer words than this is a menu or a cookie banner left over, not an article.
MIN_WORDS = 3


@dataclass(frozen=True)
class Page:
    """What presslens keeps of a web page."""

    text: str
    title: str | None
    published: dt.date | None
    site: str | None
    url: str | None


def parse_html(name: str, html: str) -> Page:
    """Extract the article from one page, or raise InputError if it has none."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # trafilatura raises assorted lxml errors on broken markup
        raise InputError(name, f"the HTML could not be parsed ({type(err).__name__}: {err})") from None
    text = getattr(result, "text", None) if result is not None else None
    if not text or len(text.split()) < MIN_WORDS:
        raise InputError(name, "the HTML page has no article text that could be extracted")
    page = Page(
        text=text,
        title=getattr(result, "title", None) or None,
        published=_date(getattr(result, "date", None)),
        site=getattr(result, "sitename", None) or None,
        url=getattr(result, "url", None) or None,
    )
    _check_surrogates(name, page)
    return page


def _check_surrogates(name: str, page: Page) -> None:
    """Reject a page whose extracted text or metadata holds a lone surrogate.

    lxml turns `&#xD800;` into U+FFFD today, but a page given as a Python
    string, or another parser version, may not; the writers could not encode it.
    """
    problem = surrogate_field({f"the page {field}": getattr(page, field) for field in ("text", "title", "site", "url")})
    if problem is not None:
        raise InputError(name, problem)


def _date(value: str | None) -> dt.date | None:
    """The page's own date, read by the one date parser; a page with a date it cannot read has none."""
    if not value:
        return None
    try:
        return parse_date(value)
    except ConfigError:
        return None
