"""The logistic sigmoid over numpy arrays, shared by the claims and the techniques scorers.

Why one stable formula: model logits and calibrated margins can be large
(hundreds for a confident classifier), and `1 / (1 + exp(-x))` overflows
`exp` for x below about -709. Computing `exp(-|x|)`, which lies in (0, 1],
and choosing the form by the sign of x never overflows, gives exactly 0.5
at 0, and reaches 0.0 and 1.0 only where float64 can hold nothing closer.
"""

from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-x)) element-wise, as float64, without overflow for any finite x."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
