"""The one light pipeline of the test suite: every layer from regular expressions, no spaCy, no ONNX.

The CLI, web and corpus tests all swap the real models for it (FastAPI's
`dependency_overrides`, `monkeypatch` of `load_pipeline`, the corpus runner's
`factory`), so what they test is their own surface: reading, writing,
messages, limits, the store. `FakePipeline` is a picklable factory (a frozen
dataclass), so the same fake runs in this process, in spawned worker
processes and on Dask workers.

- fake-parse.v1: sentences are runs of text ending at . ! ? or a line end;
  it marks the document as parsed
- fake-entities.v1: runs of capitalised words are PERSON entities (weekdays,
  "March 9" and the like are times instead)
- fake-times.v1: weekdays, "last year", "March 9"
- fake-quotes.v1: `"..." said First Last` is a direct quote by that person;
  any other quotation is by the last name before it on its line, if any
- fake-techniques.v1: the words of `TECHNIQUES` at their scores (version 2
  also tags "allegedly" as Doubt); in a quote they are in the speaker's voice
- fake-claims.v1: a sentence with a number is a claim (score 0.9), its numbers the quantities
- voices.v1: the real voices summary (pure rules)

Triggers: a text containing "boom" makes fake-techniques fail, one containing
"ctrl-c" interrupts it as Ctrl-C would, one containing "[[wait]]" blocks it
until `GATE` is set (queue and timeout tests); `delay` slows every document
down (the kill test).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pytest

from presslens.document import Claim, Document, Entity, Part, Quote, Sentence, Technique, TimeExpression
from presslens.pipeline import Pipeline, StageSpec, registered_stages

GATE = threading.Event()
BOOM = "[[boom]]"
WAIT = "[[wait]]"

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")
_TIME = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|last year|March \d{1,2})\b")
_VALUES = {"last year": "2025", "Monday": "2026-03-09", "Sunday": "2026-03-08"}
_SAID = re.compile(r"\"([^\"]+)\" said ([A-Z][a-z]+ [A-Z][a-z]+)")
_QUOTE = re.compile(r"[\"\u201c]([^\"\u201d]+)[\"\u201d]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")

# Words a fake technique finds, with its label and score.
TECHNIQUES: tuple[tuple[str, str, float], ...] = (
    (r"insult|greediest|disposable|pathetic|fearmongering|hostage", "Loaded_Language", 0.82),
    (r"disaster|traitors|catastrophe|shameful", "Loaded_Language", 0.8),
    (r"bosses", "Name_Calling,Labeling", 0.45),
    (r"absolutely nothing", "Exaggeration,Minimisation", 0.31),
)
LOADED = ("disaster", "traitors", "catastrophe", "shameful")


class _Parse:
    def __call__(self, doc: Document) -> Document:
        text = doc.text
        items = []
        for m in _SENTENCE.finditer(text):
            start, end = m.start(), m.end()
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                items.append(Sentence.of(text, start, end))
        return doc.with_layer("sentences", items, stage="fake-parse.v1").with_parsed("fake-parse")


class _Entities:
    def __call__(self, doc: Document) -> Document:
        assert doc.parsed == "fake-parse", "the parse must run first"
        items = [
            Entity.of(doc.text, m.start(), m.end(), label="PERSON", canonical=m.group())
            for m in _NAME.finditer(doc.text)
            if not _TIME.fullmatch(m.group())
        ]
        return doc.with_layer("entities", items, stage="fake-entities.v1")


class _Times:
    def __call__(self, doc: Document) -> Document:
        items = [
            TimeExpression.of(
                doc.text, m.start(), m.end(), label="DATE", value=_VALUES.get(m.group()), anchored=m.group() in _VALUES
            )
            for m in _TIME.finditer(doc.text)
        ]
        return doc.with_layer("times", items, stage="fake-times.v1")


class _Quotes:
    def __call__(self, doc: Document) -> Document:
        text = doc.text
        items, taken = [], []
        for m in _SAID.finditer(text):
            taken.append((m.start(), m.end()))
            items.append(
                Quote.of(
                    text, m.start(), m.end(),
                    content=Part.of(text, m.start(1), m.end(1)),
                    cue=Part.of(text, m.end(1) + 2, m.end(1) + 6),
                    source=Part.of(text, m.start(2), m.end(2)),
                    speaker=m.group(2), kind="direct",
                )
            )
        for m in _QUOTE.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            before = [e for e in doc.entities or [] if e.end <= m.start() and "\n" not in text[e.end : m.start()]]
            source = before[-1] if before else None
            items.append(
                Quote.of(
                    text, source.start if source else m.start(), m.end(),
                    content=Part.of(text, m.start(1), m.end(1)),
                    cue=None,
                    source=Part.of(text, source.start, source.end) if source else None,
                    speaker=source.canonical if source else None,
                    kind="direct",
                )
            )
        items.sort(key=lambda q: (q.start, q.end))
        return doc.with_layer("quotes", items, stage="fake-quotes.v1")


class _Techniques:
    def __init__(self, version: int = 1, delay: float = 0.0, min_score: float | None = None) -> None:
        self.version = version
        self.delay = delay
        self.min_score = min_score

    def with_min_score(self, min_score: float | None) -> _Techniques:
        """As the real stage's: spans at or above `min_score` (the fake's display threshold is 0)."""
        return _Techniques(self.version, self.delay, min_score)

    def __call__(self, doc: Document) -> Document:
        if self.delay:
            time.sleep(self.delay)
        if WAIT in doc.text:
            GATE.wait(10)
        if "boom" in doc.text:
            raise RuntimeError("cannot handle boom")
        if "ctrl-c" in doc.text:
            raise KeyboardInterrupt
        words = list(TECHNIQUES)
        if self.version >= 2:
            words.append((r"allegedly", "Doubt", 0.8))
        items = []
        for pattern, label, score in words:
            if self.min_score is not None and score < self.min_score:
                continue
            for m in re.finditer(rf"\b(?:{pattern})\b", doc.text):
                quote = next((q for q in doc.quotes or [] if q.content.start <= m.start() < q.content.end), None)
                items.append(
                    Technique.of(
                        doc.text, m.start(), m.end(), technique=label, score=score,
                        voice="quoted" if quote else "author",
                        speaker=quote.speaker if quote else None,
                        source=quote.source if quote else None,
                    )
                )
        items.sort(key=lambda t: (t.start, t.end))
        return doc.with_layer("techniques", items, stage=f"fake-techniques.v{self.version}")


class _Claims:
    def __call__(self, doc: Document) -> Document:
        text = doc.text
        items = [
            Claim.of(
                text, s.start, s.end, score=0.9, voice="author", speaker=None,
                quantities=[Part.of(text, m.start(), m.end()) for m in _NUMBER.finditer(text, s.start, s.end)],
            )
            for s in doc.sentences or []
            if _NUMBER.search(text, s.start, s.end)
        ]
        return doc.with_layer("claims", items, stage="fake-claims.v1")


@dataclass(frozen=True)
class FakePipeline:
    """The fake stages, as a factory that `presslens.corpus` can send to any worker."""

    delay: float = 0.0
    techniques_version: int = 1
    disable: tuple[str, ...] = ()

    def specs(self) -> list[StageSpec]:
        v, delay = self.techniques_version, self.delay
        specs = [
            StageSpec("fake-parse.v1", _Parse, assigns=("parse", "sentences"), order=1, description="sentences (test double)"),
            StageSpec("fake-entities.v1", _Entities, assigns=("entities",), requires=("parse",), order=2,
                      description="capitalised names (test double)"),
            StageSpec("fake-times.v1", _Times, assigns=("times",), requires=("parse",), order=3,
                      description="weekdays and a few dates (test double)"),
            StageSpec("fake-quotes.v1", _Quotes, assigns=("quotes",), requires=("entities",), order=4,
                      description="quotations and who said them (test double)"),
            StageSpec(
                f"fake-techniques.v{v}", lambda: _Techniques(v, delay), assigns=("techniques",),
                requires=("parse", "entities"), uses=("quotes",), order=5, description="listed words (test double)",
            ),
            StageSpec("fake-claims.v1", _Claims, assigns=("claims",), requires=("sentences",), order=6,
                      description="a sentence with a number is a claim (test double)"),
            registered_stages()["voices.v1"],
        ]
        return [s for s in specs if s.name not in self.disable and not set(s.assigns) & set(self.disable)]

    def __call__(self) -> Pipeline:
        pipeline = Pipeline()
        for spec in self.specs():
            pipeline = pipeline.add_spec(spec)
        return pipeline


def light_pipeline(**options: Any) -> Pipeline:
    """The fake pipeline, built (`options` as `FakePipeline`'s)."""
    return FakePipeline(**options)()


def fake_load(stages: list[str] | None = None, *, disable: Iterable[str] = (), config: Any = None) -> Pipeline:
    """Stands in for `load_pipeline`: the fake stages minus the disabled ones."""
    return FakePipeline(disable=tuple(disable))()


def refuse_load(*args: Any, **kwargs: Any) -> Pipeline:
    """Stands in for `load_pipeline` where a command must fail before building the pipeline."""
    raise AssertionError("the pipeline was loaded although the command should have failed first")


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every CLI command that analyses articles uses the fake pipeline."""
    for module in ("presslens.cli.analyze", "presslens.cli.claims", "presslens.cli.pipeline"):
        monkeypatch.setattr(f"{module}.load_pipeline", fake_load)
