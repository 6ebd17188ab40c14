"""The referent tables behind `Descriptor.suggestion`: explicit words only, written alike for every side."""

from __future__ import annotations

import pytest

from presslens.actors.referents import METONYMS, referent_of
from presslens.entities.canonical import key
from presslens.parse.group_names import GROUP_OF


@pytest.mark.parametrize(
    ("words", "target", "rule"),
    [
        ("Zionist", "Israel", "metonym"),
        ("Ramallah", "Palestine", "metonym"),
        ("the Kremlin's", "Russia", "metonym"),
        ("Kyiv", "Ukraine", "metonym"),
        ("New Delhi", "India", "metonym"),
        ("Islamabad", "Pakistan", "metonym"),
        ("GOP", "Republicans", "metonym"),
        ("Israeli", "Israel", "demonym"),
        ("Palestinians", "Palestine", "demonym"),
        ("Tory", "Conservatives", "demonym"),
        ("Democrat", "Democrats", "demonym"),
        ("the US", "the United States", "demonym"),
    ],
)
def test_referents_word_names_its_group(words, target, rule):
    found = referent_of(words)
    assert found is not None and (found.target, found.rule) == (target, rule)


@pytest.mark.parametrize("words", ["regime", "brutal", "anti-Israel", "Russian-backed", ""])
def test_referents_other_words_name_nothing(words):
    assert referent_of(words) is None


@pytest.mark.parametrize(
    ("one", "other"),
    [("Israel", "Palestine"), ("Russia", "Ukraine"), ("India", "Pakistan"), ("China", "Taiwan"), ("Azerbaijan", "Armenia")],
)
def test_referents_both_sides_of_a_conflict_have_metonyms(one, other):
    """The table is symmetric: each side of a listed conflict has a word that stands for it."""
    targets = set(METONYMS.values())
    assert one in targets and other in targets
    assert referent_of(one) is not None and referent_of(other) is not None


def test_referents_metonyms_and_demonyms_never_disagree():
    for word, target in METONYMS.items():
        demonym = {key(w): t for w, t in GROUP_OF.items()}.get(word)
        assert demonym in (None, target), word


@pytest.mark.parametrize(("words", "group"), [("Muslim", "Muslims"), ("Jews", "Jews"), ("Labour", "Labour"), ("Israelis", "Israel")])
def test_referents_every_people_religion_and_party_names_its_group(words, group):
    """Issue 25: a country adjective and a religion's must both name a group, or the suggestions differ by group."""
    found = referent_of(words)
    assert found is not None and (found.target, found.rule) == (group, "demonym")
