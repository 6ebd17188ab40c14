"""Score sentences for check-worthiness with the shipped ONNX classifier.

Why a separate scorer: the stage, `presslens eval claims` and the training
script's final check must all compute the score the same way: the int8 graph's
logit margin divided by the calibration temperature, through a sigmoid. The
model directory's `claims.json` holds that temperature and the decision
threshold, written by `presslens train claims`.

Why one sentence per model call: the int8 graph quantises its activations
per call, over the whole padded batch, so a sentence's score moved by up to
0.014 with the other sentences (and the padding) of its call, and a claim
near the threshold appeared or vanished depending on which articles were in
the run. Scored alone, a sentence always gets the same score: in the stage,
in `presslens eval claims` and whatever else is analysed beside it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ConfigError, ModelError
from ..models.onnx_model import load_onnx_model
from ..models.protocol import Model
from .calibration import calibrated, margin

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "claims"
SETTINGS_FILE = "claims.json"
PER_CALL = 1  # sentences per model call: scores independent of the batch (see the module docstring)


@dataclass(frozen=True)
class ClaimScorer:
    """P(check-worthy) for sentences: `sigmoid((logit_1 - logit_0) / temperature)`.

    Frozen: the stage and the CLI share scorers; another threshold is a new
    scorer (`dataclasses.replace(scorer, threshold=...)`).
    """

    model: Model
    temperature: float = 1.0
    threshold: float = 0.5

    def __post_init__(self) -> None:
        if not self.temperature > 0:
            raise ConfigError(f"calibration temperature must be positive, got {self.temperature}")
        if not 0.0 <= self.threshold <= 1.0:
            raise ConfigError(f"claim threshold must lie in [0, 1], got {self.threshold}")

    @classmethod
    def from_directory(cls, directory: str | Path = MODEL_DIR, *, threshold: float | None = None) -> ClaimScorer:
        """Load `model.onnx`, `tokenizer.json` and `claims.json` from `directory` (once per process)."""
        directory = Path(directory)
        settings_path = directory / SETTINGS_FILE
        if not settings_path.is_file():
            raise ModelError(
                f"claim model settings missing: {settings_path}; reinstall presslens or run "
                "`presslens train claims` (see models/claims/MODEL_CARD.md)"
            )
        try:
            settings = json.loads(settings_path.read_text(encoding="utf-8"))
            temperature = float(settings["temperature"])
            default_threshold = float(settings["threshold"])
            max_length = int(settings.get("max_length", 128))
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"cannot read {settings_path}: {exc}") from exc
        model = load_onnx_model(directory, max_length=max_length)
        return cls(
            model=model,
            temperature=temperature,
            threshold=default_threshold if threshold is None else threshold,
        )

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated scores in [0, 1], one per text, in input order; each text's score depends on it alone."""
        if not texts:
            return np.zeros(0, dtype=np.float64)
        preds = self.model.predict(list(texts), batch_size=PER_CALL)
        logits = np.stack([p.outputs["logits"] for p in preds])
        return calibrated(margin(logits), self.temperature)
