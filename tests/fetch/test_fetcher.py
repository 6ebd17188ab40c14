"""Many pages: input order, per-host delay, one failure among many, the cache and --refresh."""

from __future__ import annotations

import dataclasses
import time

from presslens.fetch import Fetched, Fetcher, FetchError, PageCache


def test_fetcher_keeps_input_order_and_reports_each_failure(test_site, fast_fetch):
    urls = [test_site.url(p) for p in ("/news/quay-closure", "/news/missing", "/news/ferry-fares")]
    with Fetcher(fast_fetch) as fetcher:
        results = list(fetcher.fetch_all(urls))
    assert [type(r) for r in results] == [Fetched, FetchError, Fetched]
    assert [r.url if isinstance(r, Fetched) else r.name for r in results] == urls


def test_fetcher_spaces_requests_to_one_host(test_site, fast_fetch):
    urls = [test_site.url(p) for p in ("/news/quay-closure", "/news/ferry-fares", "/news/dateline")]
    options = dataclasses.replace(fast_fetch, delay=0.3, cache=None)
    started = time.monotonic()
    with Fetcher(options) as fetcher:
        list(fetcher.fetch_all(urls))
    # robots.txt and three pages: three gaps of at least 0.3 s
    assert time.monotonic() - started >= 0.9


def test_fetcher_cache_rereads_the_same_bytes(test_site, fast_fetch):
    url = test_site.url("/news/dateline")
    with Fetcher(fast_fetch) as fetcher:
        first = fetcher.fetch(url)
    hits = test_site.hits["/news/dateline"]
    with Fetcher(fast_fetch) as fetcher:
        again = fetcher.fetch(url)
    assert test_site.hits["/news/dateline"] == hits
    assert again.from_cache and not first.from_cache
    assert (again.body, again.final_url, again.fetched_at) == (first.body, first.final_url, first.fetched_at)


def test_fetcher_refresh_fetches_again(test_site, fast_fetch):
    url = test_site.url("/news/ferry-fares")
    with Fetcher(fast_fetch) as fetcher:
        fetcher.fetch(url)
    hits = test_site.hits["/news/ferry-fares"]
    with Fetcher(dataclasses.replace(fast_fetch, refresh=True)) as fetcher:
        assert not fetcher.fetch(url).from_cache
    assert test_site.hits["/news/ferry-fares"] == hits + 1


def test_cache_files_are_compressed_with_their_record(tmp_path, test_site, fast_fetch):
    url = test_site.url("/old/quay")
    with Fetcher(fast_fetch) as fetcher:
        fetcher.fetch(url)
    assert fast_fetch.cache is not None
    bodies = list(fast_fetch.cache.rglob("*.gz"))
    assert len(bodies) == 1 and bodies[0].read_bytes()[:2] == b"\x1f\x8b"
    cached = PageCache(fast_fetch.cache).get(url)
    assert cached is not None and cached.final_url == test_site.url("/news/quay-closure")
