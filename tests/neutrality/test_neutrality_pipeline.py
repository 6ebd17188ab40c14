"""The neutrality suite through the real pipeline (issue 16): at most 1% of pairs may differ per layer.

The suite (tests/data/neutrality: 704 texts, 4,160 pairs) is analysed once per session by one
pipeline, as `presslens eval neutrality` does. Layers still above the target are expected failures
whose reason names the root cause; they turn into passes (XPASS) when it is fixed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.eval.counterfactuals import load_suite
from presslens.eval.neutrality_suite import TARGET, load_suite_pipeline, pipeline_analyser, run_suite

pytestmark = pytest.mark.slow

SUITE = Path(__file__).resolve().parents[1] / "data" / "neutrality"
NER = (
    "spaCy's small model misses or mislabels group names (Tamils, 'Labour supporters' not found; Azerbaijan, "
    "Tamil, Sikh read as PERSON or ORG), so mentions, actors and speakers differ by group; a group lexicon "
    "in the parse stage (the one of presslens.claims.groups) measured 0.0% entities/actors, 0.1% quotes"
)
ABOVE = {
    "entities": NER,
    "actors": NER,
    "quotes": NER,
    "techniques": "the techniques model reads some group names differently (2.5% with the model of d5c1771; "
    "0.4% with the group lexicon in the parse stage)",
}


@pytest.fixture(scope="module")
def result():
    pipeline, _ = load_suite_pipeline()
    return run_suite(load_suite(SUITE), pipeline_analyser(pipeline))


@pytest.mark.parametrize(
    "layer",
    [
        pytest.param(name, marks=pytest.mark.xfail(reason=ABOVE[name], strict=False)) if name in ABOVE else name
        for name in ("entities", "quotes", "techniques", "claims", "actors")
    ],
)
def test_neutrality_pipeline_layer_at_or_under_target(result, layer):
    if layer not in result.layers:
        pytest.skip(f"{layer} not measured (its model is not installed in this checkout)")
    r = result.layers[layer]
    assert r.pairs >= 4000
    assert r.share <= TARGET, f"{layer}: {r.differing}/{r.pairs} pairs differ ({r.share:.1%})"


def test_neutrality_pipeline_claims_mirror_every_article_swap(result):
    swaps = result.articles["claims"]
    assert swaps.pairs >= 16 and swaps.differing == 0
