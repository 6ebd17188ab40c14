"""The library entry points: build a pipeline once, analyse texts or documents.

Every error a caller can cause here is one of presslens's own types
(`presslens.errors`): a wrong argument type or an empty text is an
`InputError`, a bad date or an unknown stage a `ConfigError`, a stage that
fails on the document a `StageError`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

from .document import Document, surrogate_problem, text_id
from .errors import InputError
from .io.dates import parse_date
from .io.decoding import require_text
from .pipeline import Pipeline
from .pipeline import load_pipeline as _load_pipeline


@functools.lru_cache(maxsize=2)
def _default_pipeline() -> Pipeline:
    return _load_pipeline()


def load_pipeline(
    stages: list[str] | None = None,
    *,
    disable: Iterable[str] = (),
    config: dict[str, dict[str, Any]] | None = None,
) -> Pipeline:
    """The default pipeline (every available layer), or only the named stages.

    Building loads the models: build once and reuse it for many documents.
    The default pipeline is cached per process (a `Pipeline` is immutable, so
    sharing it is safe: `add` returns a new one); `disable` takes stage or
    layer names (`presslens pipeline` lists them), `config` maps a stage name
    to options for it, e.g. `{"techniques.v1": {"min_score": 0.3}}`.
    """
    disable = tuple(disable)
    if stages is None and not disable and not config:
        return _default_pipeline()
    return _load_pipeline(stages, disable=disable, config=config)


def parse_published(value: str | dt.date | None) -> dt.date | None:
    """A publication date from `YYYY-MM-DD` (or a date): the one parser every entry point shares (`io.dates`)."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    return parse_date(value)


def analyze(
    text: str | Document,
    *,
    published: str | dt.date | None = None,
    doc_id: str | None = None,
    title: str | None = None,
    pipeline: Pipeline | None = None,
) -> Document:
    """Analyse one article given as a string (or a prepared `Document`).

    Without `doc_id` the document's id is made from the text (`text-` and the start of its sha256),
    as the web API names a text sent without one.
    Raises `InputError` for a text that is not a string or has no visible
    characters, `ConfigError` for a `published` that is not YYYY-MM-DD.
    """
    name = doc_id or "text"  # names the input in errors
    if isinstance(text, Document):
        doc = text
    elif isinstance(text, str):
        if not text.strip():
            raise InputError(name, "the text is empty: give the article's text")
        require_text(name, text)  # the one rule of every reader: no NUL
        problem = surrogate_problem(text)
        if problem is not None:
            raise InputError(name, f"the text {problem}")
        doc = Document(id=doc_id or text_id(text), text=text, title=title, published=parse_published(published))
    else:
        raise InputError(name, f"expected the article as a str, got {type(text).__name__}")
    return (pipeline or load_pipeline())(doc)
