"""Counts and groupings shown by both the HTML report and the terminal summary.

Pure functions over a `Document`, so the two renderers show the same numbers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..document import TECHNIQUE_LABELS, TECHNIQUES, Document, Entity, Technique
from ..voices.speaking import speaker_label
from .presentation import technique_name

LAYER_TITLES: dict[str, str] = {
    "sentences": "Sentences",
    "entities": "Entities",
    "times": "Dates and times",
    "quotes": "Quotes",
    "techniques": "Persuasion techniques",
    "candidates": "Candidates (low precision)",
    "claims": "Check-worthy claims",
}
SHOWN_LAYERS: tuple[str, ...] = tuple(LAYER_TITLES)


_DATE_SOURCES = {
    "metadata": "from the page's metadata",
    "url": "from its address",
    "text": "from a dateline in the text",
    "feed": "from the feed",
    "given": "given with --published",
}


def published_label(doc: Document) -> str:
    """The publication date and where it came from ("2024-04-11, from the page's metadata"), or "unknown"."""
    if doc.published is None:
        return "unknown"
    where = _DATE_SOURCES.get(doc.published_from or "")
    return f"{doc.published.isoformat()}, {where}" if where else doc.published.isoformat()


def byline(doc: Document) -> str | None:
    """The authors as one line ("Ana Ruiz and Ben Osei"), or None when the page names none."""
    names = doc.authors or []
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# The technique layer's lanes, by the name of the layer readers see them as.
_LANES = {"techniques": "shown", "candidates": "candidate"}


def in_lane(techniques: Iterable[Technique], lane: str) -> list[Technique]:
    """The spans of one lane ("shown" or "candidate"): every filter by lane goes through here."""
    return [t for t in techniques if t.lane == lane]


def shown(techniques: Iterable[Technique]) -> list[Technique]:
    """The spans readers see by default (lane "shown"): what every count and chart is about."""
    return in_lane(techniques, "shown")


def candidates(techniques: Iterable[Technique]) -> list[Technique]:
    """The spans of the switchable candidates lane (low measured precision)."""
    return in_lane(techniques, "candidate")


def layer_counts(doc: Document) -> dict[str, int | None]:
    """Items per layer (techniques: the shown lane; candidates: the candidates lane); None for a layer not produced."""
    out: dict[str, int | None] = {}
    for name in SHOWN_LAYERS:
        lane = _LANES.get(name)
        items = getattr(doc, TECHNIQUES if lane else name)
        out[name] = None if items is None else len(in_lane(items, lane) if lane else items)
    return out


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
    """A PTC label as people read it: "Name_Calling,Labeling" -> "Name calling, labeling".

    Why: the exact labels (kept in JSON) join words with underscores and
    alternatives with commas, which a terminal can neither wrap nor list.
    The names live in `presentation` so that every view says the same.
    """
    return technique_name(label)


def technique_counts(techniques: list[Technique], *, lane: str = "shown") -> list[tuple[str, int]]:
    """Spans per technique in one lane (shown by default), most first."""
    counts = Counter(t.technique for t in in_lane(techniques, lane))
    return sorted(counts.items(), key=lambda kv: (-kv[1], TECHNIQUE_LABELS.index(kv[0])))


def voice_split(techniques: list[Technique]) -> dict[str, Counter[str]]:
    """Technique counts per voice (shown spans): author, quoted, paraphrased."""
    split: dict[str, Counter[str]] = defaultdict(Counter)
    for t in shown(techniques):
        split[t.voice][t.technique] += 1
    return {voice: split.get(voice, Counter()) for voice in ("author", "quoted", "paraphrased")}


def technique_examples(techniques: list[Technique], *, per_technique: int = 2) -> dict[str, list[Technique]]:
    """The highest-scoring shown spans of each technique."""
    grouped: dict[str, list[Technique]] = defaultdict(list)
    for t in sorted(shown(techniques), key=lambda t: -t.score):
        if len(grouped[t.technique]) < per_technique:
            grouped[t.technique].append(t)
    return grouped


@dataclass
class VoiceTechniques:
    """The technique spans in one voice: the author's, or one speaker's (quoted and paraphrased).

    `first` maps a technique label to the index (in `doc.techniques`) of its
    first span in this voice, so a chart can link to the passage.
    """

    label: str
    counts: Counter[str] = field(default_factory=Counter)
    first: dict[str, int] = field(default_factory=dict)


def techniques_by_speaker(doc: Document, *, max_rows: int = 8) -> list[VoiceTechniques]:
    """The author first, then every speaker (quoted or with techniques), most techniques first (shown spans).

    Speakers are named as every report names them (`speaker_label`). A
    speaker quoted without any technique gets a row with no counts, so a
    reader sees who spoke plainly too. Speakers past `max_rows` are merged
    into one "other speakers" row.
    """
    rows: dict[str, VoiceTechniques] = {"author": VoiceTechniques("author")}
    for q in doc.quotes or []:
        label = speaker_label("quoted", q.speaker, q.source)
        rows.setdefault(label, VoiceTechniques(label))
    for i, t in enumerate(doc.techniques or []):
        if t.lane != "shown":
            continue
        row = rows.setdefault(speaker_label(t.voice, t.speaker, t.source), VoiceTechniques(""))
        if not row.label:
            row.label = speaker_label(t.voice, t.speaker, t.source)
        row.counts[t.technique] += 1
        row.first.setdefault(t.technique, i)
    author = rows.pop("author")
    speakers = sorted(rows.values(), key=lambda r: -sum(r.counts.values()))  # stable: first seen first
    if len(speakers) > max_rows - 1:
        rest = speakers[max_rows - 2 :]
        merged = VoiceTechniques(f"{len(rest)} other speakers")
        for r in rest:
            merged.counts.update(r.counts)
            for k, v in r.first.items():
                merged.first[k] = min(v, merged.first.get(k, v))
        speakers = [*speakers[: max_rows - 2], merged]
    return [author, *speakers]
