"""Who speaks: the source of a cue, from the parse and from the names around it.

Why a module of its own: finding the speaker is its own family of rules (the
cue's subject or that of the verb it hangs on, the `by` agent, a noun cue's
possessor, a name next to the cue, a "JANE ROE:" label or a "— Jane Roe"
signature), looked up in one `Entities` index of the article.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Any

from .quotemarks import QuotedRegion
from .spans import RawAttribution, Span2, doc_end, in_regions, tok_span, tokens_between, trim

_SUBJECT_DEPS = ("nsubj", "csubj", "expl")
# Dependencies through which a cue without its own subject inherits its governor's.
_CLIMB_DEPS = ("conj", "advcl", "xcomp", "pcomp", "prep", "acomp")
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


class Entities:
    """spaCy's entities of one article, read once and looked up by position.

    Why: `Doc.ents` builds a new Span for every entity on each access, and the
    rules used to walk all of them for each cue, colon and dash: quadratic on
    long articles. spaCy's entities are sorted and never overlap.
    """

    def __init__(self, parsed: Any) -> None:
        self.ents = list(parsed.ents)
        self.start_chars = [e.start_char for e in self.ents]
        self.by_end = {e.end: e for e in self.ents}
        self.by_start = {e.start: e for e in self.ents}

    def from_char(self, offset: int) -> int:
        """Index of the first entity starting at or after character `offset`."""
        return bisect.bisect_left(self.start_chars, offset)


def source_token(verb: Any, regions: list[QuotedRegion], ents: Entities) -> Any | None:
    """The head word of the speaker: the verb's subject, or that of the verb it depends on.

    A "subject" inside quotation marks is the parser mistaking quoted words for the
    subject of the cue ("“My reaction ...,” the strategist said"), so it is skipped.
    """
    node = verb
    came_from = ""
    for step in range(5):
        deps = _SUBJECT_DEPS if step == 0 else (*_SUBJECT_DEPS, "nsubjpass")
        outside = [c for c in node.children if not in_regions(regions, c.idx, c.idx + len(c.text))]
        if came_from == "xcomp" and node.lemma_.lower() in OBJECT_CONTROL:
            # "led the journalist to fear": the object of the governing verb thinks.
            objs = [c for c in outside if c.dep_ == "dobj"]
            if objs:
                return objs[0]
        subj = [c for c in outside if c.dep_ in deps]
        if subj:
            return min(subj, key=lambda c: abs(c.i - verb.i))
        agent = [c for c in outside if c.dep_ == "agent"]
        if agent:
            pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
            if pobj:
                return pobj[0]
        if node.dep_ in ("relcl", "acl"):
            return node.head
        if node.dep_ in _CLIMB_DEPS and node.head is not node:
            came_from = node.dep_
            node = node.head
            continue
        break
    return _adjacent_name(verb, regions, ents)


OBJECT_CONTROL = frozenset(
    """lead ask urge tell force prompt cause push convince persuade encourage get allow invite
    inspire drive challenge call pressure warn order advise remind""".split()
)


def noun_source(noun: Any, regions: list[QuotedRegion], ents: Entities) -> Any | None:
    """Who holds a noun cue: "Roe's criticism", "criticism by Roe", "Roe voiced criticism"."""
    owner = [c for c in noun.children if c.dep_ == "poss"]
    if owner:
        return owner[0]
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "by":
            objs = [g for g in prep.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
    if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        return source_token(noun.head, regions, ents)
    return None


def source_span(head: Any, verb: Any) -> Span2 | None:
    """The source phrase; when it governs the cue ("a tweet attacking ..."), only its own words.

    Relative and participle clauses stay in ("Christie, who ...,"): PolNeAR's sources keep them
    (leaving them out cost 0.5 and 0.5 points of exact source F1 on dev, docs/experiments.md)."""
    if head.is_ancestor(verb):
        return tok_span(t for t in head.subtree if t.i <= head.i)
    return tok_span(head.subtree)


def _adjacent_name(verb: Any, regions: list[QuotedRegion], ents: Entities) -> Any | None:
    """When the parse gives no subject, a name right before or after the cue ("..., Chief Roe said").

    Entities never overlap, so the one ending at the cue comes first in the text.
    """
    for ent in (ents.by_end.get(verb.i), ents.by_start.get(verb.i + 1)):
        if ent is None or ent.label_ not in _SPEAKER_LABELS or in_regions(regions, ent.start_char, ent.end_char):
            continue
        return ent.root
    return None


def speaker_labels(parsed: Any, text: str, ents: Entities) -> Iterator[RawAttribution]:
    """Transcript and headline labels: a paragraph opening "JANE ROE: ..." or "Roe: ...".

    The rest of the paragraph is the content, quoted or not.
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        colon = text.find(":", start, min(end, start + 50))
        if colon > start:
            rest = trim(text, (colon + 1, end))
            label = name_before(parsed, start, colon, ents, short_only=True)
            if label is not None and rest[1] - rest[0] > 10:
                yield RawAttribution([rest], (colon, colon + 1), label[0], label[1])
        start = end + 1


def name_before(
    parsed: Any, start: int, end: int, ents: Entities, *, short_only: bool = False
) -> tuple[Span2, int] | None:
    """A speaker label such as "Sen. Jane Roe:" that fills the line before a colon at `end`.

    With `short_only`, the label must be the whole line before the colon (at most six tokens).
    """
    toks = tokens_between(parsed, start, end)
    if not toks or (short_only and len(toks) > 6):
        return None
    names = []
    for k in range(ents.from_char(start), len(ents.ents)):
        e = ents.ents[k]
        if e.start_char >= end:
            break
        if e.end_char <= end and e.label_ in _SPEAKER_LABELS:
            names.append(e)
    if names:
        # "Jane Roe:" or a longer lead-in naming its speaker ("Roe is rolling out a message:")
        name = names[-1]
        first = name.start
        doc = name.doc
        while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].head.i in range(first, name.end) \
                and doc[first - 1].text[:1].isupper() and not doc[first - 1].ent_type_:
            first -= 1  # a given name the recogniser left out ("Leyla" of "Leyla Mammadova")
        return (doc[first].idx, name.end_char), name.root.i
    if len(toks) > 6:
        return None
    if all(t.pos_ == "PROPN" or t.is_punct or t.text[:1].isupper() for t in toks) and any(t.pos_ == "PROPN" for t in toks):
        return tok_span(toks) or (start, end), toks[-1].i
    return None


def name_after(parsed: Any, start: int, ents: Entities) -> tuple[Span2, int] | None:
    """The name right after a dash that signs a quotation ("..." — Jane Roe)."""
    for k in range(ents.from_char(start), len(ents.ents)):
        ent = ents.ents[k]
        if start <= ent.start_char <= start + 3 and ent.label_ in _SPEAKER_LABELS:
            return (ent.start_char, ent.end_char), ent.root.i
        if ent.start_char > start + 3:
            break
    run: list[Any] = []
    for tok in tokens_between(parsed, start, min(start + 120, doc_end(parsed))):
        if tok.pos_ == "PROPN" and (not run or tok.i == run[-1].i + 1) and (run or tok.idx <= start + 3):
            run.append(tok)
        elif run or tok.idx > start + 3:
            break
    if run:
        return (run[0].idx, run[-1].idx + len(run[-1].text)), run[-1].i
    return None
