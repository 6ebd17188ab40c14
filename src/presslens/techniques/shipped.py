"""Load the shipped techniques model: int8 ONNX encoder, numpy technique head, settings.

Why numpy for the head: the technique head is a 2-layer MLP over pooled span
vectors whose spans are only known after decoding, so it runs outside the
graph, in numpy (no torch at inference). The directory holds `model.onnx`
(outputs `span_logits` [B, L] and `hidden` [B, L, D]), `tokenizer.json`,
`head.npz` (w1, b1, w2, b2), `config.json` (threshold, stride, decoding,
score calibration) and, optionally, `span_memory.json` (techniques of
identical training spans, see `span_memory`).
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .predict import TechniqueTagger
from .span_memory import MEMORY_FILE, load_memory
from .windows import prepare_tokenizer

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "techniques"
HEAD_FILE = "head.npz"
CONFIG_FILE = "config.json"


@dataclass(frozen=True)
class Head:
    """The technique MLP: tanh-GELU between two affine layers, softmax out."""

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def __call__(self, features: np.ndarray) -> np.ndarray:
        x = features.astype(np.float32) @ self.w1.T + self.b1
        x = 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))
        logits = x @ self.w2.T + self.b2
        logits = logits - logits.max(axis=-1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=-1, keepdims=True)


def load_head(path: Path) -> Head:
    with np.load(path) as data:
        return Head(data["w1"], data["b1"], data["w2"], data["b2"])


@dataclass(frozen=True)
class Calibration:
    """Platt scaling of log-odds of (span probability x technique probability), fitted on dev articles."""

    a: float = 1.0
    b: float = 0.0

    def __call__(self, span_score: float, technique_prob: float) -> float:
        p = min(max(span_score * technique_prob, 1e-6), 1 - 1e-6)
        z = self.a * math.log(p / (1 - p)) + self.b
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


REQUIRED = ("model.onnx", "tokenizer.json", HEAD_FILE, CONFIG_FILE)


def model_installed(directory: Path = MODEL_DIR) -> bool:
    return all((directory / name).is_file() for name in REQUIRED)


@dataclass
class ShippedTechniques:
    tagger: TechniqueTagger
    calibration: Calibration
    config: dict[str, Any]


def onnx_encode(model: Any) -> Any:
    """Adapt a `presslens.models.onnx_runtime.OnnxModel` to the tagger's encode function."""
    from ..models.onnx_runtime import Encoded

    def encode(ids: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        out = model.run(Encoded(ids, mask, np.zeros_like(ids), [], []))
        return out["span_logits"], out["hidden"]

    return encode


@functools.lru_cache(maxsize=2)
def load_shipped(directory: str = str(MODEL_DIR)) -> ShippedTechniques:
    """The shipped model (loaded once per process); raises ModelError when files are missing."""
    from tokenizers import Tokenizer

    from ..models.onnx_runtime import load_onnx_model

    path = Path(directory)
    missing = [n for n in REQUIRED if not (path / n).is_file()]
    if missing:
        raise ModelError(
            f"techniques model incomplete in {path}: missing {', '.join(missing)}; reinstall presslens or "
            "retrain it (see MODEL_CARD.md there for the exact commands)"
        )
    config = json.loads((path / CONFIG_FILE).read_text())
    model = load_onnx_model(path)
    tokenizer = prepare_tokenizer(Tokenizer.from_file(str(path / "tokenizer.json")))
    tagger = TechniqueTagger(
        tokenizer,
        onnx_encode(model),
        load_head(path / HEAD_FILE),
        threshold=float(config["threshold"]),
        stride=int(config["stride"]),
        batch_windows=int(config.get("batch_windows", 16)),
        quotes=bool(config.get("extend_to_quotes", True)),
        max_gap=int(config.get("max_gap", 0)),
        min_chars=int(config.get("min_chars", 0)),
        hysteresis=float(config.get("hysteresis", 0.0)),
        memory=load_memory(path / MEMORY_FILE) if (path / MEMORY_FILE).is_file() else None,
    )
    return ShippedTechniques(tagger, Calibration(**config.get("calibration", {})), config)
