"""The `actors` layer as a pipeline stage: how the article names each actor, in whose voice.

It reads the shared parse and the entities (required) and the quotes when
present (for voices and for the speakers that resolve "the minister said");
without quotes, a reference inside quotation marks is `quoted` with no speaker.
"""

from __future__ import annotations

from ..document import ACTORS, ENTITIES, PARSE, QUOTES, Document
from ..pipeline import register_stage
from .naming import name_actors

STAGE = "actors.v1"


class ActorsStage:
    """Assign `actors` from the parse, `entities` and (when present) `quotes`."""

    def __call__(self, doc: Document) -> Document:
        parsed = doc.parsed
        if parsed is None:
            raise ValueError("the actors stage needs the spaCy parse of parse.v1 in the same run")
        actors = name_actors(parsed, doc.text, doc.entities or [], doc.quotes)
        return doc.with_layer(ACTORS, actors, stage=STAGE)


@register_stage(
    STAGE,
    assigns=(ACTORS,),
    requires=(PARSE, ENTITIES),
    uses=(QUOTES,),
    order=45,
    description="how each actor is named: names, appositions, descriptions and labels, linked where the text says so",
)
def make_actors() -> ActorsStage:
    return ActorsStage()
