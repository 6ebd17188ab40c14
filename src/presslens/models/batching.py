"""How model calls are grouped and spread over threads: `predict` batches, `run_all`, the shared pools.

Why this module: the real and the fake model batch the same way (through
`BatchingMixin`), and every model of a process shares one thread pool per
size, so the batching and threading rules live once, apart from any model.

Batches: the shipped graphs are int8 with activations quantised per call,
so an item's outputs change (slightly) with the other items of its call.
Callers that need results independent of the batch run one item per call
(`predict(..., batch_size=1)`, one window per `run`).

Threads: each graph call runs on ONE onnxruntime thread, and the calls of a
document (windows, sentences) are spread over a small pool of `min(4,
cores)` Python threads (`OnnxModel.run_many`; `PRESSLENS_ONNX_THREADS`
overrides the number). Why not onnxruntime's own threads: the calls are
small (one window or one sentence), and measured on 2 cores, 2 intra-op
threads were 1.1-1.3x slower than 2 calls at a time when the cores were
free, and 2x slower when another process held one core (the second thread
waits for it). Outputs are identical either way (docs/experiments.md).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from ..errors import ConfigError
from .encoding import Encoded
from .protocol import Prediction

THREADS_ENV = "PRESSLENS_ONNX_THREADS"


class BatchingMixin:
    """`predict` shared by real and fake models: length-sorted batches, original order."""

    def encode(self, texts: Sequence[str], pairs: Sequence[str] | None = None) -> Encoded:
        raise NotImplementedError

    def run(self, encoded: Encoded) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def predict(
        self, texts: Sequence[str], pairs: Sequence[str] | None = None, *, batch_size: int = 32
    ) -> list[Prediction]:
        """Run `texts` (and optional second segments `pairs`) in batches of `batch_size`.

        Items are sorted by length before batching so that each batch pads
        little; results come back in the input order.
        """
        if batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {batch_size}")
        if pairs is not None and len(pairs) != len(texts):
            raise ConfigError(f"got {len(texts)} texts but {len(pairs)} pair segments")
        order = sorted(
            range(len(texts)),
            key=lambda i: len(texts[i]) + (len(pairs[i]) if pairs is not None else 0),
        )
        results: list[Prediction | None] = [None] * len(texts)
        groups = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]
        encs = [
            self.encode([texts[i] for i in idx], [pairs[i] for i in idx] if pairs is not None else None)
            for idx in groups
        ]
        for idx, enc, out in zip(groups, encs, run_all(self, encs)):
            lengths = enc.lengths
            for row, i in enumerate(idx):
                results[i] = Prediction(
                    outputs={name: value[row] for name, value in out.items()},
                    offsets=enc.offsets[row],
                    sequence_ids=enc.sequence_ids[row],
                    length=lengths[row],
                )
        return [r for r in results if r is not None]


def run_all(model: Any, batches: Sequence[Encoded]) -> list[dict[str, np.ndarray]]:
    """`model.run` of every batch, in order; a model with `run_many` (OnnxModel) runs them side by side."""
    many = getattr(model, "run_many", None)
    return list(many(batches)) if many is not None else [model.run(b) for b in batches]


_POOLS: dict[tuple[int, int], ThreadPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()


def shared_pool(workers: int) -> ThreadPoolExecutor:
    """One pool per size, shared by every model of the process (created on first use).

    Keyed by process id too: a corpus worker forked from a parent that had a pool
    inherits the dict but not the pool's threads, so it must make its own.
    """
    key = (os.getpid(), workers)
    with _POOLS_LOCK:
        if key not in _POOLS:
            _POOLS[key] = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="presslens-onnx")
        return _POOLS[key]


def default_threads() -> int:
    """Graph calls run at once (one onnxruntime thread each): `$PRESSLENS_ONNX_THREADS` or min(4, cores)."""
    raw = os.environ.get(THREADS_ENV)
    if raw is not None:
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value < 1:
            raise ConfigError(f"{THREADS_ENV}={raw!r} must be a positive integer, e.g. {THREADS_ENV}=2")
        return value
    return max(1, min(4, os.cpu_count() or 1))
