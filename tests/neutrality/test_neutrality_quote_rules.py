"""Regression tests (issue 16) for the quote rules whose output changed with the group named."""

from __future__ import annotations

import pytest

from presslens.document import Document

pytestmark = pytest.mark.slow


def quotes(pipeline, text: str) -> list[tuple[str, str | None, str]]:
    return [(q.content.text, q.speaker, q.kind) for q in pipeline(Document(id="q", text=text)).quotes]


@pytest.mark.parametrize("group", ["Muslim", "Jewish", "Hindu", "Sikh"])
def test_neutrality_object_before_infinitive_is_part_of_the_content(quotes_pipeline, group):
    # spaCy attaches "to rebuild" to "fund" for some groups and to "announced" for others
    text = f"The government announced a fund of $20 million to rebuild {group} schools damaged in the floods."
    assert quotes(quotes_pipeline, text) == [
        (f"a fund of $20 million to rebuild {group} schools damaged in the floods", None, "indirect")
    ]


@pytest.mark.parametrize("country", ["Russia", "Israel", "Iran"])
def test_neutrality_split_object_is_one_content(quotes_pipeline, country):
    text = f"Officials in {country} accused neighbouring states of smuggling weapons to rebel groups."
    found = quotes(quotes_pipeline, text)
    assert [content for content, _, _ in found] == ["neighbouring states of smuggling weapons to rebel groups"]


@pytest.mark.parametrize("group", ["Muslim", "Hindu", "Catholic"])
def test_neutrality_group_word_in_a_source_is_not_a_person(quotes_pipeline, group):
    text = f'"We are being treated as second-class citizens," a {group} community leader said on Sunday.'
    assert [speaker for _, speaker, _ in quotes(quotes_pipeline, text)] == [None]
