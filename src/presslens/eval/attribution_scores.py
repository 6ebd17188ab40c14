"""Partial-overlap scores for attributions (content, source, cue), pure functions.

Why partial overlap: annotators disagree on where a paraphrase starts ("that
..." or not, a trailing clause or not), so exact-match scores would measure
boundary conventions rather than whether the attribution was found. The
content score follows the SI metric of SemEval-2020 Task 11 (see
../shared/README.md), computed on character sets so that overlapping spans
are never credited twice:

- precision = mean over predicted contents p of |p ∩ G| / |p|, where G is the
  union of the gold contents of the article;
- recall = mean over gold contents g of |g ∩ P| / |g|, P the union of the
  predicted contents; F1 is their harmonic mean (micro over all articles).

A *matched attribution* is a gold attribution paired with the predicted
attribution whose content overlaps it most (at least one character). On
matched attributions whose gold part exists:

- source accuracy = share where the predicted source overlaps the gold source
  by at least one character (a missing predicted source counts as wrong);
- cue accuracy = the same for the cue.

Direct quotes only: a gold attribution is direct when every content fragment,
trimmed, starts with an opening quotation mark and ends with a closing one
(trailing punctuation allowed). Direct precision is over predictions of kind
`direct` (against all gold contents), direct recall over direct gold contents
(against all predictions), and source/cue accuracy over matched direct gold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .metrics import f1_score

Fragments = tuple[tuple[int, int], ...]

OPENING_QUOTES = "\"\u201c\u2018'\u00ab"
CLOSING_QUOTES = "\"\u201d\u2019'\u00bb"
_TRAILING = ".,;:!?)\u2026 \n\t-\u2014"


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution; each part is a tuple of (start, end) fragments."""

    content: Fragments
    cue: Fragments = ()
    source: Fragments = ()


@dataclass(frozen=True)
class PredictedAttribution:
    """A system's attribution as character fragments (one fragment per part is typical)."""

    content: Fragments
    cue: Fragments = ()
    source: Fragments = ()
    kind: str = "direct"


@dataclass
class Tally:
    """Running sums for one subset (all attributions, or direct quotes only)."""

    precision_sum: float = 0.0
    n_pred: int = 0
    recall_sum: float = 0.0
    n_gold: int = 0
    matched: int = 0
    source_ok: int = 0
    source_n: int = 0
    cue_ok: int = 0
    cue_n: int = 0

    @property
    def precision(self) -> float:
        return self.precision_sum / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.recall_sum / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)

    @property
    def source_accuracy(self) -> float:
        return self.source_ok / self.source_n if self.source_n else 0.0

    @property
    def cue_accuracy(self) -> float:
        return self.cue_ok / self.cue_n if self.cue_n else 0.0


@dataclass
class AttributionScores:
    """Scores of one system on one corpus: `overall` and `direct` tallies."""

    overall: Tally = field(default_factory=Tally)
    direct: Tally = field(default_factory=Tally)
    texts: int = 0
    crashes: int = 0

    def add(self, text: str, gold: Sequence[GoldAttribution], pred: Sequence[PredictedAttribution]) -> None:
        """Score the attributions of one article into the running tallies."""
        self.texts += 1
        gold_direct = [g for g in gold if is_direct(text, g.content)]
        pred_direct = [p for p in pred if p.kind == "direct"]
        _tally(self.overall, gold, pred, gold, pred)
        _tally(self.direct, gold_direct, pred_direct, gold, pred)


def _chars(frags: Iterable[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for start, end in frags:
        out.update(range(start, end))
    return out


def _tally(
    tally: Tally,
    gold: Sequence[GoldAttribution],
    pred: Sequence[PredictedAttribution],
    all_gold: Sequence[GoldAttribution],
    all_pred: Sequence[PredictedAttribution],
) -> None:
    gold_union = _chars(f for g in all_gold for f in g.content)
    pred_union = _chars(f for p in all_pred for f in p.content)
    for p in pred:
        chars = _chars(p.content)
        if chars:
            tally.n_pred += 1
            tally.precision_sum += len(chars & gold_union) / len(chars)
    pred_chars = [_chars(p.content) for p in all_pred]
    for g in gold:
        chars = _chars(g.content)
        if not chars:
            continue
        tally.n_gold += 1
        tally.recall_sum += len(chars & pred_union) / len(chars)
        best, best_overlap = None, 0
        for p, pc in zip(all_pred, pred_chars):
            overlap = len(chars & pc)
            if overlap > best_overlap:
                best, best_overlap = p, overlap
        if best is None:
            continue
        tally.matched += 1
        if g.source:
            tally.source_n += 1
            tally.source_ok += bool(_chars(g.source) & _chars(best.source))
        if g.cue:
            tally.cue_n += 1
            tally.cue_ok += bool(_chars(g.cue) & _chars(best.cue))


def is_direct(text: str, content: Fragments) -> bool:
    """True when every fragment is wholly inside quotation marks (the gold `direct` kind)."""
    if not content:
        return False
    for start, end in content:
        piece = text[start:end].strip().rstrip(_TRAILING)
        if len(piece) < 2 or piece[0] not in OPENING_QUOTES:
            return False
        if piece[-1] not in CLOSING_QUOTES:
            return False
    return True
