"""The `quotes` layer: who said what, with the speaker resolved to a named actor.

Why rules on the shared parse: they read the spaCy parse the parse stage
already made (no second pass), add a few percent to the pipeline's time, and
on PolNeAR dev they beat textacy's quotation extractor by a wide margin
(`presslens eval polnear ../shared/data/polnear/dev`). The logic lives in
`presslens.voices`; this module only wires it into the pipeline.
"""

from __future__ import annotations

from ..document import ENTITIES, PARSE, QUOTES, Document
from ..pipeline import register_stage
from .attribution import build_quotes
from .cues import load_lexicon, load_non_speech, load_noun_cues

STAGE = "quotes.v1"


class QuotesStage:
    """Assign `quotes` from the shared parse and the `entities` layer (for speaker names)."""

    def __init__(self) -> None:
        self.lexicon = load_lexicon()
        self.nouns = load_noun_cues()
        self.non_speech = load_non_speech()

    def __call__(self, doc: Document) -> Document:
        parsed = doc.parsed
        if parsed is None:
            raise ValueError("the quotes stage needs the spaCy parse of parse.v1 in the same run")
        quotes = build_quotes(parsed, doc.entities, lexicon=self.lexicon, nouns=self.nouns, non_speech=self.non_speech)
        return doc.with_layer(QUOTES, quotes, stage=STAGE)


@register_stage(
    STAGE,
    assigns=(QUOTES,),
    requires=(PARSE, ENTITIES),
    order=40,
    description="attributions (content, cue, source, speaker; direct/indirect/mixed) by rules on the parse",
)
def make_quotes() -> QuotesStage:
    return QuotesStage()
