"""Group-name masks for texts analysed outside the pipeline (technique training and corpus evaluation).

Why masks: the technique model learned from 2017-2019 US news, where some
groups co-occur with propaganda more than others, so the group named changed
what it detected (29% of counterfactual pairs differed without masking). Each
group mention is read by the model as ONE neutral [MASK] token (see
`windows.mask_ranges`); this costs some accuracy (see MODEL_CARD.md) and is
on by default, because neutrality is a product rule.

In the pipeline the masks are the `groups` layer (`presslens.entities.groups`).
Here they are the parse's entities with a group label, as the shipped model was
trained and evaluated with them: they differ from the layer where the entities
stage resolves an actor's label ("Trump" read once as ORG), so moving training
and evaluation onto the layer would change the published numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..entities.groups import GROUP_LABELS


def parsed_group_ranges(parsed: Any) -> list[tuple[int, int]]:
    return [(e.start_char, e.end_char) for e in parsed.ents if e.label_ in GROUP_LABELS]


def spacy_group_ranges(texts: Iterable[str]) -> list[list[tuple[int, int]]]:
    """Group mentions found by the English spaCy model (for corpus evaluation outside the pipeline)."""
    from ..parse.spacy_model import load_spacy

    nlp = load_spacy()
    return [parsed_group_ranges(parsed) for parsed in nlp.pipe(texts, batch_size=16)]
