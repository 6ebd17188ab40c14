"""The `Document` of a parsed web page: the one place page metadata becomes document fields.

Why its own module: pages come from files and stdin (`io.readers`) and from
the network (`io.web`); both build the document here, so a page's byline,
date and the date's source read the same whichever way it arrived.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..document import Document
from .html import Page


def page_document(doc_id: str, page: Page, *, encoding: str | None, published: dt.date | None, **fields: Any) -> Document:
    """The document of a parsed page; `published` is used when the page has no date, `fields` add to it."""
    return Document(
        **{
            "id": doc_id,
            "text": page.text,
            "title": page.title,
            "source": page.site,
            "url": page.url,
            "canonical_url": page.url,
            "site_name": page.site,
            "authors": page.authors or None,
            "language": page.language,
            "published": page.published or published,
            "published_from": page.published_from if page.published else ("given" if published else None),
            "encoding": encoding,
            **fields,
        }
    )
