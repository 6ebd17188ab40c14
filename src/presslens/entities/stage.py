"""Named entities from the shared spaCy parse, each with its actor's canonical name.

DATE and TIME mentions go to the `times` layer instead, where they are
normalised; every other spaCy label is kept here (quantities too: claims
point at them as checkable parts). The stage also assigns the in-memory
`groups` layer, the entities that name a group (`entities.groups`), which
the techniques and claims stages read to mask them.
"""

from __future__ import annotations

from ..document import ENTITIES, GROUPS, PARSE, Document, Entity, strip_span
from ..entities.canonical import canonical_names
from ..entities.groups import group_names
from ..pipeline import register_stage

STAGE = "entities.v1"
TIME_LABELS = frozenset({"DATE", "TIME"})


class EntitiesStage:
    """Assign `entities` from `doc.parsed.ents`, merging mentions of one actor, and the `groups` among them."""

    def __call__(self, doc: Document) -> Document:
        parsed = doc.parsed
        if parsed is None:
            raise ValueError("the entities stage needs the spaCy parse of parse.v1 in the same run")
        ents = [e for e in parsed.ents if e.label_ not in TIME_LABELS]
        spans = [_trim(doc.text, e.start_char, e.end_char) for e in ents]
        names = canonical_names([(doc.text[s:e], ent.label_) for (s, e), ent in zip(spans, ents)])
        items = [
            Entity.of(doc.text, s, e, label=label, canonical=canonical)
            for (s, e), (canonical, label) in zip(spans, names)
            if e > s
        ]
        return doc.with_layer(ENTITIES, items, stage=STAGE).with_groups(group_names(doc.text, items))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a trailing possessive and surrounding spaces, so spans cite the name itself."""
    start, end = strip_span(text, start, end)
    for suffix in ("'s", "\u2019s"):
        if text.endswith(suffix, start, end) and end - start > len(suffix):
            end -= len(suffix)
    return start, end


@register_stage(
    STAGE,
    assigns=(ENTITIES, GROUPS),
    requires=(PARSE,),
    order=20,
    description="spaCy named entities with one canonical name per actor (titles, surnames, variants merged); "
    "the group names among them",
)
def make_entities() -> EntitiesStage:
    return EntitiesStage()
