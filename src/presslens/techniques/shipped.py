"""Load the shipped techniques model: int8 ONNX encoder, numpy technique head, settings.

Why numpy for the head: the technique head is a 2-layer MLP over pooled span
vectors whose spans are only known after decoding, so it runs outside the
graph, in numpy (no torch at inference). The directory holds `model.onnx`
(outputs `span_logits` [B, L] and `hidden` [B, L, D]), `tokenizer.json`,
`head.npz` (w1, b1, w2, b2), `config.json` (threshold, stride, decoding,
score calibration) and, optionally, `span_memory.json` (techniques of
identical training spans, see `span_memory`). The encoder and its tokenizer
load through `presslens.models.onnx_model` like every shipped model (one
tokenizer read, cached per directory); the tagger cuts its own windows from
the model's tokens.
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from ..errors import ModelError
from .predict import HIDDEN, SPAN_LOGITS, TechniqueTagger, logit, squash
from .settings import TaggerSettings
from .span_memory import MEMORY_FILE, load_memory
from .windows import MAX_LEN

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
        return squash(self.a * logit(span_score * technique_prob) + self.b)


REQUIRED = ("model.onnx", "tokenizer.json", HEAD_FILE, CONFIG_FILE)


def model_installed(directory: Path = MODEL_DIR) -> bool:
    return all((directory / name).is_file() for name in REQUIRED)


@dataclass(frozen=True)
class ShippedTechniques:
    """The shipped tagger, its score calibration and its config.json (read-only: the object is cached)."""

    tagger: TechniqueTagger
    calibration: Calibration
    config: Mapping[str, Any]


def load_shipped(directory: str | os.PathLike[str] = MODEL_DIR) -> ShippedTechniques:
    """The model in `directory` (default: the shipped one), loaded once per process; ModelError when files are missing.

    Cached per resolved folder, so every caller that names the same folder
    shares one tagger (which is why nothing may change it in place).
    """
    return _load(str(Path(directory).resolve()))


def clear_loaded() -> None:
    """Forget the loaded taggers, so the next `load_shipped` rereads its folder (after an export rewrote it)."""
    _load.cache_clear()


@functools.lru_cache(maxsize=2)
def _load(directory: str) -> ShippedTechniques:
    from ..models.onnx_model import load_onnx_model

    path = Path(directory)
    missing = [n for n in REQUIRED if not (path / n).is_file()]
    if missing:
        raise ModelError(
            f"techniques model incomplete in {path}: missing {', '.join(missing)}; reinstall presslens or "
            "retrain it (see MODEL_CARD.md there for the exact commands)"
        )
    config = json.loads((path / CONFIG_FILE).read_text())
    model = load_onnx_model(path, max_length=MAX_LEN)
    absent = [name for name in (SPAN_LOGITS, HIDDEN) if name not in model.output_names]
    if absent:
        raise ModelError(
            f"{path / 'model.onnx'} lacks output(s) {', '.join(absent)} (it has {', '.join(model.output_names)}); "
            "re-export it with `presslens train techniques-export`"
        )
    tagger = TechniqueTagger(
        model,
        load_head(path / HEAD_FILE),
        settings=TaggerSettings.from_config(config),
        memory=load_memory(path / MEMORY_FILE) if (path / MEMORY_FILE).is_file() else None,
    )
    return ShippedTechniques(tagger, Calibration(**config.get("calibration", {})), MappingProxyType(config))


@dataclass(frozen=True)
class DisplayFacts:
    """What the reports tell readers about the shown spans and the candidates lane, from the model's config.json.

    `precision` of a technique is measured at its display threshold under cross-validation (MODEL_CARD.md);
    `candidate_precision` of Name_Calling is the epithets' (its candidates are actors labels).
    """

    recall: float | None = None  # share of annotated spans a shown span of their technique overlaps
    precision: float | None = None  # of shown spans, overall
    candidates: frozenset[str] = frozenset()  # techniques whose spans go to the candidates lane
    candidate_precision: Mapping[str, float] = field(default_factory=dict)


def display_facts(config: Mapping[str, Any]) -> DisplayFacts:
    """The `DisplayFacts` of a model config (a config without cross-validated display gives empty facts)."""
    from ..document import TECHNIQUE_LABELS

    cv = config.get("display_cv") or {}
    channels = list(config.get("channels", ()))[: len(TECHNIQUE_LABELS)]
    candidates = frozenset(label for label, c in zip(TECHNIQUE_LABELS, channels) if c.get("candidate"))
    precision = {label: float(c["precision"]) for label, c in zip(TECHNIQUE_LABELS, channels) if c.get("precision") is not None}
    epithets = (config.get("epithets") or {}).get("precision")
    if epithets is not None:
        precision["Name_Calling,Labeling"] = float(epithets)
    return DisplayFacts(
        recall=cv.get("recall"), precision=cv.get("precision"), candidates=candidates,
        candidate_precision={k: v for k, v in precision.items() if k in candidates or k == "Name_Calling,Labeling"},
    )


@functools.lru_cache(maxsize=1)
def shipped_display_facts() -> DisplayFacts:
    """`display_facts` of the shipped model's config.json (read once; no model is loaded)."""
    path = MODEL_DIR / CONFIG_FILE
    return display_facts(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else DisplayFacts()
