"""One GET against the local test site: redirects, errors, size cap, slow bodies, content types."""

from __future__ import annotations

import dataclasses

import pytest

from presslens.fetch import Fetcher, FetchError, FetchOptions, user_agent
from presslens.fetch.options import DEFAULT_MAX_BYTES
from presslens.io.decoding import DEFAULT_MAX_BYTES as FILE_MAX_BYTES


def fetch(options: FetchOptions, url: str):
    with Fetcher(dataclasses.replace(options, cache=None)) as fetcher:
        return fetcher.fetch(url)


def test_fetch_size_cap_default_is_the_file_one():
    assert DEFAULT_MAX_BYTES == FILE_MAX_BYTES


def test_fetch_redirect_is_followed_and_recorded(test_site, fast_fetch):
    page = fetch(fast_fetch, test_site.url("/old/quay"))
    assert page.url == test_site.url("/old/quay")
    assert page.final_url == test_site.url("/news/quay-closure")
    assert page.redirects == [test_site.url("/news/quay-closure")]


def test_fetch_redirect_loop_is_one_line(test_site, fast_fetch):
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(fast_fetch, test_site.url("/loop/a"))


def test_fetch_too_many_redirects(test_site, fast_fetch):
    with pytest.raises(FetchError, match="more than 0 redirects"):
        fetch(dataclasses.replace(fast_fetch, max_redirects=0), test_site.url("/old/quay"))


@pytest.mark.parametrize(("path", "status"), [("/news/missing", 404), ("/news/broken", 500)])
def test_fetch_error_status_is_reported(test_site, fast_fetch, path, status):
    with pytest.raises(FetchError) as err:
        fetch(fast_fetch, test_site.url(path))
    assert err.value.status == status
    assert f"HTTP {status}" in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("path", ["/huge", "/huge-declared"])
def test_fetch_huge_body_stops_at_the_cap(test_site, fast_fetch, path):
    with pytest.raises(FetchError, match="over the size limit of 100,000 bytes"):
        fetch(dataclasses.replace(fast_fetch, max_bytes=100_000), test_site.url(path))


def test_fetch_slow_body_stops_at_the_total_timeout(test_site, fast_fetch):
    with pytest.raises(FetchError, match="took more than 2 s"):
        fetch(dataclasses.replace(fast_fetch, total_timeout=2.0), test_site.url("/slow"))


def test_fetch_refused_connection_is_one_line(fast_fetch):
    with pytest.raises(FetchError, match="could not be fetched: ConnectError"):
        fetch(dataclasses.replace(fast_fetch, obey_robots=False), "http://127.0.0.1:9/story")


def test_fetch_non_http_scheme_is_refused(fast_fetch):
    with pytest.raises(FetchError, match="not an http:// or https:// address"):
        fetch(fast_fetch, "file:///etc/passwd")


def test_fetch_sends_the_presslens_user_agent(test_site, fast_fetch):
    fetch(fast_fetch, test_site.url("/news/quay-closure"))
    assert test_site.user_agents[-1] == user_agent()
    assert user_agent().startswith("presslens/")


def test_fetch_reports_the_content_type_and_charset(test_site, fast_fetch):
    page = fetch(fast_fetch, test_site.url("/news/report.pdf"))
    assert (page.content_type, page.charset) == ("application/pdf", None)
    page = fetch(fast_fetch, test_site.url("/news/wrong-charset"))
    assert (page.content_type, page.charset) == ("text/html", "utf-8")


def test_fetch_every_redirect_hop_is_checked(test_site, fast_fetch):
    """A page that redirects to a refused address (the SSRF case) is refused at the hop, naming it."""
    from presslens.errors import InputError
    from presslens.fetch.http import get, new_client

    def refuse_target(address: str) -> None:
        if address.endswith("/news/quay-closure"):
            raise InputError(address, "resolves to 10.0.0.1, a private address")

    with new_client(fast_fetch) as client, pytest.raises(FetchError) as err:
        get(client, test_site.url("/old/quay"), fast_fetch, check=refuse_target)
    assert err.value.reason == f"redirected to {test_site.url('/news/quay-closure')}, which resolves to 10.0.0.1, a private address"


def test_fetch_gzip_body_is_capped_when_unpacked():
    import gzip

    from presslens.fetch.http import _decoded

    packed = gzip.compress(b"x" * 100_000)  # about 150 bytes on the wire
    assert _decoded(packed, {"content-encoding": "gzip"}, "page", 100_000) == b"x" * 100_000
    with pytest.raises(FetchError, match="unpacks to over the size limit"):
        _decoded(packed, {"content-encoding": "gzip"}, "page", 1_000)
    with pytest.raises(FetchError, match="damaged"):
        _decoded(packed[:-20], {"content-encoding": "gzip"}, "page", 100_000)
