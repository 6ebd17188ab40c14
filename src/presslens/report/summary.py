"""Counts and groupings shown by both the HTML report and the terminal summary.

Pure functions over a `Document`, so the two renderers show the same numbers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..document import TECHNIQUE_LABELS, Document, Entity, Technique

LAYER_TITLES: dict[str, str] = {
    "sentences": "Sentences",
    "entities": "Entities",
    "times": "Dates and times",
    "quotes": "Quotes",
    "techniques": "Persuasion techniques",
    "claims": "Check-worthy claims",
}
SHOWN_LAYERS: tuple[str, ...] = tuple(LAYER_TITLES)


def layer_counts(doc: Document) -> dict[str, int | None]:
    """Items per layer; None for a layer that was not produced."""
    return {name: (None if getattr(doc, name) is None else len(getattr(doc, name))) for name in SHOWN_LAYERS}


@dataclass
class Actor:
    """All mentions of one canonical actor."""

    canonical: str
    label: str
    mentions: int = 0
    variants: Counter[str] = field(default_factory=Counter)


def actors(entities: list[Entity]) -> list[Actor]:
    """Actors by number of mentions (then name), with the spellings seen."""
    by_name: dict[tuple[str, str], Actor] = {}
    for e in entities:
        actor = by_name.setdefault((e.canonical, e.label), Actor(e.canonical, e.label))
        actor.mentions += 1
        actor.variants[e.text] += 1
    return sorted(by_name.values(), key=lambda a: (-a.mentions, a.canonical))


def technique_title(label: str) -> str:
    """A PTC label as people read it: "Name_Calling,Labeling" -> "Name Calling, Labeling".

    Why: the exact labels (kept in JSON) join words with underscores and
    alternatives with commas, which a terminal can neither wrap nor list.
    """
    return label.replace("_", " ").replace(",", ", ")


def technique_counts(techniques: list[Technique]) -> list[tuple[str, int]]:
    counts = Counter(t.technique for t in techniques)
    return sorted(counts.items(), key=lambda kv: (-kv[1], TECHNIQUE_LABELS.index(kv[0])))


def voice_split(techniques: list[Technique]) -> dict[str, Counter[str]]:
    """Technique counts per voice: author, quoted, paraphrased."""
    split: dict[str, Counter[str]] = defaultdict(Counter)
    for t in techniques:
        split[t.voice][t.technique] += 1
    return {voice: split.get(voice, Counter()) for voice in ("author", "quoted", "paraphrased")}


def technique_examples(techniques: list[Technique], *, per_technique: int = 2) -> dict[str, list[Technique]]:
    """The highest-scoring spans of each technique."""
    grouped: dict[str, list[Technique]] = defaultdict(list)
    for t in sorted(techniques, key=lambda t: -t.score):
        if len(grouped[t.technique]) < per_technique:
            grouped[t.technique].append(t)
    return grouped
