"""One-line descriptions of findings and the findings strip's lanes, shared by the HTML report and the web page.

Why one module: a reader must see a technique, a claim or a quote described
the same way in the report's hover titles, its screen-reader labels, the
chart marks and the web page, so the words and the lanes are built once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..document import Claim, Document, Quote, Technique
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


def technique_words(t: Technique) -> str:
    d = p.technique(t.technique)
    return (
        f"{d.name} ({d.code}), score {t.score:.2f} ({p.score_word(t.score)}), "
        f"{voice_words(t.voice, t.speaker, t.source)}: \u201c{clip(t.text, 80)}\u201d"
    )


def claim_words(c: Claim) -> str:
    return (
        f"Check-worthy claim, score {c.score:.2f} ({p.score_word(c.score)}), "
        f"{voice_words(c.voice, c.speaker, c.source)}: \u201c{clip(c.text, 80)}\u201d"
    )


def quote_words(q: Quote) -> str:
    return f"{q.kind.capitalize()} quote of {q.speaker or 'an unresolved speaker'}: \u201c{clip(q.content.text, 80)}\u201d"


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
