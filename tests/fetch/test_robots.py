"""robots.txt: parsed rules, and the fetcher obeying them (RFC 9309 for missing and failing files)."""

from __future__ import annotations

import dataclasses

import pytest

from presslens.fetch import Fetcher, FetchError
from presslens.fetch.robots import parse_rules


def test_robots_rules_disallow_a_path():
    rules = parse_rules("User-agent: *\nDisallow: /private/\n")
    assert not rules.allows("http://127.0.0.1/private/memo")
    assert rules.allows("http://127.0.0.1/news/story")


def test_robots_rules_name_presslens():
    rules = parse_rules("User-agent: presslens\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    assert not rules.allows("http://127.0.0.1/news/story")


def test_robots_crawl_delay_is_read():
    assert parse_rules("User-agent: *\nCrawl-delay: 7\n").crawl_delay() == 7.0


def test_robots_disallowed_page_is_not_fetched(test_site, fast_fetch):
    before = test_site.hits["/private/memo"]
    with Fetcher(fast_fetch) as fetcher, pytest.raises(FetchError, match="robots.txt disallows it"):
        fetcher.fetch(test_site.url("/private/memo"))
    assert test_site.hits["/private/memo"] == before


def test_robots_ignored_on_request(test_site, fast_fetch):
    with Fetcher(dataclasses.replace(fast_fetch, obey_robots=False)) as fetcher:
        assert fetcher.fetch(test_site.url("/private/memo")).status == 200


def test_robots_unreachable_site_is_treated_as_disallowed(fast_fetch):
    with Fetcher(fast_fetch) as fetcher, pytest.raises(FetchError, match="RFC 9309"):
        fetcher.fetch("http://127.0.0.1:9/story")
