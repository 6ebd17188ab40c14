"""Where reported words begin and end, once the rules and the head have found them.

Why a step of its own: the rules and the learned head both draw content spans, and two edges are
wrong whichever drew them: reported words that run over a line break (out of a headline into the
next paragraph), and the person spoken to at the front of what was said ("asked Berg about the
walkout": Berg was asked; what was asked is "about the walkout"). PolNeAR's annotators never do
either (1 of 23,289 content pieces in PolNeAR train crosses a line break; "asked Sanders how he
felt" has the content "how he felt"). Quotations are left whole: their marks are their edges.
"""

from __future__ import annotations

import re
from typing import Any

from .source_words import ADDRESSING, UNNAMED_PEOPLE
from .spans import ParseIndex, Span2

_LINE = re.compile(r"[^\s](?:[^\n]*[^\s])?")  # a line's text, without the spaces at its ends
# Complements that say what was said after the person spoken to: a clause ("told reporters that ...",
# "asked her how ..."), a topic ("asked X about ..."), a second object ("asked voters a question").
_WHAT_WAS_SAID = frozenset({"ccomp", "prep", "dobj"})


def reported_edges(index: ParseIndex, piece: Span2, cue: Span2 | None) -> Span2:
    """`piece` on the line next to its cue, without the person spoken to at its front."""
    return without_addressee(index, within_line(index.text, piece, cue), cue)


def within_line(text: str, piece: Span2, cue: Span2 | None) -> Span2:
    """The part of a content piece on the line next to its cue (the first line after it, the last
    line before it)."""
    start, end = piece
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text, start, end)]
    if len(lines) <= 1:
        return piece
    before_cue = cue is not None and cue[0] >= lines[-1][1]
    return lines[-1] if before_cue else lines[0]


def without_addressee(index: ParseIndex, piece: Span2, cue: Span2 | None) -> Span2:
    """`piece` without a leading object of the cue verb that is followed, inside the piece, by what was
    said ("Berg about the walkout" -> "about the walkout"). An object followed only by what to do
    stays ("asked them to leave": they are what the request is about)."""
    if cue is None:
        return piece
    start, end = piece
    for verb in index.verbs(cue):
        if verb.lemma_.lower() not in ADDRESSING:
            continue
        for obj in verb.children:
            if obj.dep_ not in ("dative", "dobj") or obj.left_edge.idx != start or not _a_person(obj):
                continue
            after = obj.right_edge.idx + len(obj.right_edge.text)
            said = [c for c in verb.children if c.dep_ in _WHAT_WAS_SAID and c.i > obj.right_edge.i and c.idx < end]
            if said and after < end:
                return max(min(c.left_edge.idx for c in said), after), end
    return piece


def _a_person(tok: Any) -> bool:
    """A pronoun, a name, or a noun for people ("reporters", "voters"): someone who can be spoken to."""
    return tok.tag_ == "PRP" or tok.pos_ == "PROPN" or tok.lemma_.lower() in UNNAMED_PEOPLE
