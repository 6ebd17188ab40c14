"""Which character ranges name a group (country, people, religion, party) and are masked for neutrality.

Why: the technique model learned from 2017-2019 US news, where some groups
co-occur with propaganda more than others, so the group named changed what
it detected (29% of counterfactual pairs differed without masking). Each
named-entity mention of these labels is read by the model as ONE neutral
[MASK] token (see `windows.mask_ranges`); this costs some accuracy (see
MODEL_CARD.md) and is on by default, because neutrality is a product rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..document import Document

# spaCy/OntoNotes labels: nationalities/religious/political groups, countries/cities, organisations, places
GROUP_LABELS: frozenset[str] = frozenset({"NORP", "GPE", "ORG", "LOC"})


def document_group_ranges(doc: Document) -> list[tuple[int, int]] | None:
    """Group mentions of a document: its `entities` layer, else the shared spaCy parse, else None."""
    if doc.entities is not None:
        return [(e.start, e.end) for e in doc.entities if e.label in GROUP_LABELS]
    if doc.parsed is not None:
        return parsed_group_ranges(doc.parsed)
    return None


def parsed_group_ranges(parsed: Any) -> list[tuple[int, int]]:
    return [(e.start_char, e.end_char) for e in parsed.ents if e.label_ in GROUP_LABELS]


def spacy_group_ranges(texts: Iterable[str]) -> list[list[tuple[int, int]]]:
    """Group mentions found by the English spaCy model (for corpus evaluation outside the pipeline)."""
    from ..parse.spacy_model import load_spacy

    nlp = load_spacy()
    return [parsed_group_ranges(parsed) for parsed in nlp.pipe(texts, batch_size=16)]
