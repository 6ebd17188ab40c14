"""Score the check-worthiness classifier against sentences labelled 1 (claim) or 0.

Why two views: ClaimBuster-style files have about one check-worthy sentence
in four, while the release target is defined on a balanced test (as many
positives as negatives), where precision is naturally higher. So every
evaluation reports both the natural distribution and a balanced subsample
(all of the rarer class, an equal seeded random draw of the other).

Input files: a JSON array of objects with `text` and `label` (ClaimBuster's
`train.json` layout), or JSONL with one such object per line (the news
sentences in tests/data). Other keys are ignored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError, JsonlLineError
from ..io.jsonl_lines import parse_jsonl_lines
from .metrics import f1_score


@dataclass(frozen=True)
class LabeledSentence:
    text: str
    label: int
    id: str = ""
    note: str = ""


def _parse(obj: Any, where: str) -> LabeledSentence:
    if not isinstance(obj, dict):
        raise InputError(where, f"expected an object with `text` and `label`, got {type(obj).__name__}")
    text, label = obj.get("text"), obj.get("label")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, f"`text` must be a non-empty string, got {text!r}")
    if label not in (0, 1, True, False):
        raise InputError(where, f"`label` must be 0 or 1, got {label!r}")
    ident = obj.get("sentence_id", obj.get("id", ""))
    return LabeledSentence(text=text, label=int(label), id=str(ident), note=str(obj.get("kind", "")))


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes: how a model's metadata names the data it was trained on."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def training_data_warning(path: Path, model_dir: Path) -> str | None:
    """A warning when `path` is the very file the model in `model_dir` was trained on, else None.

    Why: scores on training data look far better than the model is; the held-out numbers are those
    of the model card (fold 0 of the training file, which `presslens train claims` holds out).
    """
    meta = model_dir / "claims.json"
    try:
        trained_on = json.loads(meta.read_text(encoding="utf-8")).get("data_sha256")
    except (OSError, ValueError):
        return None
    if not trained_on or file_sha256(path) != trained_on:
        return None
    return (
        f"{path} is the file the claims model was trained on (its sha256 is the data_sha256 in {meta}): "
        "these scores are not held out and overstate the model; see MODEL_CARD.md for the held-out fold-0 "
        "numbers, or evaluate on data the model has not seen"
    )


def read_labeled_sentences(path: str | Path) -> list[LabeledSentence]:
    """Read a JSON array or JSONL file of `{"text": ..., "label": 0|1}` objects."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file; pass a .json array or .jsonl file of {text, label} objects")
    raw = path.read_text(encoding="utf-8")
    stripped = raw.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(str(path), f"invalid JSON: {exc}") from exc
        items = [_parse(obj, f"{path}[{i}]") for i, obj in enumerate(data)]
    else:
        items = []
        for line in parse_jsonl_lines(raw, name=str(path), expected="a sentence {text, label}"):
            try:
                items.append(_parse(line.record, line.where))
            except InputError as exc:
                raise JsonlLineError(line.name, line.number, exc.reason) from exc
    if not items:
        raise InputError(str(path), "the file holds no sentences")
    return items


@dataclass(frozen=True)
class BinaryMetrics:
    """Precision, recall and F1 of the positive (check-worthy) class, and accuracy."""

    n: int
    positives: int
    precision: float
    recall: float
    f1: float
    accuracy: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def binary_metrics(gold: Sequence[int] | np.ndarray, predicted: Sequence[int] | np.ndarray) -> BinaryMetrics:
    g = np.asarray(gold, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    if g.shape != p.shape:
        raise ValueError(f"{g.shape[0]} gold labels but {p.shape[0]} predictions")
    tp = int(np.sum(g & p))
    precision = tp / int(p.sum()) if p.any() else 0.0
    recall = tp / int(g.sum()) if g.any() else 0.0
    f1 = f1_score(precision, recall)
    accuracy = float(np.mean(g == p)) if len(g) else 0.0
    return BinaryMetrics(len(g), int(g.sum()), precision, recall, f1, accuracy)


def balanced_indices(gold: Sequence[int] | np.ndarray, *, seed: int = 0) -> np.ndarray:
    """Indices of all items of the rarer class plus an equal seeded draw of the other, sorted."""
    g = np.asarray(gold, dtype=int)
    pos, neg = np.flatnonzero(g == 1), np.flatnonzero(g == 0)
    k = min(len(pos), len(neg))
    rng = np.random.default_rng(seed)
    chosen = np.concatenate([rng.choice(pos, k, replace=False), rng.choice(neg, k, replace=False)])
    return np.sort(chosen)


@dataclass(frozen=True)
class ClaimsEvaluation:
    """Metrics on the file as given and on its balanced subsample."""

    threshold: float
    natural: BinaryMetrics
    balanced: BinaryMetrics
    errors: list[tuple[LabeledSentence, float]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "natural": self.natural.as_dict(),
            "balanced": self.balanced.as_dict(),
        }


def evaluate_scores(
    examples: Sequence[LabeledSentence], scores: np.ndarray, *, threshold: float = 0.5, seed: int = 0
) -> ClaimsEvaluation:
    """Compare scores (P(check-worthy)) thresholded at `threshold` with the gold labels."""
    gold = np.array([e.label for e in examples], dtype=int)
    predicted = (np.asarray(scores) >= threshold).astype(int)
    idx = balanced_indices(gold, seed=seed)
    errors = [(e, float(s)) for e, s, p in zip(examples, scores, predicted) if p != e.label]
    return ClaimsEvaluation(
        threshold=threshold,
        natural=binary_metrics(gold, predicted),
        balanced=binary_metrics(gold[idx], predicted[idx]),
        errors=errors,
    )


def evaluate_claims(
    examples: Sequence[LabeledSentence],
    score: Callable[[list[str]], np.ndarray],
    *,
    threshold: float = 0.5,
    seed: int = 0,
) -> ClaimsEvaluation:
    """Score every sentence with `score` (e.g. `ClaimScorer.score`) and evaluate."""
    scores = np.asarray(score([e.text for e in examples]), dtype=np.float64)
    return evaluate_scores(examples, scores, threshold=threshold, seed=seed)
