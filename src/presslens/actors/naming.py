"""Every way one article refers to each actor: names, appositions, descriptions and labels.

Why from the parse and nothing else: the words are already parsed, tagged
and linked to canonical names (`entities`) and speakers (`quotes`), so a
pass over the tokens finds every reference in a few milliseconds.

What counts as a reference (`Descriptor.kind`):
- name: each named mention of a person, organisation, place or people;
- apposition: a noun phrase set beside a name ("X, head of the movement,"
  or "the group's leader, Jane Roe,"), spaCy's `appos` relation;
- description: a definite noun phrase whose head is a role ("the minister"),
  group ("the movement") or state noun ("the government");
- label: such a phrase with a judging noun or adjective ("the enemy",
  "the criminal leaders", "terrorists"), whatever its determiner.

How a description is linked to an actor (`Descriptor.link`), only where the
text supports it, in this order:
1. apposition to a name;
2. coreference: the phrase is the source of a quote whose speaker the
   quotes layer resolved ("the Hamas leader said" -> the speaker);
3. a title: "the leader of <person>" is that person;
4. modifier: an organisation named beside a group noun ("the Hamas movement"),
   or a state or people named beside a state noun or label ("the Israeli
   government", "the Zionist regime"); a people beside an organisation
   noun is not linked ("the Palestinian resistance movement" is one movement
   among Palestinians, not the Palestinians); "of" phrases count
   ("the leaders of the regime" follow "the regime");
5. role: one person who leads both "X" (unnamed) and "Y" (named) makes the
   unnamed X a description of Y ("Haniyeh, head of the resistance movement"
   and "the Hamas leader");
6. repeat: the same phrase linked to exactly one actor elsewhere.
Everything else stays unlinked, in the row whose `canonical` is null.
A singular role ("the minister") is never guessed from the last person named.

A label or description may also carry a `suggestion` (`referents`): the
group a modifier inside it stands for ("the Kremlin regime" -> Russia), kept
apart from the link and never read from the rest of the sentence.

Aliases are merged only where the text equates two names: "X (Y)",
"X, also known as Y", "X, called Y", and an organisation's full name that
begins with its short name ("Hamas Islamic Resistance Movement" / "Hamas").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..document import Actor, Descriptor, Entity, LinkKind, Part, Quote, Suggestion, strip_span
from ..entities.canonical import TITLES, key
from ..voices.speaking import Speakers
from .lexicon import (
    DEFINITE,
    GROUP_NOUNS,
    HEAD_NOUNS,
    LABEL_ADJECTIVES,
    LABEL_NOUNS,
    LEADER_ROLES,
    MEMBER_NOUNS,
    PERSON_ROLES,
    SHORT_NAME_NOUNS,
    STATE_NOUNS,
)
from .referents import IN_ARTICLE_SCORE, LEXICON_ONLY_SCORE, Referent, group_named, referent_of

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Nouns for the government or camp a named person leads ("the Obama administration", "the Assad regime").
PERSON_LED = frozenset({"administration", "government", "regime", "cabinet", "junta", "camp", "dictatorship"})
# Titles that are part of a name rather than a description of the person ("Senator", "Prime Minister").
HONORIFICS = TITLES | {"professor", "doctor", "dr", "mr", "mrs", "ms"}
# Unions the per-token checks use, built once rather than on every test.
_STATE_LABEL = STATE_NOUNS | LABEL_NOUNS
_GROUP_STATE = GROUP_NOUNS | STATE_NOUNS
_GROUP_STATE_LABEL = _GROUP_STATE | LABEL_NOUNS
_NOT_PERSON_NOUNS = _GROUP_STATE_LABEL | MEMBER_NOUNS
_LEFT_DEPS = frozenset({"det", "predet", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "advmod"})
_INDEFINITE = frozenset({"a", "an", "some", "any", "several", "many", "other", "another", "few", "no"})
_ALIAS_GAP = re.compile(
    r"^\s*(?:\(|,?\s*(?:or|also|better|widely|commonly|locally)?\s*(?:known|called|named|referred to) as)\s*$", re.I
)
_ALIAS_GAP_PARENS_ONLY = re.compile(r"^\s*\(\s*$")


def _not_word(ch: str) -> bool:
    return not (ch.isalnum() or ch in "-'\u2019")


@dataclass
class _Ref:
    """A reference found in the text, before it becomes a `Descriptor`."""

    start: int
    end: int
    kind: str
    head: str
    token: int = -1
    actor: str | None = None
    link: LinkKind | None = None
    plural: bool = False
    modifiers: tuple[int, ...] = ()  # indexes of entities modifying the head
    of_token: int = -1  # the head token of an "of" phrase
    compound_token: int = -1  # a role's group noun before it ("the resistance leader")
    title_of: int = -1  # the entity a role is written before ("Army spokesman Ivo Marek")
    possessor: int = -1  # an "its"/"their" before the head
    named_by: tuple[int, int, Referent] | None = None  # a modifier that names a group ("Zionist" -> Israel)

    @property
    def person_role(self) -> bool:
        return self.head in PERSON_ROLES and self.head not in _GROUP_STATE_LABEL

    @property
    def state_like(self) -> bool:
        return (
            self.head in STATE_NOUNS
            or self.head in LABEL_NOUNS
            or self.head in MEMBER_NOUNS
            or (self.person_role and self.plural)
        )


class _Aliases:
    """Canonical names the text equates, joined into one actor (the most mentioned name leads)."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.parent: dict[str, str] = {}
        self.counts = Counter(e.canonical for e in entities)

    def find(self, name: str) -> str:
        while self.parent.get(name, name) != name:
            name = self.parent[name]
        return name

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        lead, other = sorted((ra, rb), key=lambda n: (-self.counts[n], -len(n), n))
        self.parent[other] = lead

    def members(self, name: str) -> list[str]:
        root = self.find(name)
        return sorted(n for n in {*self.parent, *self.counts} if n != root and self.find(n) == root)


