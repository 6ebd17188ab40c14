"""Main text, byline, dates and language of an HTML page, by trafilatura and htmldate.

Why trafilatura: it removes navigation, ads and scripts, keeps the article
body and reads the byline, canonical address and site name from the page's
metadata, which is what a news reader needs. The publication date is asked
of the page's metadata (htmldate, with the address left out), then of the
address, then of a dateline, and records which one answered
(`io.metadata.publication_date`). Pages with no article text, and pages in
another language than English, are rejected.

Why the fallback extractors run only on small pages: when its own heuristics
find little text, trafilatura tries readability and jusText, whose time
grows with the square of the markup (an audit measured 1.7 s for 70 KB of
repeated `<div><span>`, 64 s for 560 KB, and about an hour for a 4.9 MB page
under the size limit). Above `FALLBACK_MAX_CHARS` only trafilatura's own
(fast) extraction runs, whose time grows in proportion to the page; below
it the fallbacks cost at most about a second and still rescue odd small pages.

Why character references are checked first: one `&#x1b;` or `&#xFFFE;`
anywhere in a page (a code point XML does not allow) makes trafilatura's
XML conversion fail, and the whole page came out as "no article text". Such
a reference is replaced by U+FFFD, as lxml already does for `&#0;`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..document import surrogate_field
from ..errors import ConfigError, InputError
from .dates import parse_date
from .metadata import DateSource, check_english, publication_date, split_authors

# Fewer words than this is a menu or a cookie banner left over, not an article.
MIN_WORDS = 3
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
_META_LANG = re.compile(
    r"""<meta[^>]+http-equiv\s*=\s*["']?content-language["']?[^>]+content\s*=\s*["']?\s*([A-Za-z0-9_,-]+)""",
    re.IGNORECASE,
)
# Pages longer than this (characters of markup) skip trafilatura's quadratic fallback extractors.
FALLBACK_MAX_CHARS = 64_000
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


@dataclass(frozen=True)
class Page:
    """What presslens keeps of a web page."""

    text: str
    title: str | None
    published: dt.date | None
    site: str | None
    url: str | None
    authors: list[str] = field(default_factory=list)
    published_from: DateSource | None = None
    language: str = "en"


def parse_html(name: str, html: str, *, address: str | None = None, content_language: str | None = None) -> Page:
    """Extract the article from one page, or raise InputError if it has none or is not in English.

    `address` is where the page was fetched from (its date may be in it);
    `content_language` the HTTP Content-Language header, if any.
    """
    import trafilatura

    html = xml_safe_references(html)
    try:
        result = trafilatura.bare_extraction(
            html,
            fast=len(html) > FALLBACK_MAX_CHARS,
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
    language = _declared_language(html, content_language)
    canonical = getattr(result, "url", None) or None
    dated = publication_date(metadata=_metadata_date(html), addresses=(address, canonical), text=text)
    page = Page(
        text=text,
        title=getattr(result, "title", None) or None,
        published=dated.date if dated else None,
        site=getattr(result, "sitename", None) or None,
        url=canonical,
        authors=split_authors(getattr(result, "author", None)),
        published_from=dated.source if dated else None,
        language=check_english(name, declared=language[0], declared_where=language[1], text=text),
    )
    _check_surrogates(name, page)
    return page


def _metadata_date(html: str) -> dt.date | None:
    """The date the page's metadata declares (meta tags, JSON-LD, time elements), never its address."""
    from htmldate import find_date

    try:
        # url="": htmldate would otherwise read the canonical address first, and we must know which spoke.
        return _date(find_date(html, extensive_search=False, original_date=True, url=""))
    except Exception:  # htmldate raises assorted lxml and parsing errors on broken markup
        return None


def _declared_language(html: str, header: str | None) -> tuple[str | None, str]:
    """The language the page declares and where: `<html lang>`, a content-language meta tag, or the header."""
    head = html[:8192]
    for pattern, where in ((_HTML_LANG, "its <html lang>"), (_META_LANG, "its content-language meta tag")):
        match = pattern.search(head)
        if match:
            return match.group(1), where
    return header, "the Content-Language header"


def xml_safe_references(html: str) -> str:
    """`html` with each numeric character reference to a code point XML forbids replaced by U+FFFD.

    XML allows tab, line feed, carriage return, U+0020-U+D7FF, U+E000-U+FFFD
    and U+10000-U+10FFFF; a reference to anything else (`&#x1b;`, `&#xFFFE;`)
    would make the whole page unreadable to trafilatura.
    """

    def replace(match: re.Match[str]) -> str:
        hex_digits, digits = match.groups()
        code = int(hex_digits, 16) if hex_digits else int(digits)
        return match.group(0) if _xml_char(code) else "\ufffd"

    return _CHAR_REF.sub(replace, html) if "&#" in html else html


def _xml_char(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _check_surrogates(name: str, page: Page) -> None:
    """Reject a page whose extracted text or metadata holds a lone surrogate.

    lxml turns `&#xD800;` into U+FFFD today, but a page given as a Python
    string, or another parser version, may not; the writers could not encode it.
    """
    fields = {f"the page {field}": getattr(page, field) for field in ("text", "title", "site", "url")}
    fields.update({f"the page author {author!r}": author for author in page.authors})
    problem = surrogate_field(fields)
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
