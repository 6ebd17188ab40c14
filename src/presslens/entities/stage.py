"""Named entities from the shared spaCy parse, each with its actor's canonical name.

DATE and TIME mentions go to the `times` layer instead, where they are
normalised; every other spaCy label is kept here (quantities too: claims
point at them as checkable parts). The stage also assigns the in-memory
`groups` layer, the entities that name a group (`entities.groups`), which
the techniques and claims stages read to mask them.
"""

from __future__ import annotations

from typing import Any

from ..document import ENTITIES, GROUPS, PARSE, Document, Entity, strip_span
from ..entities.canonical import INSTITUTION_HEADS, canonical_names, is_title
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
        ents = [e for e in parsed.ents if e.label_ not in TIME_LABELS and not _title_of_next(parsed, e)]
        whole = [whole_name(parsed, e) for e in ents]
        joined = [hyphen_joined(parsed, e, start) for (start, _), e in zip(whole, ents)]
        # a part a hyphenated name took in ("Lee" of "Sheila Jackson-Lee") is no entity of its own: it
        # can only be the entity just before or after one that grew
        taken = {
            j for k, ((a, b), (start, _), e) in enumerate(zip(joined, whole, ents)) if (a, b) != (start, e.end_char)
            for j in (k - 1, k + 1) if 0 <= j < len(ents) and a <= ents[j].start_char and ents[j].end_char <= b
        }
        kept = [k for k in range(len(ents)) if k not in taken]
        whole = [whole[k] for k in kept]
        spans = [_trim(doc.text, *joined[k]) for k in kept]
        names = canonical_names([(doc.text[s:e], label) for (s, e), (_, label) in zip(spans, whole)])
        items = [
            Entity.of(doc.text, s, e, label=label, canonical=canonical)
            for (s, e), (canonical, label) in zip(spans, names)
            if e > s
        ]
        return doc.with_layer(ENTITIES, items, stage=STAGE).with_groups(group_names(doc.text, items))


# Words that open a place's name rather than a person's ("Port Said", "Bab al-Amoud", "Wadi Ara").
PLACE_PREFIXES = frozenset(
    "port bab wadi jabal jebel tel ras bir ain kafr kfar beit deir khan mount fort cape".split()
)
# Prepositions of place: "in Sheikh Jarrah" is a place, "with Sheikh Hasina" a person.
_LOCATIVE = frozenset("in at near around outside inside into across through towards toward within".split())
# Nouns after a name that make it a place ("the Sheikh Jarrah neighbourhood").
_PLACE_NOUNS = frozenset(
    "neighbourhood neighborhood district area quarter compound camp checkpoint crossing village town".split()
)
# Capitalised nouns before a name that are not given names ("Opposition leader", "Border guard"),
# beside INSTITUTION_HEADS ("Police chief", "Army spokesman"), which `whole_name` reads too.
_NOT_GIVEN = frozenset(
    """opposition rebel militia campaign labour labor
    border security defence defense foreign interior finance health justice""".split()
)
_FACILITIES = frozenset(
    """mosque church temple cathedral synagogue shrine palace square street road avenue gate bridge
    airport station port""".split()
)


