"""A light pipeline for the web tests: every layer the page shows, from regular expressions, in milliseconds.

The API tests swap the real models for it with FastAPI's
`app.dependency_overrides[get_pipeline]` (the app then loads no model), so
what they test is the server: requests, limits, errors, headers, the page.
The voices summary is the real `voices.v1` stage (it needs no model).

Triggers: a text containing "[[boom]]" makes a stage fail; one containing
"[[wait]]" blocks its worker until `GATE` is set (for queue and timeout tests).
"""

from __future__ import annotations

import re
import threading
from typing import Any

from presslens.document import Claim, Document, Entity, Part, Quote, Sentence, Technique, TimeExpression
from presslens.pipeline import Pipeline, StageSpec, registered_stages

GATE = threading.Event()
BOOM = "[[boom]]"
WAIT = "[[wait]]"

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")
_TIME = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|last year|March \d{1,2})\b")
_QUOTE = re.compile(r"[\"\u201c]([^\"\u201d]+)[\"\u201d]")
_TECHNIQUES = (
    (re.compile(r"\b(insult|greediest|disposable|pathetic|fearmongering|hostage)\b"), "Loaded_Language", 0.82),
    (re.compile(r"\bbosses\b"), "Name_Calling,Labeling", 0.45),
    (re.compile(r"\babsolutely nothing\b"), "Exaggeration,Minimisation", 0.31),
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_VALUES = {"last year": "2025", "Monday": "2026-03-09", "Sunday": "2026-03-08"}


def _sentences(text: str) -> list[Sentence]:
    out = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence.of(text, start, end))
    return out


class Parse:
    def __call__(self, doc: Document) -> Document:
        if BOOM in doc.text:
            raise RuntimeError("cannot handle this text: " + doc.text[:60])
        if WAIT in doc.text:
            GATE.wait(10)
        return doc.with_layer("sentences", _sentences(doc.text), stage="fake-parse.v1")


class Entities:
    def __call__(self, doc: Document) -> Document:
        items = [
            Entity.of(doc.text, m.start(), m.end(), label="PERSON", canonical=m.group())
            for m in _NAME.finditer(doc.text)
            if not _TIME.fullmatch(m.group())
        ]
        return doc.with_layer("entities", items, stage="fake-entities.v1")


class Times:
    def __call__(self, doc: Document) -> Document:
        items = [
            TimeExpression.of(
                doc.text, m.start(), m.end(), label="DATE", value=_VALUES.get(m.group()), anchored=m.group() in _VALUES
            )
            for m in _TIME.finditer(doc.text)
        ]
        return doc.with_layer("times", items, stage="fake-times.v1")


class Quotes:
    def __call__(self, doc: Document) -> Document:
        text = doc.text
        entities = doc.entities or []
        items = []
        for m in _QUOTE.finditer(text):
            before = [e for e in entities if e.end <= m.start() and "\n" not in text[e.end : m.start()]]
            source = before[-1] if before else None
            start = source.start if source else m.start()
            items.append(
                Quote.of(
                    text, start, m.end(),
                    content=Part.of(text, m.start(1), m.end(1)),
                    cue=None,
                    source=Part.of(text, source.start, source.end) if source else None,
                    speaker=source.canonical if source else None,
                    kind="direct",
                )
            )
        return doc.with_layer("quotes", items, stage="fake-quotes.v1")


class Techniques:
    """Every pattern's span at its fixed score; `min_score` as the real stage's (here the display threshold is 0)."""

    def __init__(self, min_score: float | None = None) -> None:
        self.min_score = min_score

    def with_min_score(self, min_score: float | None) -> Techniques:
        return Techniques(min_score)

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        items = []
        for pattern, label, score in _TECHNIQUES:
            if self.min_score is not None and score < self.min_score:
                continue
            for m in pattern.finditer(text):
                quote = next((q for q in doc.quotes or [] if q.content.start <= m.start() < q.content.end), None)
                items.append(
                    Technique.of(
                        text, m.start(), m.end(), technique=label, score=score,
                        voice="quoted" if quote else "author",
                        speaker=quote.speaker if quote else None,
                        source=quote.source if quote else None,
                    )
                )
        items.sort(key=lambda t: (t.start, t.end))
        return doc.with_layer("techniques", items, stage="fake-techniques.v1")


class Claims:
    def __call__(self, doc: Document) -> Document:
        text = doc.text
        items = []
        for s in doc.sentences or []:
            numbers = [m for m in _NUMBER.finditer(text, s.start, s.end)]
            if numbers:
                items.append(
                    Claim.of(
                        text, s.start, s.end, score=0.9, voice="author", speaker=None,
                        quantities=[Part.of(text, m.start(), m.end()) for m in numbers],
                    )
                )
        return doc.with_layer("claims", items, stage="fake-claims.v1")


def _spec(name: str, factory: Any, *, assigns: tuple[str, ...], requires: tuple[str, ...] = (), order: int) -> StageSpec:
    return StageSpec(name, factory, assigns=assigns, requires=requires, order=order, description=f"{name} (test double)")


FAKE_SPECS = (
    _spec("fake-parse.v1", Parse, assigns=("sentences",), order=1),
    _spec("fake-entities.v1", Entities, assigns=("entities",), order=2),
    _spec("fake-times.v1", Times, assigns=("times",), order=3),
    _spec("fake-quotes.v1", Quotes, assigns=("quotes",), requires=("entities",), order=4),
    _spec("fake-techniques.v1", Techniques, assigns=("techniques",), requires=("quotes",), order=5),
    _spec("fake-claims.v1", Claims, assigns=("claims",), requires=("sentences",), order=6),
)


def fake_pipeline() -> Pipeline:
    """Every layer the page shows, plus the real voices summary."""
    pipeline = Pipeline()
    for spec in FAKE_SPECS:
        pipeline = pipeline.add_spec(spec)
    return pipeline.add_spec(registered_stages()["voices.v1"])
