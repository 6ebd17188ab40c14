"""What the techniques tagger returns: an article's encoder pass and the spans decoded from it.

Why apart from the tagger (`presslens.techniques.predict`): the stage, the evaluation and the
encoder stage hand these around without needing the model that made them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ..document import TECHNIQUE_LABELS
from ..models.encoding import Tokens

N_TECH = len(TECHNIQUE_LABELS)


@dataclass(frozen=True)
class ArticlePass:
    """One encoder pass over an article: its windows, span probabilities and token vectors."""

    text: str
    enc: Tokens
    windows: list[tuple[int, int]]
    token_probs: np.ndarray  # [n] (one span channel) or [n, C] (a channel per technique), averaged over windows
    hidden: np.ndarray  # [W, L, D]; [0, 0, 0] when `forward` did not keep them
    masks: tuple[tuple[int, int], ...] = ()  # group-name ranges read as [MASK]
    # [n, P] float16: each token's vector through `project` (see `forward`), averaged over windows; None: not asked
    vectors: np.ndarray | None = None
    # the model that made this pass, so a stage can tell whether a shared pass is its own
    model: Any = field(default=None, compare=False, repr=False)

    @property
    def per_technique(self) -> bool:
        """True when the model has one span channel per technique (channel c = TECHNIQUE_LABELS[c])."""
        return self.token_probs.ndim == 2 and self.token_probs.shape[1] >= N_TECH


@dataclass(frozen=True)
class ChannelSpan:
    """A span decoded from one technique's channel: mean word probability, and the channel."""

    start: int
    end: int
    score: float
    channel: int


# Where a detected span goes: shown to readers, the switchable candidates lane, or the recall-oriented set only.
Lane = Literal["shown", "candidate", "hidden"]
# What found it: a technique channel's decoding, or an epithet of the actors layer scored by Name_Calling.
Evidence = Literal["channel", "epithet"]


@dataclass(frozen=True)
class Detected:
    start: int
    end: int
    span_score: float
    probs: np.ndarray  # [14]
    # per-technique models: the span's technique (channel index): the channel that found it, or the span
    # classifier's label when the model relabels (`TaggerSettings.relabel`)
    channel: int | None = None
    score: float | None = None  # per-technique models: calibrated score (what readers see)
    lane: Lane = "shown"
    evidence: Evidence = "channel"

    @property
    def shown(self) -> bool:
        """At or above its technique's display threshold, in the main lane."""
        return self.lane == "shown"

    @property
    def technique(self) -> str:
        if self.channel is not None:
            return TECHNIQUE_LABELS[self.channel]
        return TECHNIQUE_LABELS[int(np.argmax(self.probs))]

    @property
    def technique_prob(self) -> float:
        if self.channel is not None:
            return float(self.probs[self.channel])
        return float(np.max(self.probs))
