"""Quotations no cue claims: continuing a speaker's quotation, and orphan quotations.

Why a module of its own: these rules run after the cue rules and univocality,
over the attributions already kept: a quotation that follows a quote (same
paragraph or the next paragraphs) continues it, and a long unclaimed quotation
takes its speaker from the clause opening its sentence or a direct quote just
before it.
"""

from __future__ import annotations

import bisect
from typing import Any

from .cue_spans import cue_span
from .quotemarks import QuotedRegion, SortedRegions
from .spans import RawAttribution, SpanSet, in_regions, tok_span

# An unclaimed quotation of at least this many words is reported speech, not a scare quote.
ORPHAN_MIN_WORDS = 6
# How far (characters) a quotation may follow a direct quote and still continue its speaker.
ORPHAN_REACH = 300


def _lead_in_clause(parsed: Any, region: QuotedRegion, regions: list[QuotedRegion]) -> RawAttribution | None:
    """ "Roe shot back, “...”", "Stated Roe: “...”": the clause that opens the quotation's sentence."""
    first = parsed.char_span(region.start, region.start + 1, alignment_mode="expand")
    if first is None:
        return None
    sent = first[0].sent
    if sent.start_char >= region.start:
        return None
    verbs = [
        t for t in sent
        if t.idx < region.start and t.pos_ in ("VERB", "AUX") and not in_regions(regions, t.idx, t.idx + len(t.text))
    ]
    for verb in reversed(verbs):
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.idx < region.start]
        subj = [c for c in subj if not in_regions(regions, c.idx, c.idx + len(c.text))]
        if subj:
            source = tok_span(t for t in subj[0].subtree if t.idx < region.start)
            if source is None:
                return None
            return RawAttribution([(region.start, region.end)], cue_span(verb), source, subj[0].i)
    return None


def orphan_quotes(
    parsed: Any, text: str, kept: list[RawAttribution], regions: list[QuotedRegion]
) -> list[RawAttribution]:
    """Quotations of a sentence or more that no cue claims.

    The clause that opens the quotation's sentence gives cue and source ("Roe shot
    back, “...”"); else a direct quote ending shortly before gives its speaker.
    """
    claimed = SpanSet(p for a in kept for p in a.parts())
    # (end, position in kept): the quotes that end shortly before a quotation, found by bisection.
    ends = sorted((a.end, i) for i, a in enumerate(kept))
    out: list[RawAttribution] = []
    for region in regions:
        if claimed.overlaps(region.start, region.end):
            continue
        if len(text[region.start : region.end].split()) < ORPHAN_MIN_WORDS:
            continue
        lead = _lead_in_clause(parsed, region, regions)
        if lead is not None:
            out.append(lead)
            continue
        lo = bisect.bisect_left(ends, (region.start - ORPHAN_REACH, -1))
        hi = bisect.bisect_right(ends, (region.start, len(kept)))
        if hi > lo:
            # The latest-ending one; among equal ends the first in `kept`, as max() would pick.
            last = kept[ends[bisect.bisect_left(ends, (ends[hi - 1][0], -1))][1]]
            # After a quotation, more quotation is most often the same speaker going on.
            if last.kind in ("direct", "mixed"):
                out.append(RawAttribution([(region.start, region.end)], last.cue, last.source, last.source_head))
        # Otherwise no speaker can be named, and the quotation is left out rather than guessed.
    return out


def _whole_paragraph(text: str, region: QuotedRegion) -> bool:
    """A quotation that is its whole paragraph (the next paragraph of a speech)."""
    line_start = text.rfind("\n", 0, region.start) + 1
    line_end = text.find("\n", region.end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start : region.start].strip() and not text[region.end : line_end].strip()


def continue_quotes(text: str, kept: list[RawAttribution], regions: list[QuotedRegion]) -> None:
    """ "A," she said. "B." -> B continues her quotation when nothing else claims it.

    A quotation that fills the next paragraph continues it too (a speech quoted over
    several paragraphs, each opened and closed), unless another cue claims it.
    """
    claimed = SpanSet(p for a in kept for p in a.parts())
    for att in kept:
        tail = att.end
        first = regions.first_starting_from(tail) if isinstance(regions, SortedRegions) else 0
        for k in range(first, len(regions)):
            region = regions[k]
            if region.start < tail:
                continue
            gap = text[tail : region.start]
            if any(ch.isalnum() for ch in gap):
                break
            if "\n" in gap and not _whole_paragraph(text, region):
                break
            if claimed.overlaps(region.start, region.end):
                break
            att.content.append((region.start, region.end))
            claimed.add((region.start, region.end))
            tail = region.end
