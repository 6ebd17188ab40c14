"""Epithets found by the actors layer, scored as Name_Calling spans by the techniques model.

Why: the actors layer lists labels, judging nouns and adjectives that name a
group or a person ("the criminal leaders", "the Zionist enemy", "Hamas
terrorists"), while the Name_Calling channel often stays under its decoding
threshold on the same words, so the two layers disagreed on one run. Each
label becomes a candidate span (its leading determiner dropped, as PTC
annotators mark "criminal leaders"), scored by the model's own
Name_Calling channel: the mean word probability over the span, calibrated
like every span of that channel. A candidate that a decoded Name_Calling span
already overlaps adds nothing. The score then decides, like any span, whether
readers see it, see it among the candidates, or only in the recall-oriented
set (`all_spans`).

The same rule for every side: labels come from a lexicon of judging words
(`presslens.actors.lexicon`), never from the group named, and the model reads
group names as one [MASK] token, so "the Zionist enemy" and "the Hamas enemy"
get the same score (tests/neutrality, the counterfactual pairs).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

from ..document import TECHNIQUE_LABELS, Document

NAME_CALLING = TECHNIQUE_LABELS.index("Name_Calling,Labeling")
# Words before the judging words that PTC annotators leave out of a Name_Calling span.
_LEADING = re.compile(
    r"(?:(?:the|a|an|this|that|these|those|its|their|our|his|her|your|my|every|all|some|only|such)\s+)+",
    re.IGNORECASE,
)


def trim_leading(text: str, start: int, end: int) -> int:
    """The start after leading determiners and possessives ("the criminal leaders" -> "criminal leaders")."""
    m = _LEADING.match(text, start, end)
    return m.end() if m and m.end() < end else start


def epithet_ranges(doc: Document) -> list[tuple[int, int]]:
    """Character ranges of the actors layer's labels, determiners trimmed, in text order (none without actors)."""
    found: set[tuple[int, int]] = set()
    for actor in doc.actors or ():
        for d in actor.descriptors:
            if d.kind == "label":
                start = trim_leading(doc.text, d.start, d.end)
                if d.end > start:
                    found.add((start, d.end))
    return sorted(found)


def channel_word_scores(
    word_probs: np.ndarray, word_chars: np.ndarray, ranges: Iterable[tuple[int, int]]
) -> list[float | None]:
    """Mean probability of the words inside each range (None where a range holds no word)."""
    out: list[float | None] = []
    starts, ends = word_chars[:, 0], word_chars[:, 1]
    for s, e in ranges:
        first = int(np.searchsorted(ends, s, side="right"))
        last = int(np.searchsorted(starts, e, side="left"))
        out.append(float(np.mean(word_probs[first:last])) if last > first else None)
    return out


def uncovered(ranges: Sequence[tuple[int, int]], spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges that no span in `spans` overlaps."""
    taken = list(spans)
    return [(s, e) for s, e in ranges if not any(min(e, b) > max(s, a) for a, b in taken)]
