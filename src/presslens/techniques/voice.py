"""Whose voice a technique span is in: the author's, a direct quote's, or reported speech.

Why it matters: loaded language inside a politician's quoted words is the
politician's, not the outlet's; editors and researchers need the split. With
the `quotes` layer, a span inside a quote's content takes the quote's voice
(direct -> quoted, indirect -> paraphrased, mixed -> quoted when the span
lies inside quotation marks of the content, else paraphrased) and its
speaker. Without it, spans inside quotation marks are `quoted` (speaker
unknown) and the rest `author`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Quote

# Double quotation marks only: single quotes are too often apostrophes.
_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»")


@dataclass(frozen=True)
class VoiceOf:
    voice: str  # author | quoted | paraphrased
    speaker: str | None = None


AUTHOR = VoiceOf("author")


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of double-quoted passages (marks included), each within one line."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def _inside(start: int, end: int, region: tuple[int, int]) -> bool:
    """The span's middle lies within `region` (robust to a span sticking out by a word)."""
    middle = (start + end) / 2
    return region[0] <= middle < region[1]


def voice_for(
    text: str, start: int, end: int, quotes: Sequence[Quote] | None, regions: Sequence[tuple[int, int]] | None = None
) -> VoiceOf:
    """Voice and speaker of the span `[start, end)` of `text`."""
    regions = quoted_regions(text) if regions is None else regions
    in_marks = any(_inside(start, end, r) for r in regions)
    if quotes is None:
        return VoiceOf("quoted") if in_marks else AUTHOR
    for quote in quotes:
        content = quote.content
        if not _inside(start, end, (content.start, content.end)):
            continue
        if quote.kind == "direct":
            return VoiceOf("quoted", quote.speaker)
        if quote.kind == "indirect":
            return VoiceOf("paraphrased", quote.speaker)
        return VoiceOf("quoted" if in_marks else "paraphrased", quote.speaker)
    return AUTHOR
