"""Tests for presslens.logistic: the shared, overflow-free sigmoid."""

from __future__ import annotations

import numpy as np

from presslens.logistic import sigmoid


def test_logistic_sigmoid_is_exact_at_the_ends_and_at_zero() -> None:
    with np.errstate(over="raise", invalid="raise"):  # no overflow for huge |x|
        assert sigmoid(np.array([-1e308, -800.0, 0.0, 800.0, 1e308])).tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]


def test_logistic_sigmoid_matches_the_textbook_formula() -> None:
    x = np.linspace(-30.0, 30.0, 601)
    np.testing.assert_allclose(sigmoid(x), 1.0 / (1.0 + np.exp(-x)), rtol=1e-14, atol=0.0)


def test_logistic_sigmoid_is_symmetric_and_keeps_shape() -> None:
    x = np.array([[-5.0, -0.25], [0.25, 5.0]])
    y = sigmoid(x)
    assert y.shape == (2, 2) and y.dtype == np.float64
    np.testing.assert_allclose(sigmoid(-x), 1.0 - y, rtol=0.0, atol=1e-15)
