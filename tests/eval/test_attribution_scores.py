from __future__ import annotations

import pytest

from presslens.eval.attribution_scores import AttributionScores, GoldAttribution, PredictedAttribution, is_direct

TEXT = 'Ann Lee said "the dam is safe," and Bo Kim said the levee was weak.'


def _span(part: str) -> tuple[tuple[int, int], ...]:
    start = TEXT.index(part)
    return ((start, start + len(part)),)


GOLD = [
    GoldAttribution(content=_span('"the dam is safe,"'), cue=_span("said"), source=_span("Ann Lee")),
    GoldAttribution(content=_span("the levee was weak"), cue=((TEXT.rindex("said"), TEXT.rindex("said") + 4),),
                    source=_span("Bo Kim")),
]


def test_attribution_scores_perfect_prediction():
    scores = AttributionScores()
    pred = [PredictedAttribution(g.content, g.cue, g.source, kind=k) for g, k in zip(GOLD, ("direct", "indirect"))]
    scores.add(TEXT, GOLD, pred)
    o = scores.overall
    assert (o.precision, o.recall, o.f1, o.source_accuracy, o.cue_accuracy) == (1.0, 1.0, 1.0, 1.0, 1.0)
    d = scores.direct
    assert (d.n_pred, d.n_gold, d.f1) == (1, 1, 1.0)


def test_attribution_scores_partial_overlap_and_wrong_source():
    scores = AttributionScores()
    half = TEXT.index("the levee")
    pred = [PredictedAttribution(((half, half + 9),), source=_span("Ann Lee"), kind="indirect")]  # "the levee"
    scores.add(TEXT, GOLD, pred)
    o = scores.overall
    assert o.precision == 1.0
    assert o.recall == pytest.approx((0 + 9 / len("the levee was weak")) / 2)
    assert (o.matched, o.source_ok, o.source_n, o.cue_ok) == (1, 0, 1, 0)


def test_attribution_scores_empty_prediction_scores_zero():
    scores = AttributionScores()
    scores.add(TEXT, GOLD, [])
    assert (scores.overall.precision, scores.overall.recall, scores.overall.f1) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("part", "direct"),
    [('"the dam is safe,"', True), ("the levee was weak", False), ('said "the dam is safe,"', False)],
)
def test_attribution_scores_is_direct(part, direct):
    assert is_direct(TEXT, _span(part)) is direct
