"""Pair quotation marks into quoted regions, tolerant of real-world typography.

Why not count marks two by two: news text mixes curly and straight marks,
continues a quotation over several paragraphs by opening each paragraph
without closing the previous one, nests single quotes inside double quotes,
and sometimes simply forgets a closing mark. One stray mark must not flip
every later quotation inside out, so regions are paired paragraph by
paragraph:

- curly marks say which side they are; a straight `"` opens when it follows a
  space, an opening bracket or a dash (or starts the text) and closes otherwise;
- an opening mark met while a quotation is open, with a sentence boundary
  between them, means the first mark was stray: it is dropped, so that it
  never swallows the next speaker's words;
- a paragraph that ends inside a quotation continues it when the next
  paragraph opens with a quotation mark (the multi-paragraph convention);
  otherwise the open quotation is closed at the end of its paragraph;
- two apostrophes ('') count as one straight double quote (wire-copy style);
- single quotes inside double quotes are quotes inside quotes and stay part of
  the outer quotation; outside them, a curly ‘...’ pair is a quotation (headline
  style), while straight single quotes are left alone (mostly apostrophes).
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

OPEN_CURLY = "\u201c\u00ab\u201e"
CLOSE_CURLY = "\u201d\u00bb"
STRAIGHT = '"'
_OPENING_CONTEXT = " \t\n\r([{\u2014\u2013-/\u00a0"
# A sentence ends and another begins: ". The", "? “We" (a stray mark must not pair across it).
_SENTENCE_BREAK = re.compile("[.!?][\u201d\"']?\\s+[\u201c\"]?[A-Z]")
# Every character the pairing loop acts on; it jumps from one to the next over plain text.
_MARK = re.compile("[" + re.escape(OPEN_CURLY + CLOSE_CURLY + STRAIGHT + "'") + "]")


@dataclass(frozen=True)
class QuotedRegion:
    """Characters [start, end) including the quotation marks; `pieces` are its per-paragraph parts."""

    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]
    closed: bool

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end

    def overlaps(self, start: int, end: int) -> bool:
        return start < self.end and self.start < end


class SortedRegions(list[QuotedRegion]):
    """Quoted regions in order of start, answering "inside / touching a quotation?" by bisection.

    Why: the attribution rules ask whether a word lies inside a quotation for
    nearly every token, and scanning every region each time made a long
    article quadratic. With the running maximum of the ends, each
    answer is exact for any regions, overlapping or not, and costs O(log n).
    The list must not be changed after it is built.
    """

    def __init__(self, regions: Iterable[QuotedRegion] = ()) -> None:
        super().__init__(sorted(regions, key=lambda r: r.start))
        self.starts = [r.start for r in self]
        self.max_ends = list(itertools.accumulate((r.end for r in self), max))

    def any_contains(self, start: int, end: int) -> bool:
        """True when some region holds all of [start, end)."""
        i = bisect.bisect_right(self.starts, start)
        return i > 0 and self.max_ends[i - 1] >= end

    def any_overlaps(self, start: int, end: int) -> bool:
        """True when some region shares a character with [start, end)."""
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.max_ends[i - 1] > start

    def first_starting_from(self, offset: int) -> int:
        """Index of the first region starting at or after `offset` (len(self) if none)."""
        return bisect.bisect_left(self.starts, offset)

    def first_ending_after(self, offset: int) -> int:
        """Index of the first region (in order) that ends after `offset` (len(self) if none)."""
        return bisect.bisect_right(self.max_ends, offset)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: runs of text between newlines."""
    out: list[tuple[int, int]] = []
    start = 0
    while (i := text.find("\n", start)) >= 0:
        if i > start:
            out.append((start, i))
        start = i + 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def _is_opening(text: str, i: int) -> bool:
    ch = text[i]
    if ch in OPEN_CURLY:
        return True
    if ch in CLOSE_CURLY:
        return False
    return i == 0 or text[i - 1] in _OPENING_CONTEXT


