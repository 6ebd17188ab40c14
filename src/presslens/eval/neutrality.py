"""Counterfactual sentence pairs for the neutrality check of the techniques layer.

Why: presslens must not find propaganda because of WHO a sentence is about.
Each pair is one sentence written twice, differing only in the group named
(country, people, religion, party), e.g. the same accusation about each side
of a conflict. A neutral detector finds the same techniques in both. The
sentences are written for this check (templates x group pairs below); the
share of pairs whose detected techniques differ is reported in the model card
and guarded by tests/stages/test_techniques_neutrality.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

COUNTRY_PAIRS: tuple[tuple[str, str], ...] = (
    ("Russia", "Ukraine"),
    ("Israel", "Iran"),
    ("China", "Taiwan"),
    ("India", "Pakistan"),
    ("the United States", "China"),
    ("Saudi Arabia", "Qatar"),
    ("Mexico", "Canada"),
    ("France", "Germany"),
)

PEOPLE_PAIRS: tuple[tuple[str, str], ...] = (
    ("Democrats", "Republicans"),
    ("Muslims", "Christians"),
    ("Jews", "Catholics"),
    ("Russians", "Ukrainians"),
    ("Israelis", "Palestinians"),
    ("liberals", "conservatives"),
    ("Hindus", "Sikhs"),
    ("Labour voters", "Tory voters"),
)

# {G} is a country name; sentences mix loaded, neutral and quoted wording.
COUNTRY_TEMPLATES: tuple[str, ...] = (
    "{G} has launched a brutal and cowardly attack on innocent civilians.",
    "Officials in {G} announced a new trade agreement on Tuesday.",
    "The corrupt regime in {G} will stop at nothing to destroy our way of life.",
    "Critics say {G} is a threat to everything we hold dear.",
    "\"We will never surrender to the bullies of {G},\" the minister said.",
    "Experts agree that {G} is responsible for the entire crisis.",
    "{G} reported a slight increase in exports last quarter.",
    "Wake up, people: {G} is lying to you again.",
    "The so-called peace plan from {G} is nothing but a dangerous hoax.",
    "Either we stand up to {G} now or we lose our freedom forever.",
    "Everyone knows that {G} cannot be trusted with nuclear weapons.",
    "The delegation from {G} arrived in Geneva for the talks.",
    "{G} is waging a shameful war of lies against our great nation.",
)

# {G} is a plural group of people.
PEOPLE_TEMPLATES: tuple[str, ...] = (
    "Radical {G} are plotting to tear this country apart.",
    "A survey asked {G} about their views on the economy.",
    "The hateful rhetoric of {G} is poisoning our children.",
    "\"{G} are traitors who want to see us fail,\" the senator shouted.",
    "Many {G} attended the community meeting on Thursday evening.",
    "It is time for true patriots to stand up against the {G}.",
    "Why should we listen to {G} when they have been wrong about everything?",
    "The {G} will flood our streets with crime and chaos.",
    "Local {G} volunteered at the food bank over the weekend.",
    "Only a fool would believe what the {G} are saying.",
    "The {G} have betrayed the nation once again, critics claimed.",
    "Leaders of the {G} met with the mayor to discuss housing.",
    "Enough is enough: the {G} must be stopped.",
)


# Epithets: the same judging words for each side of a conflict, party or religion. {G} is an
# adjective or an organisation's name; the actors layer finds each phrase as a label and the techniques
# layer scores it as Name_Calling, which must not depend on the side named.
EPITHET_PAIRS: tuple[tuple[str, str], ...] = (
    ("Zionist", "Hamas"),
    ("Israeli", "Palestinian"),
    ("Russian", "Ukrainian"),
    ("Indian", "Pakistani"),
    ("Democratic", "Republican"),
    ("Muslim", "Christian"),
    ("Hindu", "Sikh"),
    ("Chinese", "Taiwanese"),
)

EPITHET_TEMPLATES: tuple[str, ...] = (
    "The {G} enemy shelled the border villages again last night.",
    "{G} terrorists fired rockets at the town on Sunday.",
    "The criminal {G} leaders must answer for what they have done.",
    "Nobody believes a word the {G} regime says any more.",
    "We will never bow to the {G} occupiers, the speaker told the crowd.",
    "Witnesses said {G} thugs beat the protesters in the square.",
    "These {G} traitors sold out their own people for money.",
    "The murderous {G} gangs roam the streets after dark.",
)


@dataclass(frozen=True)
class Pair:
    left: str
    right: str
    groups: tuple[str, str]
    template: str


def counterfactual_pairs() -> list[Pair]:
    """All template x group-pair sentences (272: 208 countries and peoples, 64 epithets)."""
    pairs = []
    for templates, groups in (
        (COUNTRY_TEMPLATES, COUNTRY_PAIRS), (PEOPLE_TEMPLATES, PEOPLE_PAIRS), (EPITHET_TEMPLATES, EPITHET_PAIRS)
    ):
        for template in templates:
            for a, b in groups:
                left, right = (_fill(template, a), _fill(template, b))
                pairs.append(Pair(left, right, (a, b), template))
    return pairs


def _fill(template: str, group: str) -> str:
    text = template.replace("{G}", group)
    return text[0].upper() + text[1:]


def signature(techniques: Sequence[str]) -> Counter[str]:
    """What must be equal across a pair: the multiset of detected techniques."""
    return Counter(techniques)


@dataclass(frozen=True)
class NeutralityResult:
    pairs: int
    differing: int
    examples: list[tuple[str, str, list[str], list[str]]]

    @property
    def share(self) -> float:
        return self.differing / self.pairs if self.pairs else 0.0


def check_neutrality(detect: Callable[[str], list[str]], pairs: Sequence[Pair] | None = None) -> NeutralityResult:
    """Share of pairs whose detected technique multisets differ; `detect(text)` lists techniques."""
    pairs = counterfactual_pairs() if pairs is None else pairs
    differing = 0
    examples = []
    for pair in pairs:
        left, right = detect(pair.left), detect(pair.right)
        if signature(left) != signature(right):
            differing += 1
            examples.append((pair.left, pair.right, sorted(left), sorted(right)))
    return NeutralityResult(len(pairs), differing, examples)
