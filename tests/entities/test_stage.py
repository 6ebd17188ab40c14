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
