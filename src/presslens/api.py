"""The library entry points: build a pipeline once, analyse texts or documents."""

from __future__ import annotations

import datetime as dt
import functools

from .document import Document
from .pipeline import Pipeline
from .pipeline import load_pipeline as _load_pipeline


@functools.lru_cache(maxsize=2)
def _default_pipeline() -> Pipeline:
    return _load_pipeline()


def load_pipeline(stages: list[str] | None = None, *, disable: tuple[str, ...] = ()) -> Pipeline:
    """The default pipeline (every available layer), or only the named stages.

    Building loads the models: build once and reuse it for many documents.
    """
    if stages is None and not disable:
        return _default_pipeline()
    return _load_pipeline(stages, disable=disable)


def analyze(
    text: str | Document,
    *,
    published: str | dt.date | None = None,
    doc_id: str = "text",
    title: str | None = None,
    pipeline: Pipeline | None = None,
) -> Document:
    """Analyse one article given as a string (or a prepared `Document`)."""
    if isinstance(text, Document):
        doc = text
    else:
        when = dt.date.fromisoformat(published) if isinstance(published, str) else published
        doc = Document(id=doc_id, text=text, title=title, published=when)
    return (pipeline or load_pipeline())(doc)
