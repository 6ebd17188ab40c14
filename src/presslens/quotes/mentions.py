"""The named and unnamed people an article mentions, and where they are: what the speaker resolver walks.

Why apart from the resolver (`presslens.quotes.coreference`): finding a source's speaker asks two
kinds of question, "which named mention covers or sits inside these characters" (answered here, by
bisection over mentions sorted by start, so that a long article's sources do not each pass over
every mention) and "whom does this pronoun or description stand for" (the resolver's rules).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..entities.canonical import INSTITUTION_HEADS
from .source_words import GROUP_NOUNS, INDEFINITE, QUESTIONING, UNNAMED_PEOPLE
from .spans import SpanIndex

ACTOR = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# Clauses whose subject is less salient than the sentence's own: adverbial ("when X ...", "if X ..."),
# relative and adnominal ones.
SUBORDINATE = frozenset({"advcl", "relcl", "acl", "pcomp"})


def in_subordinate_clause(subject: Any) -> bool:
    """Whether a subject token is the subject of a subordinate clause ("when Kelly confronted him")."""
    return bool(subject.head.dep_ in SUBORDINATE)


@dataclass(frozen=True)
class Mention:
    """A named mention usable as an antecedent."""

    start: int
    end: int
    label: str
    canonical: str
    is_subject: bool
    embedded: bool = False  # the subject of a subordinate clause ("when Kelly confronted him")


@dataclass(frozen=True)
class Referent:
    """Someone a pronoun can stand for: a named mention, or an unnamed one (`mention` None)."""

    start: int
    kinds: frozenset[str]  # of "person", "group", "thing", "he", "she": what pronouns it can stand for
    mention: Mention | None
    head: str = ""  # lemma of an unnamed referent's head noun ("officer")
    embedded: bool = False  # met as the subject of a subordinate clause: a pronoun prefers others


# Organisation words beside INSTITUTION_HEADS (which kinds_of reads too).
_ORG_WORDS = frozenset("inc corp co ltd llc news times post press campaign".split())


def kinds_of(mention: Mention, text: str) -> frozenset[str]:
    """What a named mention can be referred to as. A two- or three-word name labelled ORG with no
    organisation word in it ("Irina Volkova", "Imran Qureshi") may be a person the small recogniser
    mislabelled (it does so more for some peoples' names than others), so "she" may stand for it."""
    if mention.label == "PERSON":
        return frozenset({"person"})
    if mention.label == "NORP":
        return frozenset({"group"})
    words = text[mention.start : mention.end].split()
    if (
        mention.label == "ORG"
        and 2 <= len(words) <= 3
        and all(w[:1].isupper() and w.isalpha() and not w.isupper() for w in words)
        and not any(w.lower() in _ORG_WORDS or w.lower() in GROUP_NOUNS or w.lower() in INSTITUTION_HEADS for w in words)
    ):
        return frozenset({"thing", "person"})
    return frozenset({"thing"})


def mentions_from(parsed: Any, entities: list[Any] | None) -> list[Mention]:
    """Named mentions with canonical names, sorted by start: from the entities layer, else from
    spaCy's entities."""
    subject_tokens = [t for t in parsed if t.dep_ in ("nsubj", "nsubjpass")]
    subjects = [t.idx for t in subject_tokens]  # in text order
    embedded = [in_subordinate_clause(t) for t in subject_tokens]
    items: list[tuple[int, int, str, str]]
    if entities is not None:
        items = [(e.start, e.end, e.label, e.canonical) for e in entities]
    else:
        items = [(e.start_char, e.end_char, e.label_, e.text) for e in parsed.ents]
    out: list[Mention] = []
    for start, end, label, canonical in items:
        if label not in ACTOR:
            continue
        at = bisect.bisect_left(subjects, start)
        is_subject = at < len(subjects) and subjects[at] < end
        out.append(Mention(start, end, label, canonical, is_subject, is_subject and embedded[at]))
    return sorted(out, key=lambda m: m.start)


def _subject_nouns(parsed: Any) -> list[int]:
    """Indexes of the nouns that are subjects, read from the parse's arrays (no Token per word)."""
    from spacy.attrs import DEP, POS
    from spacy.symbols import NOUN

    strings = parsed.vocab.strings
    wanted_dep = {strings.add("nsubj"), strings.add("nsubjpass")}
    array = parsed.to_array([DEP, POS])
    return [i for i, (dep, pos) in enumerate(array.tolist()) if dep in wanted_dep and pos == NOUN]


def unnamed_subjects(parsed: Any, said: SpanIndex, named: MentionIndex) -> Iterator[Referent]:
    """People introduced without a name as subjects, outside what speakers say: "A police officer at
    the scene said", "Witnesses said", "A woman who fled the shelling described ..."."""
    for i in _subject_nouns(parsed):
        tok = parsed[i]
        lemma = tok.lemma_.lower()
        if lemma not in UNNAMED_PEOPLE or said.any_holds(tok.idx):
            continue
        if named.covering(tok.idx, tok.idx + len(tok.text)) is not None:
            continue
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "nummod")}
        plural = tok.tag_ == "NNS"
        if dets & INDEFINITE or (plural and not dets) or any(c.dep_ == "nummod" for c in tok.children):
            kind = frozenset({"group"}) if plural else frozenset({"person"})
            yield Referent(tok.idx, kind, None, lemma, in_subordinate_clause(tok))