class _RegionCache:
    """The regions of the last few texts, so that the stages asking for one article's regions
    (quotes, actors, techniques, claims, voices: about five times) pair its marks only once.

    Bounded by entry count and by total characters, so that it never keeps many long texts
    alive; a pipeline batch of ordinary articles still fits. Thread-safe.
    """

    def __init__(self, max_texts: int, max_chars: int) -> None:
        self.max_texts, self.max_chars = max_texts, max_chars
        self._entries: OrderedDict[str, tuple[QuotedRegion, ...]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def get(self, text: str) -> tuple[QuotedRegion, ...]:
        with self._lock:
            found = self._entries.get(text)
            if found is not None:
                self._entries.move_to_end(text)
                return found
        regions = tuple(_pair_marks(text))
        with self._lock:
            if text not in self._entries:
                self._entries[text] = regions
                self._chars += len(text)
            while len(self._entries) > 1 and (len(self._entries) > self.max_texts or self._chars > self.max_chars):
                old, _ = self._entries.popitem(last=False)
                self._chars -= len(old)
        return regions

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._chars = 0


_CACHE = _RegionCache(max_texts=32, max_chars=8_000_000)


def quoted_regions(text: str) -> list[QuotedRegion]:
    """All quoted regions of `text`, in order, never overlapping.

    A new list on every call (callers may change it); the pairing itself is cached per text.
    """
    return list(_CACHE.get(text))


def _pair_marks(text: str) -> list[QuotedRegion]:
    regions: list[QuotedRegion] = []
    paragraphs = _paragraphs(text)
    carried: list[tuple[int, int]] = []  # pieces of a quotation continued from earlier paragraphs
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        if carried:
            first = text[p_start:p_end].lstrip()
            if first and (first[0] in OPEN_CURLY or first[0] == STRAIGHT or first.startswith("''")):
                open_at = p_start + (len(text[p_start:p_end]) - len(first))
                i = open_at + (2 if first.startswith("''") else 1)
            else:
                regions.append(_region(carried, closed=False))
                carried = []
                i = p_start
        else:
            i = p_start
        while i < p_end:
            mark = _MARK.search(text, i, p_end)
            if mark is None:
                break
            i = mark.start()
            ch = text[i]
            if ch == "'" and text.startswith("''", i):
                # Two apostrophes stand for a straight double quote in some wire copy.
                opening = i == 0 or text[i - 1] in _OPENING_CONTEXT
                if open_at is None:
                    open_at = i
                elif not opening:
                    carried.append((open_at, i + 2))
                    regions.append(_region(carried, closed=True))
                    carried, open_at = [], None
                i += 2
                continue
            if ch in OPEN_CURLY or ch in CLOSE_CURLY or ch == STRAIGHT:
                opening = _is_opening(text, i)
                if open_at is not None and opening and _SENTENCE_BREAK.search(text, open_at + 1, i):
                    # An opening mark after a full sentence while a quotation is open: the earlier
                    # mark was stray (its close forgotten); it must not swallow the next words.
                    open_at = None
                    carried = []
                if open_at is None:
                    if opening or ch == STRAIGHT:
                        open_at = i
                    # a lone closing curly mark with nothing open is ignored
                elif not opening or ch == STRAIGHT:
                    carried.append((open_at, i + 1))
                    regions.append(_region(carried, closed=True))
                    carried, open_at = [], None
            i += 1
        if open_at is not None:
            carried.append((open_at, _rstrip(text, open_at, p_end)))
            nxt = paragraphs[p_index + 1] if p_index + 1 < len(paragraphs) else None
            if nxt is None:
                regions.append(_region(carried, closed=False))
                carried = []
    if carried:
        regions.append(_region(carried, closed=False))
    singles = _single_quoted(text, paragraphs, regions)
    return sorted(regions + singles, key=lambda r: r.start) if singles else regions


def _single_quoted(text: str, paragraphs: list[tuple[int, int]], regions: list[QuotedRegion]) -> list[QuotedRegion]:
    """Curly single quotes used as the outer quotation (headline style: Roe: ‘We Will Win.’).

    Only outside double-quoted regions; an opening ‘ must follow a space, colon, dash
    or the paragraph start, and the closing ’ must not be followed by a letter (so the
    apostrophe of "I’m" never closes it). An unclosed ‘ gives nothing.
    """
    out: list[QuotedRegion] = []
    if "\u2018" not in text:
        return out
    double = SortedRegions(regions)  # inside / overlapping a double-quoted region, by bisection
    for p_start, p_end in paragraphs:
        i = p_start
        while i < p_end:
            i = text.find("\u2018", i, p_end)
            if i < 0:
                break
            if (i > p_start and text[i - 1] not in _OPENING_CONTEXT + ":") or double.any_contains(i, i + 1):
                i += 1
                continue
            j = i + 1
            close = -1
            while True:
                j = text.find("\u2019", j, p_end)
                if j < 0:
                    break
                if j + 1 >= p_end or not text[j + 1].isalnum():
                    close = j
                    break
                j += 1
            if close < 0 or double.any_overlaps(i, close + 1):
                break
            out.append(QuotedRegion(start=i, end=close + 1, pieces=((i, close + 1),), closed=True))
            i = close + 1
    return out


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


def _region(pieces: list[tuple[int, int]], *, closed: bool) -> QuotedRegion:
    return QuotedRegion(start=pieces[0][0], end=pieces[-1][1], pieces=tuple(pieces), closed=closed)


def region_at(regions: list[QuotedRegion], start: int, end: int) -> QuotedRegion | None:
    """The region overlapping [start, end) most, if any."""
    best, best_overlap = None, 0
    for region in regions:
        overlap = min(end, region.end) - max(start, region.start)
        if overlap > best_overlap:
            best, best_overlap = region, overlap
    return best


def quote_mask(length: int, regions: list[QuotedRegion]) -> bytearray:
    """1 for every character inside a quoted region (marks included), else 0."""
    mask = bytearray(length)
    for region in regions:
        for start, end in region.pieces:
            mask[start:end] = b"\x01" * (end - start)
    return mask
