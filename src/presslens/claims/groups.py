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

Mentions come from the parse stage's recognition of group names
(`presslens.parse.spacy_model.GroupNames`, which applies the lexicon
`presslens.parse.group_names.LEXICON` after spaCy's NER), read twice:
the entities with labels NORP, GPE, ORG, LOC (as the techniques layer masks;
the `entities` layer, else the parse's), and every lexicon name found by the
same component on the bare tokens (`lexicon_ranges`). The second reading is
not a second matcher: it is there because the component keeps a longer
proper name that NER found around a group word whole, as the entities and
actors layers need ("the Islamic Resistance Movement"), and that name's label
is often one the claims layer does not mask ("the Russian Embassy" FAC, "The
Iraq War" and "Chinese New Year" EVENT, "North Mali" PERSON in a ClaimBuster
sentence): the model would read the group in it. It also keeps a document whose
entities come from elsewhere (no parse; spaCy without the component, another
recogniser) masked alike.

Measured on ClaimBuster fold 0 (held out from training), masking costs
0.004 F1 (see models/claims/MODEL_CARD.md); neutrality is a product rule,
so it is on by default (`claims.v1` option `mask_groups`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..document import Document
from ..techniques.group_masks import GROUP_LABELS

# What the classifier reads in place of a group mention, by entity label.
PLACEHOLDERS: dict[str, str] = {
    "GPE": "the country",
    "NORP": "the group",
    "ORG": "the organisation",
    "LOC": "the region",
}


Range = tuple[int, int, str]


# Lexicon names are looked up in pieces of at most this many characters (see `lexicon_ranges`).
PIECE_CHARS = 5_000


def lexicon_ranges(text: str) -> list[Range]:
    """Every lexicon group name in `text`, as (start, end, label), also inside longer proper names.

    Found by the parse stage's own `GroupNames` component run on spaCy's tokens without NER (so no
    entity keeps a name inside it): the same tokens, matcher, case sensitivity and labels as the
    parse, never a copy of them. Loads spaCy once per process (shared with the parse stage).

    Why pieces: the component compares each name it finds with those it kept before (time grows
    with the square of the names in one Doc; the parse stage bounds it by its 100,000-character
    sections), so the text is read in pieces of at most `PIECE_CHARS`, cut where the parse stage
    cuts a long text (`parse.sections`: after a paragraph, a line, a sentence end; at a space only
    in a stretch of 2,500 characters with none of these): time grows linearly with the text.
    """
    from ..parse.sections import section_bounds
    from ..parse.spacy_model import GROUP_NAMES, load_spacy

    nlp = load_spacy()
    names = nlp.get_pipe(GROUP_NAMES)
    bounds = section_bounds(text, PIECE_CHARS)
    found: list[Range] = []
    # The tokenizer alone: unlike `nlp.make_doc` it never refuses a long text (spaCy's E088).
    for (start, _), piece in zip(bounds, nlp.tokenizer.pipe(text[s:e] for s, e in bounds)):
        found += [(start + e.start_char, start + e.end_char, e.label_) for e in names(piece).ents]
    return found


def group_ranges(text: str, entities: Iterable[tuple[int, int, str]]) -> list[Range]:
    """Group mentions of a text: entities with a group label and lexicon names, overlaps merged.

    Overlapping mentions become one mention labelled by the longest of them; the lexicon wins a tie,
    so the placeholder of a group name never depends on the entity's label ("Uyghurs" given as ORG
    or as NORP is "the group" alike, also in an `entities` layer from elsewhere).
    """
    found = [(s, e, label, 0) for s, e, label in entities if label in GROUP_LABELS]
    found += [(s, e, label, 1) for s, e, label in lexicon_ranges(text)]
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


def document_ranges(doc: Document) -> list[Range]:
    """Group mentions of a document: its `entities` layer (else the spaCy parse's entities) and the lexicon."""
    if doc.entities is not None:
        entities = [(e.start, e.end, e.label) for e in doc.entities]
    else:
        ents = getattr(doc.parsed, "ents", None) or ()
        entities = [(e.start_char, e.end_char, e.label_) for e in ents]
    return group_ranges(doc.text, entities)


def mask_sentences(texts: Sequence[str], *, batch_size: int = 32) -> list[str]:
    """Each sentence as the `claims.v1` stage's model reads it (the parse's entities + the lexicon, masked).

    For scoring sentences outside the pipeline (`presslens eval claims`, training checks); loads spaCy
    with the parse stage's components (`load_spacy`, group names included), as `parse.v1` does.
    """
    from ..parse.spacy_model import load_spacy

    nlp = load_spacy()
    out = []
    for text, parsed in zip(texts, nlp.pipe(texts, batch_size=batch_size)):
        ranges = group_ranges(text, [(e.start_char, e.end_char, e.label_) for e in parsed.ents])
        out.append(masked_text(text, 0, len(text), ranges))
    return out
