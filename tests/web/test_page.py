"""The page and its assets as served: self-contained, no inline script, the report's presentation."""

from __future__ import annotations

import re

import pytest

from presslens.report import presentation as p
from presslens.web.app import STATIC
from tests.conftest import EXAMPLE
from tests.web.helpers import client_for


@pytest.fixture(scope="module")
def client():
    with client_for() as c:
        yield c


def test_page_index_has_the_form_the_legend_and_only_external_script(client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    for needed in ('id="text"', 'id="analyse"', 'id="sample"', 'id="file"', 'id="download-json"', 'id="download-html"'):
        assert needed in html
    assert p.legend_html(heading="How to read the results") in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts == ['<script src="/static/app.js" defer>']
    assert "<style" not in html and " style=" not in html and re.search(r"\son[a-z]+=", html) is None


@pytest.mark.parametrize("path", ["/", "/static/app.js", "/static/web.css", "/static/report.css", "/docs"])
def test_page_assets_fetch_nothing_from_elsewhere(client, path):
    body = client.get(path).text
    assert re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", body) is None
    assert "@import" not in body and "url(http" not in body and "fonts.googleapis" not in body


def test_page_stylesheet_is_the_reports(client):
    response = client.get("/static/report.css")
    assert response.text == p.stylesheet()
    assert response.headers["content-type"].startswith("text/css")


def test_page_script_never_puts_strings_into_markup():
    script = STATIC.joinpath("app.js").read_text(encoding="utf-8")
    script = re.sub(r"/\*.*?\*/", "", script, flags=re.S)  # comments may name what the code never does
    script = re.sub(r"^\s*//.*$", "", script, flags=re.M)
    assert "innerHTML" not in script and "outerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script and "new Function" not in script
    # The one parser of markup is the charts', behind the Trusted Types policy named in the CSP.
    assert script.count("parseFromString(") == 1 and "policy.createHTML(markup)" in script


def test_page_sample_article_is_the_bundled_example(client):
    assert client.get("/static/sample-article.txt").text == EXAMPLE.read_text(encoding="utf-8")


def test_page_docs_lists_every_route_without_script(client):
    html = client.get("/docs").text
    for path in client.get("/openapi.json").json()["paths"]:
        assert f"<code>{path}</code>" in html
    assert "<script" not in html and "curl" in html
