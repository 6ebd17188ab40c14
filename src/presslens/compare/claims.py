"""When two claims of different articles are the same claim: a similarity threshold chosen on labelled pairs.

Why a measured threshold: the sentence encoder scores topic as well as
meaning, so "twelve killed at the market" and "twelve wounded at the
hospital" score high although they are different claims. The threshold is
the one that gives the best F1 on `tests/data/compare/claim_pairs.jsonl`
(48 hand-written pairs about invented events: paraphrases, same-topic
different claims, unrelated claims), the midpoint between the two scores
that bound it; `presslens eval claim-matching` recomputes it and a test keeps
this constant equal to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..eval.metrics import f1_score
from ..io.jsonl_lines import read_jsonl_lines
from .encoder import Embedder

# Chosen by `choose_threshold` on tests/data/compare/claim_pairs.jsonl (see the module docstring).
SAME_CLAIM_THRESHOLD = 0.568  # F1 0.842 (precision 0.727, recall 1.0) on the 48 pairs


@dataclass(frozen=True)
class ClaimPair:
    a: str
    b: str
    same: bool


@dataclass(frozen=True)
class ThresholdChoice:
    threshold: float
    precision: float
    recall: float
    f1: float
    pairs: int
    scores: tuple[float, ...]


def load_pairs(path: str | Path) -> list[ClaimPair]:
    pairs: list[ClaimPair] = []
    for line in read_jsonl_lines(path, expected="a {a, b, same} pair"):
        row = line.record
        try:
            pairs.append(ClaimPair(str(row["a"]), str(row["b"]), bool(row["same"])))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(line.where, f"is not a {{a, b, same}} pair: {exc}") from exc
    return pairs


def pair_scores(pairs: Sequence[ClaimPair], embedder: Embedder) -> np.ndarray:
    a = embedder.embed([p.a for p in pairs])
    b = embedder.embed([p.b for p in pairs])
    return np.asarray((a * b).sum(axis=1), dtype=np.float64)


def _prf(labels: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    tp = int((labels & predicted).sum())
    precision = tp / int(predicted.sum()) if predicted.any() else 0.0
    recall = tp / int(labels.sum()) if labels.any() else 0.0
    return precision, recall, f1_score(precision, recall)


def choose_threshold(pairs: Sequence[ClaimPair], scores: Sequence[float]) -> ThresholdChoice:
    """The cut with the best F1 (ties: the higher cut, fewer false matches), halfway between neighbouring scores."""
    if not pairs:
        raise InputError("claim pairs", "are empty; give at least one labelled pair")
    labels = np.array([p.same for p in pairs], dtype=bool)
    values = np.asarray(scores, dtype=np.float64)
    ordered = np.unique(values)
    cuts = [(lo + hi) / 2 for lo, hi in zip(ordered, ordered[1:])] or [float(ordered[0])]
    best: tuple[float, float, float, float] | None = None
    for cut in cuts:
        p, r, f = _prf(labels, values >= cut)
        if best is None or (f, cut) > (best[3], best[0]):
            best = (cut, p, r, f)
    assert best is not None
    return ThresholdChoice(round(best[0], 4), best[1], best[2], best[3], len(pairs), tuple(float(v) for v in values))
