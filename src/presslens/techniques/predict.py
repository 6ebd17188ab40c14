"""Article-level inference shared by training checks, the ONNX runtime and evaluation.

Why one code path: the threshold chosen on dev articles during training, the
numbers `presslens eval ptc` prints and the spans the pipeline stage emits
must all come from the same windows, decoding and pooling. The encoder is a
`Model` (onnxruntime when shipped, torch in training, a fake in tests) whose
own tokenizer cuts the article; the technique head is injected as a plain
function, so torch and numpy heads drive the same logic.

Why frozen: the shipped tagger is cached and shared by every stage, CLI
command and thread of a process, so nothing may change it in place. Other
settings make a new tagger (`with_settings`, `dataclasses.replace`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..document import TECHNIQUE_LABELS
from ..errors import ConfigError, ModelError
from ..models.onnx_runtime import Encoded, Model, Tokens
from .decoding import average_windows, spans_from_words, word_probabilities
from .postprocess import clean
from .span_memory import SpanMemory, span_key
from .windows import (
    BODY,
    batch_arrays,
    inference_windows,
    mask_ranges,
    pooled_features,
    span_slot,
)

# The encoder's outputs: span logits [B, L] and token vectors [B, L, D].
SPAN_LOGITS = "span_logits"
HIDDEN = "hidden"
# head input [S, F] -> technique probabilities [S, 14]
ClassifyFn = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class TaggerSettings:
    """How windows are laid out and spans decoded; chosen on DEV articles at export (config.json)."""

    threshold: float = 0.5
    stride: int = BODY * 3 // 4
    batch_windows: int = 16  # windows per encoder call; 1 makes each window's result independent of the others
    quotes: bool = True  # extend a span to the quotation marks around it
    max_gap: int = 0  # join runs separated by this many words
    min_chars: int = 0  # drop shorter spans (mostly stray single words)
    hysteresis: float = 0.0  # words down to threshold - hysteresis extend a confident run

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            raise ConfigError(f"span threshold must lie in [0, 1], got {self.threshold}")
        if not 1 <= self.stride <= BODY:
            raise ConfigError(f"window stride must lie in [1, {BODY}] tokens, got {self.stride}")
        if self.batch_windows < 1:
            raise ConfigError(f"batch_windows must be at least 1, got {self.batch_windows}")

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> TaggerSettings:
        """The settings a model folder's `config.json` records (absent keys: the defaults of old exports)."""
        return cls(
            threshold=float(config["threshold"]),
            stride=int(config["stride"]),
            batch_windows=int(config.get("batch_windows", 16)),
            quotes=bool(config.get("extend_to_quotes", True)),
            max_gap=int(config.get("max_gap", 0)),
            min_chars=int(config.get("min_chars", 0)),
            hysteresis=float(config.get("hysteresis", 0.0)),
        )


@dataclass(frozen=True)
class ArticlePass:
    """One encoder pass over an article: its windows, span probabilities and token vectors."""

    text: str
    enc: Tokens
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


@dataclass(frozen=True, eq=False)
class TechniqueTagger:
    """Finds technique spans in raw text with an encoder `Model` and a technique head."""

    model: Model
    classify: ClassifyFn
    settings: TaggerSettings = TaggerSettings()
    memory: SpanMemory | None = None  # techniques of identical spans seen in training
    _special: tuple[int, int, int, int] = field(init=False, repr=False)  # [CLS], [SEP], [MASK], [PAD]

    def __post_init__(self) -> None:
        ids = {t: self.model.token_id(t) for t in ("[CLS]", "[SEP]", "[MASK]", "[UNK]", "[PAD]")}
        cls_id, sep_id = ids["[CLS]"], ids["[SEP]"]
        if cls_id is None or sep_id is None:
            raise ModelError("the techniques model's tokenizer has no [CLS] or [SEP] token; re-export the model")
        mask_id = ids["[MASK]"] if ids["[MASK]"] is not None else ids["[UNK]"]
        if mask_id is None:
            raise ModelError("the techniques model's tokenizer has neither [MASK] nor [UNK]; re-export the model")
        object.__setattr__(self, "_special", (cls_id, sep_id, mask_id, ids["[PAD]"] or 0))

    def with_settings(self, **changes: Any) -> TechniqueTagger:
        """A tagger with the same model, head and memory and these settings changed (e.g. threshold=0.3)."""
        return replace(self, settings=replace(self.settings, **changes))

    def tokens(self, text: str, masks: Sequence[tuple[int, int]] | None = None) -> Tokens:
        """The article as the encoder reads it: the model's tokens, each group-name range as one [MASK]."""
        enc = self.model.tokenize(text)
        return mask_ranges(enc, list(masks), self._special[2]) if masks else enc

    def forward(self, text: str, masks: Sequence[tuple[int, int]] | None = None) -> ArticlePass:
        """Encode `text`; character ranges in `masks` (group names) are read as one neutral token."""
        enc = self.tokens(text, masks)
        cls_id, sep_id, _, pad_id = self._special
        batch = self.settings.batch_windows
        windows = inference_windows(len(enc), stride=self.settings.stride)
        probs: list[np.ndarray] = []
        hidden: list[np.ndarray] = []
        for i in range(0, len(windows), batch):
            chunk = windows[i : i + batch]
            ids, mask = batch_arrays([enc], [(0, a, b) for a, b in chunk], cls_id=cls_id, sep_id=sep_id, pad_id=pad_id)
            out = self.model.run(Encoded.from_ids(ids, mask))
            logits, vectors = out[SPAN_LOGITS], out[HIDDEN]
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
        settings = self.settings
        thr = settings.threshold if threshold is None else threshold
        word_probs, word_chars = word_probabilities(state.enc, state.token_probs)
        out: list[tuple[int, int, float]] = []
        low = thr - settings.hysteresis
        for span in spans_from_words(word_probs, word_chars, thr, max_gap=settings.max_gap, low=low):
            start, end = clean(state.text, span.start, span.end, quotes=settings.quotes)
            if end - start >= max(settings.min_chars, 1) and not (out and start < out[-1][1]):
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
