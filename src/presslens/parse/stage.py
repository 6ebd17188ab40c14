"""Base layers from spaCy: sentences and tokens, plus the parse later stages share.

Why one spaCy pass: entities, times and quotes all read the same parse, so
the parse stage parses each text once (batched with `nlp.pipe`) and attaches
the spaCy Doc to the document for the stages that follow.

Why sections: a text longer than `SECTION_CHARS` is parsed in contiguous
sections cut at paragraph breaks and joined into one Doc whose offsets are
offsets into the whole text (`sections.py`), so spaCy's time and memory grow
linearly with length instead of failing at 1,000,000 characters.
A text longer than `MAX_CHARS` is refused with an `InputError` before any
model runs on it: that is the largest document the pipeline accepts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..document import PARSE, SENTENCES, TOKENS, Document, Sentence, Token, strip_span
from ..errors import ConfigError, InputError
from ..pipeline import register_stage
from .sections import SECTION_CHARS, context_bounds, core_tokens, join_parses, section_bounds, window_chars
from .spacy_model import load_spacy

STAGE = "parse.v1"

# The longest document accepted, in characters: the CLI's default byte limit (5 MiB), so
# that a file the CLI reads is never refused here. Time and memory grow linearly up to it
# (benchmarks/long_documents.py).
MAX_CHARS = 5 * 1024 * 1024


class BaseStage:
    """Parse with spaCy and assign `sentences` and `tokens`.

    `section_chars` bounds the text spaCy parses as one Doc; `max_chars` is
    the longest document accepted.
    """

    def __init__(
        self, *, nlp: Any | None = None, section_chars: int = SECTION_CHARS, max_chars: int = MAX_CHARS
    ) -> None:
        if section_chars < 1:
            raise ConfigError(f"parse.v1 section_chars must be at least 1, got {section_chars:,}")
        if max_chars < 1:
            raise ConfigError(f"parse.v1 max_chars must be at least 1, got {max_chars:,}")
        self.nlp = nlp if nlp is not None else load_spacy()
        self.section_chars = section_chars
        self.max_chars = max_chars
        # spaCy refuses a text longer than max_length (E088); no section with its context is longer.
        if getattr(self.nlp, "max_length", None) is not None and self.nlp.max_length < window_chars(section_chars):
            self.nlp.max_length = window_chars(section_chars)

    def __call__(self, doc: Document) -> Document:
        self._check_size(doc)
        return self._annotate(doc, self.parse(doc.text))

    def pipe(self, docs: Iterable[Document], *, batch_size: int) -> Iterator[Document]:
        docs = list(docs)
        for doc in docs:  # every document of the batch, before any model runs
            self._check_size(doc)
        for doc, parsed in zip(docs, self._parse_many([d.text for d in docs], batch_size)):
            yield self._annotate(doc, parsed)

    def parse(self, text: str) -> Any:
        """spaCy's parse of `text`, made section by section when the text is long."""
        bounds = section_bounds(text, self.section_chars)
        if len(bounds) == 1:
            return self.nlp(text)
        parsed = join_parses([self._parse_section(text, start, end) for start, end in bounds])
        if parsed.text != text:  # offsets would be wrong from here on: never let it pass
            raise RuntimeError("the joined sections of the parse do not reproduce the text")
        return parsed

    def _parse_section(self, text: str, start: int, end: int) -> Any:
        """The parse of `text[start:end]`, read with its context and then cut out of it."""
        lo, hi = context_bounds(text, start, end)
        window = self.nlp(text[lo:hi])
        first, last = core_tokens(window, start - lo, end - lo)
        part = window[first:last].as_doc()
        if part.text != text[start:end]:
            # A cut inside a token (a section with no whitespace at all): parse it on its own.
            return self.nlp(text[start:end])
        return part

    def _parse_many(self, texts: list[str], batch_size: int) -> Iterator[Any]:
        """Parses in input order: short texts batched by `nlp.pipe`, each long one alone, in sections."""
        short: list[str] = []
        for text in texts:
            if len(text) <= self.section_chars:
                short.append(text)
                continue
            yield from self.nlp.pipe(short, batch_size=batch_size)
            short = []
            yield self.parse(text)
        yield from self.nlp.pipe(short, batch_size=batch_size)

    def _check_size(self, doc: Document) -> None:
        if len(doc.text) > self.max_chars:
            raise InputError(
                doc.id,
                f"{len(doc.text):,} characters is over the limit of {self.max_chars:,} for one document; "
                "split it into its articles, or raise the limit with "
                "presslens.pipeline.load_pipeline(config={'parse.v1': {'max_chars': N}})",
            )

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
def make_base(
    *, nlp: Any | None = None, section_chars: int = SECTION_CHARS, max_chars: int = MAX_CHARS
) -> BaseStage:
    return BaseStage(nlp=nlp, section_chars=section_chars, max_chars=max_chars)