def whole_name(parsed: Any, ent: Any) -> tuple[int, str]:
    """(start character, label) of an entity with the title word the recogniser left out of a place's
    or an institution's name put back: "Sheikh Jarrah" (not the person "Jarrah"), "Sultan Ahmed Mosque",
    "Queen Mary University", "Port Said". A person's own title stays out ("President Joe Biden"),
    and a given name left out of a person's name is put back ("Leyla Mammadova").
    """
    label = ent.label_
    words = ent.text.split()
    last = words[-1].lower().rstrip(".") if words else ""
    prev = parsed[ent.start - 1] if ent.start > 0 else None
    titled = prev is not None and prev.text[:1].isupper() and is_title(prev.text)
    start = prev.idx if titled and prev is not None else ent.start_char
    if last in INSTITUTION_HEADS:
        if label == "PERSON":
            label = "FAC" if last in _FACILITIES else "ORG"
        return (start if titled else ent.start_char), label
    if label != "PERSON":
        return ent.start_char, label
    if (
        prev is not None and not titled and prev.pos_ in ("PROPN", "NOUN") and prev.dep_ == "compound"
        and prev.head.i in range(ent.start, ent.end) and not prev.ent_type_ and prev.text[:1].isupper()
        and prev.text[1:].islower() and prev.lower_ not in INSTITUTION_HEADS and prev.lower_ not in _NOT_GIVEN
    ):
        # a given name the recogniser left out ("Leyla" of "Leyla Mammadova")
        return prev.idx, label
    first = (prev.lower_ if titled and prev is not None else words[0].lower()) if words else ""
    before = parsed[ent.start - 2] if titled and ent.start > 1 else prev
    after = parsed[ent.end] if ent.end < len(parsed) else None
    if (
        first in PLACE_PREFIXES
        or (titled and before is not None and before.lower_ in _LOCATIVE)
        or (after is not None and after.lower_ in _PLACE_NOUNS)
    ):
        return start, "LOC"
    return ent.start_char, label


# Labels whose names may join capitalised parts with a hyphen ("Sheila Jackson-Lee", "Glass-Steagall");
# not peoples and places, where a hyphen joins two of them ("Arab-Israeli", "Israel-Gaza").
HYPHENATED_LABELS = frozenset({"PERSON", "LAW", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT"})
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})


def hyphen_joined(parsed: Any, ent: Any, start: int) -> tuple[int, int]:
    """(start, end) characters of an entity with the capitalised parts of a hyphenated name that the
    recogniser cut off put back: "Jackson-Lee" of "Sheila Jackson-Lee" (it gave "Sheila Jackson"),
    "Smith-Jones", "Glass-Steagall". Only across a hyphen with no space on either side, only to a
    capitalised word outside any other entity, or a one-word entity of the same kind after a name of
    several words (the recogniser's "Sheila Jackson" + "Lee"; "Trump-Pence" stays two), and never
    for peoples, places or organisations ("Arab-Israeli", "Israel-Hezbollah"): the same rule for
    every name.
    """
    end = ent.end_char
    if ent.label_ not in HYPHENATED_LABELS:
        return start, end
    k = ent.end  # rightwards: "Jackson" + "-" + "Lee"
    while k + 1 < len(parsed) and _glued(parsed[k - 1], parsed[k]) and _name_part(parsed[k + 1], ent):
        end, k = parsed[k + 1].idx + len(parsed[k + 1]), k + 2
    k = ent.start - 1  # leftwards: "Smith" + "-" + "Jones" when only "Jones" was found
    while start == parsed[k + 1].idx and k >= 1 and _glued(parsed[k - 1], parsed[k]) and _name_part(parsed[k - 1], ent):
        start, k = parsed[k - 1].idx, k - 2
    return start, end


def _glued(word: Any, hyphen: Any) -> bool:
    """`hyphen` is a hyphen with no space between it and the words on either side."""
    return hyphen.text in _HYPHENS and not word.whitespace_ and not hyphen.whitespace_


def _name_part(token: Any, ent: Any) -> bool:
    """A capitalised word that no entity holds, or that is a one-word entity of `ent`'s kind when `ent`
    is a name of several words (a hyphen never joins two names found as two: "Trump-Pence")."""
    if not (token.text[:1].isupper() and token.is_alpha):
        return False
    if token.ent_iob_ == "O":
        return True
    doc = token.doc
    alone = token.ent_iob_ == "B" and (token.i + 1 >= len(doc) or doc[token.i + 1].ent_iob_ != "I")
    return alone and token.ent_type_ == ent.label_ and len(ent) >= 2


def _title_of_next(parsed: Any, ent: Any) -> bool:
    """An entity made only of title words right before a person ("Supreme" in "Supreme Leader Ali
    Khamenei"): part of that person's title, not an actor of its own."""
    if not all(is_title(t.text) for t in ent):
        return False
    k = ent.end
    while k < len(parsed) and is_title(parsed[k].text) and parsed[k].text[:1].isupper():
        k += 1
    return k < len(parsed) and parsed[k].ent_type_ == "PERSON"


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
