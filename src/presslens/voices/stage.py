"""The per-article voices summary as the last stage: who says how much, with which techniques.

It runs after every layer it summarises (quotes, and techniques when present),
so the summary counts techniques by the voice each span was given.
"""

from __future__ import annotations

from ..document import QUOTES, TECHNIQUES, VOICES, Document
from ..pipeline import register_stage
from .summary import summarize

STAGE = "voices.v1"


class VoicesStage:
    """Set the `voices` layer from the quotes and techniques layers."""

    def __call__(self, doc: Document) -> Document:
        voices = summarize(doc)
        if voices is None:
            return doc
        return doc.with_layer(VOICES, voices, stage=STAGE)


@register_stage(
    STAGE,
    assigns=(VOICES,),
    requires=(QUOTES,),
    uses=(TECHNIQUES,),
    order=90,
    description="per-speaker summary: words quoted and paraphrased, techniques in each voice against the author's",
)
def make_voices() -> VoicesStage:
    return VoicesStage()
