"""Character spans of raw attributions: the record the rules build and the helpers that shape its spans.

Why a module of its own: every rule family (cues, sources, quotation pairing,
orphan quotations) turns tokens into (start, end) character pairs, trims their
edges, asks whether they sit inside a quotation and cuts one span out of
another; they share these helpers and the `RawAttribution` they fill.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..document import strip_span
from .quotemarks import QuotedRegion, SortedRegions

Span2 = tuple[int, int]
_TRIM = " \t\n\r,;:\u2014\u2013-"


class SpanIndex:
    """Spans sorted by start with the running maximum of their ends: "does a span hold x?" in O(log n),
    exact for any spans, overlapping or not."""

    def __init__(self, spans: Iterable[Span2]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.max_ends = list(itertools.accumulate((e for _, e in ordered), max))

    def any_holds(self, offset: int) -> bool:
        """True when some span has start <= offset < end."""
        i = bisect.bisect_right(self.starts, offset)
        return i > 0 and self.max_ends[i - 1] > offset


class ParseIndex:
    """Tokens and sentences of one parse by character offset.

    Why not `Doc.char_span`: it walks the whole document on every call, and merging asks for
    spans a few hundred times per article; this looks them up by bisection.
    """

    def __init__(self, parsed: Any, text: str | None = None) -> None:
        self.parsed = parsed
        self.text: str = parsed.text if text is None else text  # `Doc.text` joins every token on each read
        from spacy.attrs import IDX, LENGTH

        # offsets as arrays, Token objects only for the few spans asked about
        offsets = parsed.to_array([IDX, LENGTH]).astype(np.int64).reshape(-1, 2)
        self.starts = offsets[:, 0].tolist()
        self.ends = (offsets[:, 0] + offsets[:, 1]).tolist()
        self.sentences = [(s.start_char, s.end_char) for s in parsed.sents]
        self.sentence_starts = [a for a, _ in self.sentences]

    def within(self, start: int, end: int) -> list[Any]:
        """Tokens wholly inside [start, end)."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [self.parsed[i] for i in range(lo, hi) if self.ends[i] <= end]

    def overlapping(self, start: int, end: int) -> list[Any]:
        """Tokens with a character in [start, end)."""
        lo = max(0, bisect.bisect_right(self.starts, start) - 1)
        hi = bisect.bisect_left(self.starts, end)
        return [self.parsed[i] for i in range(lo, hi) if self.ends[i] > start]

    def sentence(self, char: int) -> Span2:
        """Character range of the sentence holding `char`."""
        k = bisect.bisect_right(self.sentence_starts, char) - 1
        return self.sentences[k] if k >= 0 else (char, char + 1)

    def verbs(self, span: Span2) -> list[Any]:
        """The verbs among the tokens with a character in `span` (a cue's verbs)."""
        return [t for t in self.overlapping(*span) if t.pos_ == "VERB"]


@dataclass
class RawAttribution:
    """An attribution before speaker resolution; spans are character offsets."""

    content: list[Span2]
    cue: Span2 | None
    source: Span2 | None
    source_head: int | None = None  # token index of the source's head word, for coreference
    kind: str = "indirect"

    @property
    def start(self) -> int:
        return min(s for s, _ in self.parts())

    @property
    def end(self) -> int:
        return max(e for _, e in self.parts())

    def parts(self) -> list[Span2]:
        return [*self.content, *(p for p in (self.cue, self.source) if p is not None)]


def tokens_between(parsed: Any, start: int, end: int) -> list[Any]:
    """Tokens wholly inside [start, end), without walking the whole document."""
    span = parsed.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def doc_end(parsed: Any) -> int:
    last = parsed[-1] if len(parsed) else None
    return last.idx + len(last.text) if last is not None else 0


def tok_span(tokens: Iterable[Any]) -> Span2 | None:
    toks = list(tokens)
    if not toks:
        return None
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def trim(text: str, span: Span2) -> Span2:
    return strip_span(text, span[0], span[1], drop=_TRIM)


SOURCE_TRIM = True  # '"PENCE' -> 'PENCE' (commas and a final 's stay, as in PolNeAR: stripping them cost 2.4 on dev)
_SOURCE_EDGES = "\"\u201c\u201d"  # quotation marks only: PolNeAR sources keep their commas


def trim_source(text: str, span: Span2) -> Span2:
    """A source without quotation marks or dashes at its edges."""
    return strip_span(text, span[0], span[1], drop=_SOURCE_EDGES)


CONTENT_DROP_PERIOD = True  # PolNeAR's paraphrases end before the sentence's full stop
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St))\.$")


def trim_content(text: str, span: Span2) -> Span2:
    """A content without edge spaces and commas, and without the full stop that ends a
    paraphrase (not the one of "U.S." or "Jr.", nor one inside quotation marks)."""
    start, end = trim(text, span)
    if CONTENT_DROP_PERIOD and end > start + 1 and text[end - 1] == "." and not _ABBREVIATION_END.search(
        text, max(start, end - 6), end
    ):
        end -= 1
        start, end = trim(text, (start, end))
    return start, end


def in_regions(regions: list[QuotedRegion], start: int, end: int) -> bool:
    if isinstance(regions, SortedRegions):
        return regions.any_contains(start, end)
    return any(r.contains(start, end) for r in regions)


def touches_regions(regions: list[QuotedRegion], start: int, end: int) -> bool:
    if isinstance(regions, SortedRegions):
        return regions.any_overlaps(start, end)
    return any(r.overlaps(start, end) for r in regions)


class SpanSet:
    """A growing set of character spans that answers "does any overlap / hold this?" quickly.

    Spans are kept sorted by start; only those starting within the longest
    span's length before a query can reach it, so a query looks at a few
    neighbours instead of every span (the claimed parts and kept contents of a
    long article), and the answer stays exact.
    """

    def __init__(self, spans: Iterable[Span2] = ()) -> None:
        self.spans = sorted(spans)
        self.longest = max((e - s for s, e in self.spans), default=0)

    def add(self, span: Span2) -> None:
        bisect.insort(self.spans, span)
        self.longest = max(self.longest, span[1] - span[0])

    def _near(self, lo: int, hi: int) -> list[Span2]:
        """Spans starting in [lo, hi], a superset of every span that can reach [lo + longest, hi]."""
        first = bisect.bisect_left(self.spans, (lo,))
        last = bisect.bisect_right(self.spans, (hi, float("inf")))
        return self.spans[first:last]

    def overlaps(self, start: int, end: int) -> bool:
        """True when a span shares a character with [start, end): s < end and start < e."""
        return any(s < end and start < e for s, e in self._near(start - self.longest, end))

    def holds(self, start: int, end: int) -> bool:
        """True when a span contains [start, end): s <= start and end <= e."""
        return any(s <= start and end <= e for s, e in self._near(end - self.longest, start))


def cut(content: list[Span2], hole: Span2 | None) -> list[Span2]:
    """Remove `hole` from every content piece (the source or cue inside a ccomp subtree)."""
    if hole is None:
        return content
    out: list[Span2] = []
    for s, e in content:
        if hole[1] <= s or e <= hole[0]:
            out.append((s, e))
            continue
        if s < hole[0]:
            out.append((s, hole[0]))
        if hole[1] < e:
            out.append((hole[1], e))
    return out
