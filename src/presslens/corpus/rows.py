"""Documents turned into the store's rows and back (pure: no database here).

Why apart from the schema (`tables`): the rows follow the tables' column
order, one converter per layer each way, and only these converters change
when a layer gains a field. `document_from_rows` reads a document back,
which a re-run of one stage needs (it reads the stored layers it depends on).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
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
    Suggestion,
    Technique,
    TimeExpression,
    VoiceSummary,
)
from ..voices.summary import count_words
from .tables import LAYER_TABLES

# The article metadata that reading a page adds (store schema version 2), as named on `Document`.
FETCH_COLUMNS: tuple[str, ...] = (
    "authors", "published_from", "canonical_url", "site_name", "final_url", "redirects", "fetched_at",
)


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
        **{name: getattr(doc, name) for name in FETCH_COLUMNS},
        "fetched_at": doc.fetched_at.astimezone(dt.UTC).replace(tzinfo=None) if doc.fetched_at else None,
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
    return (
        q.start, q.end, q.text, q.kind, q.speaker, q.resolved_by,
        *_part(q.content), *_part(q.cue), *_part(q.source),
    )


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
        return [(None, *head, *([None] * 17))]
    return [
        (j, *head, d.start, d.end, d.text, d.kind, d.head, d.link, d.voice, d.speaker, *_part(d.source), *_suggestion(d))
        for j, d in enumerate(a.descriptors)
    ]


def _suggestion(d: Descriptor) -> tuple[Any, ...]:
    s = d.suggestion
    return (None,) * 6 if s is None else (s.candidate, s.score, s.rule, *_part(s.evidence))


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
        **{name: _utc(article.get(name)) for name in FETCH_COLUMNS},
    )
    return with_layer_rows(doc, layers)


def _utc(value: Any) -> Any:
    """A stored naive UTC timestamp as an aware one; other values unchanged."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


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


def _suggestion_of(text: str, row: Mapping[str, Any]) -> Suggestion | None:
    evidence = _part_of(text, row, "suggestion") if row.get("suggestion_candidate") is not None else None
    if evidence is None:
        return None  # a row of a store before version 3, or a reference without a suggestion
    return Suggestion(
        candidate=row["suggestion_candidate"], score=row["suggestion_score"], rule=row["suggestion_rule"], evidence=evidence
    )


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
                source=_part_of(text, r, "source"), suggestion=_suggestion_of(text, r),
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
        kind=r["kind"], speaker=r["speaker"], resolved_by=r["resolved_by"], content=_part_of(text, r, "content"),
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
