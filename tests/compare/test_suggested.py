"""Issue 25, point 4: an actor one article names and another only labels shows as 'named differently'."""

from __future__ import annotations

import json

import jsonschema
import pytest

from presslens.compare import compare
from presslens.document import Actor, Descriptor, Document, Part, Sentence, Suggestion
from presslens.report.compare import render_html, render_text
from tests.compare.builders import WordEncoder
from tests.conftest import REPO

SCHEMA = REPO / "schema" / "presslens-comparison.schema.json"


def _named(text: str, name: str, label: str) -> Document:
    start = text.index(name)
    row = Actor(
        canonical=name, label=label,
        descriptors=[Descriptor.of(text, start, start + len(name), kind="name", head="", link="name", voice="author")],
    )
    return Document(id=f"names-{name}", text=text).with_layer("sentences", [Sentence.of(text, 0, len(text))]).with_layer(
        "actors", [row]
    )


def _labelled(text: str, phrase: str, word: str, candidate: str) -> Document:
    start = text.index(phrase)
    w = text.index(word)
    suggestion = Suggestion(candidate=candidate, score=0.6, rule="metonym", evidence=Part.of(text, w, w + len(word)))
    label = Descriptor.of(
        text, start, start + len(phrase), kind="label", head="regime", link="modifier", voice="author",
        suggestion=suggestion,
    )
    row = Actor(canonical=word, label="NORP", descriptors=[label])
    return Document(id=f"labels-{word}", text=text).with_layer("sentences", [Sentence.of(text, 0, len(text))]).with_layer(
        "actors", [row]
    )


# Each side's state named outright in one article and by the other side's epithet in the other.
MIRRORED = [
    ("Russia", "The Kremlin regime", "Kremlin"),
    ("Ukraine", "The Kyiv regime", "Kyiv"),
    ("Israel", "The Zionist regime", "Zionist"),
    ("Palestine", "The Ramallah regime", "Ramallah"),
]


def _pair(state: str, phrase: str, word: str):
    named = _named(f"{state} closed the crossing on Monday.", state, "GPE")
    labelled = _labelled(f"{phrase} closed the crossing on Monday.", phrase, word, state)
    return compare([named, labelled], embedder=WordEncoder(), threshold=0.5)


@pytest.mark.parametrize(("state", "phrase", "word"), MIRRORED)
def test_suggested_label_fills_the_cell_of_the_unnamed_actor(state, phrase, word):
    c = _pair(state, phrase, word)
    row = next(r for r in c.actors if r.actor == state)
    assert row.names == [state, None] and row.uses[1] == []
    (use,) = row.suggested[1]
    assert (use.text, use.kind) == (phrase, "label")
    assert use.suggestion is not None and (use.suggestion.candidate, use.suggestion.evidence.text) == (state, word)
    assert row.suggested[0] == []
    jsonschema.validate(c.to_dict(), json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_suggested_structure_is_the_same_for_every_side():
    shapes = set()
    for state, phrase, word in MIRRORED:
        c = _pair(state, phrase, word)
        shapes.add(tuple((r.names.count(None), tuple(len(s) for s in r.suggested)) for r in c.actors))
    assert len(shapes) == 1


def test_suggested_text_says_named_differently():
    out = render_text(_pair("Russia", "The Kremlin regime", "Kremlin"))
    assert "[2] (not named) named differently: The Kremlin regime (suggested, 0.6, metonym 'Kremlin')" in out


def test_suggested_html_says_named_differently():
    page = render_html(_pair("Ukraine", "The Kyiv regime", "Kyiv"))
    assert "named differently" in page and "The Kyiv regime" in page and "suggested, 0.6, metonym &#x27;Kyiv&#x27;" in page


def test_suggested_only_where_the_article_does_not_name_the_actor():
    text = "Russia said the Kremlin regime closed the crossing."
    named = _named("Russia closed the crossing on Monday.", "Russia", "GPE")
    both = _labelled(text, "the Kremlin regime", "Kremlin", "Russia")
    both = both.with_layer(
        "actors", [*(_named(text, "Russia", "GPE").actors or []), *(both.actors or [])]
    )
    c = compare([named, both], embedder=WordEncoder(), threshold=0.5)
    row = next(r for r in c.actors if r.actor == "Russia")
    assert row.names == ["Russia", "Russia"] and row.suggested == [[], []]


def test_suggested_matches_another_name_of_the_same_group():
    """A suggestion written as the article's own name for the group ('Israelis') fills the row 'Israel'."""
    named = _named("Israel closed the crossing on Monday.", "Israel", "GPE")
    labelled = _labelled("The Zionist regime closed the crossing, Israelis said.", "The Zionist regime", "Zionist", "Israelis")
    c = compare([named, labelled], embedder=WordEncoder(), threshold=0.5)
    row = next(r for r in c.actors if r.actor == "Israel")
    assert [u.text for u in row.suggested[1]] == ["The Zionist regime"]
