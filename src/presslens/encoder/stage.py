"""The `encoder.v1` stage: one pass of the shared MiniLM encoder, kept in memory for later stages.

Why a stage of its own: the encoder is the expensive part of the pipeline
(most of the techniques stage's time), and two layers read it: the quotes
layer's attribution head (token vectors) and the techniques layer (span
channels). Running it once, before both, keeps the pipeline at one encoder
pass per article. Group names (the `groups` layer) are read as one neutral
token, as the techniques model was trained, so the pass, and everything read
from it, does not depend on which country, people or party is named.

The pass (`presslens.techniques.results.ArticlePass`) is the in-memory layer
`encoder_pass`: never written out, made again when a re-run needs it.
"""

from __future__ import annotations

from typing import Any

from ..document import ENCODER_PASS, GROUPS, Document
from ..pipeline import register_stage

STAGE = "encoder.v1"


class EncoderStage:
    """Encode each article once with the shipped techniques encoder, keeping the attribution head's vectors.

    `projection` maps the encoder's token vectors [B, L, D] to what is kept per token (default: the
    attribution head's first layer, `AttributionHead.project`; training passes the identity).
    """

    def __init__(self, *, tagger: Any | None = None, projection: Any | None = None) -> None:
        if tagger is None:
            from ..techniques.shipped import load_shipped

            tagger = load_shipped().tagger
        if projection is None:
            from ..quotes.learned import load_head

            projection = load_head().project
        self.tagger = tagger
        self.projection = projection

    def __call__(self, doc: Document) -> Document:
        masks = [(g.start, g.end) for g in doc.groups or ()]
        state = self.tagger.forward(doc.text, masks, keep_hidden=None, project=self.projection)
        return doc.with_encoder_pass(state, stage=STAGE)


# Always registered: the encoder ships inside the package (a missing file is a broken install,
# reported by the loaders as a ModelError naming it).
@register_stage(
    STAGE,
    assigns=(ENCODER_PASS,),
    requires=(GROUPS,),
    order=35,
    description="one MiniLM int8 pass per article (group names masked), read by the quotes and techniques layers",
)
def make_encoder(*, tagger: Any | None = None, projection: Any | None = None) -> EncoderStage:
    return EncoderStage(tagger=tagger, projection=projection)
