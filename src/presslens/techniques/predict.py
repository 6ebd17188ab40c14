"""Article-level inference shared by training checks, the ONNX runtime and evaluation.

Why one code path: the threshold chosen on dev articles during training, the
numbers `presslens eval ptc` prints and the spans the pipeline stage emits
must all come from the same windows, decoding and pooling. The encoder and
the technique head are injected as plain functions, so torch (training) and
onnxruntime (shipping) drive the same logic, and tests can inject fakes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..document import TECHNIQUE_LABELS
from .decoding import average_windows, spans_from_words, word_probabilities
from .postprocess import clean
from .span_memory import SpanMemory, span_key
from .windows import (
    BODY,
    Encoded,
    batch_arrays,
    encode_text,
    inference_windows,
    mask_ranges,
    pooled_features,
    span_slot,
)

# ids [B, L], mask [B, L] -> span logits [B, L], token vectors [B, L, D]
EncodeFn = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
# head input [S, F] -> technique probabilities [S, 14]
ClassifyFn = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class ArticlePass:
    """One encoder pass over an article: its windows, span probabilities and token vectors."""

    text: str
    enc: Encoded
    windows: list[tuple[int, int]]
    token_probs: np.ndarray  # [n] averaged over windows
    hidden: np.ndarray  # [W, L, D]
    masks: tuple[tuple[int, int], ...] = ()  # group-name ranges read as [MASK]


@dataclass(frozen=True)
class Detected:
    start: int
    end: int
    span_score: float
    probs: np.ndarray  # [14]

    @property
    def technique(self) -> str:
        return TECHNIQUE_LABELS[int(np.argmax(self.probs))]

    @property
    def technique_prob(self) -> float:
        return float(np.max(self.probs))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


class TechniqueTagger:
    """Finds technique spans in raw text with an injected encoder and head."""

    def __init__(
        self,
        tokenizer: object,
        encode: EncodeFn,
        classify: ClassifyFn,
        *,
        threshold: float = 0.5,
        stride: int = BODY * 3 // 4,
        batch_windows: int = 16,
        quotes: bool = True,
        max_gap: int = 0,
        min_chars: int = 0,
        memory: SpanMemory | None = None,
        hysteresis: float = 0.0,
    ) -> None:
        self.tokenizer = tokenizer
        self.encode = encode
        self.classify = classify
        self.threshold = threshold
        self.stride = stride
        self.batch_windows = batch_windows
        self.quotes = quotes
        self.max_gap = max_gap  # join runs separated by this many words
        self.min_chars = min_chars  # drop shorter spans (mostly stray single words)
        self.memory = memory  # techniques of identical spans seen in training
        self.hysteresis = hysteresis  # words down to threshold - hysteresis extend a confident run
        self.cls_id = tokenizer.token_to_id("[CLS]")  # type: ignore[attr-defined]
        self.sep_id = tokenizer.token_to_id("[SEP]")  # type: ignore[attr-defined]
        mask_id = tokenizer.token_to_id("[MASK]")  # type: ignore[attr-defined]
        self.mask_id = mask_id if mask_id is not None else tokenizer.token_to_id("[UNK]")  # type: ignore[attr-defined]

    def forward(self, text: str, masks: Sequence[tuple[int, int]] | None = None) -> ArticlePass:
        """Encode `text`; character ranges in `masks` (group names) are read as one neutral token."""
        enc = encode_text(self.tokenizer, text)
        if masks:
            enc = mask_ranges(enc, list(masks), self.mask_id)
        windows = inference_windows(len(enc), stride=self.stride)
        probs: list[np.ndarray] = []
        hidden: list[np.ndarray] = []
        for i in range(0, len(windows), self.batch_windows):
            chunk = windows[i : i + self.batch_windows]
            ids, mask = batch_arrays([enc], [(0, a, b) for a, b in chunk], cls_id=self.cls_id, sep_id=self.sep_id)
            logits, vectors = self.encode(ids, mask)
            for row, (a, b) in enumerate(chunk):
                probs.append(_sigmoid(np.asarray(logits[row, 1 : 1 + b - a], dtype=np.float64)))
            # pad every chunk to the full window length so rows stack
            pad = np.zeros((vectors.shape[0], BODY + 2, vectors.shape[2]), dtype=np.float32)
            pad[:, : vectors.shape[1]] = vectors
            hidden.append(pad)
        token_probs = average_windows(len(enc), windows, probs)
        stacked = np.concatenate(hidden) if hidden else np.zeros((0, BODY + 2, 1), dtype=np.float32)
        return ArticlePass(text, enc, windows, token_probs, stacked, tuple(masks or ()))

    def spans(self, state: ArticlePass, threshold: float | None = None) -> list[tuple[int, int, float]]:
        """Cleaned character spans `(start, end, span probability)`, overlaps after cleaning removed."""
        thr = self.threshold if threshold is None else threshold
        word_probs, word_chars = word_probabilities(state.enc, state.token_probs)
        out: list[tuple[int, int, float]] = []
        low = thr - self.hysteresis
        for span in spans_from_words(word_probs, word_chars, thr, max_gap=self.max_gap, low=low):
            start, end = clean(state.text, span.start, span.end, quotes=self.quotes)
            if end - start >= max(self.min_chars, 1) and not (out and start < out[-1][1]):
                out.append((start, end, span.score))
        return out

    def span_features(self, state: ArticlePass, spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, list[int]]:
        """Technique-head input for the spans that hold a token, and the indices of those spans."""
        rows = list(range(len(state.windows)))
        slots = [span_slot(state.text, state.enc, state.windows, rows, s, e) for s, e in spans]
        kept = [i for i, slot in enumerate(slots) if slot is not None]
        return pooled_features(state.hidden, [slots[i] for i in kept]), kept  # type: ignore[misc]

    def technique_probs(self, state: ArticlePass, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Technique probabilities [S, 14] for character spans (uniform where a span holds no token)."""
        out = np.full((len(spans), len(TECHNIQUE_LABELS)), 1.0 / len(TECHNIQUE_LABELS), dtype=np.float64)
        features, kept = self.span_features(state, spans)
        if kept:
            out[kept] = self.classify(features)
        if self.memory is not None:
            for i, (s, e) in enumerate(spans):
                out[i] = self.memory.mix(out[i], span_key(state.text, s, e, state.masks))
        return out

    def detect(self, text: str, masks: Sequence[tuple[int, int]] | None = None) -> list[Detected]:
        state = self.forward(text, masks)
        found = self.spans(state)
        probs = self.technique_probs(state, [(s, e) for s, e, _ in found])
        return [Detected(s, e, score, p) for (s, e, score), p in zip(found, probs)]
