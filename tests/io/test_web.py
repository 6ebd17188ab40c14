"""Every page of the local test site read as presslens must: authors, dates and their source, or one-line errors."""

from __future__ import annotations

import pytest

from presslens.document import Document
from presslens.errors import InputError
from presslens.io import read_documents
from presslens.io.web import url_list
from tests.site.pages import EXPECTED


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_web_page_authors_and_dates(test_site, fast_fetch, path):
    (doc,) = read_documents([test_site.url(path)], fetch=fast_fetch)
    assert isinstance(doc, Document), doc
    want = EXPECTED[path]
    assert tuple(doc.authors or ()) == want.authors
    assert (str(doc.published), doc.published_from) == (want.published, want.published_from)
    assert doc.url == test_site.url(path) and doc.fetched_at is not None


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/news/paywalled", "only 10 words of article text"),
        ("/de/kai", "is in German"),
        ("/news/report.pdf", "is application/pdf, not an HTML page"),
        ("/news/missing", "HTTP 404"),
        ("/news/broken", "HTTP 500"),
        ("/private/memo", "robots.txt disallows it"),
    ],
)
def test_web_page_failures_are_one_line(test_site, fast_fetch, path, reason):
    (result,) = read_documents([test_site.url(path)], fetch=fast_fetch)
    assert isinstance(result, InputError)
    assert reason in result.reason and "\n" not in str(result)


def test_web_wrong_charset_is_decoded_from_the_bytes(test_site, fast_fetch):
    (doc,) = read_documents([test_site.url("/news/wrong-charset")], fetch=fast_fetch)
    assert isinstance(doc, Document)
    assert doc.encoding == "cp1252" and "Mara Quisté" in doc.text


def test_web_redirect_is_on_the_document(test_site, fast_fetch):
    (doc,) = read_documents([test_site.url("/old/quay")], fetch=fast_fetch)
    assert isinstance(doc, Document)
    assert doc.redirects == [test_site.url("/news/quay-closure")] and doc.final_url == test_site.url("/news/quay-closure")
    assert doc.canonical_url == "http://127.0.0.1/news/quay-closure" and doc.site_name == "Ellery Courier"


def test_web_url_list_file_is_read_in_order_among_files(tmp_path, test_site, fast_fetch):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# two pages\n{test_site.url('/news/ferry-fares')}\n\n{test_site.url('/news/missing')}\n")
    article = tmp_path / "a.txt"
    article.write_text("The council met on Tuesday. See https://example.org for more.")
    results = list(read_documents([urls, article], fetch=fast_fetch))
    assert isinstance(results[1], InputError) and isinstance(results[2], Document)
    assert isinstance(results[0], Document) and results[0].authors == ["Ana Ruiz", "Ben Osei"]


def test_web_url_list_needs_only_addresses(tmp_path):
    mixed = tmp_path / "m.txt"
    mixed.write_text("https://example.org/a\nand some prose\n")
    assert url_list(mixed, max_bytes=10_000) is None