def _join_aliases(text: str, ents: Sequence[Entity]) -> _Aliases:
    aliases = _Aliases(ents)
    for a, b in zip(ents, ents[1:]):
        if a.canonical == b.canonical:
            continue
        gap = text[a.end : b.start]
        if _ALIAS_GAP.match(gap):
            if _ALIAS_GAP_PARENS_ONLY.match(gap) and not text[b.end : b.end + 3].lstrip().startswith(")"):
                continue
            aliases.join(a.canonical, b.canonical)
    orgs = sorted({e.canonical for e in ents if e.label == "ORG"})
    for long in orgs:
        words = key(long).split()
        if len(words) < 2 or words[-1] not in SHORT_NAME_NOUNS:
            continue
        for short in orgs:
            k = key(short)
            # "Hamas" / "Hamas Islamic Resistance Movement"; "the Front" / "Vessarian Liberation Front"
            if short != long and (" ".join(words).startswith(k + " ") or (k == words[-1])):
                aliases.join(short, long)
    return aliases


def name_actors(parsed: Any, text: str, entities: Sequence[Entity], quotes: Sequence[Quote] | None) -> list[Actor]:
    """The `actors` layer of one article from its spaCy parse, entities and (optional) quotes."""
    ents = sorted((e for e in entities if e.label in ACTOR_LABELS), key=lambda e: e.start)
    aliases = _join_aliases(text, ents)
    ent_of = _token_entities(parsed, ents)
    refs: list[_Ref] = [
        _Ref(e.start, e.end, "name", "", actor=aliases.find(e.canonical), link="name") for e in ents
    ]
    used: set[int] = set()
    refs.extend(_appositions(parsed, text, ents, ent_of, aliases, used))
    # A noun the article itself uses in an apposition ("Elena Torres, a nurse") describes when it comes back.
    extra = frozenset(r.head for r in refs if r.kind == "apposition")
    refs.extend(_descriptions(parsed, text, ent_of, used, extra))
    _link(refs, parsed, ents, ent_of, aliases, quotes or [])
    return _rows(refs, text, ents, aliases, Speakers(text, quotes))


