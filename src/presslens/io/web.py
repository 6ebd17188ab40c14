"""Fetched pages into documents, and lists of addresses: what `read_documents` does with URLs.

Why here and not in `fetch/`: fetching only moves bytes; deciding what they
are (HTML, plain text, or something presslens cannot read), which charset
they are in and what the page says about itself is reading, the same as for
a saved file (`decoding`, `html`).

A fetched page becomes a document whose `id` and `url` are the address as
given, with `final_url`, `redirects` and `fetched_at` recording where and
when its bytes came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import InputError
from ..fetch import Fetched, Fetcher, FetchOptions, is_url
from .decoding import declared_charset, decode_bytes
from .html import parse_html
from .pages import page_document
from .readers import looks_like_html

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
# Fewer words than this on a fetched page is a paywall stub, a teaser or an index page, not an article.
MIN_ARTICLE_WORDS = 40


def page_to_document(
    page: Fetched,
    *,
    max_bytes: int,
    encoding: str | None = None,
    published: dt.date | None = None,
    extra: dict[str, Any] | None = None,
) -> Document:
    """The document of one fetched page, or InputError saying why it cannot be analysed.

    `published` is used when the page has no date; `extra` (a feed item's
    source, authors, date) fills fields the page leaves empty.
    """
    name = page.url
    kind = page.content_type
    if kind not in HTML_TYPES | TEXT_TYPES and not (kind == "application/octet-stream" and looks_like_html(page.body)):
        raise InputError(
            name, f"is {kind}, not an HTML page or plain text; presslens reads web pages and text, not this"
        )
    fetched: dict[str, Any] = {
        "url": page.url,
        "final_url": page.final_url,
        "redirects": page.redirects,
        "fetched_at": page.fetched_at,
    }
    if kind in TEXT_TYPES:
        text, used = decode_bytes(name, page.body, max_bytes=max_bytes, encoding=encoding, declared=page.charset)
        _check_length(name, text)
        return _with_extra(Document(id=page.url, text=text, published=published, encoding=used,
                                    published_from="given" if published else None, **fetched), extra)
    # The page's own <meta charset> is closer to the bytes than the server's header, which is often a default.
    declared = declared_charset(page.body) or page.charset
    html, used = decode_bytes(name, page.body, max_bytes=max_bytes, encoding=encoding, declared=declared)
    parsed = parse_html(name, html, address=page.final_url, content_language=page.content_language)
    _check_length(name, parsed.text)
    doc = page_document(page.url, parsed, encoding=used, published=None, **fetched)
    doc = _with_extra(doc, extra)
    if doc.published is None and published is not None:
        doc = doc.model_copy(update={"published": published, "published_from": "given"})
    return doc


def read_addresses(
    urls: list[str],
    *,
    fetch: FetchOptions,
    max_bytes: int,
    encoding: str | None = None,
    published: dt.date | None = None,
    extras: dict[str, dict[str, Any]] | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[tuple[str, Document | InputError]]:
    """Fetch and read each address, in order: its document, or the one-line error of why not.

    `fetcher` is a run's shared fetcher (its robots.txt rules and per-site clocks); by default
    one is made, by `fetch` with `max_bytes`, for these addresses.
    """
    with ExitStack() as stack:
        if fetcher is None:
            fetcher = stack.enter_context(Fetcher(replace(fetch, max_bytes=max_bytes)))
        for url, result in zip(urls, fetcher.fetch_all(urls), strict=True):
            if isinstance(result, InputError):
                yield url, result
                continue
            try:
                extra = (extras or {}).get(url)
                yield url, page_to_document(result, max_bytes=max_bytes, encoding=encoding, published=published,
                                            extra=extra)
            except InputError as err:
                yield url, err


def _with_extra(doc: Document, extra: dict[str, Any] | None) -> Document:
    """Fill what the page left empty from `extra` (a feed item); the source (outlet) of a feed always wins."""
    if not extra:
        return doc
    update = {
        key: value for key, value in extra.items()
        if key != "published_from" and value is not None and getattr(doc, key) in (None, [])
    }
    if extra.get("source"):
        update["source"] = extra["source"]
    if "published" in update:
        update["published_from"] = extra.get("published_from", "feed")
    return Document.model_validate({**doc.model_dump(), **update}) if update else doc


def _check_length(name: str, text: str) -> None:
    words = len(text.split())
    if words < MIN_ARTICLE_WORDS:
        raise InputError(
            name,
            f"has only {words} words of article text (a paywall, a teaser or an index page?); not analysed",
        )


def url_list(path: Path, *, max_bytes: int) -> list[str] | None:
    """The addresses of a .txt file that lists only addresses (one a line, # comments), else None.

    Why "only": a text file is an article unless every non-blank line is an
    address, so an article that happens to quote a link stays an article.
    """
    try:
        if path.stat().st_size > max_bytes:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    try:
        lines = [line.strip() for line in data.decode("utf-8-sig").splitlines()]
    except UnicodeDecodeError:
        return None
    lines = [line for line in lines if line and not line.startswith("#")]
    if not lines or not all(is_url(line) and " " not in line for line in lines):
        return None
    return lines


def expand_inputs(paths: list[str], *, max_bytes: int) -> Iterator[tuple[str, bool]]:
    """Each input with whether it is an address: named .txt lists of addresses are opened into their lines."""
    for raw in paths:
        if is_url(raw):
            yield raw, True
            continue
        path = Path(raw)
        urls = url_list(path, max_bytes=max_bytes) if path.suffix.lower() == ".txt" and path.is_file() else None
        if urls is None:
            yield raw, False
        else:
            for url in urls:
                yield url, True
