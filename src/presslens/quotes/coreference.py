"""Resolve each attribution's source to the named actor who speaks (in-document coreference).

Why our own small resolver: the only offline coreference libraries for spaCy
3.8 need large transformer models and a second pass over the text. A source
is a narrow case: a name ("Mr. Smith"), a pronoun ("he", "they", "who"), or a
description ("the senator", "his spokesman", "the letter"). The resolver
walks back over the article's named mentions, most recent first, and takes
the first of a compatible type, preferring the previous speaker and mentions
that are grammatical subjects (the salient actors of news prose).

- a source that contains a name speaks as that name (an apposition such as
  "the group's leader, Jane Roe," gives Jane Roe);
- "he", "she", "I" and person nouns ("the senator", "the Hamas leader") take
  a PERSON; "they", "we" an organisation, group or person; "it" an
  organisation or place;
- "his spokesman", "her campaign": the possessor is resolved, since the
  spokesman speaks for that actor;
- "the letter", "the statement", "the report" take the last speaker, else the
  last actor mentioned;
- indefinite and generic sources ("a source", "officials", "experts") stay
  unresolved (None), never guessed.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..entities.canonical import normalise

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me", "his", "hers"})
GROUP_PRONOUNS = frozenset({"they", "them", "we", "us", "their"})
THING_PRONOUNS = frozenset({"it", "its"})
RELATIVE = frozenset({"who", "that", "which", "whom"})
PERSON_NOUNS = frozenset(
    """leader spokesman spokeswoman spokesperson president candidate nominee senator congressman
    congresswoman representative governor mayor minister secretary official aide adviser advisor chairman
    chairwoman chair director chief head manager attorney lawyer judge general commander businessman
    billionaire mogul founder ceo executive author writer reporter host anchor pastor reverend bishop
    father mother wife husband son daughter man woman prime king queen prince ambassador diplomat
    strategist operative pollster analyst economist professor researcher lawmaker politician democrat
    republican nominee runner-mate mate challenger rival opponent incumbent speaker whip veteran
    activist organizer commissioner sheriff officer detective prosecutor""".split()
)
GROUP_NOUNS = frozenset(
    """group organization organisation company campaign committee party administration agency department
    government ministry movement network firm union council court team office white house commission
    bureau association coalition foundation institute center centre newspaper paper""".split()
)
DOCUMENT_NOUNS = frozenset(
    """letter statement report memo email e-mail post tweet video ad advertisement release document
    note message speech interview op-ed editorial article filing complaint lawsuit book transcript
    study survey poll analysis""".split()
)
INDEFINITE = frozenset({"a", "an", "some", "many", "several", "other", "another", "few", "most", "any"})
_PERSON = frozenset({"PERSON"})
_GROUP = frozenset({"ORG", "NORP", "GPE", "PERSON"})
_THING = frozenset({"ORG", "GPE"})
_ACTOR = frozenset({"PERSON", "ORG", "NORP", "GPE"})


@dataclass(frozen=True)
class Mention:
    """A named mention usable as an antecedent."""

    start: int
    end: int
    label: str
    canonical: str
    is_subject: bool


class SpeakerResolver:
    """Resolve sources of one article in reading order, remembering the speakers seen so far."""

    def __init__(self, parsed: Any, mentions: list[Mention], quoted: list[tuple[int, int]]) -> None:
        self.parsed = parsed
        # Mentions inside quotations are what speakers talk about, not who is reporting.
        inside = _Starts(quoted)
        self.mentions = [m for m in mentions if not inside.any_holds(m.start)]
        self.all_mentions = mentions
        self.speakers: list[tuple[int, Mention]] = []  # (offset of the source, speaker mention)
        self.sentence_starts = [s.start_char for s in parsed.sents]
        # Lookups by position and name, so that each source costs a bisection, not a pass over
        # every mention of the article (quadratic on long articles).
        self._sorted = all(a.start <= b.start for a, b in itertools.pairwise(mentions))
        self._starts = [m.start for m in mentions]
        self._max_ends = list(itertools.accumulate((m.end for m in mentions), max))
        self._by_label: dict[frozenset[str], tuple[_ByStart, _ByStart]] = {}
        self._person_by_name: dict[str, int] = {}
        self._person_by_surname: dict[str, int] = {}
        for index, m in enumerate(mentions):
            if m.label == "PERSON":
                self._person_by_name[m.canonical] = index
                if " " in m.canonical:
                    self._person_by_surname[m.canonical.rsplit(" ", 1)[1]] = index

    def resolve(self, source: tuple[int, int] | None, head_index: int | None) -> str | None:
        """Canonical name of the speaker of a source span (None when generic or unknown)."""
        if source is None:
            return None
        mention = self._resolve(source, head_index)
        if mention is not None:
            self.speakers.append((source[0], mention))
            return mention.canonical
        return None

    def _resolve(self, source: tuple[int, int], head_index: int | None) -> Mention | None:
        found = self._resolve_named(source, head_index)
        if found is None:
            found = self._proper_name(source, head_index)
        return found

    def _proper_name(self, source: tuple[int, int], head_index: int | None) -> Mention | None:
        """A capitalised name the entity recogniser missed ("Ines Baptiste said"), as a person.

        The last run of proper nouns in the source is taken (the apposition in "the mayor of
        X, Jane Roe,"); a known actor whose canonical name ends with it (a surname) wins.
        """
        span = self.parsed.char_span(source[0], source[1], alignment_mode="contract")
        toks = list(span) if span is not None else []
        runs: list[list[Any]] = []
        for tok in toks:
            # A word the recogniser named as a group or place ("a Hindu community leader") was not missed.
            named = self._covering(tok.idx, tok.idx + len(tok.text))
            if named is not None and named.label != "PERSON":
                continue
            if tok.pos_ == "PROPN" and tok.text[:1].isupper():
                if runs and runs[-1][-1].i == tok.i - 1:
                    runs[-1].append(tok)
                else:
                    runs.append([tok])
        if not runs:
            return None
        if head_index is not None and any(t.i == head_index for t in runs[0]):
            run = runs[0]
        else:
            run = runs[-1]
        name = normalise(" ".join(t.text for t in run)) or run[-1].text
        # The last known person named so, or whose name ends with the same word.
        found = max(self._person_by_name.get(name, -1), self._person_by_surname.get(run[-1].text, -1))
        if found >= 0:
            return Mention(run[0].idx, run[-1].idx + len(run[-1].text), "PERSON", self.all_mentions[found].canonical, True)
        return Mention(run[0].idx, run[-1].idx + len(run[-1].text), "PERSON", name, True)

    def _resolve_named(self, source: tuple[int, int], head_index: int | None) -> Mention | None:
        head = self.parsed[head_index] if head_index is not None else None
        if head is not None and head.lower_ in RELATIVE and head.dep_.startswith("nsubj") and head.head.dep_ == "relcl":
            head = head.head.head
            source = (head.idx, head.idx + len(head.text))
            inside = self._inside(min(t.idx for t in head.subtree), max(t.idx + len(t.text) for t in head.subtree))
            if inside:
                return inside
        if head is not None:
            own = self._covering(head.idx, head.idx + len(head.text))
            if own is not None:
                return own
        if head is None:
            return self._inside(*source)
        word = head.lower_
        lemma = head.lemma_.lower()
        inside = self._inside(*source)
        if inside is not None and (inside.label == "PERSON" or lemma not in PERSON_NOUNS):
            return inside
        # "the Hamas leader": a person described through an organisation speaks as a person.
        if word in PERSON_PRONOUNS:
            return self._antecedent(source[0], _PERSON)
        if word in GROUP_PRONOUNS:
            return self._antecedent(source[0], _GROUP)
        if word in THING_PRONOUNS:
            return self._antecedent(source[0], _THING)
        dets = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
        if dets & INDEFINITE or (head.tag_ in ("NNS", "NNPS") and not dets):
            return None
        possessor = [c for c in head.children if c.dep_ == "poss"]
        if possessor:
            p = possessor[0]
            named = self._covering(p.idx, p.idx + len(p.text))
            if named is not None:
                return named
            if p.lower_ in PERSON_PRONOUNS:
                return self._antecedent(source[0], _PERSON)
            if p.lower_ in GROUP_PRONOUNS or p.lower_ in THING_PRONOUNS:
                return self._antecedent(source[0], _GROUP)
        if not dets and inside is None:
            return None
        if lemma in PERSON_NOUNS:
            return self._antecedent(source[0], _PERSON)
        if lemma in GROUP_NOUNS:
            return self._antecedent(source[0], _THING)
        if lemma in DOCUMENT_NOUNS:
            if self.speakers:
                return self.speakers[-1][1]
            return self._antecedent(source[0], _ACTOR)
        return None

    def _covering(self, start: int, end: int) -> Mention | None:
        first, stop = 0, len(self.all_mentions)
        if self._sorted:
            # Only mentions starting by `start` can cover it; none before the first reaching `end`.
            first = bisect.bisect_left(self._max_ends, end)
            stop = bisect.bisect_right(self._starts, start)
        for k in range(first, stop):
            m = self.all_mentions[k]
            if m.start <= start and end <= m.end and m.label in _ACTOR:
                return m
        return None

    def _inside(self, start: int, end: int) -> Mention | None:
        first, stop = 0, len(self.all_mentions)
        if self._sorted:
            first, stop = bisect.bisect_left(self._starts, start), bisect.bisect_right(self._starts, end)
        found = [
            m for m in self.all_mentions[first:stop] if start <= m.start and m.end <= end and m.label in _ACTOR
        ]
        people = [m for m in found if m.label == "PERSON"]
        best = people or found
        return best[0] if best else None

    def _antecedent(self, before: int, labels: frozenset[str]) -> Mention | None:
        """Previous speaker of a compatible type if recent, else the most salient earlier mention."""
        window_start = self._sentence_start(before, back=3)
        for offset, mention in reversed(self.speakers):
            if offset < window_start:
                break
            if mention.label in labels:
                return mention
        if not self._sorted:
            candidates = [m for m in self.mentions if m.end <= before and m.label in labels]
            recent = [m for m in candidates if m.start >= window_start]
            for m in reversed(recent):
                if m.is_subject:
                    return m
            if recent:
                return recent[-1]
            subjects = [m for m in candidates if m.is_subject]
            return subjects[-1] if subjects else candidates[-1] if candidates else None
        # The same choice, walking back from `before` over mentions of the right labels only:
        # the recent ones (from `window_start`) are the last of the candidates in start order.
        of_label, subjects_of_label = self._labelled(labels)
        last = next(of_label.walk_back(before), None)
        if last is None:
            return None
        if last.start < window_start:
            return next(subjects_of_label.walk_back(before), last)
        for m in of_label.walk_back(before):
            if m.start < window_start:
                break
            if m.is_subject:
                return m
        return last

    def _labelled(self, labels: frozenset[str]) -> tuple[_ByStart, _ByStart]:
        """The unquoted mentions with one of `labels`, and those of them that are subjects."""
        if labels not in self._by_label:
            of_label = [m for m in self.mentions if m.label in labels]
            self._by_label[labels] = (_ByStart(of_label), _ByStart([m for m in of_label if m.is_subject]))
        return self._by_label[labels]

    def _sentence_start(self, offset: int, *, back: int) -> int:
        index = bisect.bisect_right(self.sentence_starts, offset)
        return self.sentence_starts[index - back] if index >= back else 0


class _Starts:
    """Spans sorted by start with the running maximum of their ends: "does a span hold x?" in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.max_ends = list(itertools.accumulate((e for _, e in ordered), max))

    def any_holds(self, offset: int) -> bool:
        """True when some span has start <= offset < end."""
        i = bisect.bisect_right(self.starts, offset)
        return i > 0 and self.max_ends[i - 1] > offset


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


def mentions_from(parsed: Any, entities: list[Any] | None) -> list[Mention]:
    """Named mentions with canonical names: from the entities layer, else from spaCy's entities."""
    subjects = sorted(t.idx for t in parsed if t.dep_ in ("nsubj", "nsubjpass"))
    items: list[tuple[int, int, str, str]]
    if entities is not None:
        items = [(e.start, e.end, e.label, e.canonical) for e in entities]
    else:
        items = [(e.start_char, e.end_char, e.label_, e.text) for e in parsed.ents]
    out: list[Mention] = []
    for start, end, label, canonical in items:
        if label not in _ACTOR:
            continue
        at = bisect.bisect_left(subjects, start)
        is_subject = at < len(subjects) and subjects[at] < end
        out.append(Mention(start, end, label, canonical, is_subject))
    return sorted(out, key=lambda m: m.start)