def _token_entities(parsed: Any, ents: Sequence[Entity]) -> dict[int, int]:
    """Token index -> index of the actor entity covering it."""
    out: dict[int, int] = {}
    for index, e in enumerate(ents):
        span = parsed.char_span(e.start, e.end, alignment_mode="expand")
        if span is not None:
            for tok in span:
                out[tok.i] = index
    return out


def _bare(token: Any) -> str:
    return str(token.lower_).rstrip(".")


def _phrase(text: str, start: int, end: int) -> tuple[int, int]:
    return strip_span(text, start, end, drop=_not_word)


def _appositions(
    parsed: Any, text: str, ents: Sequence[Entity], ent_of: dict[int, int], aliases: _Aliases, used: set[int]
) -> list[_Ref]:
    out: list[_Ref] = []
    for tok in parsed:
        if tok.dep_ != "appos":
            continue
        head = tok.head
        named_head, named_appos = ent_of.get(head.i), ent_of.get(tok.i)
        if named_head is not None and named_appos is None and tok.pos_ in ("NOUN", "PROPN"):
            start, end = _phrase(text, tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text))
            owner, role = ents[named_head], tok
        elif named_appos is not None and named_head is None and head.pos_ == "NOUN" and _fits(head, ents[named_appos]):
            first = min((c.left_edge.i for c in head.lefts if c.dep_ in _LEFT_DEPS), default=head.i)
            last = tok.left_edge.i - 1
            start, end = _phrase(text, parsed[first].idx, parsed[last].idx + len(parsed[last].text))
            owner, role = ents[named_appos], head
        else:
            continue
        if end <= start:
            continue
        used.add(role.i)
        out.append(
            _Ref(
                start, end, "apposition", role.lemma_.lower(), token=role.i,
                actor=aliases.find(owner.canonical), link="apposition",
                plural=role.tag_ in ("NNS", "NNPS"), of_token=_of_object(role),
                modifiers=_modifier_entities(role, ent_of),
            )
        )
    return out


def _fits(head: Any, entity: Entity) -> bool:
    """A role noun names a person, a group or state noun an organisation, place or people."""
    lemma = head.lemma_.lower()
    if lemma in PERSON_ROLES and lemma not in _GROUP_STATE_LABEL:
        return entity.label == "PERSON"
    if lemma in _NOT_PERSON_NOUNS:
        return entity.label != "PERSON"
    return True


def _of_object(tok: Any) -> int:
    """The object of the head's "of" phrase ("the leaders of X"), or of "in" after a state noun ("the regime in X")."""
    preps = ("of", "in") if tok.lemma_.lower() in _STATE_LABEL else ("of",)
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return int(obj.i)
    return -1


def _modifier_entities(tok: Any, ent_of: dict[int, int]) -> tuple[int, ...]:
    found: list[int] = []
    for child in tok.lefts:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            for t in child.subtree:
                if t.i in ent_of and ent_of[t.i] not in found:
                    found.append(ent_of[t.i])
    return tuple(found)


