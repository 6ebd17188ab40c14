"""Which entity mentions name a group: the one definition the techniques and claims layers mask.

Why one definition: the group a sentence names must not change what the
models find (techniques read each group mention as one [MASK] token, claims
as a neutral phrase of its kind), and both must hide the same words, or a
sentence about one group would be read differently by the two layers. A
group mention is an entity of the `entities` layer with a label of
`GROUP_LABELS`: spaCy's recogniser plus the parse stage's lexicon of
countries, peoples, religions and parties (`presslens.parse.group_names`,
applied by the `GroupNames` component after NER), with the label the
entities stage resolved for the actor ("Trump" once read as ORG stays a
person, so it is not masked).

Why from the entities stage, not the parse: that resolved label decides what
is masked, and only the entities stage knows it; a layer built from the
parse's own labels hid other words in 24 of 31 test articles.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..document import Entity, GroupName

# spaCy/OntoNotes labels: nationalities/religious/political groups, countries/cities, organisations, places
GROUP_LABELS: frozenset[str] = frozenset({"NORP", "GPE", "ORG", "LOC"})


def group_names(text: str, entities: Iterable[Entity]) -> list[GroupName]:
    """The group mentions among `entities` of `text`, in the entities' order."""
    return [GroupName.of(text, e.start, e.end, label=e.label) for e in entities if e.label in GROUP_LABELS]
