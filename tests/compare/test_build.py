"""compare() on hand-built articles from two sides: labels, shared and one-sided claims, voices, dates."""

from __future__ import annotations

import json

import pytest

from presslens.compare import compare
from presslens.compare.model import Comparison
from tests.compare.builders import NAMES, WordEncoder, pair

THRESHOLD = 0.5


@pytest.fixture()
def comparison() -> Comparison:
    return compare(pair(), embedder=WordEncoder(), threshold=THRESHOLD)


def test_build_labels_each_side_uses_side_by_side(comparison):
    rows = {r.actor: r for r in comparison.actors}
    norland = rows["Norland"]
    assert norland.names == ["Norland", "Norland"] and norland.matched_by == ["same-name"]
    assert [u.text for u in norland.uses[1] if u.kind == "label"] == ["The Norland occupiers"]
    assert [u.kind for u in norland.uses[0]] == ["name"]
    sorvand = rows["Sorvand"]
    assert sorvand.names == ["Sorvand", None]
    label = sorvand.uses[0][0]
    assert (label.text, label.voices, label.speakers) == ("The Sorvand terrorists", ["quoted"], ["Arto Lind"])
    assert [u.text for u in comparison.unlinked[0]] == ["The army"] and comparison.unlinked[1] == []


def test_build_evidence_points_into_each_article(comparison):
    docs = pair()
    for row in comparison.actors:
        for uses in row.uses:
            for use in uses:
                for span in use.spans:
                    assert docs[span.article].text[span.start : span.end] == span.text


def test_build_shared_and_one_sided_claims(comparison):
    assert len(comparison.shared_claims) == 1
    shared = comparison.shared_claims[0]
    assert [c.evidence.text for c in shared.claims] == [
        "Nine civilians died in Kell on March 3.",
        "Nine people were killed in Kell on March 2.",
    ]
    assert THRESHOLD <= shared.similarity < 1
    assert {(c.evidence.article, c.evidence.text) for c in comparison.one_sided_claims} == {
        (0, "The army destroyed two rocket launchers near the border."),
        (1, "Three homes in Tarn were destroyed by the shelling."),
    }


def test_build_different_speakers_and_their_words(comparison):
    rows = {s.speaker: s for s in comparison.speakers}
    assert rows["Arto Lind"].words == [8, 0] and rows["Arto Lind"].attributions == [1, 0]
    assert rows["Mira Dova"].words == [0, 8]


def test_build_technique_rates_by_voice(comparison):
    first, second = comparison.techniques
    assert (first.author_spans, first.quoted_spans) == (0, 1)
    assert second.quoted_spans == 2 and second.by_technique["Name_Calling,Labeling"] == [0, 1]
    assert second.quoted_per_1000 == round(1000 * 2 / second.quoted_words, 2)
    assert first.author_per_1000 == 0.0


def test_build_dates_that_differ_for_the_same_event(comparison):
    assert len(comparison.dates) == 1
    assert [s.values for s in comparison.dates[0].statements] == [["2025-03-03"], ["2025-03-02"]]


def test_build_needs_two_articles():
    with pytest.raises(ValueError, match="at least two"):
        compare(pair()[:1], embedder=WordEncoder())


def test_build_missing_layer_is_listed_not_compared():
    first, second = pair()
    result = compare([first, second.model_copy(update={"techniques": None})], embedder=WordEncoder(), threshold=THRESHOLD)
    assert "techniques (article 2)" in result.missing
    assert result.techniques[1].quoted_per_1000 is None


def _swap(text: str) -> str:
    for i, v in enumerate(NAMES.values()):
        text = text.replace(v, f"\0{i}\0")
    other = {"A": "B", "B": "A", "PA": "PB", "PB": "PA"}
    for i, k in enumerate(NAMES):
        text = text.replace(f"\0{i}\0", NAMES[other[k]])
    return text


def test_neutrality_swapping_the_sides_names_swaps_the_comparison_only():
    swapped_names = {"A": NAMES["B"], "B": NAMES["A"], "PA": NAMES["PB"], "PB": NAMES["PA"]}
    plain = compare(pair(), embedder=WordEncoder(), threshold=THRESHOLD).to_dict()
    swapped = compare(pair(swapped_names), embedder=WordEncoder(), threshold=THRESHOLD).to_dict()
    assert json.loads(_swap(json.dumps(plain))) == swapped
    assert plain != swapped
