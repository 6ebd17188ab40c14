"""The library entry points: build a pipeline once, analyse texts or documents.

Every error a caller can cause here is one of presslens's own types
(`presslens.errors`): a wrong argument type or an empty text is an
`InputError`, a bad date or an unknown stage a `ConfigError`, a stage that
fails on the document a `StageError`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable

from .document import Document, surrogate_problem
from .errors import ConfigError, InputError
from .io.decoding import require_text
from .pipeline import Pipeline
from .pipeline import load_pipeline as _load_pipeline

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@functools.lru_cache(maxsize=2)
def _default_pipeline() -> Pipeline:
    return _load_pipeline()


def load_pipeline(stages: list[str] | None = None, *, disable: Iterable[str] = ()) -> Pipeline:
    """The default pipeline (every available layer), or only the named stages.

    Building loads the models: build once and reuse it for many documents.
    The default pipeline is cached per process; `disable` takes stage or layer
    names (`presslens pipeline` lists them).
    """
    disable = tuple(disable)
    if stages is None and not disable:
        return _default_pipeline()
    return _load_pipeline(stages, disable=disable)


def parse_published(value: str | dt.date | None) -> dt.date | None:
    """A publication date from `YYYY-MM-DD` (or a date); the one parser the API and CLI share."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as err:
            raise ConfigError(f"{value!r} is not a calendar date ({err})") from None
    raise ConfigError(f"{value!r} is not a date like 2021-05-20 (publication dates are YYYY-MM-DD)")


def analyze(
    text: str | Document,
    *,
    published: str | dt.date | None = None,
    doc_id: str = "text",
    title: str | None = None,
    pipeline: Pipeline | None = None,
) -> Document:
    """Analyse one article given as a string (or a prepared `Document`).

    Raises `InputError` for a text that is not a string or has no visible
    characters, `ConfigError` for a `published` that is not YYYY-MM-DD.
    """
    if isinstance(text, Document):
        doc = text
    elif isinstance(text, str):
        if not text.strip():
            raise InputError(doc_id, "the text is empty: give the article's text")
        require_text(doc_id, text)  # the one rule of every reader: no NUL
        problem = surrogate_problem(text)
        if problem is not None:
            raise InputError(doc_id, f"the text {problem}")
        doc = Document(id=doc_id, text=text, title=title, published=parse_published(published))
    else:
        raise InputError(doc_id, f"expected the article as a str, got {type(text).__name__}")
    return (pipeline or load_pipeline())(doc)
