"""Display thresholds chosen and measured by 5-fold cross-validation by article.

Why: a threshold chosen on the articles it is then scored on overstates its
precision, and one fixed split reused for many choices wears out. Here the
articles are cut into five folds (numeric id order, position % 5); each
fold's threshold is chosen on the other four (the one that maximises F1 of
that technique's spans against the annotations; for a technique never right
there, the one showing about as many spans as gold ones) and measured on
the fifth.
The reported precision and recall are pooled over the five measured folds
(with the spread across folds); the threshold a model ships is the median of
the five choices. The spans must be out-of-sample for the model (the
held-out fifth of `presslens.eval.ptc_split` for the shipped one).

A span is right when it overlaps a gold span of its technique; a gold span is
found when a span of its technique at or above the threshold overlaps it
(the "shown spans, technique must match" measure).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .metrics import f1_score
from .semeval_io import sort_key

FOLDS = 5
# Thresholds on the calibrated score that F1 chooses from: 0.05-0.95 by 0.025.
GRID: tuple[float, ...] = tuple(round(0.05 + 0.025 * i, 3) for i in range(37))
# A technique never right gets one of these too (rare techniques' channels can score every span under 0.05).
LOW_GRID: tuple[float, ...] = (0.01, 0.02, 0.03, 0.04, *GRID)
# With no span at all on the training folds, a technique gets this threshold (the old default).
FALLBACK = 0.5
# Under this CV precision a technique's shown spans go to the candidates lane.
CANDIDATE_PRECISION = 0.3


@dataclass(frozen=True)
class Scored:
    """A predicted span: its article, calibrated score and whether it overlaps a gold span of its technique."""

    article: str
    score: float
    right: bool


@dataclass(frozen=True)
class Gold:
    """A gold span: its article and the best score of a predicted span of its technique overlapping it (-1: none)."""

    article: str
    best: float


@dataclass(frozen=True)
class Counts:
    shown: int
    right: int
    found: int
    gold: int

    @property
    def precision(self) -> float:
        return self.right / self.shown if self.shown else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.shown + other.shown, self.right + other.right, self.found + other.found, self.gold + other.gold)


def fold_of(article_ids: Iterable[str], folds: int = FOLDS) -> dict[str, int]:
    """Fold of each article: its position in numeric id order, modulo `folds`."""
    return {aid: i % folds for i, aid in enumerate(sorted(set(article_ids), key=sort_key))}


def counts_at(spans: Sequence[Scored], golds: Sequence[Gold], threshold: float, articles: set[str] | None = None) -> Counts:
    """Shown spans (score >= threshold), the right ones, the gold spans found, of `articles` (None: all)."""
    keep = (lambda a: True) if articles is None else articles.__contains__
    shown = [s.right for s in spans if keep(s.article) and s.score >= threshold]
    gold = [g.best >= threshold for g in golds if keep(g.article)]
    return Counts(len(shown), sum(shown), sum(gold), len(gold))


def choose(spans: Sequence[Scored], golds: Sequence[Gold], articles: set[str] | None = None) -> float:
    """The threshold of GRID with the highest F1 (ties: the higher threshold).

    Where F1 is 0 at every threshold of GRID, the threshold of LOW_GRID that shows about as many spans
    as there are gold spans (ties: the higher), so the technique still reaches the candidates lane with
    its measured precision rather than silently never; FALLBACK when no span exists at all.
    """
    counts = {t: counts_at(spans, golds, t, articles) for t in LOW_GRID}
    best, best_f1 = FALLBACK, 0.0
    for t in GRID:
        f1 = counts[t].f1
        if f1 > 0 and f1 >= best_f1:
            best, best_f1 = t, f1
    if best_f1 > 0:
        return best
    shown = [(t, c) for t, c in counts.items() if c.shown]
    if not shown:
        return FALLBACK
    return min(shown, key=lambda tc: (abs(tc[1].shown - tc[1].gold), -tc[0]))[0]


@dataclass(frozen=True)
class CrossValidated:
    """One technique's display threshold under cross-validation."""

    thresholds: tuple[float, ...]  # chosen on the other folds, per fold
    measured: tuple[Counts, ...]  # on the fold itself

    @property
    def threshold(self) -> float:
        """What ships: the median of the folds' choices."""
        return float(statistics.median(self.thresholds))

    @property
    def pooled(self) -> Counts:
        total = Counts(0, 0, 0, 0)
        for c in self.measured:
            total = total + c
        return total

    def spread(self, what: str) -> float:
        """Standard deviation across folds of `precision` or `recall` (folds with nothing to measure left out)."""
        values = [getattr(c, what) for c in self.measured if (c.shown if what == "precision" else c.gold)]
        return statistics.pstdev(values) if len(values) > 1 else 0.0

    @property
    def candidate(self) -> bool:
        """Measured precision under CANDIDATE_PRECISION: the spans belong in the candidates lane."""
        return self.pooled.precision < CANDIDATE_PRECISION


def cross_validate(spans: Sequence[Scored], golds: Sequence[Gold], folds: Mapping[str, int]) -> CrossValidated:
    """Choose on four folds, measure on the fifth, for each fold."""
    k = max(folds.values(), default=0) + 1
    thresholds, measured = [], []
    for fold in range(k):
        test = {a for a, f in folds.items() if f == fold}
        train = set(folds) - test
        t = choose(spans, golds, train)
        thresholds.append(t)
        measured.append(counts_at(spans, golds, t, test))
    return CrossValidated(tuple(thresholds), tuple(measured))


def write_display_config(
    config: dict[str, Any], techniques: Sequence[str], chosen: Mapping[str, CrossValidated],
    epithets: CrossValidated | None, *, note: str,
) -> dict[str, Any]:
    """A model config (config.json) with each channel's display threshold, lane and measured precision and
    recall set from `chosen`, and the epithets' candidate floor; `note` says how they were measured."""
    out = dict(config)
    channels = [dict(c) for c in config.get("channels", ())]
    main, cand, n_gold = Counts(0, 0, 0, 0), Counts(0, 0, 0, 0), 0
    for label, channel in zip(techniques, channels):
        cv = chosen[label]
        p = cv.pooled
        channel.update(
            display=cv.threshold, candidate=cv.candidate, precision=round(p.precision, 3), recall=round(p.recall, 3)
        )
        if cv.candidate:
            cand = cand + p
        else:
            main = main + p
        n_gold += p.gold
    out["channels"] = channels
    if epithets is not None:
        out["epithets"] = {"candidate_floor": epithets.threshold, "precision": round(epithets.pooled.precision, 3)}
    out["display_cv"] = {
        "folds": FOLDS,
        "precision": round(main.precision, 3),
        "recall": round(main.found / n_gold, 3) if n_gold else 0.0,
        "candidates_precision": round(cand.precision, 3),
        "how": note,
    }
    return out
