"""Sentence embeddings for matching claims by meaning across articles (all-MiniLM-L6-v2, int8 ONNX).

Why through the `Model` protocol: the graph in `models/sentence_encoder`
already mean-pools and L2-normalises (see `presslens.train.sentence_encoder`),
so embedding is `run` on an encoded batch and a cosine similarity is a dot
product; tests pass a fake `Model` and need no model file. One sentence per
call, as for the claims model: the int8 graph quantises activations per call,
so an embedding must not depend on the other sentences of its batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from ..errors import ModelError
from ..models.onnx_model import load_onnx_model
from ..models.protocol import Model

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "sentence_encoder"
OUTPUT = "embedding"
MAX_LENGTH = 128


class Embedder(Protocol):
    """Turns sentences into unit vectors (rows), one per sentence."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class SentenceEncoder:
    """Unit-length sentence embeddings from a `Model` whose graph outputs `embedding`."""

    def __init__(self, model: Model) -> None:
        if OUTPUT not in model.output_names:
            raise ModelError(f"the sentence encoder has outputs {', '.join(model.output_names)}; expected {OUTPUT!r}")
        self.model = model

    @classmethod
    def from_directory(cls, directory: str | Path = MODEL_DIR) -> SentenceEncoder:
        return cls(load_onnx_model(directory, max_length=MAX_LENGTH))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        rows = [np.asarray(p.outputs[OUTPUT], dtype=np.float32) for p in self.model.predict(list(texts), batch_size=1)]
        matrix = np.stack(rows)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.maximum(norms, 1e-9)


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarities between the rows of `a` and of `b` (unit vectors)."""
    if a.size == 0 or b.size == 0:
        return np.zeros((a.shape[0], b.shape[0]), dtype=np.float32)
    return np.clip(a @ b.T, -1.0, 1.0)
