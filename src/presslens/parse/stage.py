"""Base layers from spaCy: sentences and tokens, plus the parse later stages share.

Why one spaCy pass: entities, times and quotes all read the same parse, so
the parse stage parses each text once (batched with `nlp.pipe`) and attaches
the spaCy Doc to the document for the stages that follow.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..document import PARSE, SENTENCES, TOKENS, Document, Sentence, Token, strip_span
from .spacy_model import load_spacy
from ..pipeline import register_stage

STAGE = "parse.v1"


class BaseStage:
    """Parse with spaCy and assign `sentences` and `tokens`."""

    def __init__(self, *, nlp: Any | None = None) -> None:
        self.nlp = nlp if nlp is not None else load_spacy()

    def __call__(self, doc: Document) -> Document:
        return self._annotate(doc, self.nlp(doc.text))

    def pipe(self, docs: Iterable[Document], *, batch_size: int) -> Iterator[Document]:
        docs = list(docs)
        for doc, parsed in zip(docs, self.nlp.pipe((d.text for d in docs), batch_size=batch_size)):
            yield self._annotate(doc, parsed)

    def _annotate(self, doc: Document, parsed: Any) -> Document:
        text = doc.text
        sentences = [_sentence(text, s.start_char, s.end_char) for s in parsed.sents]
        sentences = [s for s in sentences if s is not None]
        tokens = [
            Token(start=t.idx, end=t.idx + len(t.text), text=t.text, pos=t.pos_)
            for t in parsed
            if not t.is_space
        ]
        out = doc.with_parsed(parsed).with_layer(SENTENCES, sentences, stage=STAGE)
        return out.with_layer(TOKENS, tokens)


def _sentence(text: str, start: int, end: int) -> Sentence | None:
    """Trim surrounding whitespace so a sentence span starts and ends on text."""
    start, end = strip_span(text, start, end)
    if start == end:
        return None
    return Sentence(start=start, end=end, text=text[start:end])


@register_stage(
    STAGE,
    assigns=(PARSE, SENTENCES, TOKENS),
    order=10,
    description="spaCy en_core_web_sm 3.8: sentences, tokens and the shared parse",
)
def make_base(*, nlp: Any | None = None) -> BaseStage:
    return BaseStage(nlp=nlp)
