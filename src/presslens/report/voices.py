"""The voices summary as plain rows for the terminal summary and the HTML report."""

from __future__ import annotations

from typing import Any

from ..document import Document
from ..voices.speaking import UNNAMED_SOURCE
from .text import clip


def render(doc: Document, *, max_examples: int = 3, max_chars: int = 120) -> list[dict[str, Any]]:
    """Plain rows for reports: speaker, counts, technique counts and a few example quotations.

    Empty when the voices layer is absent (the voices stage did not run).
    """
    rows = []
    for v in doc.voices or []:
        rows.append(
            {
                "speaker": "author" if v.voice == "author" else (v.speaker or UNNAMED_SOURCE),
                "attributions": v.attributions,
                "words": v.words,
                "quoted_words": v.quoted_words,
                "paraphrased_words": v.paraphrased_words,
                "techniques": dict(sorted(v.techniques.items(), key=lambda kv: (-kv[1], kv[0]))),
                "technique_total": sum(v.techniques.values()),
                "quoted_examples": [clip(p.text, max_chars) for p in v.quoted[:max_examples]],
                "paraphrased_examples": [clip(p.text, max_chars) for p in v.paraphrased[:max_examples]],
            }
        )
    return rows
