"""The harmonic mean every scorer reports, defined once."""

from __future__ import annotations


def f1_score(precision: float, recall: float) -> float:
    """F1 of a precision and a recall; 0 when both are 0."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
