"""The `quotes` layer: who said what, with the speaker resolved to a named actor.

Why rules on the shared parse, corrected by a learned head: the rules read
the spaCy parse the parse stage already made (no second pass) and give the
structure (which source and cue go with which content, and the speaker);
the learned attribution head (`presslens.quotes.learned`) reads the shared
encoder pass (`encoder_pass` layer of `encoder.v1`) and the rules' output and
corrects boundaries, drops what annotators do not count as speech and adds
indirect speech the rules miss (`presslens.quotes.merge`). Without the
`encoder_pass` layer (a pipeline built without `encoder.v1`) the rules work
alone. Scores: `presslens eval polnear ../shared/data/polnear/dev`.
"""

from __future__ import annotations

from typing import Any

from ..document import ENCODER_PASS, ENTITIES, PARSE, QUOTES, Document
from ..pipeline import register_stage
from .attribution import Tag, build_quotes
from .cues import load_lexicon, load_non_speech, load_noun_cues
from .learned import AttributionHead, load_head
from .merge import MergeSettings

STAGE = "quotes.v1"


class QuotesStage:
    """Assign `quotes` from the shared parse and the `entities` layer (for speaker names),
    corrected by the learned head when the `encoder_pass` layer is there (`learned=False`: rules only)."""

    def __init__(self, *, learned: bool = True, head: AttributionHead | None = None) -> None:
        self.lexicon = load_lexicon()
        self.nouns = load_noun_cues()
        self.non_speech = load_non_speech()
        self.head = (head if head is not None else load_head()) if learned else None
        self.merge = MergeSettings(**self.head.config.get("merge", {})) if self.head is not None else None

    def __call__(self, doc: Document) -> Document:
        parsed = doc.parsed
        if parsed is None:
            raise ValueError("the quotes stage needs the spaCy parse of parse.v1 in the same run")
        quotes = build_quotes(
            parsed, doc.entities, lexicon=self.lexicon, nouns=self.nouns, non_speech=self.non_speech,
            tag=self._tagger(parsed, doc.encoder_pass, doc.text), merge=self.merge,
        )
        return doc.with_layer(QUOTES, quotes, stage=STAGE)

    def _tagger(self, parsed: Any, encoder_pass: Any, text: str) -> Tag | None:
        """The head over this article's encoder pass; None (rules alone) without the pass or the head."""
        head = self.head
        vectors = getattr(encoder_pass, "vectors", None)
        if head is None or vectors is None or vectors.shape[1] != head.width:
            return None
        offsets, groups = encoder_pass.enc.offsets, list(encoder_pass.masks)

        def tag(raws: Any, regions: Any) -> Any:
            return head.tag(parsed, raws, regions, self.lexicon, offsets, vectors, groups, text)

        return tag


@register_stage(
    STAGE,
    assigns=(QUOTES,),
    requires=(PARSE, ENTITIES),
    uses=(ENCODER_PASS,),
    order=40,
    description="attributions (content, cue, source, speaker; direct/indirect/mixed) by rules on the parse, "
    "corrected by a learned head on the shared encoder pass",
)
def make_quotes(*, learned: bool = True, head: AttributionHead | None = None) -> QuotesStage:
    return QuotesStage(learned=learned, head=head)
