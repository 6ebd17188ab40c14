"""Pairing cues with quotations: the quotation before or after a cue, widening to whole quotations.

Why a module of its own: these rules read the quotation regions and the text
between them and the cue ("He said: “...”", "“...,” said Roe", "A," she said,
"B."), not the parse, and content from any rule is widened to the quotations it
touches here.
"""

from __future__ import annotations

from typing import Any

from .quotemarks import QuotedRegion, SortedRegions
from .spans import RawAttribution, Span2


def following_region(text: str, verb: Any, regions: list[QuotedRegion]) -> QuotedRegion | None:
    """A quotation right after the cue clause ("He said: “...”", "she told reporters “...”").

    The quotation may open the next paragraph when the cue clause ends with a colon.
    """
    verb_end = verb.idx + len(verb.text)
    if isinstance(regions, SortedRegions):
        at = regions.first_starting_from(verb_end)
        region = regions[at] if at < len(regions) else None
    else:
        region = next((r for r in regions if r.start >= verb_end), None)
    if region is None:
        return None
    between = text[verb_end : region.start]
    if "." in between or any(q in between for q in "\"\u201c\u201d"):
        return None
    if between.rstrip().endswith(":") and len(between) <= 150:
        return region
    if "\n" not in between and len(between) <= 40:
        return region
    return None


def preceding_region(
    text: str, verb: Any, regions: list[QuotedRegion], source: Span2 | None, *, closed_by_comma: bool = True
) -> QuotedRegion | None:
    """A quotation just before the cue clause ("“...,” said Jane Roe").

    It must close with a comma (or ? ! dash), unless `closed_by_comma` is False and only
    the source stands between it and the cue ("“... missing.” Roe said").
    """
    best = None
    if isinstance(regions, SortedRegions):
        at = regions.first_ending_after(verb.idx)
        best = regions[at - 1] if at > 0 else None
    else:
        for region in regions:
            if region.end > verb.idx:
                break
            best = region
    if best is None:
        return None
    gap = text[best.end : verb.idx]
    inner = text[best.start : best.end].rstrip("\"\u201d\u00bb'\u2019 ")
    if len(gap) > 120 or "\n" in gap or any(q in gap for q in "\"\u201c\u201d") or _ends_sentence(gap):
        return None
    if inner[-1:] in (",", "?", "!", "\u2014", "-"):
        return best
    if not closed_by_comma and inner[-1:] in (".", "\u2026") and only_source_between(text, best.end, verb.idx, source):
        return best
    return None


def only_source_between(text: str, start: int, end: int, source: Span2 | None) -> bool:
    """True when nothing but the source phrase and punctuation lies in [start, end)."""
    if source is not None and start <= source[0] and source[1] <= end:
        rest = text[start : source[0]] + text[source[1] : end]
    else:
        rest = text[start:end]
    return not any(ch.isalnum() for ch in rest)


_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "st", "jr", "sr", "lt", "col", "prof"})


def _ends_sentence(gap: str) -> bool:
    """True when `gap` contains a full stop that ends a sentence (not "Mr." or "D.C.")."""
    for i, ch in enumerate(gap):
        if ch in ".!?" and gap[i + 1 : i + 2] == " ":
            word = gap[:i].rsplit(" ", 1)[-1].lower()
            if word not in _ABBREVIATIONS and not (len(word) == 1 or "." in word):
                return True
    return False


def widen_to_quotes(content: list[Span2], regions: list[QuotedRegion]) -> list[Span2]:
    """Extend content pieces to cover every quotation they touch."""
    out: list[Span2] = []
    for s, e in content:
        if isinstance(regions, SortedRegions):
            # Regions that end by `s` cannot touch the piece, however it widens later in the loop;
            # regions are in order of start, so the first one starting at or after `e` ends the scan.
            for k in range(regions.first_ending_after(s), len(regions)):
                r = regions[k]
                if r.start >= e:
                    break
                if r.overlaps(s, e):
                    s, e = min(s, r.start), max(e, r.end)
        else:
            for r in regions:
                if r.overlaps(s, e):
                    s, e = min(s, r.start), max(e, r.end)
        out.append((s, e))
    return _merge(out)


def _merge(spans: list[Span2]) -> list[Span2]:
    out: list[Span2] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def add_split_half(text: str, att: RawAttribution, regions: list[QuotedRegion]) -> None:
    """ "A," she said, "B." -> add the quotation B that follows the cue clause."""
    tail = max(e for _, e in (p for p in (att.cue, att.source) if p is not None))
    if any(s >= tail for s, _ in att.content):
        return
    first = regions.first_starting_from(tail) if isinstance(regions, SortedRegions) else 0
    for k in range(first, len(regions)):
        region = regions[k]
        if region.start >= tail:
            between = text[tail : region.start]
            if len(between) <= 3 and all(ch in " ,;:\u2014\u2013" for ch in between) and "," in between:
                att.content.append((region.start, region.end))
            return
