"""Display thresholds chosen on four folds and measured on the fifth (issue 26)."""

from __future__ import annotations

import pytest

from presslens.eval.display_cv import (
    FALLBACK,
    Counts,
    Gold,
    Scored,
    choose,
    counts_at,
    cross_validate,
    fold_of,
    write_display_config,
)


def test_display_cv_folds_follow_numeric_id_order():
    assert fold_of(["10", "2", "1", "3", "30", "4"], folds=5) == {"1": 0, "2": 1, "3": 2, "4": 3, "10": 4, "30": 0}


def test_display_cv_counts_at_a_threshold():
    spans = [Scored("a", 0.9, True), Scored("a", 0.6, False), Scored("b", 0.3, True)]
    golds = [Gold("a", 0.9), Gold("b", 0.3), Gold("b", -1.0)]
    assert counts_at(spans, golds, 0.5) == Counts(shown=2, right=1, found=1, gold=3)
    assert counts_at(spans, golds, 0.2, {"b"}) == Counts(shown=1, right=1, found=1, gold=2)


def _corpus(n_articles: int = 10) -> tuple[list[Scored], list[Gold]]:
    """Per article: a right span at 0.8, a wrong one at 0.4, a gold span found at 0.8 and one never found."""
    spans, golds = [], []
    for i in range(n_articles):
        aid = str(i)
        spans += [Scored(aid, 0.8, True), Scored(aid, 0.4, False)]
        golds += [Gold(aid, 0.8), Gold(aid, -1.0)]
    return spans, golds


def test_display_cv_choose_maximises_f1():
    spans, golds = _corpus()
    assert choose(spans, golds) == pytest.approx(0.8)  # highest threshold keeping the right spans (ties: higher)


def test_display_cv_choose_matches_the_gold_count_when_nothing_is_right():
    """No span is ever right: show about as many spans as there are gold spans (here 2 of 4), not none."""
    spans = [Scored("a", score, False) for score in (0.9, 0.7, 0.3, 0.1)]
    assert choose(spans, [Gold("a", -1.0), Gold("a", -1.0)]) == pytest.approx(0.7)


def test_display_cv_choose_falls_back_without_any_span():
    assert choose([], [Gold("a", -1.0)]) == FALLBACK


def test_display_cv_measures_each_fold_on_articles_it_did_not_choose_on():
    spans, golds = _corpus()
    cv = cross_validate(spans, golds, fold_of([str(i) for i in range(10)]))
    assert len(cv.thresholds) == 5 and cv.threshold == pytest.approx(0.8)
    assert cv.pooled == Counts(shown=10, right=10, found=10, gold=20)
    assert cv.pooled.precision == 1.0 and cv.pooled.recall == 0.5 and not cv.candidate
    assert cv.spread("precision") == 0.0


def test_display_cv_write_config_sets_lanes_and_facts():
    spans, golds = _corpus()
    good = cross_validate(spans, golds, fold_of([str(i) for i in range(10)]))
    bad = cross_validate([Scored(str(i), 0.9, False) for i in range(10)], golds, fold_of([str(i) for i in range(10)]))
    config = {"channels": [{"threshold": 0.5, "display": 0.5}, {"threshold": 0.5, "display": 0.5}, {"threshold": 0.3}]}
    out = write_display_config(config, ["A", "B"], {"A": good, "B": bad}, bad, note="test")
    assert out["channels"][0]["display"] == pytest.approx(0.8) and out["channels"][0]["candidate"] is False
    assert out["channels"][1]["candidate"] is True and out["channels"][1]["precision"] == 0.0
    assert out["channels"][2] == {"threshold": 0.3}  # the "any technique" channel is left alone
    assert out["epithets"] == {"candidate_floor": bad.threshold, "precision": 0.0}
    assert out["display_cv"]["precision"] == 1.0 and out["display_cv"]["recall"] == 0.25
    assert config["channels"][0] == {"threshold": 0.5, "display": 0.5}  # the input is not changed
