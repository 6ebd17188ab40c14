"""Tests for presslens.claims.calibration: temperature scaling."""

from __future__ import annotations

import numpy as np
import pytest

from presslens.claims.calibration import (
    calibrated,
    calibration_report,
    crossfit_report,
    expected_calibration_error,
    fit_temperature,
    margin,
    sigmoid,
)


def test_calibration_recovers_a_known_temperature() -> None:
    rng = np.random.default_rng(0)
    true_margin = rng.normal(0, 2, 20000)
    labels = (rng.random(20000) < sigmoid(true_margin)).astype(int)
    overconfident = true_margin * 3.0
    temperature = fit_temperature(overconfident, labels)
    assert temperature == pytest.approx(3.0, rel=0.1)
    report = calibration_report(overconfident, labels, temperature)
    assert report.nll_after < report.nll_before
    assert report.ece_after < report.ece_before


def test_calibration_keeps_the_decision_boundary() -> None:
    margins = np.array([-3.0, -0.1, 0.0, 0.2, 5.0])
    for t in (0.3, 1.0, 4.0):
        assert ((calibrated(margins, t) >= 0.5) == (margins >= 0)).all()


def test_calibration_margin_and_sigmoid_are_stable() -> None:
    assert margin(np.array([[1.0, 3.0], [2.0, 0.5]])).tolist() == [2.0, -1.5]
    assert sigmoid(np.array([-800.0, 0.0, 800.0])).tolist() == [0.0, 0.5, 1.0]
    with pytest.raises(ValueError, match="shape"):
        margin(np.zeros((2, 3)))


def test_calibration_ece_is_zero_when_perfect() -> None:
    assert expected_calibration_error(np.array([0.0, 1.0, 1.0]), np.array([0, 1, 1])) == 0.0


def test_calibration_crossfit_scores_each_half_with_the_other_halfs_fit() -> None:
    rng = np.random.default_rng(1)
    true_margin = rng.normal(0, 2, 4000)
    labels = (rng.random(4000) < sigmoid(true_margin)).astype(int)
    report = crossfit_report(true_margin * 2.0, labels, seed=13)
    assert report.temperature == pytest.approx(2.0, rel=0.2)
    assert report.nll_after < report.nll_before