def addressees(parsed: Any, said: SpanIndex, named: MentionIndex) -> Iterator[Referent]:
    """People asked a question outside what speakers say: they speak next, so a pronoun after the
    question may stand for them (a named person, or someone unnamed: "asked a police officer")."""
    text = named.text
    for tok in parsed:
        if tok.lemma_ not in QUESTIONING or tok.pos_ != "VERB" or said.any_holds(tok.idx):
            continue
        if any(c.dep_ == "xcomp" for c in tok.children):
            continue
        for obj in (c for c in tok.children if c.dep_ == "dobj"):
            mention = named.covering(obj.idx, obj.idx + len(obj.text))
            if mention is not None and "person" in kinds_of(mention, text):
                yield Referent(mention.start, kinds_of(mention, text), mention)
            elif mention is None and obj.lemma_.lower() in UNNAMED_PEOPLE and obj.pos_ == "NOUN":
                kind = frozenset({"group"}) if obj.tag_ == "NNS" else frozenset({"person"})
                yield Referent(obj.idx, kind, None, obj.lemma_.lower())


class MentionIndex:
    """An article's named mentions by position and by name.

    `all` holds every mention (sorted by start); `heard` those outside quotations (people named in a
    quotation are what a speaker talks about, not who reports it).
    """

    def __init__(self, mentions: list[Mention], text: str, quoted: SpanIndex) -> None:
        self.text = text
        self.all = sorted(mentions, key=lambda m: m.start)
        self.heard = [m for m in self.all if not quoted.any_holds(m.start)]
        self._starts = [m.start for m in self.all]
        self._max_ends = list(itertools.accumulate((m.end for m in self.all), max))
        self._by_label: dict[frozenset[str], tuple[_ByStart, _ByStart]] = {}
        self._person_by_name: dict[str, Mention] = {}
        self._person_by_surname: dict[str, Mention] = {}
        for m in self.all:
            if m.label == "PERSON":
                self._person_by_name[m.canonical] = m
                if " " in m.canonical:
                    self._person_by_surname[m.canonical.rsplit(" ", 1)[1]] = m

    def covering(self, start: int, end: int) -> Mention | None:
        """The first actor mention that covers [start, end)."""
        # Only mentions starting by `start` can cover it; none before the first reaching `end`.
        first = bisect.bisect_left(self._max_ends, end)
        stop = bisect.bisect_right(self._starts, start)
        for k in range(first, stop):
            m = self.all[k]
            if m.start <= start and end <= m.end and m.label in ACTOR:
                return m
        return None

    def all_inside(self, start: int, end: int) -> list[Mention]:
        first, stop = bisect.bisect_left(self._starts, start), bisect.bisect_right(self._starts, end)
        return [m for m in self.all[first:stop] if start <= m.start and m.end <= end and m.label in ACTOR]

    def inside(
        self, start: int, end: int, *, skip: tuple[tuple[int, int], ...] = (), last: bool = False
    ) -> Mention | None:
        """A named mention inside [start, end), people first, outside the `skip` ranges (relative
        clauses: "Schiff, who has served on the Intelligence Committee,"); the last one when `last`
        ("Trump's running mate, Mike Pence": the apposition, not the possessor)."""
        found = [m for m in self.all_inside(start, end) if not _skipped(m, skip)]
        people = [m for m in found if m.label == "PERSON"]
        best = people or found
        if not best:
            return None
        return best[-1] if last else best[0]

    def person_like(self, start: int, end: int, *, skip: tuple[tuple[int, int], ...] = ()) -> Mention | None:
        """The last name inside [start, end) that may be a person's, as a PERSON mention, outside `skip`
        (a two-word name the recogniser labelled ORG, `kinds_of`)."""
        people = [m for m in self.all_inside(start, end) if "person" in kinds_of(m, self.text) and not _skipped(m, skip)]
        if not people:
            return None
        last = people[-1]
        return Mention(last.start, last.end, "PERSON", last.canonical, last.is_subject)

    def known_person(self, name: str, surname: str) -> Mention | None:
        """The person last named `name`, or whose canonical name ends with `surname` (the later of the two)."""
        found = [m for m in (self._person_by_name.get(name), self._person_by_surname.get(surname)) if m is not None]
        return max(found, key=lambda m: m.start) if found else None

    def labelled(self, labels: frozenset[str]) -> tuple[_ByStart, _ByStart]:
        """The mentions outside quotations with one of `labels`, and those of them that are subjects."""
        if labels not in self._by_label:
            of_label = [m for m in self.heard if m.label in labels]
            self._by_label[labels] = (_ByStart(of_label), _ByStart([m for m in of_label if m.is_subject]))
        return self._by_label[labels]


def _skipped(mention: Mention, skip: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= mention.start < hi for lo, hi in skip)


class _ByStart:
    """Mentions sorted by start, walked backwards from an offset."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.starts = [m.start for m in mentions]

    def walk_back(self, before: int) -> Iterator[Mention]:
        """The mentions that end by `before`, last in order first."""
        for k in range(bisect.bisect_right(self.starts, before) - 1, -1, -1):
            if self.mentions[k].end <= before:
                yield self.mentions[k]