def _descriptions(
    parsed: Any, text: str, ent_of: dict[int, int], used: set[int], extra: frozenset[str] = frozenset()
) -> list[_Ref]:
    out: list[_Ref] = []
    nouns = HEAD_NOUNS | extra
    for tok in parsed:
        if tok.i in used or tok.i in ent_of or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        lemma, lower = tok.lemma_.lower(), tok.lower_
        head = lemma if lemma in nouns else lower if lower in nouns else ""
        if not head:
            continue
        lefts = [c for c in tok.lefts if c.dep_ in _LEFT_DEPS]
        dets = {c.lower_ for c in lefts if c.dep_ in ("det", "predet")}
        if dets & _INDEFINITE:
            continue
        modifiers = _modifier_entities(tok, ent_of)
        plural = tok.tag_ in ("NNS", "NNPS")
        judged = head in LABEL_NOUNS or lower in LABEL_NOUNS or any(
            c.lower_ in LABEL_ADJECTIVES for c in lefts if c.dep_ in ("amod", "compound")
        )
        of_token = _of_object(tok)
        title_of = ent_of.get(tok.head.i, -1) if tok.dep_ == "compound" and head in PERSON_ROLES else -1
        if title_of >= 0 and all(_bare(t) in HONORIFICS for t in parsed[min((c.left_edge.i for c in lefts), default=tok.i) : tok.i + 1]):
            continue  # an honorific ("Senator", "Prime Minister"), part of the name rather than a description
        definite = (
            bool(dets & DEFINITE) or any(c.dep_ == "poss" for c in lefts) or bool(modifiers)
            or of_token in ent_of or title_of >= 0
        )
        if not (definite or (judged and plural)):
            continue
        possessor = next((c.i for c in lefts if c.dep_ == "poss" and c.lower_ in ("its", "their")), -1)
        first = min((c.left_edge.i for c in lefts), default=tok.i)
        start, end = _phrase(text, parsed[first].idx, tok.idx + len(tok.text))
        if end <= start:
            continue
        compound = next((c.i for c in lefts if c.dep_ == "compound" and c.i not in ent_of), -1)
        out.append(
            _Ref(
                start, end, "label" if judged else "description", head, token=tok.i, plural=plural,
                modifiers=modifiers, of_token=of_token, compound_token=compound, title_of=title_of,
                possessor=possessor, named_by=_named_by(tok, text),
            )
        )
    return out


_HYPHENS = frozenset("-\u2010\u2011")


def _named_by(tok: Any, text: str) -> tuple[int, int, Referent] | None:
    """The first direct modifier of the head that names a state or party ("the Zionist regime", "the Kremlin's
    puppets"); never a hyphenated one ("anti-Israel", "Russian-backed": a target or a sponsor, not the referent)."""
    for child in tok.lefts:
        if child.dep_ not in ("amod", "compound", "poss", "nmod"):
            continue
        words = [t for t in child.subtree if t.dep_ not in ("case", "det") and t.i < tok.i]
        if not words or any(set(t.text) & _HYPHENS for t in words):
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        if text[end : end + 1] in _HYPHENS or (start > 0 and text[start - 1] in _HYPHENS):
            continue
        start, end = _phrase(text, start, end)
        found = referent_of(text[start:end]) if end > start else None
        if found is not None:
            return start, end, found
    return None


def _link(
    refs: list[_Ref], parsed: Any, ents: Sequence[Entity], ent_of: dict[int, int], aliases: _Aliases, quotes: Sequence[Quote]
) -> None:
    by_token = {r.token: r for r in refs if r.token >= 0}
    sources = [(q.source.start, q.source.end, q.speaker) for q in quotes if q.source is not None and q.speaker]
    people = {e.canonical for e in ents if e.label == "PERSON"}
    for r in refs:
        if r.kind in ("name", "apposition"):
            continue
        for s, e, speaker in sources:
            if not (s <= r.start and r.end <= e):
                continue
            # A role is a person's, a group noun an organisation's: "the Front's leader" is not the Front.
            if (r.person_role and not r.plural and speaker in people) or (
                r.head in _GROUP_STATE and speaker not in people
            ):
                r.actor, r.link = aliases.find(speaker), "coreference"
            break
        if r.actor is None and r.title_of >= 0 and ents[r.title_of].label == "PERSON":
            r.actor, r.link = aliases.find(ents[r.title_of].canonical), "title"
        if r.actor is None and r.person_role and not r.plural and r.head in LEADER_ROLES and r.of_token in ent_of:
            owner = ents[ent_of[r.of_token]]
            if owner.label == "PERSON":
                r.actor, r.link = aliases.find(owner.canonical), "apposition"
    for _ in range(2):  # "of" phrases follow the phrase they point at, which may be linked in the first pass
        for r in refs:
            if r.actor is not None or r.kind in ("name", "apposition"):
                continue
            named = _group_named(r, ents, ent_of)
            if named is not None:
                r.actor, r.link = aliases.find(named.canonical), "modifier"
            elif r.state_like and r.of_token in by_token and by_token[r.of_token].actor is not None:
                target = by_token[r.of_token]
                if not (target.person_role and not target.plural):
                    r.actor, r.link = target.actor, "modifier"
    for r in refs:
        if r.actor is None and r.possessor >= 0 and (r.state_like or r.head in GROUP_NOUNS):
            subject = _clause_subject(parsed, r.token)
            if subject is not None and subject in ent_of and ents[ent_of[subject]].label != "PERSON":
                r.actor, r.link = aliases.find(ents[ent_of[subject]].canonical), "coreference"
            elif subject is not None and subject in by_token and by_token[subject].actor is not None:
                target = by_token[subject]
                if not (target.person_role and not target.plural):
                    r.actor, r.link = target.actor, "coreference"
    _link_roles(refs, by_token, ents, ent_of, aliases)


