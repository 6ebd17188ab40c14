from __future__ import annotations

import pytest

from presslens.eval.ptc import assign_template, merge_spans, per_technique, si_score, tc_micro_f1


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(0, 5), (3, 8), (10, 12)], [(0, 8), (10, 12)]),
        ([(0, 5), (5, 8)], [(0, 5), (5, 8)]),  # touching spans stay apart
        ([(4, 4), (1, 2)], [(1, 2)]),
        ([(0, 10), (2, 3)], [(0, 10)]),
    ],
)
def test_ptc_merge_spans(spans, expected):
    assert merge_spans(spans) == expected


def test_ptc_si_exact_match_is_perfect():
    gold = [("1", 0, 10), ("2", 5, 9)]
    score = si_score(gold, gold)
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_ptc_si_partial_overlap_by_hand():
    # pred [0,10) vs gold [5,15): overlap 5; P = 5/10, R = 5/10
    # plus a false positive [20,30) in the same article and a missed gold span in another
    pred = [("1", 0, 10), ("1", 20, 30)]
    gold = [("1", 5, 15), ("2", 0, 4)]
    score = si_score(pred, gold)
    assert score.precision == pytest.approx(0.5 / 2)
    assert score.recall == pytest.approx(0.5 / 2)
    assert score.f1 == pytest.approx(0.25)
    assert (score.n_pred, score.n_gold) == (2, 2)


def test_ptc_si_merges_overlapping_predictions_first():
    pred = [("1", 0, 6), ("1", 4, 10)]  # merged to [0,10)
    gold = [("1", 0, 10)]
    assert si_score(pred, gold).f1 == 1.0


def test_ptc_si_empty_sides_score_zero():
    assert si_score([], [("1", 0, 3)]).f1 == 0.0
    assert si_score([("1", 0, 3)], []).f1 == 0.0


def test_ptc_tc_micro_f1_matches_coinciding_spans_as_multisets():
    span = ("1", 0, 5)
    gold = [(span, "Doubt"), (span, "Slogans"), (("1", 7, 9), "Repetition")]
    assert tc_micro_f1([(span, "Doubt"), (span, "Doubt"), (("1", 7, 9), "Repetition")], gold) == pytest.approx(2 / 3)
    assert tc_micro_f1([(span, "Slogans"), (span, "Doubt"), (("1", 7, 9), "Repetition")], gold) == 1.0


def test_ptc_assign_template_uses_next_ranked_for_repeats():
    span = ("1", 0, 5)
    ranked = {span: ["Doubt", "Slogans", "Repetition"], ("1", 7, 9): ["Flag-Waving"]}
    rows = [span, ("1", 7, 9), span]
    assert assign_template(rows, ranked) == ["Doubt", "Flag-Waving", "Slogans"]


def test_ptc_per_technique_restricts_to_label():
    pred = [(("1", 0, 10), "Doubt"), (("1", 20, 30), "Slogans")]
    gold = [(("1", 0, 10), "Doubt"), (("1", 20, 30), "Doubt")]
    scores = per_technique(pred, gold, ["Doubt", "Slogans"])
    assert scores["Doubt"].precision == 1.0 and scores["Doubt"].recall == 0.5
    assert scores["Slogans"].f1 == 0.0
