from __future__ import annotations

import datetime as dt

import pytest

from presslens.corpus.keys import document_key, input_key
from presslens.document import Document

BASE = Document(id="a1", text="The mayor said the plan was sound.", source="Harbour Herald", published=dt.date(2024, 5, 1))


def test_keys_document_key_is_stable_and_32_hex_characters():
    key = document_key(BASE)
    assert key == document_key(BASE.model_copy())
    assert len(key) == 32 and int(key, 16) >= 0


@pytest.mark.parametrize(
    "change",
    [
        {"text": "The mayor said the plan was unsound."},
        {"id": "a2"},
        {"source": "Valley Voice"},
        {"published": dt.date(2024, 5, 2)},
        {"title": "Plan"},
        {"url": "https://example.org/a1"},
    ],
)
def test_keys_document_key_changes_with_text_and_metadata(change):
    assert document_key(BASE.model_copy(update=change)) != document_key(BASE)


def test_keys_document_key_ignores_the_input_encoding_and_layers():
    assert document_key(BASE.model_copy(update={"encoding": "cp1252", "pipeline": ["parse.v1"]})) == document_key(BASE)


def test_keys_document_key_of_any_unicode_text():
    doc = Document(id="ü", text="Zoë said “naïve” 😀.")
    assert len(document_key(doc)) == 32 and document_key(doc) != document_key(doc.model_copy(update={"text": "Zoe"}))


def test_keys_input_key_differs_from_every_document_key():
    assert input_key("corpus.jsonl:3") == input_key("corpus.jsonl:3")
    assert input_key("corpus.jsonl:3") != input_key("corpus.jsonl:4")
