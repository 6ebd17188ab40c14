"""RSS and Atom feeds, read with feedparser: each item's address, title, date and authors, and the outlet.

Why feedparser: it reads every RSS and Atom dialect in use, and broken
feeds, without executing anything; `parse_feed` is pure (bytes in, items
out), and `read_feed` gets the bytes from a file or through the same polite
fetcher as pages (robots.txt, delay, size cap, cache: `--refresh` to see new
items).

The outlet of every item (`Document.source`) is the feed's title; an item's
date and authors fill what its page does not say (`published_from` "feed").
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..fetch import Fetcher, FetchOptions, is_url
from .metadata import split_authors


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: where its article is and what the feed says about it."""

    url: str
    title: str | None = None
    published: dt.date | None = None
    authors: list[str] = field(default_factory=list)

    def extra(self, source: str | None) -> dict[str, Any]:
        """The document fields this item fills when its page leaves them empty (`io.web.page_to_document`)."""
        return {
            "source": source,
            "title": self.title,
            "published": self.published,
            "published_from": "feed",
            "authors": self.authors or None,
        }


@dataclass(frozen=True)
class Feed:
    """A feed's title (the outlet) and its items in feed order."""

    title: str | None
    items: list[FeedItem]


def parse_feed(name: str, data: bytes) -> Feed:
    """The items of an RSS or Atom document, or InputError when it is not a feed."""
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f" ({type(problem).__name__}: {problem})" if problem else ""
        raise InputError(name, f"is not an RSS or Atom feed{why}; give the feed's address or file")
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not is_url(link):
            continue  # an item without an http(s) link has no article to fetch
        items.append(
            FeedItem(
                url=link,
                title=(entry.get("title") or "").strip() or None,
                published=_date(entry.get("published_parsed") or entry.get("updated_parsed")),
                authors=_authors(entry),
            )
        )
    title = (parsed.feed.get("title") or "").strip() or None
    return Feed(title=title, items=items)


def read_feed(location: str, *, fetch: FetchOptions, fetcher: Fetcher | None = None) -> Feed:
    """The feed at an address (fetched by the rules of `fetch`, with the run's `fetcher` if given) or in a file.

    A feed changes, so it is always fetched again (never read from the cache).
    """
    if is_url(location):
        if fetcher is not None:
            return parse_feed(location, fetcher.fetch(location, refresh=True).body)
        with Fetcher(replace(fetch, refresh=True)) as own:
            return parse_feed(location, own.fetch(location).body)
    path = Path(location)
    try:
        if path.stat().st_size > fetch.max_bytes:
            raise InputError(location, f"is over the size limit of {fetch.max_bytes:,} bytes; raise it with --max-bytes")
        return parse_feed(location, path.read_bytes())
    except OSError as err:
        raise InputError(location, f"cannot be read: {err.strerror or err}") from None


def since(items: list[FeedItem], day: dt.date | None) -> list[FeedItem]:
    """Items published on or after `day` (items without a date are kept: their page may say)."""
    if day is None:
        return items
    return [item for item in items if item.published is None or item.published >= day]


def _authors(entry: Any) -> list[str]:
    names: list[str] = []
    for author in entry.get("authors") or []:
        for name in split_authors(author.get("name") if hasattr(author, "get") else None):
            if name not in names:
                names.append(name)
    if not names:
        names = split_authors(entry.get("author"))
    return names


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC).date()
    except (TypeError, ValueError, OverflowError):
        return None
