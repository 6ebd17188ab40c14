"""Neutrality of the techniques layer on counterfactual pairs written for this check.

Each pair is one sentence naming either of two groups (countries, peoples,
religions, parties); the detected technique multisets must match for at
least 98% of the pairs (see presslens.eval.neutrality). The stage runs
as in `presslens analyze`: after parse, entities, quotes and actors (whose
labels it scores as Name_Calling), with group names masked.
"""

from __future__ import annotations

import pytest

from presslens.document import Document
from presslens.eval.neutrality import check_neutrality, counterfactual_pairs
from presslens.techniques.shipped import model_installed

TARGET = 0.02  # issue 12: at most 2% of pairs changed in what readers see
TARGET_ALL_SPANS = 0.05  # the recall-oriented set (SemEval scoring)
STAGES = ["parse.v1", "entities.v1", "quotes.v1", "actors.v1", "techniques.v1"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not model_installed(), reason="the techniques model is not installed in src/presslens/models/techniques"),
]


@pytest.mark.parametrize(
    ("options", "target"), [({}, TARGET), ({"all_spans": True}, TARGET_ALL_SPANS)], ids=["shown", "all-spans"]
)
def test_techniques_neutrality_on_counterfactual_pairs(options, target):
    from presslens.pipeline import load_pipeline

    pipeline = load_pipeline(STAGES, config={"techniques.v1": options})

    def detect(text: str) -> list[str]:
        return [t.technique for t in pipeline(Document(id="pair", text=text)).techniques or []]

    result = check_neutrality(detect, counterfactual_pairs())
    assert result.pairs >= 200
    shown = "\n".join(f"{a!r} {x} vs {b!r} {y}" for a, b, x, y in result.examples[:10])
    print(f"neutrality: {result.differing}/{result.pairs} pairs differ ({result.share:.1%})")
    assert result.share <= target, f"{result.differing}/{result.pairs} pairs differ:\n{shown}"


def test_techniques_epithets_found_on_both_sides():
    """Issue 26: every mirrored epithet ("the Zionist enemy" / "the Hamas enemy") gets a Name_Calling span,
    on both sides, in the recall-oriented set, and with the same score."""
    from presslens.eval.neutrality import EPITHET_PAIRS, EPITHET_TEMPLATES, _fill
    from presslens.pipeline import load_pipeline

    pipeline = load_pipeline(STAGES, config={"techniques.v1": {"all_spans": True}})
    missing, uneven = [], []
    for template in EPITHET_TEMPLATES:
        for pair in EPITHET_PAIRS:
            scores = []
            for group in pair:
                text = _fill(template, group)
                at = text.index(group)
                found = [
                    t.score for t in pipeline(Document(id="pair", text=text)).techniques or []
                    if t.technique == "Name_Calling,Labeling" and t.start <= at + len(group) and t.end > at
                ]
                if not found:
                    missing.append(text)
                scores.append(max(found, default=0.0))
            if abs(scores[0] - scores[1]) > 0.01:
                uneven.append((template, pair, scores))
    assert not missing, f"{len(missing)} epithets without a Name_Calling span: {missing[:5]}"
    assert not uneven, f"{len(uneven)} pairs scored unevenly: {uneven[:5]}"
