"""Span-edge clean-up applied after decoding.

Why: the tagger works on subword tokens, so a run may begin or end on
punctuation that annotators leave out; SemEval-2020 systems gained by
trimming span edges to letters and digits, and by widening a span that fills
a quotation to take its quotation marks (annotators mark slogans and
thought-terminating clichés with their quotes).
"""

from __future__ import annotations

from ..document import strip_span

OPENING = "\"'“‘«"
CLOSING = "\"'”’»"


def _not_alnum(ch: str) -> bool:
    return not ch.isalnum()


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Move both edges inwards until they sit on a letter or digit; (start, start) if none."""
    return strip_span(text, start, end, drop=_not_alnum)


def extend_to_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Take the quotation marks when the span is exactly the inside of a quotation."""
    if 0 < start and end < len(text) and text[start - 1] in OPENING and text[end] in CLOSING:
        return start - 1, end + 1
    return start, end


def clean(text: str, start: int, end: int, *, quotes: bool = True) -> tuple[int, int]:
    start, end = trim(text, start, end)
    if quotes and end > start:
        start, end = extend_to_quotes(text, start, end)
    return start, end
