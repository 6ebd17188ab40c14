"""Sources of several people joined by "and": "Trump and Ryan", "Sanders and his supporters".

Why a module of its own: such a source names nobody (the quote keeps its source span, as other
sources of several people do), and telling it from one person described by two roles ("Clinton's
chief pollster and strategist Joel Benenson") or from an apposition that goes on after "and" ("Bell,
a director at X, and a Republican who ...") takes a dozen rules of its own, read off the spaCy parse,
which joins coordinated names in odd places. Chosen on PolNeAR train 0-419 by reading every speaker
that changed, confirmed on 420-839 (docs/experiments.md, issue 25 session 9).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..entities.canonical import is_title
from .mentions import MentionIndex


def several_speakers(head: Any, tokens: Sequence[Any], named: MentionIndex) -> bool:
    """The source (its spaCy `tokens`, `head` its syntactic head) is several people joined by "and"."""
    return joined(head, named) or names_either_side_of_and(tokens)


def joined(head: Any, named: MentionIndex) -> bool:
    """The source's head has another speaker joined to it by "and".

    After a name: a name or a pronoun ("Trump and Ryan", "she and her lawyer", "X and News editor
    Dr. Y"), or a noun phrase of its own before any apposition ("Trump and his supporters"; in "Bell,
    a director at X, and a Republican who ...," the second phrase goes on describing Bell). After a
    role ("the company", "Clinton's pollster"): a phrase with its own determiner or in the plural
    ("the company and France's secretary"), not the bare roles of one person ("pollster and
    strategist Joel Benenson", "Vice President and Managing Editor Bill Sammon", which the parser
    joins to the first role). Never a word of the head's own name ("Smith and Wesson"). The parser
    may hang the first name on the second ("Yossi Peretz and Khaled Mansour": Peretz, and Khaled
    joined to it, under Mansour), so a name modifying the head is read the same way.
    """
    return any(
        _joins_another(t, named)
        for t in (head, *(c for c in head.children if c.dep_ in ("nmod", "compound") and c.i < head.i))
    )


def names_either_side_of_and(tokens: Sequence[Any]) -> bool:
    """A person's name right before an "and" of the source and another right after it, with only
    titles and adjectives between ("Israeli envoy A and Palestinian negotiator B", "Reps. A (R-N.Y.)
    and B", which the parser may join in odd places). A possessor is no speaker ("Clinton's
    pollster and strategist Joel Benenson"), nor a name after "a"/"the" ("X, a director, and a
    Republican who ..."), nor names inside a phrase or clause of the source ("an adviser to
    President A and President B", "who voted for A and B")."""
    inside = {t.i for t in tokens}
    for k, cc in enumerate(tokens):
        if cc.lower_ not in ("and", "&") or cc.pos_ != "CCONJ":
            continue
        before = k - 1
        if before >= 0 and tokens[before].text == ")":  # a parenthesis after the name: "(R-N.Y.)"
            while before >= 0 and tokens[before].text != "(":
                before -= 1
            before -= 1
        if before < 0 or not _ends_a_person(tokens[before]) or _nested(tokens[before], inside):
            continue
        for t in tokens[k + 1 :]:
            if t.ent_type_ == "PERSON":
                return True
            if t.pos_ not in ("ADJ", "NOUN", "PROPN") and t.text not in ("-", "."):
                break
    return False


def _joins_another(head: Any, named: MentionIndex) -> bool:
    """`joined` for one word of the source."""
    if not any(c.dep_ == "cc" and c.lower_ in ("and", "&") for c in head.children):
        return False
    own = named.covering(head.idx, head.idx + len(head.text))
    joined = [c for c in head.children if c.dep_ == "conj" and (own is None or not own.start <= c.idx < own.end)]
    if head.pos_ == "NOUN" or (is_title(head.text) and not _has_own_name(head)):
        return any(_determined(c) or c.tag_ in ("NNS", "NNPS") or c.pos_ == "PRON" for c in joined)
    appos = min((c.i for c in head.children if c.dep_ == "appos"), default=len(head.doc))
    return any(
        ((c.pos_ in ("PROPN", "PRON") or _has_own_name(c)) and not (c.i > appos and _indefinite(c)))
        or (c.pos_ == "NOUN" and c.i < appos and (_determined(c) or c.tag_ == "NNS"))
        for c in joined
    )


def _determined(token: Any) -> bool:
    """The noun has its own determiner, possessor or number ("the Times", "his aides", "two senators")."""
    return any(c.dep_ in ("det", "poss", "nummod", "predet") for c in token.children)


def _has_own_name(head: Any) -> bool:
    """A person's name among the head's own words (not those of a phrase joined to it)."""
    joined = {t.i for c in head.children if c.dep_ in ("conj", "cc") for t in c.subtree}
    return any(t.ent_type_ == "PERSON" for t in head.subtree if t.i not in joined)


def _ends_a_person(token: Any) -> bool:
    """The last word of a person's name that is not a possessor ("Le Pen" of "Le Pen's niece")."""
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (
        token.ent_type_ == "PERSON" and (following is None or following.ent_iob_ != "I")
        and token.dep_ != "poss" and not (following is not None and following.lower_ in ("'s", "\u2019s", "'", "\u2019"))
    )


def _nested(token: Any, inside: set[int]) -> bool:
    """`token` sits in a prepositional phrase or a clause within the words `inside` (the source)."""
    node = token
    while node.i in inside and node.head.i != node.i:
        if node.dep_ in ("prep", "pobj", "pcomp", "relcl", "acl", "advcl", "dobj", "ccomp"):
            return True
        node = node.head
    return False


def _indefinite(token: Any) -> bool:
    """"a Republican", "an adviser": a description, not a name."""
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children)
