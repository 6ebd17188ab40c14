"""Turn scored candidates into the `claims` layer of a document.

Why only claims above the threshold: the layer is a worklist for
fact-checkers, so a sentence that is probably not check-worthy is left out
rather than listed with a low score; the threshold (default 0.5 on the
calibrated score, i.e. "more likely check-worthy than not") is set per stage.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..document import Claim, Document, Part
from .groups import Range, document_ranges
from .parts import find_parts, labelled_spans
from .units import Candidate, candidates


def claim_candidates(doc: Document, groups: Sequence[Range] | None = None) -> list[Candidate]:
    """The candidates of a document with a sentences layer (and quotes, when present).

    `groups` are the document's group mentions (`groups.document_ranges`, found here when not given).
    """
    if doc.sentences is None:
        raise ValueError("the claims stage needs the sentences layer of parse.v1")
    names = [(s, e) for s, e, _ in (document_ranges(doc) if groups is None else groups)]
    return candidates(doc.text, doc.sentences, doc.quotes, names=names)


def build_claims(
    doc: Document, found: Sequence[Candidate], scores: Sequence[float], *, threshold: float
) -> list[Claim]:
    """A `Claim` for every candidate whose calibrated score reaches `threshold`."""
    if len(found) != len(scores):
        raise ValueError(f"{len(found)} candidates but {len(scores)} scores")
    ents, time_spans = labelled_spans(doc.entities, doc.times, doc.parsed)
    text = doc.text
    claims: list[Claim] = []
    for cand, score in zip(found, scores):
        if score < threshold:
            continue
        parts = find_parts(text, cand.start, cand.end, ents, time_spans)
        claims.append(
            Claim.of(
                text,
                cand.start,
                cand.end,
                score=round(min(1.0, max(0.0, float(score))), 4),
                voice=cand.speaking.voice,
                speaker=cand.speaking.speaker,
                source=cand.speaking.source,
                quantities=[Part.of(text, s, e) for s, e in parts.quantities],
                entities=[Part.of(text, s, e) for s, e in parts.entities],
                times=[Part.of(text, s, e) for s, e in parts.times],
            )
        )
    return claims
