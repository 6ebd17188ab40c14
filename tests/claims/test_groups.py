"""Tests for presslens.claims.groups: what the claims model reads in place of a group mention."""

from __future__ import annotations

import pytest

from presslens.claims.groups import PLACEHOLDERS, document_ranges, group_ranges, masked_text
from presslens.document import Document, GroupName
from presslens.parse.group_names import LEXICON


def masked(text: str, groups: list[tuple[str, str]]) -> str:
    found = []
    for words, label in groups:
        start = text.index(words)
        found.append(GroupName.of(text, start, start + len(words), label=label))
    return masked_text(text, 0, len(text), group_ranges(found))


@pytest.mark.parametrize(
    ("text", "groups", "expected"),
    [
        ("Attacks on Muslims rose by a third.", [("Muslims", "NORP")], "Attacks on the group rose by a third."),
        ("Russia launched an attack.", [("Russia", "GPE")], "The country launched an attack."),
        ("The United States launched an attack.", [("United States", "GPE")], "The country launched an attack."),
        ("Officials in the United States said so.", [("United States", "GPE")], "Officials in the country said so."),
        ("He is an American hero.", [("American", "NORP")], "He is a group hero."),
        ("An Austrian firm won.", [("Austrian", "NORP")], "A group firm won."),
        ("Labour supporters and Tamils marched.", [("Labour supporters", "NORP"), ("Tamils", "NORP")],
         "The group and the group marched."),
        ("The council met the Harbour Union.", [("Harbour Union", "ORG")], "The council met the organisation."),
        ("Floods hit the Rhine valley.", [("Rhine", "LOC")], "Floods hit the region valley."),
    ],
)
def test_groups_mentions_read_as_the_placeholder_of_their_kind(text, groups, expected):
    assert masked(text, groups) == expected


def test_groups_mask_only_inside_the_candidate():
    text = "Russia said that Ukraine fired first."
    ranges = group_ranges([GroupName.of(text, 0, 6, label="GPE"), GroupName.of(text, 17, 24, label="GPE")])
    start = text.index("Ukraine")
    assert masked_text(text, start, len(text), ranges) == "The country fired first."


def test_groups_same_sentence_about_any_group_reads_the_same():
    template = "The health ministry of {} reported 230 new cases of cholera this week."
    read = {masked(template.format(g), [(g, "GPE")]) for g in ("Russia", "Ukraine", "Israel", "Azerbaijan")}
    assert read == {"The health ministry of the country reported 230 new cases of cholera this week."}


def test_groups_document_ranges_come_from_the_groups_layer_only():
    text = "Tamils met officials in Azerbaijan."
    doc = Document(id="d", text=text)
    assert document_ranges(doc) == []
    doc = doc.with_groups([GroupName.of(text, 24, 34, label="GPE"), GroupName.of(text, 0, 6, label="NORP")])
    assert document_ranges(doc) == [(0, 6, "NORP"), (24, 34, "GPE")]


def test_groups_lexicon_labels_have_placeholders():
    assert set(LEXICON.values()) <= set(PLACEHOLDERS)
    assert LEXICON["Ukraine"] == "GPE" and LEXICON["Ukrainians"] == "NORP" and LEXICON["Sikhs"] == "NORP"
