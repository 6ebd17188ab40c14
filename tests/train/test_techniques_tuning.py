"""DEV choices of the per-technique channels: calibration, display thresholds, reliability (issue 12)."""

from __future__ import annotations

import pytest

pytest.importorskip("sklearn")

from presslens.eval.ptc import reliability
from presslens.train.techniques_tuning import MIN_SUPPORT, choose_display, fit_calibration


def test_tuning_display_is_lowest_score_with_precision_half():
    # channel 0: right only at scores >= 0.7; channel 1: never right -> the pooled fallback (>= 0.5)
    rows = [(0, s / 10, s >= 7) for s in range(1, 10)] * 2 + [(1, 0.9, False)] * MIN_SUPPORT
    display, report = choose_display(rows)
    assert display[0] == pytest.approx(0.35)  # 0.35 keeps 0.4..0.9: 3 right of 6
    assert display[1] >= 0.5 and report["Name_Calling,Labeling"]["own"] is None


def test_tuning_calibration_rises_with_span_score():
    rows = [(0, p, 0.3, p > 0.6) for p in (0.2, 0.3, 0.4, 0.5, 0.65, 0.7, 0.8, 0.9)] * 3
    (a, _, _), biases = fit_calibration(rows + [(1, p, 0.3, False) for p in (0.5, 0.7, 0.9)] * 3)
    assert a > 0 and biases[1] < biases[0]  # technique 1 is never right: lower scores


def test_tuning_calibration_of_one_class_is_identity():
    assert fit_calibration([(0, 0.4, 0.3, True)] * 4) == ((1.0, 0.0, 0.0), [0.0] * 14)


def test_eval_reliability_bins_scores():
    rows = reliability([0.05, 0.72, 0.75, 0.78], [False, True, True, False])
    assert rows == [("0.0-0.1", 1, pytest.approx(0.05), 0.0), ("0.7-0.8", 3, pytest.approx(0.75), pytest.approx(2 / 3))]
