"""A light pipeline for corpus tests: every layer, no spaCy or ONNX, milliseconds per article.

`FakePipeline` is a picklable factory (a frozen dataclass), so the same fake
runs in this process, in spawned worker processes and on Dask workers:

- fake-parse: one sentence per line; marks the document as parsed
- fake-entities: capitalised two-word names are PERSON entities
- fake-quotes: `"..." said First Last` is a direct quote by that speaker
- fake-techniques: the words in `LOADED` are Loaded_Language (version 2 also
  tags "allegedly" as Doubt); in a quote they are in the speaker's voice
- fake-claims: a line with a digit is a claim in the author's voice
- voices.v1: the real voices summary (pure rules)

A text containing "boom" makes fake-techniques fail, one containing "ctrl-c"
interrupts it as Ctrl-C would; `delay` slows every document down (for the kill test).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from presslens.document import Claim, Document, Entity, Part, Quote, Sentence, Technique
from presslens.pipeline import Pipeline, StageSpec, registered_stages

LOADED = ("disaster", "traitors", "catastrophe", "shameful")
_NAME = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]+)\b")
_QUOTE = re.compile(r"\"([^\"]+)\" said ([A-Z][a-z]+ [A-Z][a-z]+)")


class _Parse:
    def __call__(self, doc: Document) -> Document:
        spans, pos = [], 0
        for line in doc.text.split("\n"):
            start, end = pos, pos + len(line)
            while start < end and doc.text[start].isspace():
                start += 1
            if end > start:
                spans.append(Sentence.of(doc.text, start, end))
            pos += len(line) + 1
        return doc.with_layer("sentences", spans).with_parsed("fake-parse")


class _Entities:
    def __call__(self, doc: Document) -> Document:
        assert doc.parsed == "fake-parse", "the parse must run first"
        items = [
            Entity.of(doc.text, m.start(), m.end(), label="PERSON", canonical=m.group(0))
            for m in _NAME.finditer(doc.text)
        ]
        return doc.with_layer("entities", items)


class _Quotes:
    def __call__(self, doc: Document) -> Document:
        items = []
        for m in _QUOTE.finditer(doc.text):
            items.append(
                Quote.of(
                    doc.text, m.start(), m.end(),
                    content=Part.of(doc.text, m.start(1), m.end(1)),
                    cue=Part.of(doc.text, m.end(1) + 2, m.end(1) + 6),
                    source=Part.of(doc.text, m.start(2), m.end(2)),
                    speaker=m.group(2), kind="direct",
                )
            )
        return doc.with_layer("quotes", items)


class _Techniques:
    def __init__(self, version: int, delay: float) -> None:
        self.version = version
        self.delay = delay

    def __call__(self, doc: Document) -> Document:
        if self.delay:
            time.sleep(self.delay)
        if "boom" in doc.text:
            raise RuntimeError("cannot handle boom")
        if "ctrl-c" in doc.text:
            raise KeyboardInterrupt
        words = {w: "Loaded_Language" for w in LOADED}
        if self.version >= 2:
            words["allegedly"] = "Doubt"
        items = []
        for word, label in words.items():
            for m in re.finditer(rf"\b{word}\b", doc.text):
                quote = next((q for q in doc.quotes or [] if q.content.start <= m.start() < q.content.end), None)
                items.append(
                    Technique.of(
                        doc.text, m.start(), m.end(), technique=label, score=0.8,
                        voice="quoted" if quote else "author",
                        speaker=quote.speaker if quote else None,
                        source=quote.source if quote else None,
                    )
                )
        items.sort(key=lambda t: (t.start, t.end))
        return doc.with_layer("techniques", items)


class _Claims:
    def __call__(self, doc: Document) -> Document:
        items = [
            Claim.of(doc.text, s.start, s.end, score=0.7, voice="author", speaker=None)
            for s in doc.sentences or []
            if any(ch.isdigit() for ch in s.text)
        ]
        return doc.with_layer("claims", items)


@dataclass(frozen=True)
class FakePipeline:
    """The fake stages, as a factory that `presslens.corpus` can send to any worker."""

    delay: float = 0.0
    techniques_version: int = 1
    disable: tuple[str, ...] = ()

    def specs(self) -> list[StageSpec]:
        v = self.techniques_version
        delay = self.delay
        specs = [
            StageSpec("fake-parse.v1", _Parse, assigns=("parse", "sentences"), order=1),
            StageSpec("fake-entities.v1", _Entities, assigns=("entities",), requires=("parse",), order=2),
            StageSpec("fake-quotes.v1", _Quotes, assigns=("quotes",), requires=("entities",), order=3),
            StageSpec(
                f"fake-techniques.v{v}", lambda: _Techniques(v, delay), assigns=("techniques",),
                requires=("parse", "entities"), uses=("quotes",), order=4,
            ),
            StageSpec("fake-claims.v1", _Claims, assigns=("claims",), requires=("sentences",), order=5),
            registered_stages()["voices.v1"],
        ]
        return [s for s in specs if s.name not in self.disable and not set(s.assigns) & set(self.disable)]

    def __call__(self) -> Pipeline:
        pipeline = Pipeline()
        for spec in self.specs():
            pipeline = pipeline.add_spec(spec)
        return pipeline


OUTLETS = ("Harbour Herald", "Valley Voice", "Metro Ledger")
SPEAKERS = ("Ines Baptiste", "Tomas Rivera", "Lena Okafor")


def article(i: int, *, outlet: str | None = None, published: dt.date | None = None) -> dict[str, object]:
    """A made-up article, different for every `i`, with quotes, loaded words and numbers."""
    speaker = SPEAKERS[i % len(SPEAKERS)]
    loaded = LOADED[i % len(LOADED)]
    lines = [
        f"Council Report Number {i}",
        "",
        f"The council met on Tuesday to discuss the harbour plan, item {i}.",
        f'"This plan is a {loaded} for the town," said {speaker}.',
        f"Critics allegedly called the vote shameful after {i % 7 + 2} hours of debate.",
        "Residents will be asked again next spring.",
    ]
    return {
        "id": f"art-{i:05d}",
        "text": "\n".join(lines),
        "title": f"Council report {i}",
        "source": outlet or OUTLETS[i % len(OUTLETS)],
        "published": (published or dt.date(2024, 1, 1) + dt.timedelta(days=3 * i)).isoformat(),
    }


def write_corpus(path: Path, n: int, *, start: int = 0, extra: list[dict[str, object]] | None = None) -> Path:
    """A JSONL corpus of `n` made-up articles (plus `extra` records) at `path`."""
    records = [article(i) for i in range(start, start + n)] + list(extra or [])
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def fill_store(folder: Path, n: int = 30, *, extra: list[dict[str, object]] | None = None) -> Path:
    """A store at `folder/corpus.duckdb` holding `n` made-up articles analysed by the fake pipeline."""
    from presslens.corpus import run_corpus

    corpus = write_corpus(folder / "corpus.jsonl", n, extra=extra)
    store = folder / "corpus.duckdb"
    run_corpus([corpus], store=store, factory=FakePipeline(), workers=1)
    return store


def table_rows(store: Path, table: str) -> list[tuple[object, ...]]:
    """Every row of `table`, sorted, without the columns that differ between runs (run, times)."""
    from presslens.corpus import CorpusStore

    with CorpusStore.open(store, read_only=True) as db:
        result = db.query(f"SELECT * FROM {table}")
    keep = [i for i, c in enumerate(result.columns) if c not in ("run", "analysed_at", "failed_at")]
    return sorted(tuple(str(row[i]) for i in keep) for row in result.rows)
