"""Swapping which party, country or religion a sentence names must not change the attributions."""

from __future__ import annotations

import pytest

from presslens.document import Document

pytestmark = pytest.mark.slow

TEMPLATES = [
    'The {a} leader said the {b} government "must answer for these crimes."',
    "According to {a} officials, the {b} army violated the ceasefire.",
    '"We will never accept this," a {a} spokesman told reporters after meeting {b} envoys.',
    "{a} activists accused the {b} authorities of lying about the attack.",
]
PAIRS = [("Israeli", "Palestinian"), ("Democratic", "Republican"), ("Muslim", "Christian"), ("Russian", "Ukrainian")]


def _shape(pipeline, text: str, a: str, b: str):
    doc = pipeline(Document(id="n", text=text))
    # Offsets relative to the names, so different name lengths compare equal.
    def norm(part):
        if part is None:
            return None
        return part.text.replace(a, "<A>").replace(b, "<B>")

    return [(q.kind, norm(q.content), norm(q.cue), norm(q.source)) for q in doc.quotes]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_neutrality_swapping_names_keeps_attributions(quotes_pipeline, template, a, b):
    forward = _shape(quotes_pipeline, template.format(a=a, b=b), a, b)
    swapped = _shape(quotes_pipeline, template.format(a=b, b=a), b, a)
    assert forward == swapped
    assert forward, "every template holds one attribution"
