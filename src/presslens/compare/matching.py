"""Which actor of one article is which actor of another: canonical names, aliases, transliterations.

Why strict: two articles on one event often name different people with the
same surname, and a comparison that merged them would put words in the
wrong mouth. So actors match across articles only by a full name, an alias
the texts themselves declare, or a transliteration of every word of a name;
never by a surname alone, and never two actors of one article together.
Nothing here knows which side an actor is on: swapping names swaps matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..document import Actor, Document
from ..entities.canonical import key, same_name
from .model import MergeRule

RULES: tuple[MergeRule, ...] = (
    MergeRule(
        name="same-name",
        description="The same canonical name, ignoring case, accents, titles, a leading 'the' and a leading al-/el-.",
    ),
    MergeRule(
        name="full-name",
        description="One article's canonical name is a full name the other article uses for its actor "
        "(two words or more; one word only for an organisation, place or people).",
    ),
    MergeRule(
        name="transliteration",
        description="Names of the same number of words (two or more for a person) whose every word is a spelling or "
        "transliteration variant: same consonants, close spelling (Haniyeh / Haniyah, Gaddafi / Gadhafi).",
    ),
    MergeRule(
        name="declared-alias",
        description="An article itself equates the two names ('Al-Quds (Jerusalem)', 'X, also known as Y'): "
        "the aliases of its actors layer.",
    ),
    MergeRule(
        name="never",
        description="Never by a surname or other one-word person name alone, never by a label or description, "
        "and never two actors of the same article.",
    ),
)


RANK = {"same-name": 0, "full-name": 1, "declared-alias": 2, "transliteration": 3}


@dataclass
class ActorRef:
    """One article's actor, with the names that may match it across articles."""

    article: int
    actor: Actor
    full_names: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)

    @property
    def canonical(self) -> str:
        assert self.actor.canonical is not None
        return self.actor.canonical

    @property
    def person(self) -> bool:
        return self.actor.label == "PERSON"


@dataclass
class ActorGroup:
    """Actors of several articles taken to be one, and the rules that joined them."""

    members: list[ActorRef]
    rules: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)

    def of(self, article: int) -> ActorRef | None:
        return next((m for m in self.members if m.article == article), None)


def _full(name: str, person: bool) -> bool:
    return len(key(name).split()) >= (2 if person else 1)


def actor_refs(docs: Sequence[Document]) -> list[ActorRef]:
    refs: list[ActorRef] = []
    for index, doc in enumerate(docs):
        for actor in doc.actors or []:
            if actor.canonical is None:
                continue
            ref = ActorRef(index, actor)
            person = ref.person
            ref.full_names = {
                key(d.text) for d in actor.descriptors if d.kind == "name" and _full(d.text, person) and key(d.text)
            }
            ref.full_names |= {key(actor.canonical)} if _full(actor.canonical, person) else set()
            ref.aliases = {key(a) for a in actor.aliases}
            refs.append(ref)
    return refs


def match_rule(a: ActorRef, b: ActorRef) -> str | None:
    """The rule under which two actors of different articles are one, or None."""
    if a.article == b.article:
        return None
    ka, kb = key(a.canonical), key(b.canonical)
    full_a, full_b = _full(a.canonical, a.person), _full(b.canonical, b.person)
    if ka == kb and full_a and full_b:
        return "same-name"
    if (full_a and ka in b.full_names) or (full_b and kb in a.full_names):
        return "full-name"
    if (ka in b.aliases and full_a) or (kb in a.aliases and full_b) or (a.aliases & b.aliases):
        return "declared-alias"
    pa, pb = ka.split(), kb.split()
    if (
        full_a and full_b and a.actor.label == b.actor.label
        and len(pa) == len(pb) and all(same_name(x, y) for x, y in zip(pa, pb))
    ):
        return "transliteration"  # of the same kind: "Israel" (a state) is not "Israeli" (a people)
    return None


class ArticleUnion:
    """Union-find over items that each belong to one article; a group never holds two items of one article.

    Shared by the actor matching and the claim matching (`compare.build`): both join items of different
    articles, strongest evidence first, and refuse a join that would put two items of one article together.
    """

    def __init__(self, articles: Sequence[int]) -> None:
        self.owner = list(range(len(articles)))
        self.articles = [{a} for a in articles]

    def find(self, i: int) -> int:
        owner = self.owner
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    def union(self, i: int, j: int) -> tuple[int, int] | None:
        """Join the groups of `i` and `j`: (kept root, joined root), the root seen first kept; None if refused."""
        ri, rj = sorted((self.find(i), self.find(j)))
        if ri == rj or self.articles[ri] & self.articles[rj]:
            return None
        self.owner[rj] = ri
        self.articles[ri] |= self.articles[rj]
        return ri, rj


def match_actors(docs: Sequence[Document]) -> list[ActorGroup]:
    """Groups of actors, one per actor across the articles, in order of first appearance (first article first)."""
    refs = actor_refs(docs)
    groups = [ActorGroup([r]) for r in refs]
    union = ArticleUnion([r.article for r in refs])
    candidates = []
    for i, a in enumerate(refs):
        for j in range(i + 1, len(refs)):
            rule = match_rule(a, refs[j])
            if rule is not None:
                candidates.append((RANK[rule], i, j, rule))
    # Strongest evidence first, so a weaker match never takes the place of a stronger one.
    for _, i, j, rule in sorted(candidates):
        joined = union.union(i, j)  # never two actors of one article; the group seen first keeps its place
        if joined is None:
            continue
        gi, gj = joined
        a, b = refs[i], refs[j]
        groups[gi].members.extend(groups[gj].members)
        groups[gi].rules = sorted({*groups[gi].rules, *groups[gj].rules, rule})
        groups[gi].evidence.extend(
            [*groups[gj].evidence, f"{a.canonical!r} (article {a.article + 1}) = {b.canonical!r} (article {b.article + 1}): {rule}"]
        )
    merged = [groups[i] for i in range(len(groups)) if union.find(i) == i]
    for g in merged:
        g.members.sort(key=lambda m: m.article)
    return merged
