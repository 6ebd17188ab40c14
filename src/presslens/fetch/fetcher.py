"""Fetch many pages politely: one host at a time per worker, spaced by `delay`, a few hosts at once.

Why one worker per host: requests to one site must be spaced (`--delay`, or
its robots.txt Crawl-delay when longer), which a shared pool cannot promise
without idle threads sleeping in every slot; giving each host's addresses to
one worker makes the spacing a plain sleep between its requests, while up to
`hosts` sites are fetched from at once. Results come back in input order, a
window of addresses at a time, so memory stays bounded on a long list.

A cached page (see `cache.py`) is returned without touching the network,
robots.txt or the delay; `refresh` fetches it again and replaces the copy.
"""

from __future__ import annotations

import concurrent.futures as cf
import threading
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from types import TracebackType
from urllib.parse import urlsplit

from ..errors import InputError
from .address import check_public, check_url
from .cache import PageCache
from .http import Fetched, FetchError, get, new_client
from .options import FetchOptions
from .robots import RobotsCache

FetchResult = Fetched | FetchError
_WINDOW = 256  # addresses fetched before their results are all handed back


class Fetcher:
    """A run's fetching: one HTTP client, robots.txt per site, the page cache and the per-host clocks.

    Use as a context manager (it closes the client).
    """

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self._client = new_client(self.options)
        self._address_check = check_url if self.options.allow_private else check_public
        self._robots = RobotsCache(self._client, self.options, self._address_check)
        self._cache = PageCache(self.options.cache) if self.options.cache is not None else None
        self._last: dict[str, float] = {}  # host -> when its last request started (monotonic)
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str, *, refresh: bool = False) -> Fetched:
        """One page (cached, or fetched by the rules); FetchError says why not. `refresh`: skip the cache."""
        try:
            host = check_url(url).lower()
            self._address_check(url)  # before robots.txt: a refused address gets no request at all
        except InputError as err:
            raise FetchError(url, err.reason) from None
        if self._cache is not None and not (self.options.refresh or refresh):
            cached = self._cache.get(url)
            if cached is not None:
                return cached
        with self._host_lock(host):
            if self.options.obey_robots:
                if not self._robots.known(url):  # the site's first request is for its robots.txt
                    self._wait(host, self.options.delay)
                self._robots.check(url)
            self._wait(host, self._robots_delay(url))
            page = get(self._client, url, self.options, check=self._check)
        if self._cache is not None:
            try:
                self._cache.put(page)
            except OSError as err:
                raise FetchError(url, f"fetched, but the cache {self._cache.root} cannot be written: {err}") from None
        return page

    def fetch_all(self, urls: Iterable[str]) -> Iterator[FetchResult]:
        """Each address's page or FetchError, in input order; hosts in parallel, each host's requests spaced."""
        items = iter(urls)
        with cf.ThreadPoolExecutor(max_workers=max(1, self.options.hosts), thread_name_prefix="presslens-fetch") as pool:
            while window := list(islice(items, _WINDOW)):
                by_host: dict[str, list[int]] = {}
                for i, url in enumerate(window):
                    by_host.setdefault(urlsplit(url).netloc.lower(), []).append(i)
                futures = [pool.submit(self._fetch_host, [window[i] for i in idx]) for idx in by_host.values()]
                results: dict[int, FetchResult] = {}
                for idx, future in zip(by_host.values(), futures, strict=True):
                    results.update(zip(idx, future.result(), strict=True))
                for i in range(len(window)):
                    yield results.pop(i)

    def _fetch_host(self, urls: list[str]) -> list[FetchResult]:
        out: list[FetchResult] = []
        for url in urls:
            try:
                out.append(self.fetch(url))
            except FetchError as err:
                out.append(err)
        return out

    def _check(self, address: str) -> None:
        """Before every request and redirect: the address rules, then robots.txt."""
        self._address_check(address)
        if self.options.obey_robots:
            self._robots.check(address)

    def _robots_delay(self, url: str) -> float:
        if not self.options.obey_robots:
            return self.options.delay
        crawl = self._robots.rules(url).crawl_delay() if self._robots.known(url) else None
        return max(self.options.delay, crawl or 0.0)

    def _host_lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    def _wait(self, host: str, delay: float) -> None:
        """Sleep until `delay` seconds have passed since this host's last request, then mark a new one."""
        last = self._last.get(host)
        if last is not None:
            pause = last + delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()
