"""The per-article voices summary as the last stage: who says how much, with which techniques.

It runs after every layer it summarises (quotes, and techniques when present),
so the summary counts techniques by the voice each span was given.
"""

from __future__ import annotations

from ..document import QUOTES, Document
from ..pipeline import register_stage
from ..voices.summary import summarize

STAGE = "voices.v1"


class VoicesStage:
    """Set `doc.voices` from the quotes and techniques layers."""

    def __call__(self, doc: Document) -> Document:
        out = summarize(doc)
        if STAGE in out.pipeline:
            return out
        return out.model_copy(update={"pipeline": [*out.pipeline, STAGE]})


@register_stage(
    STAGE,
    assigns=("voices",),
    requires=(QUOTES,),
    order=90,
    description="per-speaker summary: words quoted and paraphrased, techniques in each voice against the author's",
)
def make_voices() -> VoicesStage:
    return VoicesStage()