def _clause_subject(parsed: Any, token: int) -> int | None:
    """The subject of the nearest clause above `token` that has one other than the token's own phrase."""
    tok = parsed[token]
    node = tok.head
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i and tok not in list(c.subtree)]
        if subjects and node.pos_ in ("VERB", "AUX"):
            return int(subjects[0].i)
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _group_named(r: _Ref, ents: Sequence[Entity], ent_of: dict[int, int]) -> Entity | None:
    """The organisation, state or people that the phrase names as itself ("the Israeli government")."""
    if r.person_role and not r.plural:
        return None
    candidates = [ents[i] for i in r.modifiers]
    if r.of_token in ent_of:
        candidates.append(ents[ent_of[r.of_token]])
    for e in candidates:
        if e.label == "ORG" and (r.head in GROUP_NOUNS or r.state_like):
            return e
        if e.label in ("GPE", "NORP") and r.state_like:
            return e
        if e.label == "PERSON" and r.head in PERSON_LED and not r.plural:
            return e  # "the Obama administration", "the Assad regime": the government a person leads
    return None


def _affiliations(r: _Ref, by_token: dict[int, _Ref], ents: Sequence[Entity], ent_of: dict[int, int]) -> tuple[list[str], list[_Ref]]:
    """Named organisations and unnamed group phrases that a leader role says the person leads."""
    named = [ents[i].canonical for i in r.modifiers if ents[i].label == "ORG"]
    if r.of_token in ent_of and ents[ent_of[r.of_token]].label == "ORG":
        named.append(ents[ent_of[r.of_token]].canonical)
    unnamed = [
        by_token[t] for t in (r.of_token, r.compound_token)
        if t in by_token and by_token[t].actor is None and by_token[t].head in GROUP_NOUNS
    ]
    return named, unnamed


def _link_roles(
    refs: list[_Ref], by_token: dict[int, _Ref], ents: Sequence[Entity], ent_of: dict[int, int], aliases: _Aliases
) -> None:
    named: dict[str, set[str]] = defaultdict(set)
    unnamed: dict[str, list[_Ref]] = defaultdict(list)
    for r in refs:
        if r.actor is None or r.kind == "name" or r.head not in LEADER_ROLES or r.plural:
            continue
        names, groups = _affiliations(r, by_token, ents, ent_of)
        named[r.actor].update(aliases.find(n) for n in names)
        unnamed[r.actor].extend(groups)
    for person, groups in unnamed.items():
        if len(named[person]) == 1:
            (org,) = named[person]
            for g in groups:
                g.actor, g.link = org, "role"
    # The other way round: "the Front's leader" is the one person the text makes leader of the Front.
    for r in refs:
        if r.actor is not None or r.head not in LEADER_ROLES or r.plural:
            continue
        names, _ = _affiliations(r, by_token, ents, ent_of)
        orgs = {aliases.find(n) for n in names}
        leaders = {p for p, led in named.items() if orgs and orgs <= led}
        if len(orgs) == 1 and len(leaders) == 1:
            r.actor, r.link = next(iter(leaders)), "role"


