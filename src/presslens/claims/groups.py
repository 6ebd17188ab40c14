"""What the claims classifier reads instead of a group name: a neutral phrase of the group's kind.

Why: the check-worthiness model learned from US debate transcripts, where
some countries and peoples co-occur with factual claims more than others,
so the group a sentence names moved its score: "Attacks on Muslims rose by
a third" scored 0.92 and the same sentence about Christians 0.61, and a
plain announcement was a claim for one people and not for another (8.0% of
the neutrality suite's pairs differed; `presslens eval neutrality`). The
scored text therefore names no group: every group mention is replaced by a
neutral phrase of its kind ("the country", "the group", "the organisation",
"the region") before scoring. The claim's span, parts and text in the output
are the article's own words; only the model's input is masked.

Which words name a group is not decided here: the mentions are the `groups`
layer (`presslens.entities.groups`), the same words the techniques layer
masks, so the two layers hide alike.

Measured on ClaimBuster fold 0 (held out from training), masking costs
little F1 (see models/claims/MODEL_CARD.md); neutrality is a product rule,
so it is on by default (`claims.v1` option `mask_groups`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..document import Document, GroupName

# What the classifier reads in place of a group mention, by entity label.
PLACEHOLDERS: dict[str, str] = {
    "GPE": "the country",
    "NORP": "the group",
    "ORG": "the organisation",
    "LOC": "the region",
}


Range = tuple[int, int, str]


def group_ranges(groups: Iterable[GroupName]) -> list[Range]:
    """The (start, end, label) of each group mention, in text order."""
    return sorted((g.start, g.end, g.label) for g in groups)


_ARTICLE_BEFORE = re.compile(r"\b(the|an?)(\s+)$", re.I)


def masked_text(text: str, start: int, end: int, ranges: Sequence[Range]) -> str:
    """`text[start:end]` with every group mention inside it replaced by its placeholder.

    A mention already preceded by an article keeps it ("the United States" -> "the country", never
    "the the country"; "an American hero" -> "a group hero").
    """
    out: list[str] = []
    last = start
    for s, e, label in ranges:
        if s < start or e > end or s < last:
            continue
        before = text[last:s]
        noun = PLACEHOLDERS.get(label, "the group").split(" ", 1)[1]
        article = _ARTICLE_BEFORE.search(before)
        if article is None:
            out.append(before)
            out.append(f"the {noun}")
        else:
            word = article.group(1)
            if word.lower() != "the":
                word = ("an" if noun[0] in "aeiou" else "a") if word.islower() else ("An" if noun[0] in "aeiou" else "A")
            out.append(before[: article.start()] + word + article.group(2))
            out.append(noun)
        last = e
    out.append(text[last:end])
    masked = "".join(out)
    return masked[:1].upper() + masked[1:] if text[start : start + 1].isupper() else masked


def document_ranges(doc: Document) -> list[Range]:
    """Group mentions of a document: its `groups` layer (none when the entities stage did not run)."""
    return group_ranges(doc.groups or ())


def mask_sentences(texts: Sequence[str], *, batch_size: int = 32) -> list[str]:
    """Each sentence as the `claims.v1` stage's model reads it, for scoring sentences outside the pipeline.

    For `presslens eval claims` and training checks: the sentences go through the pipeline's own
    `parse.v1` and `entities.v1` stages (loading spaCy), so the masked words are the `groups` layer.
    """
    from ..pipeline import load_pipeline

    docs = [Document(id=str(i), text=text) for i, text in enumerate(texts)]
    analysed = load_pipeline(["parse.v1", "entities.v1"]).pipe(docs, batch_size=batch_size)
    out = []
    for doc in analysed:
        assert isinstance(doc, Document)  # on_error="raise": a failure raises
        out.append(masked_text(doc.text, 0, len(doc.text), document_ranges(doc)))
    return out
