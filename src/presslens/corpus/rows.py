"""The store's tables, and documents turned into their rows and back (pure: no database here).

Why one table per layer with flat columns: a researcher's questions ("which
outlets use Loaded_Language in their own voice?") are one `GROUP BY` over
`techniques` joined to `articles`, and the same flat rows export to CSV or
Parquet unchanged. A span is `start`, `end` (code-point offsets into the
article's text, end exclusive, as in the JSON contract) and `text`; a nested
span (a quote's cue, a technique's source) becomes `<name>_start`,
`<name>_end`, `<name>_text`; a list of spans (a claim's quantities, a voice's
quoted words) is a JSON array of `{start, end, text}` objects in one column.
Every layer row carries the article's `key` and `i`, its position in the layer.

`TABLES` is the schema: `store.py` creates it, `docs/corpus.md` documents it
(a test checks both agree) and `document_from_rows` reads a document back,
which a re-run of one stage needs (it reads the stored layers it depends on).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..document import (
    ACTORS,
    CLAIMS,
    ENTITIES,
    QUOTES,
    SENTENCES,
    TECHNIQUES,
    TIMES,
    VOICES,
    Actor,
    Claim,
    Descriptor,
    Document,
    Entity,
    Part,
    Quote,
    Sentence,
    Technique,
    TimeExpression,
    VoiceSummary,
)
from ..voices.summary import count_words


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    doc: str = ""


@dataclass(frozen=True)
class Table:
    """One table of the store: its columns in order, a primary key, and what a row is."""

    name: str
    columns: tuple[Column, ...]
    doc: str
    primary_key: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def ddl(self) -> str:
        cols = [f'"{c.name}" {c.type}' for c in self.columns]
        if self.primary_key:
            cols.append(f"PRIMARY KEY ({', '.join(self.primary_key)})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({', '.join(cols)})"


def _span(prefix: str = "") -> tuple[Column, ...]:
    what = f"the {prefix} span" if prefix else "the span"
    p = f"{prefix}_" if prefix else ""
    return (
        Column(f"{p}start", "INTEGER", f"first character of {what} (code points into the article text)"),
        Column(f"{p}end", "INTEGER", f"one past the last character of {what} (exclusive)"),
        Column(f"{p}text", "VARCHAR", f"text[start:end] of {what}"),
    )


_ROW = (
    Column("key", "VARCHAR NOT NULL", "the article (articles.key)"),
    Column("i", "INTEGER NOT NULL", "position of the item in its layer"),
)
_WHO = (
    Column("voice", "VARCHAR", "author, quoted or paraphrased"),
    Column("speaker", "VARCHAR", "canonical name of the speaking source; NULL for the author and unnamed sources"),
    *_span("source"),
)

ARTICLES = Table(
    "articles",
    (
        Column("key", "VARCHAR NOT NULL", "hash of the text and metadata (presslens.corpus.document_key)"),
        Column("id", "VARCHAR NOT NULL", "the article's id (JSONL id, or the file name without extension)"),
        Column("source", "VARCHAR", "outlet or publisher"),
        Column("title", "VARCHAR"),
        Column("url", "VARCHAR"),
        Column("published", "DATE", "publication date"),
        Column("language", "VARCHAR"),
        Column("encoding", "VARCHAR", "encoding the input bytes were decoded from"),
        Column("chars", "INTEGER", "length of the text in code points"),
        Column("words", "INTEGER", "words in the text (letters or digits, with inner apostrophes and hyphens)"),
        Column("pipeline", "VARCHAR[]", "the versioned stages that produced the stored layers"),
        Column("layers", "VARCHAR[]", "the layers stored for this article (a layer not listed was not analysed)"),
        Column("run", "INTEGER", "the run that stored it (runs.run)"),
        Column("analysed_at", "TIMESTAMP", "when it was stored (UTC)"),
        Column("text", "VARCHAR NOT NULL", "the analysed text, exactly: every offset points into it"),
    ),
    "One row per analysed article.",
    ("key",),
)
SENTENCES_TABLE = Table(SENTENCES, (*_ROW, *_span()), "One row per sentence.")
ENTITIES_TABLE = Table(
    ENTITIES,
    (
        *_ROW,
        *_span(),
        Column("label", "VARCHAR", "PERSON, ORG, GPE, NORP, ..."),
        Column("canonical", "VARCHAR", "one name per actor within the article"),
    ),
    "One row per named-entity mention.",
)
TIMES_TABLE = Table(
    TIMES,
    (
        *_ROW,
        *_span(),
        Column("label", "VARCHAR", "DATE or TIME"),
        Column("value", "VARCHAR", "ISO 8601 value; NULL when unresolved"),
        Column("anchored", "BOOLEAN", "resolved against the publication date"),
    ),
    "One row per time expression.",
)
QUOTES_TABLE = Table(
    QUOTES,
    (
        *_ROW,
        *_span(),
        Column("kind", "VARCHAR", "direct, indirect or mixed"),
        Column("speaker", "VARCHAR", "canonical name of the speaker; NULL when unresolved"),
        *_span("content"),
        *_span("cue"),
        *_span("source"),
    ),
    "One row per attribution (the span covers source, cue and content).",
)
TECHNIQUES_TABLE = Table(
    TECHNIQUES,
    (
        *_ROW,
        *_span(),
        Column("technique", "VARCHAR", "one of the 14 PTC technique labels"),
        Column("score", "DOUBLE"),
        *_WHO,
        Column("lane", "VARCHAR", "shown, or candidate (the switchable low-precision lane); analytics count shown"),
    ),
    "One row per persuasion-technique span.",
)
CLAIMS_TABLE = Table(
    CLAIMS,
    (
        *_ROW,
        *_span(),
        Column("score", "DOUBLE", "check-worthiness in [0, 1]"),
        *_WHO,
        Column("quantities", "VARCHAR", "JSON array of {start, end, text}"),
        Column("entities", "VARCHAR", "JSON array of {start, end, text}"),
        Column("times", "VARCHAR", "JSON array of {start, end, text}"),
    ),
    "One row per check-worthy claim.",
)
VOICES_TABLE = Table(
    VOICES,
    (
        *_ROW,
        Column("voice", "VARCHAR", "author, or source (one speaker, or the unnamed sources with speaker NULL)"),
        Column("speaker", "VARCHAR"),
        Column("attributions", "INTEGER"),
        Column("words", "INTEGER"),
        Column("quoted_words", "INTEGER"),
        Column("paraphrased_words", "INTEGER"),
        Column("quoted", "VARCHAR", "JSON array of {start, end, text}"),
        Column("paraphrased", "VARCHAR", "JSON array of {start, end, text}"),
        Column("techniques", "VARCHAR", "JSON object: technique label -> spans in this voice"),
    ),
    "One row per voice of an article (the voices summary; not spans).",
)
ACTORS_TABLE = Table(
    ACTORS,
    (
        *_ROW,
        Column("j", "INTEGER", "position of the reference among the actor's references (NULL: an actor without any)"),
        Column("canonical", "VARCHAR", "the actor's canonical name in the article; NULL for the row of unlinked descriptions"),
        Column("label", "VARCHAR", "PERSON, ORG, GPE, NORP, ...; NULL for the unlinked row"),
        Column("aliases", "VARCHAR", "JSON array of other names the text equates with this one"),
        *_span(),
        Column("kind", "VARCHAR", "name, apposition, description or label"),
        Column("head", "VARCHAR", "lower-cased lemma of the head noun ('' for names)"),
        Column("link", "VARCHAR", "the evidence linking the reference to the actor; NULL when none"),
        *_WHO,
    ),
    "One row per reference to an actor (a name, apposition, description or label), with the actor's name.",
)
LAYER_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        SENTENCES_TABLE, ENTITIES_TABLE, TIMES_TABLE, QUOTES_TABLE, TECHNIQUES_TABLE, CLAIMS_TABLE, VOICES_TABLE,
        ACTORS_TABLE,
    )
}
STAGES = Table(
    "stages",
    (
        Column("stage", "VARCHAR NOT NULL", "versioned stage name, e.g. techniques.v1"),
        Column("assigns", "VARCHAR[]", "the layers it writes"),
        Column("requires", "VARCHAR[]", "the layers it needs"),
        Column("uses", "VARCHAR[]", "the layers it reads when present"),
        Column("description", "VARCHAR"),
        Column("first_run", "INTEGER", "the run that first used it"),
    ),
    "One row per stage version that ever wrote to the store.",
    ("stage",),
)
FAILURES = Table(
    "failures",
    (
        Column("key", "VARCHAR NOT NULL", "the document's key, or a hash of the input name when it could not be read"),
        Column("id", "VARCHAR", "the document id (NULL for unreadable input)"),
        Column("source", "VARCHAR"),
        Column("input", "VARCHAR", "the input it came from, when it could not be read"),
        Column("stage", "VARCHAR", "the stage that failed (NULL for unreadable input)"),
        Column("error", "VARCHAR", "the error message"),
        Column("run", "INTEGER"),
        Column("failed_at", "TIMESTAMP"),
    ),
    "One row per document that failed (its latest failure); cleared when it is analysed.",
    ("key",),
)
RUNS = Table(
    "runs",
    (
        Column("run", "INTEGER NOT NULL"),
        Column("started", "TIMESTAMP"),
        Column("finished", "TIMESTAMP", "NULL while running, or when the run was killed"),
        Column("status", "VARCHAR", "running, finished, interrupted or failed"),
        Column("backend", "VARCHAR", "in-process, processes or dask"),
        Column("workers", "INTEGER"),
        Column("pipeline", "VARCHAR[]"),
        Column("analysed", "INTEGER"),
        Column("failed", "INTEGER"),
        Column("skipped", "INTEGER", "already in the store"),
    ),
    "One row per batch run.",
    ("run",),
)
META = Table(
    "meta",
    (Column("name", "VARCHAR NOT NULL"), Column("value", "VARCHAR")),
    "The store's own settings: schema_version, created_by.",
    ("name",),
)
TABLES: tuple[Table, ...] = (META, RUNS, STAGES, ARTICLES, FAILURES, *LAYER_TABLES.values())


def article_values(doc: Document, *, key: str) -> dict[str, Any]:
    """The `articles` row of an analysed document, less `run` and `analysed_at` (the store adds them)."""
    return {
        "key": key,
        "id": doc.id,
        "source": doc.source,
        "title": doc.title,
        "url": doc.url,
        "published": doc.published,
        "language": doc.language,
        "encoding": doc.encoding,
        "chars": len(doc.text),
        "words": count_words(doc.text),
        "pipeline": list(doc.pipeline),
        "layers": stored_layers(doc),
        "text": doc.text,
    }


def stored_layers(doc: Document) -> list[str]:
    """The layers of `doc` that have a table (tokens are never stored)."""
    return [name for name in LAYER_TABLES if getattr(doc, name) is not None]


def layer_rows(doc: Document, layer: str, *, key: str) -> list[tuple[Any, ...]]:
    """The rows of one layer of `doc`, in the column order of its table ([] when absent)."""
    items = getattr(doc, layer)
    if not items:
        return []
    if layer == ACTORS:
        return [(key, i, *row) for i, actor in enumerate(items) for row in _actor(actor)]
    convert = _TO_ROW[layer]
    return [(key, i, *convert(item)) for i, item in enumerate(items)]


def _part(part: Part | None) -> tuple[Any, Any, Any]:
    return (None, None, None) if part is None else (part.start, part.end, part.text)


def _parts_json(parts: Iterable[Part]) -> str:
    return json.dumps([{"start": p.start, "end": p.end, "text": p.text} for p in parts], ensure_ascii=False)


def _sentence(s: Sentence) -> tuple[Any, ...]:
    return (s.start, s.end, s.text)


def _entity(e: Entity) -> tuple[Any, ...]:
    return (e.start, e.end, e.text, e.label, e.canonical)


def _time(t: TimeExpression) -> tuple[Any, ...]:
    return (t.start, t.end, t.text, t.label, t.value, t.anchored)


def _quote(q: Quote) -> tuple[Any, ...]:
    return (q.start, q.end, q.text, q.kind, q.speaker, *_part(q.content), *_part(q.cue), *_part(q.source))


def _technique(t: Technique) -> tuple[Any, ...]:
    return (t.start, t.end, t.text, t.technique, t.score, t.voice, t.speaker, *_part(t.source), t.lane)


def _claim(c: Claim) -> tuple[Any, ...]:
    return (
        c.start, c.end, c.text, c.score, c.voice, c.speaker, *_part(c.source),
        _parts_json(c.quantities), _parts_json(c.entities), _parts_json(c.times),
    )


def _voice(v: VoiceSummary) -> tuple[Any, ...]:
    return (
        v.voice, v.speaker, v.attributions, v.words, v.quoted_words, v.paraphrased_words,
        _parts_json(v.quoted), _parts_json(v.paraphrased), json.dumps(v.techniques, ensure_ascii=False),
    )


def _actor(a: Actor) -> list[tuple[Any, ...]]:
    head = (a.canonical, a.label, json.dumps(a.aliases, ensure_ascii=False))
    if not a.descriptors:
        return [(None, *head, *([None] * 11))]
    return [
        (j, *head, d.start, d.end, d.text, d.kind, d.head, d.link, d.voice, d.speaker, *_part(d.source))
        for j, d in enumerate(a.descriptors)
    ]


_TO_ROW: dict[str, Any] = {
    SENTENCES: _sentence,
    ENTITIES: _entity,
    TIMES: _time,
    QUOTES: _quote,
    TECHNIQUES: _technique,
    CLAIMS: _claim,
    VOICES: _voice,
}


# --- rows back to a document (for re-running one stage on stored articles) -------------------------


def document_from_rows(
    article: Mapping[str, Any], layers: Mapping[str, Sequence[Mapping[str, Any]]], *, pipeline: Sequence[str]
) -> Document:
    """The document an `articles` row and its stored layer rows describe (rows as column -> value)."""
    doc = Document(
        id=article["id"],
        text=article["text"],
        title=article["title"],
        source=article["source"],
        url=article["url"],
        published=article["published"],
        language=article["language"] or "en",
        encoding=article["encoding"],
        pipeline=list(pipeline),
    )
    return with_layer_rows(doc, layers)


def with_layer_rows(doc: Document, layers: Mapping[str, Sequence[Mapping[str, Any]]]) -> Document:
    """`doc` with the layers its stored rows describe (validated against its text)."""
    update: dict[str, Any] = {}
    for name, rows in layers.items():
        if name == ACTORS:
            update[name] = _actors_of(doc.text, rows)
            continue
        ordered = sorted(rows, key=lambda r: r["i"])
        update[name] = [_FROM_ROW[name](doc.text, r) for r in ordered]
    if not update:
        return doc
    return Document.model_validate({**doc.__dict__, **update})


def _span_of(cls: Any, text: str, row: Mapping[str, Any], prefix: str = "", **fields: Any) -> Any:
    p = f"{prefix}_" if prefix else ""
    return cls.of(text, row[f"{p}start"], row[f"{p}end"], **fields)


def _part_of(text: str, row: Mapping[str, Any], prefix: str) -> Part | None:
    return None if row[f"{prefix}_start"] is None else _span_of(Part, text, row, prefix)


def _parts_of(text: str, raw: str | None) -> list[Part]:
    return [Part.of(text, p["start"], p["end"]) for p in json.loads(raw or "[]")]


def _actors_of(text: str, rows: Sequence[Mapping[str, Any]]) -> list[Actor]:
    by_actor: dict[int, list[Mapping[str, Any]]] = {}
    for row in rows:
        by_actor.setdefault(row["i"], []).append(row)
    actors = []
    for i in sorted(by_actor):
        refs = sorted(by_actor[i], key=lambda r: -1 if r["j"] is None else r["j"])
        first = refs[0]
        descriptors = [
            _span_of(
                Descriptor, text, r,
                kind=r["kind"], head=r["head"], link=r["link"], voice=r["voice"], speaker=r["speaker"],
                source=_part_of(text, r, "source"),
            )
            for r in refs
            if r["j"] is not None
        ]
        actors.append(
            Actor(canonical=first["canonical"], label=first["label"], aliases=json.loads(first["aliases"] or "[]"),
                  descriptors=descriptors)
        )
    return actors


_FROM_ROW: dict[str, Any] = {
    SENTENCES: lambda text, r: _span_of(Sentence, text, r),
    ENTITIES: lambda text, r: _span_of(Entity, text, r, label=r["label"], canonical=r["canonical"]),
    TIMES: lambda text, r: _span_of(TimeExpression, text, r, label=r["label"], value=r["value"], anchored=r["anchored"]),
    QUOTES: lambda text, r: _span_of(
        Quote, text, r,
        kind=r["kind"], speaker=r["speaker"], content=_part_of(text, r, "content"),
        cue=_part_of(text, r, "cue"), source=_part_of(text, r, "source"),
    ),
    TECHNIQUES: lambda text, r: _span_of(
        Technique, text, r,
        technique=r["technique"], score=r["score"], voice=r["voice"], speaker=r["speaker"],
        source=_part_of(text, r, "source"), lane=r["lane"],
    ),
    CLAIMS: lambda text, r: _span_of(
        Claim, text, r,
        score=r["score"], voice=r["voice"], speaker=r["speaker"], source=_part_of(text, r, "source"),
        quantities=_parts_of(text, r["quantities"]), entities=_parts_of(text, r["entities"]),
        times=_parts_of(text, r["times"]),
    ),
    VOICES: lambda text, r: VoiceSummary(
        voice=r["voice"], speaker=r["speaker"], attributions=r["attributions"], words=r["words"],
        quoted_words=r["quoted_words"], paraphrased_words=r["paraphrased_words"],
        quoted=_parts_of(text, r["quoted"]), paraphrased=_parts_of(text, r["paraphrased"]),
        techniques=json.loads(r["techniques"] or "{}"),
    ),
}
