"""Resolve each attribution's source to the named actor who speaks (in-document coreference).

Abstain before guessing: a pronoun or a description follows the
discourse, not the last name seen. Its antecedent is the most recent
compatible referent within the last three sentences, where referents are the
named subjects, the sources already met (named or not) and the people
introduced by an indefinite description ("a police officer at the scene",
"witnesses"). When that referent is unnamed, the speaker stays None and the
quote keeps its source span; when no referent is close enough, the speaker is
None too. "..., she added" continues the last speaker. Every resolved speaker
says how it was found (`Resolution`).

Why our own small resolver: the only offline coreference libraries for spaCy
3.8 need large transformer models and a second pass over the text. A source
is a narrow case: a name ("Mr. Smith"), a pronoun ("he", "they", "who"), or a
description ("the senator", "his spokesman", "the letter"). The resolver
walks back over the article's named mentions, most recent first, and takes
the first of a compatible type, preferring the previous speaker and mentions
that are grammatical subjects (the salient actors of news prose).

- a source that contains a name speaks as that name (an apposition such as
  "the group's leader, Jane Roe," gives Jane Roe);
- "he", "she", "I" take a PERSON; "they", "we" an organisation or group (never one
  named person); "it" an organisation or place. "he" and "she" skip a person the
  article calls the other way (`presslens.quotes.pronoun_agreement`), and people
  named inside what a speaker says (a quotation or reported speech) are what the
  speaker talks about: no pronoun stands for them by that mention;
- person nouns ("the minister", "the Hamas leader") take the most recent person
  the article described so: a sentence naming them uses that noun or one of its
  kind ("Prime Minister Sara Lind", "Ines Baptiste, head of the union");
- "his spokesman", "her campaign": the possessor is resolved, since the
  spokesman speaks for that actor;
- "the letter", "the statement", "the report" take the last speaker, else the
  last actor mentioned, when a sentence naming them ties them to it ("wrote",
  "penned a letter"); else nobody;
- a relative pronoun ("Ted Cruz, who said") takes the noun its clause hangs on
  when that noun is a name, never another name of its phrase;
- indefinite and generic sources ("a source", "officials", "experts") stay
  unresolved (None), never guessed; so do sources of several people ("both
  candidates", "each candidate", "three economists -- A, B and C --",
  "officials, including X") and "I" / "we" (the writer, or a quoted speaker
  talking of themselves);
- a pronoun passes over the subject of a subordinate clause while a main-clause
  subject is near ("Trump took offense when Kelly confronted him. He said"),
  and a person asked a question answers next ("A reporter asked Sanders how he
  felt. He replied": `presslens.quotes.mentions.addressees`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Any, Literal

from ..document import SpeakerResolution
from ..entities.canonical import is_title, normalise
from .joint_sources import several_speakers
from .mentions import (
    Mention,
    MentionIndex,
    Referent,
    addressees,
    in_subordinate_clause,
    kinds_of,
    unnamed_subjects,
)
from .pronoun_agreement import HE_WORDS, SHE_WORDS, article_pronouns
from .source_words import (
    AUTHORING,
    CONTINUING_CUES,
    DISTRIBUTIVE,
    DOCUMENT_NOUNS,
    FIRST_PERSON,
    GROUP_NOUNS,
    GROUP_PRONOUNS,
    INDEFINITE,
    NOT_SPEAKING_FOR,
    NOUNS_OF_A_KIND,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    RELATIVE,
    THING_PRONOUNS,
    UNNAMED_PEOPLE,
)
from .spans import ParseIndex, SpanIndex

# A resolution step's answer: how the speaker was found, or "abstain" when the source is known
# to name nobody (no fallback to a capitalised word may follow).
_How = SpeakerResolution | Literal["abstain"] | None


_AUTHORS = frozenset({"PERSON", "ORG"})  # who writes a letter or a report (a place does not: "MIAMI --")

# Entity types whose words are never a speaker's name the recogniser missed: times and numbers.
# (Not WORK_OF_ART or EVENT: the small recogniser gives those labels to people's names, more
# often to some peoples' names than others, "Yossi Peretz said" among them.)
_NOT_A_NAME = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


# Which referents each pronoun may stand for. "he" and "she" also need a person of that pronoun:
# every person may be either ("he" and "she" kinds) unless the article itself says which (an honorific,
# or the pronouns after the name: `presslens.quotes.pronoun_agreement`): the same rule for every name.
_PERSON_KINDS = frozenset({"person"})
_HE_KINDS = frozenset({"he"})
_SHE_KINDS = frozenset({"she"})
_EITHER = frozenset({"he", "she"})


def _pronoun_kinds(word: str) -> frozenset[str]:
    """What a personal pronoun may stand for: "he" a person who may be called he, "I" any person."""
    if word in HE_WORDS:
        return _HE_KINDS
    if word in SHE_WORDS:
        return _SHE_KINDS
    return _PERSON_KINDS


_GROUP_KINDS = frozenset({"group", "thing"})  # "they" for one named person: dev wrong 8.6% -> 8.3% without it
_THING_KINDS = frozenset({"thing"})


def _name_word(token: Any) -> bool:
    """A capitalised proper noun that goes on a name ("Obama" after "Barack")."""
    return token.pos_ == "PROPN" and token.text[:1].isupper()


class SpeakerResolver:
    """Resolve sources of one article in reading order, remembering the speakers seen so far."""

    def __init__(
        self, parsed: Any, mentions: list[Mention], quoted: list[tuple[int, int]], *, text: str | None = None,
        talked_about: list[tuple[int, int]] | None = None, index: ParseIndex | None = None,
    ) -> None:
        """`quoted`: quotations; `talked_about`: contents of the article's attributions (reported speech
        too). People named or introduced there are what a speaker talks about, so no pronoun stands
        for them ("Lind said Berg had lied. 'It is false,' she said": she is not Berg by that mention).
        `index`: the article's `ParseIndex`, shared with the other quote steps (made here when not given)."""
        self.parsed = parsed
        self.text = text if text is not None else parsed.text  # Doc.text joins every token: read it once
        self.index = index if index is not None else ParseIndex(parsed, self.text)
        # Mentions inside quotations are what speakers talk about, not who is reporting.
        inside = SpanIndex(quoted)
        self.named = MentionIndex(mentions, self.text, inside)
        self.speakers: list[tuple[int, Mention]] = []  # (offset of the source, speaker mention)
        self.sentence_starts = [s.start_char for s in parsed.sents]
        # Referents in text order: named subjects and unnamed people introduced as subjects, outside
        # what speakers say.
        said = SpanIndex(quoted + list(talked_about or ()))
        self.referents = sorted(
            [
                Referent(m.start, kinds_of(m, self.text), m, embedded=m.embedded)
                for m in self.named.heard if m.is_subject and not said.any_holds(m.start)
            ]
            + list(unnamed_subjects(parsed, said, self.named))
            + list(addressees(parsed, said, self.named)),
            key=lambda r: r.start,
        )
        self._referent_starts = [r.start for r in self.referents]
        # which pronoun each named person takes, from the article's honorifics and pronouns
        self._pronouns = article_pronouns(self.text, parsed, mentions, inside, self.sentence_starts)
        self.referents = [self._gendered(r) for r in self.referents]
        self.turns: list[Referent] = []  # the sources met so far, named or not, in reading order
        self._anchor = 0  # where the attribution being resolved begins
        self._introductions: dict[tuple[str, str], bool] = {}

    def resolve_with_how(
        self, source: tuple[int, int] | None, head_index: int | None, *, cue_lemma: str = "", start: int | None = None
    ) -> tuple[str | None, SpeakerResolution | None]:
        """(canonical name, how it was resolved) of a source; (None, None) when the evidence is weak.

        `start` is where the attribution begins: a pronoun after a quotation of several sentences
        ("“...,” he said") looks back from the quotation's start, not from the pronoun.
        """
        if source is None:
            return None, None
        self._anchor = min(source[0], start) if start is not None else source[0]
        mention, how = self._resolve(source, head_index, cue_lemma)
        head = self.parsed[head_index] if head_index is not None else None
        # a source that is the subject of a subordinate clause ("... when Tom Berg began to read his
        # demands") is passed over by a later pronoun, as any such subject is
        embedded = head is not None and head.dep_.startswith("nsubj") and in_subordinate_clause(head)
        if mention is not None and how is not None and how != "abstain":
            self.speakers.append((source[0], mention))
            self.turns.append(
                self._gendered(Referent(source[0], kinds_of(mention, self.text), mention, embedded=embedded))
            )
            return mention.canonical, how
        if head is not None and head.lower_ not in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS | RELATIVE:
            plural = head.tag_ in ("NNS", "NNPS")
            kind = frozenset({"group"}) if plural else frozenset({"person"})
            self.turns.append(self._gendered(Referent(source[0], kind, None, head.lemma_.lower(), embedded)))
        return None, None

    def _gendered(self, referent: Referent) -> Referent:
        """`referent` with the pronouns that may stand for it when it can be a person."""
        if "person" not in referent.kinds:
            return referent
        m = referent.mention
        pronouns = self._pronouns.get(m.canonical, _EITHER) if m is not None and m.label == "PERSON" else _EITHER
        return Referent(referent.start, referent.kinds | pronouns, referent.mention, referent.head, referent.embedded)

    def _resolve(
        self, source: tuple[int, int], head_index: int | None, cue_lemma: str
    ) -> tuple[Mention | None, _How]:
        head = self.parsed[head_index] if head_index is not None else None
        if (
            head is not None and cue_lemma in CONTINUING_CUES and head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS
            and head.lower_ not in FIRST_PERSON
        ):
            # "..., she added": turn-taking continues the last speaker, named or not.
            # Only a turn the pronoun can stand for: "he added" never continues a speaker the article
            # calls "she", nor "they added" one person.
            last = self._last_turn(self._anchor)
            kinds = _pronoun_kinds(head.lower_) if head.lower_ in PERSON_PRONOUNS else _GROUP_KINDS
            if last is not None and last.kinds & kinds:
                return last.mention, "continuation" if last.mention is not None else "abstain"
        found, how = self._resolve_named(source, head_index)
        if found is None and how is None:
            found = self._proper_name(source, head_index)
            how = "name" if found is not None else None
        return found, how

    def _last_turn(self, before: int) -> Referent | None:
        window_start = self._sentence_start(before, back=3)
        for turn in reversed(self.turns):
            if turn.start < before:
                return turn if turn.start >= window_start else None
        return None

    def _proper_name(self, source: tuple[int, int], head_index: int | None) -> Mention | None:
        """A capitalised name the entity recogniser missed ("Ines Baptiste said"), as a person.

        The last run of proper nouns in the source is taken (the apposition in "the mayor of
        X, Jane Roe,"); a known actor whose canonical name ends with it (a surname) wins.
        """
        toks = self._source_tokens(source)
        runs: list[list[Any]] = []
        for tok in toks:
            # A word the recogniser named as a group or place ("a Hindu community leader") was not missed.
            named = self.named.covering(tok.idx, tok.idx + len(tok.text))
            if named is not None and named.label != "PERSON":
                continue
            # nor a date or a number ("early Sunday", "in February"), nor a lone letter ("Q:")
            if tok.ent_type_ in _NOT_A_NAME or len(tok.text) < 2:
                continue
            if _name_word(tok):
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
        while (
            all(is_title(t.text) for t in run) and run[-1].i + 1 < len(self.parsed)
            and self.named.known_person(run[-1].text, run[-1].text) is None  # "King" may be Pete King
        ):
            # only a title in the source ("asked Mr." of "asked Mr. Manafort"): the name goes on after it,
            # or there is none ("CNN President", "Judge"), and a title is nobody's name
            if not _name_word(self.parsed[run[-1].i + 1]):
                return None
            while run[-1].i + 1 < len(self.parsed) and _name_word(self.parsed[run[-1].i + 1]):
                run = [*run, self.parsed[run[-1].i + 1]]  # the whole name: "President" + "Barack Obama"
        name = normalise(" ".join(t.text for t in run)) or run[-1].text
        # The last known person named so, or whose name ends with the same word.
        known = self.named.known_person(name, run[-1].text)
        return Mention(run[0].idx, run[-1].idx + len(run[-1].text), "PERSON", known.canonical if known else name, True)

    def _resolve_named(
        self, source: tuple[int, int], head_index: int | None
    ) -> tuple[Mention | None, _How]:
        """(mention, how); (None, "abstain") when the source is known to name nobody."""
        abstain: tuple[None, _How] = (None, "abstain")
        head = self.parsed[head_index] if head_index is not None else None
        if head is not None and head.lower_ in RELATIVE and head.dep_.startswith("nsubj") and head.head.dep_ == "relcl":
            # the noun the clause hangs on speaks when it is a name ("Ted Cruz, who said"); a name
            # elsewhere in its phrase is what the clause talks about ("a super PAC that backs Lee")
            head = head.head.head
            source = (head.idx, head.idx + len(head.text))
            named = self.named.covering(*source)
            if named is not None:
                return named, "relative"
        if head is not None and several_speakers(head, self._source_tokens(source), self.named):
            # "Jeb Bush and Chris Christie", "Trump and his supporters", "the Times and the Journal":
            # several speakers, none of them named alone
            return abstain
        if head is not None:
            own = self.named.covering(head.idx, head.idx + len(head.text))
            if own is not None:
                return own, "name"
        if head is None:
            found = self.named.inside(*source)
            return found, "name" if found is not None else None
        word = head.lower_
        lemma = head.lemma_.lower()
        dets = {c.lower_ for c in head.children if c.dep_ in ("det", "poss", "nummod")}
        unnamed = bool(dets & INDEFINITE) or (head.tag_ in ("NNS", "NNPS") and not dets) or (
            head.pos_ == "NOUN" and not dets and not any(c.dep_ == "poss" for c in head.children)
        )
        # Relative clauses say something about a noun of the source ("Schiff, who has served on the
        # Intelligence Committee,", "Rich Beeson, who oversaw Mitt Romney's game"): no speaker there.
        skip = tuple(
            (min(t.idx for t in c.subtree), max(t.idx + len(t.text) for t in c.subtree))
            for c in self._source_tokens(source)
            if (c.dep_ == "relcl" or (c.dep_ == "acl" and c.head.i == head.i)) and c.i > head.i
        )
        inside = self.named.inside(*source, skip=skip, last=head.pos_ == "NOUN")
        if lemma in UNNAMED_PEOPLE and (inside is None or inside.label != "PERSON"):
            # "The mayor of Portwell, Nadia Farouk,": a person's name the recogniser labelled ORG
            inside = self.named.person_like(head.idx + 1, source[1], skip=skip) or inside
        if inside is not None and inside.label == "PERSON":
            # "the group's leader, Jane Roe," / "a Clinton spokesman": the person named speaks;
            # "Trump supporters", "McConnell aides" are other people, unnamed
            if head.tag_ == "NNS":
                # "three economists -- A, B and C --", "aides to X, ..., and Y": several people
                return abstain
            between = self.text[head.idx : inside.start] if inside.start > head.idx else ""
            if "," in between and head.pos_ == "PROPN" and head.text[:1].isupper():
                # "Simmons, an Obama supporter,": the head is a name the recogniser missed, and the
                # name after the comma is what its apposition says about it
                missed = self._proper_name((source[0], head.idx + len(head.text)), head.i)
                if missed is not None:
                    return missed, "name"
            if "," in between:
                return inside, "apposition"
            if head.pos_ == "NOUN" and (head.tag_ == "NNS" or lemma in NOT_SPEAKING_FOR):
                # "Trump supporters", "Scott's niece", "voters who heard Mr. Lee", "a member of Ms. Ode's
                # staff": other people, unnamed
                return abstain
            appos = [c for c in head.children if c.dep_ == "appos" and c.i > head.i]
            if inside.end <= head.idx and appos:
                # "Reyes's running mate, Governor Ana Ruiz,": the name in apposition, even one the
                # recogniser missed, speaks rather than the possessor
                # the apposition's own name, not a relative clause hanging on it ("Halvor Nyquist, who
                # once worked for X,")
                own_name = (appos[0].left_edge.idx, appos[0].idx + len(appos[0].text))
                named = self.named.person_like(*own_name) or self._proper_name(own_name, appos[0].i)
                if named is not None:
                    return named, "apposition"
            return inside, "name"
        if inside is not None and lemma not in PERSON_NOUNS and not (unnamed and head.pos_ == "NOUN"):
            return inside, "name"
        if word in FIRST_PERSON:
            # "I", "we": the author outside quotations, a quoted speaker inside them; the article
            # does not name either here
            return abstain
        if word in PERSON_PRONOUNS:
            return self._antecedent(self._anchor, _pronoun_kinds(word))
        if word in GROUP_PRONOUNS:
            return self._antecedent(self._anchor, _GROUP_KINDS)
        if word in THING_PRONOUNS:
            return self._antecedent(self._anchor, _THING_KINDS)
        if unnamed:
            # "a police officer", "Palestinian officials", "a Hamas negotiator": someone unnamed
            return abstain
        possessor = [c for c in head.children if c.dep_ == "poss"]
        if possessor and lemma in NOT_SPEAKING_FOR:
            return abstain  # "her supporters", "his wife" speak for themselves, unnamed
        if possessor:
            p = possessor[0]
            named = self.named.covering(p.idx, p.idx + len(p.text))
            if named is not None:
                return named, "possessor"
            if p.lower_ in PERSON_PRONOUNS:
                return self._possessor(self._antecedent(self._anchor, _pronoun_kinds(p.lower_)))
            if p.lower_ in GROUP_PRONOUNS or p.lower_ in THING_PRONOUNS:
                return self._possessor(self._antecedent(self._anchor, _GROUP_KINDS))
            if p.pos_ == "PROPN" or p.text[:1].isupper():
                # "Sanders' campaign" where the recogniser missed the name: its owner, never someone else
                missed = self._proper_name((p.left_edge.idx, p.idx + len(p.text)), p.i)
                return (missed, "possessor") if missed is not None else abstain
        if not dets and inside is None:
            return None, None  # a name the recogniser missed may still be there ("Sen. Ann Lee")
        several = {c.lower_ for c in head.children if c.dep_ in ("det", "predet", "nummod")}
        if head.tag_ == "NNS" or several & DISTRIBUTIVE or any(c.dep_ == "nummod" for c in head.children):
            # "both candidates", "each candidate", "two other emails": several people or things, none named
            if lemma in PERSON_NOUNS or lemma in GROUP_NOUNS or lemma in DOCUMENT_NOUNS:
                return abstain
        if lemma in PERSON_NOUNS:
            return self._description(self._anchor, lemma, _PERSON_KINDS)
        if lemma in GROUP_NOUNS:
            return self._description(self._anchor, lemma, _THING_KINDS)
        if lemma in DOCUMENT_NOUNS:
            # "the letter says": its author, when the article tied the last speaker (else the last
            # actor named) to that document ("Haniyeh has penned a letter"); else nobody named
            found = self.speakers[-1][1] if self.speakers else self._salient(self._anchor, _AUTHORS)
            if found is not None and found.label in _AUTHORS and self._introduced_as(found.canonical, lemma):
                return found, "document"
            return abstain
        return None, None

    def _source_tokens(self, source: tuple[int, int]) -> list[Any]:
        """The tokens wholly inside the source (by bisection: `Doc.char_span` walks the document)."""
        return self.index.within(*source)

    @staticmethod
    def _possessor(found: tuple[Mention | None, _How]) -> tuple[Mention | None, _How]:
        return (found[0], "possessor") if found[0] is not None else found

    def _antecedent(self, before: int, kinds: frozenset[str]) -> tuple[Mention | None, _How]:
        """The most recent compatible referent within the last three sentences (a pronoun).

        An unnamed referent there ("a police officer") means the speaker is unnamed: None.
        """
        referent = self._recent(before, kinds)
        if referent is None:
            return None, "abstain"
        return referent.mention, "pronoun" if referent.mention is not None else "abstain"

    def _description(
        self, before: int, lemma: str, kinds: frozenset[str]
    ) -> tuple[Mention | None, _How]:
        """ "the minister", "the officer": the most recent named referent, unless the same noun
        introduced someone unnamed more recently ("a police officer ... the officer said")."""
        window_start = self._sentence_start(before, back=3)
        for referent in self._walk(before):
            if referent.start < window_start:
                break
            if referent.mention is None:
                if referent.head == lemma:
                    return None, "abstain"
                continue
            if referent.kinds & kinds and self._introduced_as(referent.mention.canonical, lemma):
                return referent.mention, "description"
        return None, None  # nobody close enough (a name in the source itself may still speak)

    def _introduced_as(self, canonical: str, lemma: str) -> bool:
        """Whether a sentence naming `canonical` also uses `lemma` or a word of its kind ("Prime Minister
        Sara Lind" for "the minister"; "Jane Roe, head of the union" for "the union leader"): a
        description stands for the person the article described so, not for whoever was named last."""
        key = (canonical, lemma)
        known = self._introductions.get(key)
        if known is None:
            words = NOUNS_OF_A_KIND.get(lemma, frozenset({lemma}))
            if lemma in DOCUMENT_NOUNS:
                words = words | AUTHORING
            # whole words, plural allowed: "head" is not "headed", "president" not "presidential"
            pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")(?:e?s)?\b", re.IGNORECASE)
            starts = self.sentence_starts
            known = False
            for m in self.named.all:
                if m.canonical != canonical:
                    continue
                k = bisect.bisect_right(starts, m.start) - 1
                end = starts[k + 1] if k + 1 < len(starts) else len(self.text)
                if pattern.search(self.text, starts[max(k, 0)], end):
                    known = True
                    break
            self._introductions[key] = known
        return known

    def _recent(self, before: int, kinds: frozenset[str]) -> Referent | None:
        """The most recent compatible referent in the window, passing over the subject of a subordinate
        clause for the main-clause subject of the same sentence ("Trump took offense when Kelly
        confronted him. He later suggested ...": he is Trump); an earlier sentence's subject does not
        win over it ("The rejection was complete when Trump called ... He vowed": Trump)."""
        window_start = self._sentence_start(before, back=3)
        embedded: Referent | None = None
        for referent in self._walk(before):
            if referent.start < window_start:
                break
            if not referent.kinds & kinds:
                continue
            if embedded is not None:
                # the main-clause subject wins only in the embedded one's own sentence
                same = self._sentence_start(referent.start, back=1) == self._sentence_start(embedded.start, back=1)
                return referent if same and not referent.embedded else embedded
            if not referent.embedded:
                return referent
            embedded = referent
        return embedded

    def _walk(self, before: int) -> Iterator[Referent]:
        """Referents and earlier sources starting before `before`, the most recent first."""
        k = bisect.bisect_left(self._referent_starts, before) - 1
        t = len(self.turns) - 1
        while t >= 0 and self.turns[t].start >= before:
            t -= 1
        while k >= 0 or t >= 0:
            if t >= 0 and (k < 0 or self.turns[t].start >= self.referents[k].start):
                yield self.turns[t]
                t -= 1
            else:
                yield self.referents[k]
                k -= 1

    def _salient(self, before: int, labels: frozenset[str]) -> Mention | None:
        """Previous speaker of a compatible type if recent, else the most salient earlier mention."""
        window_start = self._sentence_start(before, back=3)
        for offset, mention in reversed(self.speakers):
            if offset < window_start:
                break
            if mention.label in labels:
                return mention
        # Walking back from `before` over mentions of the right labels only: the recent ones (from
        # `window_start`) first, a subject among them preferred; else the last subject before them.
        of_label, subjects_of_label = self.named.labelled(labels)
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

    def _sentence_start(self, offset: int, *, back: int) -> int:
        index = bisect.bisect_right(self.sentence_starts, offset)
        return self.sentence_starts[index - back] if index >= back else 0
