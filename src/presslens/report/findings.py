"""One-line descriptions of findings and the findings strip's lanes, shared by the HTML report and the web page.

Why one module: a reader must see a technique, a claim or a quote described
the same way in the report's hover titles, its screen-reader labels, the
chart marks and the web page, so the words and the lanes are built once.

Two kinds of words: `finding_notes` gives the short note shown when a
reader hovers or focuses a passage (the report's `title`, the web page's
detail box); `technique_words`, `claim_words` and `quote_words` also quote
the passage, for screen-reader labels and chart marks. All are plain text:
the HTML report escapes them where it writes them, the web page sets them
as text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..document import Claim, Document, Entity, Quote, Technique, TimeExpression
from ..voices.speaking import speaker_label
from . import presentation as p
from .svg import Lane, Mark
from .text import clip

# How each quote kind is drawn in the strip, so the kind is told by shape and not by colour alone.
QUOTE_SHAPES = {"direct": "full", "indirect": "outline", "mixed": "half"}

# Anchor of finding `index` of a layer ("tec", "quo", "cla") in the page that shows the article.
Anchor = Callable[[str, int], str]


def voice_words(voice: str, speaker: str | None, source: Any) -> str:
    if voice == "author":
        return "in the author's own words"
    return f"in {speaker_label(voice, speaker, source)}'s {voice} words"


def _quoted(text: str) -> str:
    return f"\u201c{clip(text, 80)}\u201d"


def _scored(finding: Technique | Claim) -> str:
    """The part a finding's note and words share: "score 0.90 (high), in the author's own words"."""
    return (
        f"score {finding.score:.2f} ({p.score_word(finding.score)}), "
        f"{voice_words(finding.voice, finding.speaker, finding.source)}"
    )


def _technique_name(t: Technique) -> str:
    d = p.technique(t.technique)
    name = f"{d.name} ({d.code})"
    return f"Candidate (low precision): {name}" if t.lane == "candidate" else name


# What the reports say about the candidates lane and about what the shown spans miss.
CANDIDATES_NOTE = (
    "Passages the model flags for techniques it gets right less than 30% of the time (measured against "
    "annotated news), and epithets it scores low. Switch them on above to read them as leads, not findings."
)


def recall_sentence(facts: Any) -> str:
    """Plainly, how much the shown spans find: "no technique shown" does not mean none is there."""
    if facts.recall is None:
        return "Shown spans are the confident ones: a passage without a mark may still use a technique."
    return (
        f"Shown spans find about {facts.recall:.0%} of the passages trained annotators marked in held-out news "
        f"(and about {facts.precision:.0%} of them match a marked technique), so a passage without a mark, "
        "or an article with no technique shown, may still use one."
    )


def technique_words(t: Technique) -> str:
    return f"{_technique_name(t)}, {_scored(t)}: {_quoted(t.text)}"


def claim_words(c: Claim) -> str:
    return f"Check-worthy claim, {_scored(c)}: {_quoted(c.text)}"


def quote_words(q: Quote) -> str:
    return f"{quote_note(q)}: {_quoted(q.content.text)}"


def entity_note(e: Entity) -> str:
    return f"{p.entity_type(e.label)}: {e.canonical}"


def time_note(t: TimeExpression) -> str:
    return f"{'time' if t.label == 'TIME' else 'date'}: {t.value or 'unresolved'}"


def quote_note(q: Quote) -> str:
    return f"{q.kind.capitalize()} quote of {q.speaker or 'an unresolved speaker'}"


# How a speaker was resolved, in the reader's words (`Quote.resolved_by`).
RESOLVED_BY = {
    "name": "named in the source",
    "apposition": "named in apposition",
    "relative": "the name 'who' refers to",
    "pronoun": "pronoun, resolved to the last compatible mention",
    "description": "description, resolved to the last compatible mention",
    "possessor": "speaks for the possessor",
    "document": "the last speaker, for a document",
    "continuation": "continues the previous speaker",
}


def source_note(q: Quote) -> str:
    if q.speaker is None:
        return "Source: unresolved"
    how = RESOLVED_BY.get(q.resolved_by or "")
    return f"Source: {q.speaker} ({how})" if how else f"Source: {q.speaker}"


def technique_note(t: Technique) -> str:
    """Name, code, score and voice; the definition is shown beside it by the caller (the report appends
    it to the hover title, the web page shows it on a line of its own)."""
    return f"{_technique_name(t)}: {_scored(t)}"


def claim_note(c: Claim) -> str:
    return f"Check-worthy claim: {_scored(c)}"


def finding_notes(doc: Document) -> dict[str, list[str]]:
    """The note of every finding, by layer (in layer order; "sources" are the quotes' sources, one per
    quote), each list indexed like its layer. A layer the document lacks gives an empty list."""
    quotes = doc.quotes or []
    return {
        "entities": [entity_note(e) for e in doc.entities or []],
        "times": [time_note(t) for t in doc.times or []],
        "quotes": [quote_note(q) for q in quotes],
        "sources": [source_note(q) for q in quotes],
        "techniques": [technique_note(t) for t in doc.techniques or []],
        "claims": [claim_note(c) for c in doc.claims or []],
    }


def finding_lanes(doc: Document, anchor: Anchor) -> list[Lane]:
    """The strip's lanes: techniques, quotes (content spans) and claims, each mark linked by `anchor`."""
    lanes = []
    if doc.techniques is not None:
        lanes.append(
            Lane(
                "Techniques",
                [
                    Mark(t.start, t.end, technique_words(t), anchor("tec", i), p.technique_colour(t.technique))
                    for i, t in enumerate(doc.techniques)
                    if t.lane == "shown"
                ],
            )
        )
    if doc.quotes is not None:
        lanes.append(
            Lane(
                "Quotes",
                [
                    Mark(q.content.start, q.content.end, quote_words(q), anchor("quo", i), p.QUOTE_INK,
                         QUOTE_SHAPES[q.kind])
                    for i, q in enumerate(doc.quotes)
                ],
                key="solid direct, outline indirect, half mixed",
            )
        )
    if doc.claims is not None:
        lanes.append(
            Lane(
                "Claims",
                [Mark(c.start, c.end, claim_words(c), anchor("cla", i), p.CLAIM_COLOUR) for i, c in enumerate(doc.claims)],
            )
        )
    return lanes
