"""Scores of the SemEval-2020 Task 11 tasks, as pure functions over spans.

Why our own implementation: the official scorer is not a dependency, and the
same numbers must be computed inside training (to choose the threshold) and by
`presslens eval ptc`. Definitions (Da San Martino et al. 2020):

* SI, partial overlap: within each article, overlapping spans of a side are
  merged first; P = sum over predicted s and gold t of |s∩t|/|s| divided by
  the number of predicted spans; R = the same sum with |s∩t|/|t| divided by
  the number of gold spans; F1 is their harmonic mean.
* TC: one predicted technique per gold span; micro-F1 over gold spans. Gold
  spans that coincide (same article and offsets) are matched as multisets.
* Span plus technique, per technique: the SI measure restricted to the
  predicted and gold spans of that technique.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .metrics import f1_score

Span = tuple[str, int, int]  # article id, start, end (exclusive)


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of overlapping character ranges (touching ranges stay apart), empty ones dropped."""
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _by_article(spans: Iterable[Span]) -> dict[str, list[tuple[int, int]]]:
    grouped: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for aid, start, end in spans:
        grouped[aid].append((start, end))
    return {aid: merge_spans(v) for aid, v in grouped.items()}


def _prf(p_sum: float, r_sum: float, n_pred: int, n_gold: int) -> PRF:
    precision = p_sum / n_pred if n_pred else 0.0
    recall = r_sum / n_gold if n_gold else 0.0
    f1 = f1_score(precision, recall)
    return PRF(precision, recall, f1, n_pred, n_gold)


def si_score(predicted: Iterable[Span], gold: Iterable[Span]) -> PRF:
    """Partial-overlap precision, recall and F1 of span identification."""
    pred, ref = _by_article(predicted), _by_article(gold)
    p_sum = r_sum = 0.0
    for aid, pspans in pred.items():
        for ps, pe in pspans:
            for gs, ge in ref.get(aid, ()):
                inter = min(pe, ge) - max(ps, gs)
                if inter > 0:
                    p_sum += inter / (pe - ps)
                    r_sum += inter / (ge - gs)
    return _prf(p_sum, r_sum, sum(map(len, pred.values())), sum(map(len, ref.values())))


def tc_micro_f1(predicted: Sequence[tuple[Span, str]], gold: Sequence[tuple[Span, str]]) -> float:
    """Micro-F1 of technique classification on gold spans (multiset match per span)."""
    gold_by: dict[Span, Counter[str]] = defaultdict(Counter)
    pred_by: dict[Span, Counter[str]] = defaultdict(Counter)
    for span, label in gold:
        gold_by[span][label] += 1
    for span, label in predicted:
        pred_by[span][label] += 1
    correct = sum(sum((gold_by[s] & pred_by.get(s, Counter())).values()) for s in gold_by)
    n_pred, n_gold = len(predicted), len(gold)
    precision = correct / n_pred if n_pred else 0.0
    recall = correct / n_gold if n_gold else 0.0
    return f1_score(precision, recall)


def per_technique(
    predicted: Iterable[tuple[Span, str]], gold: Iterable[tuple[Span, str]], labels: Sequence[str]
) -> dict[str, PRF]:
    """Span-plus-technique partial-overlap scores for each technique label."""
    pred_l: dict[str, list[Span]] = defaultdict(list)
    gold_l: dict[str, list[Span]] = defaultdict(list)
    for span, label in predicted:
        pred_l[label].append(span)
    for span, label in gold:
        gold_l[label].append(span)
    return {label: si_score(pred_l[label], gold_l[label]) for label in labels}


def macro_f1(scores: dict[str, PRF]) -> float:
    return sum(s.f1 for s in scores.values()) / len(scores) if scores else 0.0


def assign_template(
    rows: Sequence[Span], ranked: Mapping[Span, Sequence[str]]
) -> list[str]:
    """Label template rows: repeated rows of the same span get the 1st, 2nd, ... ranked technique.

    Why: coinciding gold spans carry different techniques, and the TC score
    matches them as multisets, so repeating the top technique can only be right once.
    """
    seen: Counter[Span] = Counter()
    out = []
    for row in rows:
        options = ranked[row]
        out.append(options[min(seen[row], len(options) - 1)])
        seen[row] += 1
    return out


RELIABILITY_BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


def reliability(
    scores: Sequence[float], hits: Sequence[bool], edges: Sequence[float] = RELIABILITY_BINS
) -> list[tuple[str, int, float, float]]:
    """Rows (bin, spans, mean score, share right): is a 0.7 right about 70% of the time?"""
    rows = []
    s, h = np.asarray(scores, dtype=float), np.asarray(hits, dtype=float)
    for lo, hi in zip(edges, edges[1:]):
        m = (s >= lo) & (s < hi)
        if m.any():
            rows.append((f"{lo:.1f}-{min(hi, 1.0):.1f}", int(m.sum()), float(s[m].mean()), float(h[m].mean())))
    return rows
