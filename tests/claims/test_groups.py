"""Tests for presslens.claims.groups: which words name a group and what the claims model reads instead."""

from __future__ import annotations

import pytest

from presslens.claims.groups import PLACEHOLDERS, group_ranges, lexicon_ranges, masked_text
from presslens.parse.group_names import LEXICON


def masked(text: str, entities: list[tuple[str, str]] = ()) -> str:  # type: ignore[assignment]
    ents = []
    for words, label in entities:
        start = text.index(words)
        ents.append((start, start + len(words), label))
    return masked_text(text, 0, len(text), group_ranges(text, ents))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Attacks on Muslims rose by a third.", "Attacks on the group rose by a third."),
        ("Russia launched an attack.", "The country launched an attack."),
        ("The United States launched an attack.", "The country launched an attack."),
        ("Officials in the United States said so.", "Officials in the country said so."),
        ("He is an American hero.", "He is a group hero."),
        # a party's supporters are one group, for every party alike ("Tory voters" read as "Tory" + "voters")
        ("Labour supporters and Tamils marched.", "The group and the group marched."),
        ("Tory voters and Tamils marched.", "The group and the group marched."),
        ("Only liberals and conservatives voted.", "Only the group and the group voted."),
        ("The turkey was sold in Chad.", "The turkey was sold in the country."),
    ],
)
def test_groups_lexicon_masks_countries_peoples_and_parties(text, expected):
    assert masked(text) == expected


def test_groups_lexicon_is_case_sensitive_and_whole_words():
    text = "Greenland's green party and a turkey farm in Americana"
    assert lexicon_ranges(text) == []


def test_groups_entities_of_group_labels_are_masked_other_labels_kept():
    text = "Ines Baptiste of the Harbour Workers Union spoke in Bergen."
    out = masked(text, [("Ines Baptiste", "PERSON"), ("Harbour Workers Union", "ORG"), ("Bergen", "GPE")])
    assert out == "Ines Baptiste of the organisation spoke in the country."


def test_groups_placeholder_does_not_depend_on_the_entity_label():
    # spaCy reads "Uyghurs" as ORG in some sentences and NORP in others: the lexicon decides.
    text = "Attacks on Uyghurs rose."
    assert masked(text, [("Uyghurs", "ORG")]) == masked(text, [("Uyghurs", "NORP")]) == masked(text)


def test_groups_overlapping_mentions_merge_to_the_longest():
    text = "The Democratic Party of Armenia said so."
    start = text.index("Democratic")
    ranges = group_ranges(text, [(start, start + len("Democratic Party of Armenia"), "ORG")])
    assert ranges == [(start, start + len("Democratic Party of Armenia"), "ORG")]
    assert masked_text(text, 0, len(text), ranges) == "The organisation said so."


def test_groups_mask_only_inside_the_candidate():
    text = "Russia said that Ukraine fired first."
    ranges = group_ranges(text, [])
    start = text.index("Ukraine")
    assert masked_text(text, start, len(text), ranges) == "The country fired first."


def test_groups_same_sentence_about_any_group_reads_the_same():
    template = "The health ministry of {} reported 230 new cases of cholera this week."
    read = {masked(template.format(g)) for g in ("Russia", "Ukraine", "Israel", "Iran", "Azerbaijan", "Eritrea")}
    assert read == {"The health ministry of the country reported 230 new cases of cholera this week."}


def test_groups_lexicon_labels_have_placeholders():
    assert set(LEXICON.values()) <= set(PLACEHOLDERS)
    assert LEXICON["Ukraine"] == "GPE" and LEXICON["Ukrainians"] == "NORP" and LEXICON["Sikhs"] == "NORP"


def test_groups_lexicon_names_are_the_parse_stage_names():
    # One recogniser of group names: every name the parse stage's GroupNames made an entity is found
    # here with the same span and label (also beside a hyphen, where a regex over the text differed).
    from presslens.parse.spacy_model import load_spacy

    text = "Hamas-run ministries and pro-Russian militias met Tamils in Azerbaijan, near the Russian Embassy."
    parsed = [(e.start_char, e.end_char, e.label_) for e in load_spacy()(text).ents if e.text in LEXICON]
    found = lexicon_ranges(text)
    assert parsed and set(parsed) < set(found)
    # ...and the name the parse keeps inside a longer proper name ("the Russian Embassy", FAC)
    embassy = text.index("Russian Embassy")
    assert set(found) - set(parsed) == {(embassy, embassy + len("Russian"), "NORP")}


def test_groups_name_inside_a_longer_entity_of_another_label_is_masked():
    text = "Protesters gathered outside the Russian Embassy and marked the Iraq War."
    out = masked(text, [("the Russian Embassy", "FAC"), ("the Iraq War", "EVENT")])
    assert out == "Protesters gathered outside the group Embassy and marked the country War."


def test_groups_lexicon_names_of_a_long_text_are_found_piece_by_piece_at_their_offsets():
    from presslens.claims.groups import PIECE_CHARS

    text = "Tamils met officials in Azerbaijan on Monday.\n" * (3 * PIECE_CHARS // 46)
    found = lexicon_ranges(text)
    assert len(text) > 2 * PIECE_CHARS
    assert len(found) == 2 * text.count("\n")
    assert {(text[s:e], label) for s, e, label in found} == {("Tamils", "NORP"), ("Azerbaijan", "GPE")}
