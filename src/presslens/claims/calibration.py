"""Temperature scaling: turn a classifier's logit margin into a calibrated probability.

Why temperature scaling: a fine-tuned transformer is over-confident (scores
pile up near 0 and 1), so its softmax is not a probability a fact-checker can
read as "how likely this sentence is check-worthy". Dividing the logit margin
by one temperature T fitted on held-out sentences fixes most of that
(Guo et al. 2017) and, unlike Platt or isotonic fits, never changes which
side of 0.5 a sentence falls on, so the measured precision and recall at the
0.5 threshold stay valid after calibration. Numpy only: it runs at inference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..logistic import sigmoid


def margin(logits: np.ndarray) -> np.ndarray:
    """Positive-minus-negative logit of a (n, 2) array, or the array itself when 1-D."""
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim == 2 and logits.shape[1] == 2:
        return logits[:, 1] - logits[:, 0]
    if logits.ndim == 1:
        return logits
    raise ValueError(f"expected logits of shape (n, 2) or (n,), got {logits.shape}")


def calibrated(margins: np.ndarray, temperature: float) -> np.ndarray:
    """P(check-worthy) = sigmoid(margin / T)."""
    return sigmoid(np.asarray(margins, dtype=np.float64) / temperature)


def negative_log_likelihood(margins: np.ndarray, labels: np.ndarray, temperature: float) -> float:
    p = np.clip(calibrated(margins, temperature), 1e-12, 1 - 1e-12)
    y = np.asarray(labels, dtype=np.float64)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def fit_temperature(margins: np.ndarray, labels: np.ndarray, *, low: float = 0.05, high: float = 20.0) -> float:
    """The T in [low, high] minimising held-out log loss (golden-section search on log T)."""
    if len(margins) == 0:
        raise ValueError("cannot fit a temperature on zero examples")
    a, b = np.log(low), np.log(high)
    ratio = (np.sqrt(5) - 1) / 2
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    for _ in range(80):
        if negative_log_likelihood(margins, labels, np.exp(c)) < negative_log_likelihood(
            margins, labels, np.exp(d)
        ):
            b = d
        else:
            a = c
        c, d = b - ratio * (b - a), a + ratio * (b - a)
    return float(np.exp((a + b) / 2))


@dataclass(frozen=True)
class CalibrationReport:
    """Log loss and expected calibration error before and after scaling."""

    temperature: float
    nll_before: float
    nll_after: float
    ece_before: float
    ece_after: float


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, *, bins: int = 10) -> float:
    """Mean |accuracy - confidence| over equal-width probability bins, weighted by bin size."""
    probs = np.asarray(probs, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(probs, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = idx == b
        if mask.any():
            total += mask.sum() * abs(labels[mask].mean() - probs[mask].mean())
    return float(total / max(len(probs), 1))


def calibration_report(margins: np.ndarray, labels: np.ndarray, temperature: float) -> CalibrationReport:
    return CalibrationReport(
        temperature=temperature,
        nll_before=negative_log_likelihood(margins, labels, 1.0),
        nll_after=negative_log_likelihood(margins, labels, temperature),
        ece_before=expected_calibration_error(calibrated(margins, 1.0), labels),
        ece_after=expected_calibration_error(calibrated(margins, temperature), labels),
    )


def crossfit_report(margins: np.ndarray, labels: np.ndarray, *, seed: int = 13) -> CalibrationReport:
    """Calibration measured honestly: fit T on one random half, score the other, both ways, average.

    The reported temperature is the mean of the two fits; the shipped one is
    fitted on all of `margins`.
    """
    margins = np.asarray(margins, dtype=np.float64)
    labels = np.asarray(labels)
    half = np.random.default_rng(seed).permutation(len(margins)) < len(margins) // 2
    rows = []
    for fit, test in ((half, ~half), (~half, half)):
        t = fit_temperature(margins[fit], labels[fit])
        rows.append((t, calibration_report(margins[test], labels[test], t)))
    return CalibrationReport(
        temperature=float(np.mean([t for t, _ in rows])),
        nll_before=float(np.mean([r.nll_before for _, r in rows])),
        nll_after=float(np.mean([r.nll_after for _, r in rows])),
        ece_before=float(np.mean([r.ece_before for _, r in rows])),
        ece_after=float(np.mean([r.ece_after for _, r in rows])),
    )
