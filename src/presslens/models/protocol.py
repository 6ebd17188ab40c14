"""The `Model` protocol the stages depend on, and `Prediction`, what it returns per item.

Why this module: the stages (claims, techniques, compare) need only this
small interface, not onnxruntime, so their logic is tested with
`FakeModel` and no model files at all, and any model that encodes,
tokenises, runs and predicts can stand in for the shipped ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from .encoding import Encoded, Tokens


@dataclass(frozen=True)
class Prediction:
    """Model outputs for one input item, with the token offsets to map them back.

    `outputs[name]` is this item's row of each graph output. For token-level
    outputs the first axis runs over the padded tokens: use `tokens(name)` to
    drop the padding.
    """

    outputs: dict[str, np.ndarray]
    offsets: list[tuple[int, int]]
    sequence_ids: list[int | None]
    length: int

    def tokens(self, name: str) -> np.ndarray:
        """Output `name` restricted to the real tokens of this item."""
        return self.outputs[name][: self.length]


@runtime_checkable
class Model(Protocol):
    """What stages need from a model: encode sentences or tokenise whole texts, run, predict in batches."""

    @property
    def output_names(self) -> tuple[str, ...]: ...

    def encode(self, texts: Sequence[str], pairs: Sequence[str] | None = None) -> Encoded: ...

    def tokenize(self, text: str) -> Tokens: ...

    def token_id(self, token: str) -> int | None: ...

    def run(self, encoded: Encoded) -> dict[str, np.ndarray]: ...

    def predict(
        self, texts: Sequence[str], pairs: Sequence[str] | None = None, *, batch_size: int = 32
    ) -> list[Prediction]: ...
