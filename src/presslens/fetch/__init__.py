"""Fetching web pages politely and reproducibly: timeouts, size cap, redirects, robots.txt, delay, cache.

    PresslensError
    └── InputError
        └── FetchError    a page could not be fetched (status, timeout, size, robots.txt, address refused)

I/O lives here; turning fetched bytes into a `Document` is `presslens.io.web`.
"""

from __future__ import annotations

from .address import check_public, is_url
from .cache import PageCache, default_cache
from .fetcher import Fetcher, FetchResult
from .http import Fetched, FetchError
from .options import FetchOptions, user_agent

__all__ = [
    "FetchError",
    "FetchOptions",
    "FetchResult",
    "Fetched",
    "Fetcher",
    "PageCache",
    "check_public",
    "default_cache",
    "is_url",
    "user_agent",
]
