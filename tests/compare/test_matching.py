"""Actors across articles: full names, declared aliases and transliterations; never a surname alone."""

from __future__ import annotations

import pytest

from presslens.compare.matching import RULES, ArticleUnion, match_actors
from presslens.document import ACTORS, Actor, Descriptor, Document


def _doc(doc_id: str, actors: list[tuple[str, str, list[str], list[str]]]) -> Document:
    """A document whose text is its actors' name forms, one per line, with an actors layer over them."""
    lines = [form for _, _, forms, _ in actors for form in forms]
    text = "\n".join(lines)
    rows, offset = [], 0
    for canonical, label, forms, aliases in actors:
        descriptors = []
        for form in forms:
            descriptors.append(Descriptor.of(text, offset, offset + len(form), kind="name", head="", link="name", voice="author"))
            offset += len(form) + 1
        rows.append(Actor(canonical=canonical, label=label, aliases=aliases, descriptors=descriptors))
    return Document(id=doc_id, text=text).with_layer(ACTORS, rows)


def _groups(*docs: Document) -> list[list[str | None]]:
    return [[g.of(i).canonical if g.of(i) else None for i in range(len(docs))] for g in match_actors(docs)]


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        (("Ismail Haniyeh", "PERSON", ["Ismail Haniyeh"], []), ("Ismail Haniyah", "PERSON", ["Ismail Haniyah"], []), "transliteration"),
        (("Hamas", "ORG", ["Hamas"], []), ("Hamas", "ORG", ["the Hamas"], []), "same-name"),
        (("Jerusalem", "GPE", ["Jerusalem"], ["Al-Quds"]), ("Al-Quds", "GPE", ["Al-Quds"], []), "declared-alias"),
        (("Ali Khamenei", "PERSON", ["Ayatollah Ali Khamenei"], []), ("Ali Khamenei", "PERSON", ["Ali Khamenei"], []), "same-name"),
    ],
)
def test_matching_joins_by_rule(a, b, rule):
    groups = match_actors([_doc("a", [a]), _doc("b", [b])])
    assert len(groups) == 1 and groups[0].rules == [rule]


def test_matching_never_by_surname_alone():
    first = _doc("a", [("Haniyeh", "PERSON", ["Haniyeh"], [])])
    second = _doc("b", [("Ismail Haniyeh", "PERSON", ["Ismail Haniyeh"], [])])
    assert _groups(first, second) == [["Haniyeh", None], [None, "Ismail Haniyeh"]]


def test_matching_never_quds_and_jerusalem_unless_a_text_says_so():
    first = _doc("a", [("Quds", "GPE", ["Quds"], [])])
    second = _doc("b", [("Jerusalem", "GPE", ["Jerusalem"], [])])
    assert _groups(first, second) == [["Quds", None], [None, "Jerusalem"]]


def test_matching_a_state_is_not_its_people():
    first = _doc("a", [("Israeli", "NORP", ["Israeli"], [])])
    second = _doc("b", [("Israel", "GPE", ["Israel"], []), ("Israeli", "NORP", ["Israeli"], [])])
    assert _groups(first, second) == [["Israeli", "Israeli"], [None, "Israel"]]


def test_matching_never_two_actors_of_one_article():
    first = _doc("a", [("Ismail Haniyeh", "PERSON", ["Ismail Haniyeh"], [])])
    second = _doc("b", [("Ismail Haniyah", "PERSON", ["Ismail Haniyah"], []), ("Ismail Haniyeh", "PERSON", ["Ismail Haniyeh"], [])])
    assert _groups(first, second) == [["Ismail Haniyeh", "Ismail Haniyeh"], [None, "Ismail Haniyah"]]


def test_matching_rules_are_explained():
    assert [r.name for r in RULES] == ["same-name", "full-name", "transliteration", "declared-alias", "never"]
    assert all(r.description for r in RULES)


def test_article_union_keeps_the_first_root_and_never_joins_two_items_of_one_article():
    union = ArticleUnion([0, 1, 0, 2])
    assert union.union(1, 0) == (0, 1)  # the root seen first is kept
    assert union.union(2, 1) is None  # item 2 is of article 0, which the group already holds
    assert union.union(3, 1) == (0, 3)
    assert union.union(0, 3) is None  # already one group
    assert [union.find(i) for i in range(4)] == [0, 0, 2, 0]
