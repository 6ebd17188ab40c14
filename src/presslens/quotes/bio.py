"""Word units and BIO tags: one definition for the attribution head, its training and the exact-match scorer.

Why one module: the head is trained to put span boundaries where the
exact-match score (CofeNet's, `presslens.eval.attribution_scores`) counts them,
so both must cut the text into the same units and read spans back from tags the
same way. Units are runs of word characters, or one other character, so the
score does not depend on any model's tokenizer. Tags are 0/1/2 = O/B/I.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

import numpy as np

Span2 = tuple[int, int]

_UNIT = re.compile(r"\w+|[^\w\s]")


def word_units(text: str) -> list[Span2]:
    """Character spans of the units: runs of word characters, or one other character."""
    return [m.span() for m in _UNIT.finditer(text)]


def bio_tags(units: Sequence[Span2], fragments: Iterable[Span2]) -> np.ndarray:
    """0/1/2 = O/B/I per unit; a unit belongs to a fragment when it starts inside it, later fragments
    overwrite earlier ones (nested attributions), as a single tag sequence must."""
    starts = [s for s, _ in units]
    tags = np.zeros(len(units), dtype=np.int64)
    for start, end in fragments:
        first, stop = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        if stop > first:
            tags[first:stop] = 2
            tags[first] = 1
    return tags


def tag_runs(tags: Sequence[int] | np.ndarray) -> list[Span2]:
    """(first, last) unit of each span read back from B/I tags: a B, or an I after O, opens one."""
    out: list[Span2] = []
    values = tags.tolist() if isinstance(tags, np.ndarray) else list(tags)
    k = 0
    while k < len(values):
        if values[k] == 0:
            k += 1
            continue
        j = k + 1
        while j < len(values) and values[j] == 2:
            j += 1
        out.append((k, j - 1))
        k = j
    return out


def spans_from_tags(units: Sequence[Span2], tags: Sequence[int] | np.ndarray) -> list[Span2]:
    """Character spans of the B/I runs: from the first unit's start to the last unit's end."""
    return [(units[a][0], units[b][1]) for a, b in tag_runs(tags)]
