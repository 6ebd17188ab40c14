"""Text and HTML views of a comparison, and the JSON contract's schema file."""

from __future__ import annotations

import json

import jsonschema

from presslens.compare import compare, comparison_schema
from presslens.report.compare import render_html, render_text
from tests.compare.builders import NAMES, WordEncoder, pair
from tests.conftest import REPO

SCHEMA = REPO / "schema" / "presslens-comparison.schema.json"


def _comparison(names=NAMES):
    return compare(pair(names), embedder=WordEncoder(), threshold=0.5)


def test_report_schema_file_matches_the_model():
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == comparison_schema()


def test_report_json_validates_against_the_schema():
    jsonschema.validate(_comparison().to_dict(), json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_report_text_shows_labels_claims_voices_dates_and_rules():
    out = render_text(_comparison(), explain=True)
    for expected in ("The Norland occupiers", "The Sorvand terrorists", "CLAIMS ONLY ONE ARTICLE MAKES", "Arto Lind", "2025-03-02", "MERGE RULES", "never:"):
        assert expected in out


def test_report_html_is_self_contained_and_escaped():
    names = {**NAMES, "A": "<Norl>"}
    page = render_html(_comparison(names))
    assert "<script" not in page and "&lt;Norl&gt;" in page and "<Norl>" not in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert page.count('<section class="cmp-section"') == 6


def test_report_text_makes_article_strings_printable():
    names = {**NAMES, "A": "Norl\x1b[2J"}
    out = render_text(_comparison(names))
    assert "\x1b" not in out and "\\x1b" in out
