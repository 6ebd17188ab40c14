"""The entities stage puts back title words that belong to a place's or an institution's name."""

from __future__ import annotations

import pytest

from presslens.document import Document

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("Families in Sheikh Jarrah face eviction.", "Sheikh Jarrah", "LOC"),
        ("Police closed Bab al-Amoud on Friday.", "Bab al-Amoud", "LOC"),
        ("Israel's Supreme Court ruled on Monday.", "Supreme Court", "ORG"),
        ("Pakistan's Supreme Court ruled on Monday.", "Supreme Court", "ORG"),
        ("India's Supreme Court ruled on Monday.", "Supreme Court", "ORG"),
        ("Iran's Supreme Leader gave a speech.", "Supreme Leader", "ORG"),
        ("The Justice Department opened an inquiry.", "Justice Department", "ORG"),
        ("The Sultan Ahmed Mosque reopened.", "Sultan Ahmed Mosque", "FAC"),
        ("Sheikh Zayed Road was closed.", "Sheikh Zayed Road", "FAC"),
        ("Queen Mary University hosted the talks.", "Queen Mary University", "ORG"),
        ("Port Said was quiet.", "Port Said", "LOC"),
        ("General Motors cut jobs.", "General Motors", "ORG"),
    ],
)
def test_stage_keeps_institution_and_place_names_whole(base_pipeline, text, name, label):
    doc = base_pipeline(Document(id="t", text=text))
    found = [e for e in doc.entities if e.canonical == name]
    assert found, [(e.text, e.label, e.canonical) for e in doc.entities]
    assert found[0].label == label
    assert found[0].text.endswith(name.split()[-1])


def test_stage_a_title_before_a_person_is_not_an_actor_of_its_own(base_pipeline):
    doc = base_pipeline(Document(id="t", text="Supreme Leader Ali Khamenei spoke on Friday."))
    assert [(e.canonical, e.label) for e in doc.entities] == [("Ali Khamenei", "PERSON")]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Rep. Sheila Jackson-Lee spoke on Monday.", ["Sheila Jackson-Lee"]),
        ("Mr. Smith-Jones met Ms. O'Neill-Ruiz on Monday.", ["Smith-Jones", "O'Neill-Ruiz"]),
        ("She said the reintroduction of Glass-Steagall was not needed.", ["Glass-Steagall"]),
    ],
)
def test_stage_keeps_hyphenated_names_whole(base_pipeline, text, names):
    doc = base_pipeline(Document(id="t", text=text))
    people = [e.text for e in doc.entities if e.label in ("PERSON", "LAW")]
    assert people == names


def test_stage_never_joins_lower_case_words_or_peoples_across_a_hyphen(base_pipeline):
    doc = base_pipeline(Document(id="t", text="The Obama-era officials met the Trump-backed candidate in Arab-Israeli talks."))
    assert not [e.text for e in doc.entities if "-" in e.text], [(e.text, e.label) for e in doc.entities]


def test_hyphen_joined_adds_parts_on_either_side_but_not_another_entity():
    from spacy.tokens import Doc, Span

    from presslens.entities.stage import hyphen_joined
    from presslens.parse.spacy_model import load_spacy

    vocab = load_spacy().vocab
    words = ["Dr.", "Anna", "Smith", "-", "Jones", "met", "Lee", "-", "Park", "and", "Kim", "-", "Cho", "."]
    spaces = [True, True, False, False, True, True, False, False, True, True, False, False, False, False]
    doc = Doc(vocab, words=words, spaces=spaces)
    # the recogniser found the first part of one name, the last part of another, and both parts of a third
    doc.ents = [Span(doc, 1, 3, "PERSON"), Span(doc, 8, 9, "PERSON"), Span(doc, 10, 11, "PERSON"),
                Span(doc, 12, 13, "PERSON")]
    got = [doc.text[slice(*hyphen_joined(doc, e, e.start_char))] for e in doc.ents]
    assert got == ["Anna Smith-Jones", "Lee-Park", "Kim", "Cho"]  # Kim and Cho stay two entities
    org = Span(doc, 1, 3, "NORP")
    assert doc.text[slice(*hyphen_joined(doc, org, org.start_char))] == "Anna Smith"  # not for peoples