def _suggestion(r: _Ref, text: str, ents: Sequence[Entity], aliases: _Aliases) -> Suggestion | None:
    """The group a modifier inside the phrase names, as the article names it elsewhere when it does (its name
    for the group first, else any of the group's names: "Israelis"); None when that is already the linked actor."""
    if r.named_by is None or (r.person_role and not r.plural):
        return None  # "the Kremlin spokesman" is a person, not Russia
    start, end, found = r.named_by
    target = key(found.target)
    if r.actor is not None and key(group_named(r.actor) or r.actor) == target:
        return None  # already linked to the group under one of its own names ("Israeli", "Muslim")
    others = [e for e in ents if not (start <= e.start and e.end <= end)]  # the evidence word is no other mention
    named = next((aliases.find(e.canonical) for e in others if key(e.canonical) == target), None) or next(
        (aliases.find(e.canonical) for e in others if key(group_named(e.canonical) or "") == target), None
    )
    candidate = named if named is not None else found.target
    if r.actor is not None and key(r.actor) == key(candidate):
        return None
    return Suggestion(
        candidate=candidate, score=IN_ARTICLE_SCORE if named is not None else LEXICON_ONLY_SCORE,
        rule=found.rule, evidence=Part.of(text, start, end),
    )


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _rows(refs: list[_Ref], text: str, ents: Sequence[Entity], aliases: _Aliases, speakers: Speakers) -> list[Actor]:
    """Link repeats of a linked phrase, give each reference its voice and group them by actor."""
    seen: dict[str, set[str]] = defaultdict(set)
    for r in refs:
        if r.kind != "name" and r.actor is not None:
            seen[_norm(text[r.start : r.end])].add(r.actor)
    for r in refs:
        if r.kind != "name" and r.actor is None:
            owners = seen.get(_norm(text[r.start : r.end]), set())
            if len(owners) == 1:
                r.actor, r.link = next(iter(owners)), "repeat"
    # "The nurse" after "Elena Torres, a nurse at the hospital": the same role (or group) noun, earlier
    # linked to one actor only, with nothing of its own that could name another.
    earlier: dict[tuple[str, bool], set[str]] = defaultdict(set)
    for r in sorted(refs, key=lambda r: r.start):
        if r.kind == "name" or not r.head:
            continue
        if r.actor is None and not r.modifiers and r.of_token < 0 and r.possessor < 0:
            owners = earlier.get((r.head, r.plural), set())
            if len(owners) == 1 and text[r.start : r.end].split()[0].lower() in DEFINITE:
                r.actor, r.link = next(iter(owners)), "repeat"
        if r.actor is not None:
            earlier[(r.head, r.plural)].add(r.actor)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for e in ents:
        labels[aliases.find(e.canonical)][e.label] += 1
    grouped: dict[str | None, list[Descriptor]] = defaultdict(list)
    for r in sorted(refs, key=lambda r: (r.start, r.end)):
        said = speakers.at(r.start, r.end)
        grouped[r.actor].append(
            Descriptor.of(
                text, r.start, r.end, kind=r.kind, head=r.head, link=r.link,
                voice=said.voice, speaker=said.speaker, source=said.source,
                suggestion=_suggestion(r, text, ents, aliases),
            )
        )
    rows = [
        Actor(
            canonical=name,
            label=labels[name].most_common(1)[0][0] if labels[name] else None,
            aliases=aliases.members(name),
            descriptors=items,
        )
        for name, items in grouped.items()
        if name is not None
    ]
    rows.sort(key=lambda a: a.descriptors[0].start)
    if None in grouped:
        rows.append(Actor(canonical=None, label=None, descriptors=grouped[None]))
    return rows
