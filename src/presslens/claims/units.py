"""Cut an article into claim candidates and say who makes each one.

Why not just sentences: in news most factual claims are reported speech
("Taxes rose 4% last year, the mayor said"). The fact-checker must verify
what the mayor said, attributed to the mayor, not the reporting frame. So a
sentence whose larger part is a quote's content becomes a candidate spanning
only that content (the clause that carries the claim), with the quote's
speaker; any other sentence is a candidate in the author's own voice. A
quote's content that runs over several sentences is cut at sentence
boundaries, so every candidate lies inside one sentence.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Quote, Sentence, strip_span
from ..voices.speaking import AUTHOR, Speakers, Speaking

# A quote must cover at least this share of a sentence's characters to claim it.
QUOTE_SHARE = 0.5
# In that share a group name counts as this many characters whatever its length, so that naming
# "the United States" instead of "Russia" never moves a sentence across the share.
NAME_WIDTH = 8
# Fewer word characters than this is a fragment (dateline, byline, "Read more"), not a claim.
MIN_WORDS = 3

_WORD = re.compile(r"\w+")
_EDGE = "\"'\u201c\u201d\u2018\u2019«»,;:-\u2013\u2014 \t\n\r"


@dataclass(frozen=True)
class Candidate:
    """A span that may carry a claim, and the voice it is made in."""

    start: int
    end: int
    speaking: Speaking
    sentence_index: int


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces, quotation marks and dangling punctuation at both ends."""
    return strip_span(text, start, end, drop=_EDGE)


def _width(start: int, end: int, names: Sequence[tuple[int, int]], name_starts: Sequence[int]) -> int:
    """Characters in [start, end), each name inside counted as `NAME_WIDTH` characters."""
    width = end - start
    for s, e in names[bisect.bisect_left(name_starts, start) :]:
        if s >= end:
            break
        if e <= end:
            width += NAME_WIDTH - (e - s)
    return max(1, width)


def candidates(
    text: str,
    sentences: Sequence[Sentence],
    quotes: Sequence[Quote] | None,
    *,
    names: Sequence[tuple[int, int]] = (),
) -> list[Candidate]:
    """One candidate per sentence: the quoted clause when a quote covers most of it.

    `names` are (start, end) group mentions, counted at a fixed width when measuring "most of it".
    """
    names = sorted(names)
    name_starts = [s for s, _ in names]
    out: list[Candidate] = []
    speakers = Speakers(text, quotes)
    contents = sorted(quotes or (), key=lambda q: q.content.start)
    # Only quotes starting before the sentence ends and, from the first whose running maximum
    # end passes its start, can overlap it: bisection instead of every quote per sentence,
    # which was quadratic on long articles.
    starts = [q.content.start for q in contents]
    max_ends = list(itertools.accumulate((q.content.end for q in contents), max))
    for index, sentence in enumerate(sentences):
        best: tuple[int, int, Quote] | None = None
        first, stop = bisect.bisect_right(max_ends, sentence.start), bisect.bisect_left(starts, sentence.end)
        for quote in contents[first:stop]:
            lo, hi = max(sentence.start, quote.content.start), min(sentence.end, quote.content.end)
            if hi > lo and (best is None or hi - lo > best[1] - best[0]):
                best = (lo, hi, quote)
        if best is not None and _width(best[0], best[1], names, name_starts) >= QUOTE_SHARE * _width(
            sentence.start, sentence.end, names, name_starts
        ):
            start, end = trim(text, best[0], best[1])
            speaking = speakers.of_quote(best[2], start, end)
        else:
            start, end = sentence.start, sentence.end
            speaking = AUTHOR
        if len(_WORD.findall(text[start:end])) >= MIN_WORDS:
            out.append(Candidate(start, end, speaking, index))
    return out
