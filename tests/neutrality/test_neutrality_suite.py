"""Tests for presslens.eval.neutrality_suite with hand-built documents (no model)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from presslens.document import Claim, Document, Sentence, Technique
from presslens.eval.counterfactuals import load_suite
from presslens.eval.neutrality_suite import differs, format_report, run_suite


@pytest.fixture
def tiny_suite(tmp_path):
    groups = {
        "countries": [
            {"name": "Russia", "adj": "Russian", "people": "Russians"},
            {"name": "Ukraine", "adj": "Ukrainian", "people": "Ukrainians"},
            {"name": "Iran", "adj": "Iranian", "people": "Iranians"},
        ],
        "peoples": [],
        "sides": [["Russia", "Ukraine"]],
    }
    (tmp_path / "groups.json").write_text(json.dumps(groups))
    templates = [
        {"id": "cases", "groups": "countries", "kind": "statistic", "text": "{name} reported 230 new cases."},
        {"id": "blame", "groups": "sides", "kind": "who started", "text": "{a_name} blamed {b_name} for the war."},
    ]
    (tmp_path / "templates.jsonl").write_text("".join(json.dumps(t) + "\n" for t in templates))
    return load_suite(tmp_path)


def analysed(text: str) -> Document:
    """A claim whose score is lower when Iran is named; Loaded_Language when the sentence starts with Russia."""
    doc = Document(id="t", text=text).with_layer("sentences", [Sentence.of(text, 0, len(text))])
    score = 0.7 if "Iran" in text else 0.9
    techniques = [Technique.of(text, 0, 6, technique="Loaded_Language", score=0.8, voice="author")]
    return doc.with_layer("claims", [Claim.of(text, 0, len(text), score=score, voice="author")]).with_layer(
        "techniques", techniques if text.startswith("Russia") else []
    )


def test_neutrality_suite_counts_differing_pairs_per_layer(tiny_suite):
    result = run_suite(tiny_suite, lambda texts: [analysed(t) for t in texts])
    # 3 pairs of "cases" + 1 swap of "blame"
    assert result.layers["claims"].pairs == 4
    assert result.layers["claims"].differing == 2  # Russia-Iran, Ukraine-Iran
    assert result.layers["techniques"].differing == 3  # Russia-Ukraine, Russia-Iran, the swap
    assert result.layers["techniques"].by_label == Counter({"Loaded_Language": 3})
    assert set(result.layers) == {"claims", "techniques"}  # layers not run are not reported
    assert result.above(0.01) == ["techniques", "claims"]  # in pipeline order
    assert [(t.template, t.differing, t.pairs) for t in result.worst(2)] == [("cases", 3, 3), ("blame", 1, 1)]


def test_neutrality_suite_neutral_findings_differ_nowhere(tiny_suite):
    def neutral(texts):
        return [Document(id="t", text=t).with_layer("claims", []) for t in texts]

    result = run_suite(tiny_suite, neutral)
    assert result.layers["claims"].differing == 0 and result.above(0.0) == [] and result.worst() == []


def test_neutrality_suite_group_names_are_compared_as_placeholders(tiny_suite):
    # the claim text names the group; with names replaced by <G> the findings agree
    result = run_suite(tiny_suite, lambda texts: [analysed(t.replace("Iran", "Irn")) for t in texts])
    assert result.layers["claims"].differing == 0


@pytest.mark.parametrize(
    ("left", "right", "tolerance", "expected"),
    [
        ([(0, 0.90)], [(0, 0.93)], 0.05, False),
        ([(0, 0.90)], [(0, 0.96)], 0.05, True),
        ([(0, 0.90)], [], 0.05, True),
        ([(0, 0.90)], [(1, 0.90)], 0.05, True),
    ],
)
def test_neutrality_suite_claims_differ_by_presence_or_score_beyond_tolerance(left, right, tolerance, expected):
    assert differs("claims", left, right, tolerance=tolerance) is expected


def test_neutrality_suite_report_lists_layers_labels_and_worst_templates(tiny_suite):
    result = run_suite(tiny_suite, lambda texts: [analysed(t) for t in texts])
    text = "\n".join(format_report(result, worst=2))
    assert "claims            4       2   50.0%  ABOVE TARGET" in text
    assert "techniques differing by label (pairs): Loaded_Language 3" in text
    assert "  blame (who started): 1/1 pairs differ (techniques 1)" in text
    assert result.as_dict()["layers"]["claims"] == {"pairs": 4, "differing": 2, "share": 0.5}
