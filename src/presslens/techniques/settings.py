"""How the techniques tagger lays out windows and decodes spans: the settings a model folder's
`config.json` records (`presslens train techniques` and `presslens eval ptc --write-display` write them).

Why apart from the tagger (`presslens.techniques.predict`): training, export and evaluation read and
write these settings without running a model, and a reader looking for "what does `display` mean"
finds every field here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError
from .windows import BODY


@dataclass(frozen=True)
class ChannelSettings:
    """Decoding of one technique's channel, chosen on DEV articles at export (config.json `channels`).

    `threshold`/`hysteresis`/`max_gap`/`min_chars` give the recall-oriented spans (SemEval scoring);
    `display` is the calibrated score at or above which a span is shown to readers (chosen for span
    precision >= 0.5 on DEV).
    """

    threshold: float = 0.5
    hysteresis: float = 0.0
    max_gap: int = 0
    min_chars: int = 0
    display: float = 0.5
    bias: float = 0.0  # this technique's term in the score calibration (techniques differ in base rate)
    # True: spans at the display threshold go to the candidates lane (precision under 0.3 in cross-validation)
    candidate: bool = False
    precision: float | None = None  # measured precision at the display threshold (cross-validation), for readers

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            raise ConfigError(f"channel threshold must lie in [0, 1], got {self.threshold}")

    @classmethod
    def from_config(cls, raw: Mapping[str, Any]) -> ChannelSettings:
        return cls(
            threshold=float(raw["threshold"]), hysteresis=float(raw.get("hysteresis", 0.0)),
            max_gap=int(raw.get("max_gap", 0)), min_chars=int(raw.get("min_chars", 0)),
            display=float(raw.get("display", 0.5)), bias=float(raw.get("bias", 0.0)),
            candidate=bool(raw.get("candidate", False)),
            precision=None if raw.get("precision") is None else float(raw["precision"]),
        )


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
    # per-technique channels (models with one output channel per technique): decoding of each channel
    channels: tuple[ChannelSettings, ...] = ()
    # technique of a given span (TC): head probabilities mixed with the channels' by this weight
    tc_channel_weight: float = 0.0
    # calibrated score = sigmoid(a * logit(span score) + b * logit(channel threshold) + c + channel bias)
    score_calibration: tuple[float, float, float] = (1.0, 0.0, 0.0)
    # epithets (actors labels) scored by the Name_Calling channel: under its display threshold, a candidate
    # from this score up (None: epithets are never candidates); `epithet_precision` measured there
    epithet_floor: float | None = None
    epithet_precision: float | None = None
    # per-technique models: a decoded span takes the technique the span classifier gives it (head, channel
    # weight and memory, as for TC) instead of its decoding channel's; spans then of one technique that
    # overlap become one (`presslens.techniques.relabel`)
    relabel: bool = False

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
            channels=tuple(ChannelSettings.from_config(c) for c in config.get("channels", ())),
            tc_channel_weight=float(config.get("tc_channel_weight", 0.0)),
            score_calibration=_three(config.get("score_calibration", (1.0, 0.0, 0.0))),
            epithet_floor=_maybe_float(config.get("epithets", {}).get("candidate_floor")),
            epithet_precision=_maybe_float(config.get("epithets", {}).get("precision")),
            relabel=bool(config.get("relabel", False)),
        )

    def channel(self, c: int) -> ChannelSettings:
        """Channel `c`'s decoding: its own entry, else the global settings (display 0: all shown)."""
        if c < len(self.channels):
            return self.channels[c]
        return ChannelSettings(self.threshold, self.hysteresis, self.max_gap, self.min_chars, 0.0)


def _maybe_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _three(values: Sequence[float]) -> tuple[float, float, float]:
    a, b, c = (float(v) for v in values)
    return (a, b, c)
