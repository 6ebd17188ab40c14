"""Who is speaking at a given stretch of an article: the one answer every layer uses.

Why one function: loaded language inside a politician's quoted words is the
politician's, not the outlet's, and a claim made in reported speech must be
checked against its source. Techniques, claims and the voices summary used
to decide this three ways; now they all ask `Speakers.at` (or `speaking_in`
when the quote is already known), and the JSON contract has one
representation: `voice` (author, quoted, paraphrased), `speaker` (the
canonical name of a named source, null for the author and for an unnamed
source) and `source` (the quote's source span as the article words it,
"ICE officials", so an unnamed source still shows who is meant).

A span belongs to a quote when its middle lies inside the quote's content
(robust to a span sticking out by a word). Direct content is `quoted`,
indirect content `paraphrased`, and mixed content `quoted` where the span
lies inside quotation marks and `paraphrased` elsewhere. Without the quotes
layer nobody's voice can be resolved, so a span inside quotation marks is
`quoted` with no speaker and the rest is the author's.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Part, Quote, Voice
from ..quotes.quotemarks import quoted_regions

UNNAMED_SOURCE = "unnamed source"


@dataclass(frozen=True)
class Speaking:
    """The voice of a stretch of text, the named source speaking (None: author or unnamed)
    and the source span as written (None: author, or a quote that names no source)."""

    voice: Voice
    speaker: str | None = None
    source: Part | None = None

    @property
    def label(self) -> str:
        """How reports name it: "author", the speaker's name, the source as written, or "unnamed source"."""
        return speaker_label(self.voice, self.speaker, self.source)


AUTHOR = Speaking("author")


def speaker_label(voice: str, speaker: str | None, source: Part | None = None) -> str:
    """One name for display: "author", the canonical name, the source as written, or "unnamed source"."""
    if voice == "author":
        return "author"
    if speaker:
        return speaker
    if source is not None and source.text.strip():
        return " ".join(source.text.split())
    return UNNAMED_SOURCE


def _middle_inside(start: int, end: int, lo: int, hi: int) -> bool:
    middle = (start + end) / 2
    return lo <= middle < hi


def speaking_in(quote: Quote, start: int, end: int, marks: Sequence[tuple[int, int]]) -> Speaking:
    """The voice of `[start, end)` taken to lie in `quote`'s content; `marks` are quoted regions."""
    if quote.kind == "direct":
        return Speaking("quoted", quote.speaker, quote.source)
    if quote.kind == "indirect":
        return Speaking("paraphrased", quote.speaker, quote.source)
    in_marks = any(_middle_inside(start, end, lo, hi) for lo, hi in marks)
    return Speaking("quoted" if in_marks else "paraphrased", quote.speaker, quote.source)


class Speakers:
    """Answers "who is speaking here" for one document; build once, ask for many spans."""

    def __init__(self, text: str, quotes: Sequence[Quote] | None) -> None:
        self.quotes = quotes
        self.marks: list[tuple[int, int]] = [(r.start, r.end) for r in quoted_regions(text)]
        # Quote indices by content start, with the furthest content end so far, so that `at` looks
        # only at the quotes that can contain a point (linear in article length, not quotes x spans).
        contents = [q.content for q in quotes or ()]
        self._order = sorted(range(len(contents)), key=lambda i: contents[i].start)
        self._starts = [contents[i].start for i in self._order]
        self._reach = list(itertools.accumulate((contents[i].end for i in self._order), max))

    def at(self, start: int, end: int) -> Speaking:
        """Voice and named speaker of the span `[start, end)`: the first quote (in layer order)
        whose content holds the span's middle, else the author."""
        if self.quotes is None:
            in_marks = any(_middle_inside(start, end, lo, hi) for lo, hi in self.marks)
            return Speaking("quoted") if in_marks else AUTHOR
        middle = (start + end) / 2
        k = bisect.bisect_right(self._starts, middle) - 1
        found: int | None = None
        while k >= 0 and self._reach[k] > middle:
            i = self._order[k]
            content = self.quotes[i].content
            if content.start <= middle < content.end and (found is None or i < found):
                found = i
            k -= 1
        return AUTHOR if found is None else speaking_in(self.quotes[found], start, end, self.marks)

    def edges_inside(self, start: int, end: int) -> list[int]:
        """Offsets strictly inside `[start, end)` where a quote's content begins or ends, in order:
        where the voice may change within the span (the outlet's "amid ..." after a paraphrase)."""
        if not self.quotes:
            return []
        found: set[int] = set()
        k = bisect.bisect_left(self._starts, end) - 1
        while k >= 0 and self._reach[k] > start:
            content = self.quotes[self._order[k]].content
            found.update(x for x in (content.start, content.end) if start < x < end)
            k -= 1
        return sorted(found)

    def in_frame(self, start: int, end: int) -> bool:
        """Whether `[start, end)` overlaps a quote's source or cue: the reporting words ("he said,
        adding"), not a passage of anyone's."""
        return any(
            part is not None and part.start < end and start < part.end
            for q in self.quotes or () for part in (q.source, q.cue)
        )

    def of_quote(self, quote: Quote, start: int, end: int) -> Speaking:
        """Voice of `[start, end)` inside a quote the caller has already chosen."""
        return speaking_in(quote, start, end, self.marks)
