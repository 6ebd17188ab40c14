from __future__ import annotations

import re
from html import unescape

from presslens.report import presentation as p
from presslens.report.html import render_report
from presslens.web.view import view
from tests.report.test_html import report_fixture_doc


def test_view_notes_are_the_words_of_the_report_hover_titles():
    doc = report_fixture_doc()
    notes = view(doc)["notes"]
    html = render_report([doc])
    lines = {
        line
        for title in re.findall(r'<span class="seg [^"]*" title="([^"]*)"', html)
        for line in unescape(title).split("\n")
    }
    techniques = doc.techniques or []
    expected = {
        "entities": ["organisation: Harbour <Council>", "person: Dana Whitcombe", "person: Sam Okafor"],
        "times": ["date: 2026-03-10", "date: 2025"],
        "quotes": [
            "Mixed quote of Dana Whitcombe",
            "Indirect quote of Dana Whitcombe",
            "Direct quote of Sam Okafor",
            "Indirect quote of Sam Okafor",
        ],
        "sources": ["Source: Dana Whitcombe", "Source: Dana Whitcombe", "Source: Sam Okafor", "Source: Sam Okafor"],
        "claims": [
            "Check-worthy claim: score 0.91 (high), in Sam Okafor's paraphrased words",
            "Check-worthy claim: score 0.52 (medium), in the author's own words",
        ],
    }
    for layer, words in expected.items():
        assert notes[layer] == words
    assert notes["techniques"][0] == "Loaded language (LL): score 0.81 (high), in Dana Whitcombe's quoted words"
    assert len(notes["techniques"]) == len(techniques)
    # the report shows the same words; a technique's hover title adds its definition
    shown = [*notes["entities"], *notes["times"], *notes["quotes"], *notes["claims"]]
    shown += [s for s, q in zip(notes["sources"], doc.quotes or []) if q.source is not None]
    shown += [f"{n} \u2014 {p.technique(t.technique).definition}" for n, t in zip(notes["techniques"], techniques)]
    assert set(shown) <= lines


def test_view_lists_the_candidates_lane_apart_with_its_precision():
    from tests.report.test_html import _with_candidate

    v = view(_with_candidate())
    assert v["techniques"] == [{"label": "Loaded_Language", "count": 1}]
    assert [c["label"] for c in v["candidates"]] == ["Appeal_to_fear-prejudice"]
    assert v["counts"]["techniques"] == 1 and v["counts"]["candidates"] == 1
    assert "may still use one" in v["recall_note"]
