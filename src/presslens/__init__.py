"""presslens: who is speaking, how they persuade and what is claimed, with evidence spans.

    >>> import presslens
    >>> doc = presslens.analyze("The minister said the plan was a disaster.", published="2026-03-12")
    >>> [(q.speaker, q.content.text) for q in doc.quotes]

Build the pipeline once for many texts (`nlp = presslens.load_pipeline()`;
`nlp(text)`; `nlp.pipe(docs, on_error="return")`). Everything listed in
`__all__` is the public API; other modules may change between versions.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import analyze, load_pipeline
from .document import (
    Actor,
    Claim,
    Descriptor,
    Document,
    Entity,
    Part,
    Quote,
    Sentence,
    Span,
    Technique,
    TimeExpression,
    Token,
    VoiceSummary,
)
from .errors import ConfigError, InputError, JsonlLineError, ModelError, PresslensError, StageError
from .pipeline import Pipeline

__all__ = [
    "Actor",
    "Claim",
    "ConfigError",
    "Descriptor",
    "Document",
    "Entity",
    "InputError",
    "JsonlLineError",
    "ModelError",
    "Part",
    "Pipeline",
    "PresslensError",
    "Quote",
    "Sentence",
    "Span",
    "StageError",
    "Technique",
    "TimeExpression",
    "Token",
    "VoiceSummary",
    "__version__",
    "analyze",
    "load_pipeline",
]

try:
    __version__ = version("presslens")  # one source of truth: pyproject.toml
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
