"""Articles given as an address (issue 27): fetched within the work queue, private addresses refused by default."""

from __future__ import annotations

from presslens.web.schemas import ArticleIn
from presslens.web.service import build_document
from tests.site.pages import EXPECTED
from tests.web.helpers import client_for


def test_web_url_is_fetched_and_analysed_when_private_addresses_are_allowed(test_site):
    with client_for(allow_private_addresses=True, fetch_delay=0.0) as client:
        response = client.post("/v1/analyze", json={"url": test_site.url("/news/ferry-fares")})
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["authors"] == ["Ana Ruiz", "Ben Osei"] and doc["published_from"] == "metadata"
    assert doc["url"] == test_site.url("/news/ferry-fares")


def test_web_refuses_a_loopback_address_by_default(test_site):
    before = test_site.hits["/news/ferry-fares"]
    robots = test_site.hits["/robots.txt"]
    with client_for() as client:
        response = client.post("/v1/analyze", json={"url": test_site.url("/news/ferry-fares")})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "fetch_failed"
    assert "private, loopback or link-local" in error["message"] and "--allow-private-addresses" in error["message"]
    assert "robots.txt" not in error["message"]
    assert test_site.hits["/news/ferry-fares"] == before and test_site.hits["/robots.txt"] == robots


def test_web_fetch_failure_is_one_error_in_a_batch(test_site):
    documents = [{"url": test_site.url("/news/missing")}, {"url": test_site.url("/2024/05/17/ferry-timetable")}]
    with client_for(allow_private_addresses=True, fetch_delay=0.0) as client:
        response = client.post("/v1/analyze/batch", json={"documents": documents})
    assert response.status_code == 200
    first, second = response.json()["results"]
    assert first["error"]["code"] == "fetch_failed" and "HTTP 404" in first["error"]["message"]
    want = EXPECTED["/2024/05/17/ferry-timetable"]
    assert second["document"]["published"] == want.published and second["document"]["published_from"] == "url"


def test_web_request_fields_override_the_fetched_page(test_site):
    from presslens.fetch import Fetcher, FetchOptions

    with Fetcher(FetchOptions(delay=0.0)) as fetcher:
        doc = build_document(ArticleIn(url=test_site.url("/news/quay-closure"), source="My outlet"), max_chars=100_000,
                             fetcher=fetcher)
    assert doc.source == "My outlet" and doc.authors == ["Lena Hart"]
