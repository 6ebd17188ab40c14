"""Cut a long text into contiguous sections of bounded size, and join their parses back.

Why sections: spaCy's cost on one Doc is not bounded by anything but the
text, it refuses texts over `nlp.max_length` (error E088) and its parser and
entity recogniser need about 1 GB of temporary memory per 100,000 characters
of one Doc. Parsing a long article section by section keeps that memory
bounded; joining the section Docs with `Doc.from_docs` then gives the later
stages one parse whose character offsets are offsets into the original text,
because the sections are contiguous and together cover every character,
whitespace included.

Cuts are made where the parse would break anyway: after a paragraph (a blank
line), else after a line break (a sentence boundary in this pipeline, see
`spacy_model._line_breaks`), else after a sentence end, else at whitespace,
and only as a last resort inside a run of text with no whitespace at all. A
cut always lands after the whole run of whitespace, so every section but the
first starts on a visible character and spaCy sees the same tokens as it
would in the whole text.

Why context: spaCy's tagger, parser and entity recogniser read a few words
on each side of every word, so a word next to a cut would be tagged without
its neighbours. Each section is therefore parsed with `CONTEXT_CHARS` of the
text around it (widened to whole lines), and only the section's own tokens
are kept; with paragraph cuts the joined parse is the parse of the whole text.
"""

from __future__ import annotations

import re
from typing import Any

# The largest section parsed as one spaCy Doc (characters). Every news article
# of the corpora we know is shorter (PTC's longest is 48,292), so only
# unusually long documents are cut.
SECTION_CHARS = 100_000
# Text parsed on each side of a section and then dropped (characters, before widening to a line).
CONTEXT_CHARS = 300

# Where to cut, best first; each pattern ends where the next section begins.
_CUTS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\n[^\S\n]*\n\s*"),  # a blank line: a paragraph ends
    re.compile(r"\n\s*"),  # a line break
    re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"),  # a sentence end
    re.compile(r"\s+"),  # any whitespace
)


def section_bounds(text: str, size: int = SECTION_CHARS) -> list[tuple[int, int]]:
    """Contiguous `(start, end)` sections of at most `size` characters that cover all of `text`.

    A text of at most `size` characters is one section.
    """
    if size < 1:
        raise ValueError(f"a section needs at least 1 character, got size={size}")
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        cut = _cut(text, start, start + size)
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def _cut(text: str, lo: int, hi: int) -> int:
    """The best place in (lo, hi] to end a section starting at `lo`.

    A cut in the second half of the window is preferred, so that no section is
    needlessly small; a cut must leave the next section starting on a
    non-space character (or at the end of the text).
    """
    for floor in (lo + (hi - lo) // 2, lo):
        for pattern in _CUTS:
            best = -1
            for match in pattern.finditer(text, floor, hi):
                end = match.end()
                if end > lo and (end == len(text) or not text[end].isspace()):
                    best = end
            if best > 0:
                return best
    return hi


def context_bounds(text: str, start: int, end: int, *, chars: int = CONTEXT_CHARS) -> tuple[int, int]:
    """The stretch `[lo, hi)` parsed for section `[start, end)`: at least `chars` more on each side.

    It is widened to the start and end of a line (a sentence boundary here) when
    one is near, else to a word boundary, so the context is parsed as in the text.
    """
    lo = 0 if start <= chars else _line_start(text, start - chars, chars)
    hi = len(text) if len(text) - end <= chars else _line_end(text, end + chars, chars)
    return lo, hi


def window_chars(section_chars: int, *, chars: int = CONTEXT_CHARS) -> int:
    """The longest text parsed for one section: the section and its widest context."""
    return section_chars + 10 * chars


def _line_start(text: str, at: int, chars: int) -> int:
    newline = text.rfind("\n", max(0, at - 4 * chars), at)
    if newline >= 0:
        return newline + 1
    space = max(text.rfind(" ", max(0, at - chars), at), text.rfind("\t", max(0, at - chars), at))
    return space + 1 if space >= 0 else at


def _line_end(text: str, at: int, chars: int) -> int:
    newline = text.find("\n", at, at + 4 * chars)
    if newline >= 0:
        return newline
    spaces = [i for i in (text.find(" ", at, at + chars), text.find("\t", at, at + chars)) if i >= 0]
    return min(spaces) if spaces else at


def core_tokens(window: Any, start: int, end: int) -> tuple[int, int]:
    """Token indices `[first, last)` of the tokens of `window` starting in characters `[start, end)`."""
    import numpy as np

    idx = window.to_array("IDX")
    return int(np.searchsorted(idx, start)), int(np.searchsorted(idx, end))


def join_parses(parts: list[Any]) -> Any:
    """One spaCy Doc from the Docs of contiguous sections, with offsets into the whole text.

    `ensure_whitespace=False` keeps the texts exactly as cut (the sections
    already hold every whitespace character). The tensor is left out: no stage
    reads it, and it would double the memory of the joined parse.
    """
    if len(parts) == 1:
        return parts[0]
    from spacy.tokens import Doc

    return Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]
