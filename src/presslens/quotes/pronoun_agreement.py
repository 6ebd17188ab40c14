"""Which pronoun ("he" or "she") a named person takes, from the article's own words.

Why from the article: a list of first names and their usual gender would
treat names from some cultures better than others (the lists are mostly
Anglo-American) and misgender people. The article itself says it: an honorific
before the name ("Mr. Lind", "Ms. Berg"), or the pronouns that follow the name
(each "he" or "she" outside quotations counts for the closest person named
before it in its sentence or the one before). The same rule reads every name,
and a name the article never settles may be called either.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from .spans import Span2, SpanIndex

HE_WORDS = frozenset({"he", "him", "his", "himself"})
SHE_WORDS = frozenset({"she", "her", "hers", "herself"})
_HONORIFIC = re.compile(r"\b(?:(Mr|Sir)|(Mrs|Ms|Miss|Mme|Madam|Dame))\.?\s+$")  # right before a name
_HONORIFIC_FIRST = re.compile(r"(?:(Mr|Sir)|(Mrs|Ms|Miss|Mme|Madam|Dame))\.?\s")  # opening a name's mention
# A name is settled by pronouns when at least this many point to one side (and at most a quarter as many
# to the other).
MIN_VOTES = 2


class _Named(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def canonical(self) -> str: ...


def honorific_pronouns(text: str, mentions: Sequence[_Named]) -> dict[str, frozenset[str]]:
    """Per person's canonical name, the pronoun its honorifics in this article call for ("Mr." -> he,
    "Ms."/"Mrs." -> she); a name with both, or with none, is absent (either may stand for it)."""
    seen: dict[str, set[str]] = {}
    for m in mentions:
        if m.label != "PERSON":
            continue
        found = _HONORIFIC.search(text, max(0, m.start - 8), m.start) or _HONORIFIC_FIRST.match(text, m.start, m.end)
        if found:
            seen.setdefault(m.canonical, set()).add("he" if found.group(1) else "she")
    return {name: frozenset(p) for name, p in seen.items() if len(p) == 1}


def pronoun_votes(
    parsed: Any, mentions: Sequence[_Named], quoted: Iterable[Span2] | SpanIndex, sentence_starts: Sequence[int]
) -> dict[str, frozenset[str]]:
    """Per person's canonical name, "he" or "she" when the pronouns after its mentions settle it.

    Each third-person pronoun outside quotations votes for the closest person named before it, in
    its sentence or the one before ("Lind said he ...", "Lind left. He ..."). Words inside
    quotations are the speaker's, about anyone, so they never vote, and names there are not
    counted. A name is settled by at least MIN_VOTES votes for one pronoun and at most a quarter
    as many for the other: one slip of the rule does not undo it.
    """
    said = quoted if isinstance(quoted, SpanIndex) else SpanIndex(quoted)
    people = sorted(
        (m.start, m.end, m.canonical) for m in mentions if m.label == "PERSON" and not said.any_holds(m.start)
    )
    starts = [p[0] for p in people]
    votes: dict[str, dict[str, int]] = {}
    for tok in parsed:
        word = tok.lower_
        if not (word in HE_WORDS or word in SHE_WORDS) or said.any_holds(tok.idx):
            continue
        k = bisect.bisect_left(starts, tok.idx) - 1
        if k < 0 or people[k][1] > tok.idx:
            continue
        sentence = bisect.bisect_right(sentence_starts, tok.idx) - 1
        earliest = sentence_starts[max(sentence - 1, 0)] if sentence_starts else 0
        if people[k][0] < earliest:
            continue
        tally = votes.setdefault(people[k][2], {"he": 0, "she": 0})
        tally["he" if word in HE_WORDS else "she"] += 1
    return {
        name: frozenset({p})
        for name, tally in votes.items()
        for p, other in (("he", "she"), ("she", "he"))
        if tally[p] >= MIN_VOTES and 4 * tally[other] <= tally[p]
    }


def article_pronouns(
    text: str, parsed: Any, mentions: Sequence[_Named], quoted: Iterable[Span2] | SpanIndex,
    sentence_starts: Sequence[int],
) -> dict[str, frozenset[str]]:
    """Honorifics first, then the pronoun votes, for the names the honorifics leave open."""
    settled = pronoun_votes(parsed, mentions, quoted, sentence_starts)
    settled.update(honorific_pronouns(text, mentions))
    return settled
