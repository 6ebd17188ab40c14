"""Which words of a claim candidate name a group, and the neutral words the classifier reads instead.

Why: the check-worthiness model learned from US debate transcripts, where
some countries and peoples co-occur with factual claims more than others,
so the group a sentence names moved its score: "Attacks on Muslims rose by
a third" scored 0.92 and the same sentence about Christians 0.61, and a
plain announcement was a claim for one people and not for another (8.0% of
the neutrality suite's pairs differed; `presslens eval neutrality`). The
scored text therefore names no group: every mention of a country, people,
religion, party, organisation or place is replaced by a neutral phrase of
its kind ("the country", "the group", "the organisation", "the region")
before scoring. The claim's span, parts and text in the output are the
article's own words; only the model's input is masked.

Mentions come from two sources, because spaCy's small model misses or
mislabels some group names (Azerbaijan and Tamil read as people, Tamils and
"Labour supporters" not at all) and a name it misses would still move the
score: the `entities` layer (labels NORP, GPE, ORG, LOC, as the techniques
layer masks) and a lexicon of countries, demonyms, religions, peoples and
parties (`LEXICON`), matched as whole words in any case.

Measured on ClaimBuster fold 0 (held out from training), masking costs
0.005 F1 (see models/claims/MODEL_CARD.md); neutrality is a product rule,
so it is on by default (`claims.v1` option `mask_groups`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..parse.group_names import LEXICON
from ..techniques.group_masks import GROUP_LABELS

# What the classifier reads in place of a group mention, by entity label.
PLACEHOLDERS: dict[str, str] = {
    "GPE": "the country",
    "NORP": "the group",
    "ORG": "the organisation",
    "LOC": "the region",
}

# Capitalised names only: a lower-case "turkey", "chad", "green" or "china" is not a group.
_LEXICON_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(map(re.escape, sorted(LEXICON, key=len, reverse=True))) + r")(?![\w-])"
)


Range = tuple[int, int, str]


def lexicon_ranges(text: str, start: int = 0, end: int | None = None) -> list[Range]:
    """Lexicon group words in `text[start:end]`, as absolute (start, end, label)."""
    stop = len(text) if end is None else end
    return [(m.start(), m.end(), LEXICON[m.group(1)]) for m in _LEXICON_PATTERN.finditer(text, start, stop)]


def group_ranges(text: str, entities: Iterable[tuple[int, int, str]]) -> list[Range]:
    """Group mentions of a text: entities with a group label and lexicon words, overlaps merged.

    Overlapping mentions become one mention labelled by the longest of them; the lexicon wins a tie,
    so the placeholder of a group word never depends on spaCy's label ("Uyghurs" read as ORG or as
    NORP is "the group" alike).
    """
    lexicon = lexicon_ranges(text)
    found = [(s, e, label, 0) for s, e, label in entities if label in GROUP_LABELS]
    found += [(s, e, label, 1) for s, e, label in lexicon]
    merged: list[tuple[int, int, str, int]] = []
    for s, e, label, rank in sorted(found, key=lambda r: (r[0], -r[1])):
        if merged and s < merged[-1][1]:
            ps, pe, plabel, prank = merged[-1]
            keep = (plabel, prank) if (pe - ps, prank) >= (e - s, rank) else (label, rank)
            merged[-1] = (ps, max(pe, e), *keep)
        else:
            merged.append((s, e, label, rank))
    return [(s, e, label) for s, e, label, _ in merged]


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


def document_ranges(entities: Iterable[tuple[int, int, str]] | None, parsed: object, text: str) -> list[Range]:
    """Group mentions of a document: its `entities` layer (else the spaCy parse's entities) and the lexicon."""
    if entities is None:
        ents = getattr(parsed, "ents", None) or ()
        entities = [(e.start_char, e.end_char, e.label_) for e in ents]
    return group_ranges(text, entities)


def mask_sentences(texts: Sequence[str], *, batch_size: int = 32) -> list[str]:
    """Each sentence as the `claims.v1` stage's model reads it (spaCy's entities + the lexicon, masked).

    For scoring sentences outside the pipeline (`presslens eval claims`, training checks); loads spaCy.
    """
    from ..parse.spacy_model import load_spacy

    nlp = load_spacy()
    out = []
    for text, parsed in zip(texts, nlp.pipe(texts, batch_size=batch_size)):
        ranges = group_ranges(text, [(e.start_char, e.end_char, e.label_) for e in parsed.ents])
        out.append(masked_text(text, 0, len(text), ranges))
    return out
