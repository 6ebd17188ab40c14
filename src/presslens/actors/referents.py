"""What a label or description stands for, from the words inside it: suggestions, not links.

Why only the words inside the phrase: an epithet usually sits next to the
people it is said to act against ("the Zionist regime bombed the camp in
Gaza"), so the nearest name in the sentence is often the wrong referent.
A modifier of the phrase's own head is explicit evidence: "the Zionist
regime", "the Kyiv regime", "the Kremlin's puppets", "the Delhi regime" name
the side they stand for. So the rule reads only the head's direct modifiers
(adjectives, compounds, possessives), never an "of"/"in" phrase, never a
hyphenated compound ("anti-Israel", "Russian-backed": the group is a target or
a sponsor there, not the referent), and never another word of the sentence.

The words come from two tables written the same way for every side:
`parse.group_names.GROUP_OF` (demonyms and party adjectives: "Israeli" ->
Israel, "Palestinian" -> Palestine, "Tory" -> Conservatives) and `METONYMS`
below (seats of government and ideology words used for a state or party).
A suggestion scores 0.9 when the article itself names that group elsewhere
(its canonical name is the candidate) and 0.6 when only the table names it.
None is made when the phrase is already linked to that group under one of
its own names ("the Israeli occupiers" linked to Israeli, "Muslim leaders"
to Muslim): the metonyms ("Kremlin", "Zionist") are other actors, so the
phrases linked to them keep their suggestion. The scores are set by hand,
not measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..entities.canonical import key
from ..parse.group_names import GROUP_OF

ReferentRule = Literal["metonym", "demonym"]

# Word(s) for a side | the state or party they stand for. Each conflict lists both sides' words.
_METONYMS = """
Zionist,Zionists,Tel Aviv|Israel
Ramallah|Palestine
Kremlin,Moscow|Russia
Kyiv,Kiev|Ukraine
New Delhi,Delhi|India
Islamabad,Rawalpindi|Pakistan
Beijing|China
Taipei|Taiwan
Washington,White House|the United States
Tehran|Iran
Riyadh|Saudi Arabia
Baku|Azerbaijan
Yerevan|Armenia
GOP|Republicans
Downing Street,Westminster|Britain
"""


def _metonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in _METONYMS.strip().splitlines():
        words, target = line.split("|")
        for word in words.split(","):
            out[key(word)] = target
    return out


METONYMS: dict[str, str] = _metonyms()
_GROUP_WORDS: dict[str, str] = {key(word): target for word, target in GROUP_OF.items()}

IN_ARTICLE_SCORE = 0.9
LEXICON_ONLY_SCORE = 0.6


@dataclass(frozen=True)
class Referent:
    """The group a modifier stands for, and which table said so."""

    target: str
    rule: ReferentRule


def group_named(words: str) -> str | None:
    """The group that `words` is a name, adjective or people of ("Israelis" -> Israel), not a metonym."""
    return _GROUP_WORDS.get(key(words))


def referent_of(words: str) -> Referent | None:
    """The state or party that the modifier `words` names ("Zionist" -> Israel), or None."""
    k = key(words)
    if k in METONYMS:
        return Referent(METONYMS[k], "metonym")
    if k in _GROUP_WORDS:
        return Referent(_GROUP_WORDS[k], "demonym")
    return None
