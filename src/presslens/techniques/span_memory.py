"""Techniques of identical spans seen in training, kept as hashes (no corpus text in the package).

Why: SemEval-2020 Task 11 systems gained technique-classification accuracy
by reusing the label of a span whose exact text was labelled in training
("reuse labels of identical spans"). On the held-out fifth of the PTC
training articles, 122 of 1,272 gold spans have a twin among the TRAIN spans
and the twin's most frequent technique is right for 105 of them.

The memory stores, per span text, how often each technique was given to it.
Keys are 64-bit BLAKE2b hashes of a normalised text, so the package holds no
corpus text. Group names inside a span (the ranges the model reads as
[MASK], see `group_masks`) are replaced by one placeholder before hashing, so
the memory cannot tell "the radical X" from "the radical Y": neutrality holds
here too. The model's technique probabilities are mixed with the memory's
distribution by a weight chosen on DEV articles at export.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..document import TECHNIQUE_LABELS
from ..errors import ModelError
from .windows import LABEL_INDEX

MEMORY_FILE = "span_memory.json"
GROUP = "\u0000g"  # placeholder for a group name: cannot occur in analysed text after decoding
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_SPACE = re.compile(r"\s+")


def span_key(text: str, start: int, end: int, masks: Sequence[tuple[int, int]] = ()) -> str:
    """Hash of the span's text: group names replaced, lower-cased, spaces collapsed, edge punctuation gone."""
    parts: list[str] = []
    pos = start
    for ms, me in sorted(masks):
        if me <= start or ms >= end:
            continue
        parts.append(text[pos:max(ms, pos)])
        parts.append(GROUP)
        pos = max(pos, min(me, end))
    parts.append(text[pos:end])
    norm = _EDGES.sub("", _SPACE.sub(" ", "".join(parts).lower()).strip())
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class SpanMemory:
    """Technique counts per span key, and the weight of the memory against the model."""

    counts: dict[str, np.ndarray]
    weight: float = 0.5

    def __len__(self) -> int:
        return len(self.counts)

    def mix(self, probs: np.ndarray, key: str) -> np.ndarray:
        """The model's technique probabilities, moved towards the memory's when the span is known."""
        seen = self.counts.get(key)
        if seen is None or self.weight <= 0:
            return probs
        return (1.0 - self.weight) * probs + self.weight * (seen / seen.sum())

    def with_weight(self, weight: float) -> SpanMemory:
        return SpanMemory(self.counts, weight)

    def save(self, path: Path) -> None:
        spans = {k: {str(i): int(c) for i, c in enumerate(v) if c} for k, v in sorted(self.counts.items())}
        path.write_text(json.dumps({"labels": list(TECHNIQUE_LABELS), "weight": self.weight, "spans": spans}))


def build_memory(articles: Iterable[tuple[str, Sequence[tuple[int, int, str]], Sequence[tuple[int, int]]]]) -> SpanMemory:
    """Count the techniques of every labelled span: `articles` yields (text, gold spans, group masks)."""
    counts: dict[str, np.ndarray] = {}
    for text, gold, masks in articles:
        for start, end, technique in gold:
            if technique not in LABEL_INDEX:
                continue
            row = counts.setdefault(span_key(text, start, end, masks), np.zeros(len(TECHNIQUE_LABELS)))
            row[LABEL_INDEX[technique]] += 1
    return SpanMemory(counts)


def load_memory(path: Path) -> SpanMemory:
    """Read a memory file; its labels must be the 14 techniques in presslens order."""
    try:
        raw = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the span memory {path}: {exc}; re-export the techniques model") from exc
    if raw.get("labels") != list(TECHNIQUE_LABELS):
        raise ModelError(f"{path} lists other technique labels than presslens; re-export the techniques model")
    counts = {}
    for key, sparse in raw["spans"].items():
        row = np.zeros(len(TECHNIQUE_LABELS))
        for i, c in sparse.items():
            row[int(i)] = c
        counts[key] = row
    return SpanMemory(counts, float(raw.get("weight", 0.5)))
