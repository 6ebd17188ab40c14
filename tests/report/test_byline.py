"""Issue 27: reports show the byline, the date and where it came from, and the fetch, escaped."""

from __future__ import annotations

import datetime as dt

from presslens.document import Document
from presslens.report.html import render_report
from presslens.report.summary import byline, published_label


def _doc() -> Document:
    return Document(
        id="http://127.0.0.1/a", text="The council met.", url="http://127.0.0.1/a", published=dt.date(2024, 5, 17),
        published_from="url", authors=["Ana <script>Ruiz", "Ben Osei"], final_url="http://127.0.0.1/b",
        fetched_at=dt.datetime(2024, 5, 18, 9, 0, tzinfo=dt.UTC),
    )


def test_byline_joins_names():
    assert byline(_doc()) == "Ana <script>Ruiz and Ben Osei"
    assert byline(Document(id="x", text="t")) is None


def test_published_label_says_where_the_date_came_from():
    assert published_label(_doc()) == "2024-05-17, from its address"
    assert published_label(Document(id="x", text="t")) == "unknown"


def test_html_report_shows_the_byline_escaped_and_the_fetch():
    html = render_report([_doc()])
    assert "Ana &lt;script&gt;Ruiz and Ben Osei" in html and "<script>Ruiz" not in html
    assert "2024-05-17, from its address" in html and "http://127.0.0.1/b" in html and "2024-05-18T09:00:00+00:00" in html
