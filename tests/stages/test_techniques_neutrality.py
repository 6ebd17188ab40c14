"""Neutrality of the shipped techniques model on counterfactual pairs written for this check.

Each pair is one sentence naming either of two groups (countries, peoples,
religions, parties); the detected technique multisets must match for at
least 95% of the pairs (see presslens.techniques.neutrality).
"""

from __future__ import annotations

import pytest

from presslens.techniques.neutrality import check_neutrality, counterfactual_pairs
from presslens.techniques.shipped import load_shipped, model_installed

TARGET = 0.05

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not model_installed(), reason="the techniques model is not installed in src/presslens/models/techniques"),
]


def test_techniques_neutrality_on_counterfactual_pairs():
    tagger = load_shipped().tagger
    result = check_neutrality(lambda text: [d.technique for d in tagger.detect(text)], counterfactual_pairs())
    assert result.pairs >= 200
    shown = "\n".join(f"{a!r} {x} vs {b!r} {y}" for a, b, x, y in result.examples[:10])
    assert result.share <= TARGET, f"{result.differing}/{result.pairs} pairs differ:\n{shown}"
