"""presslens: who is speaking, how they persuade and what is claimed, with evidence spans.

    >>> import presslens
    >>> doc = presslens.analyze("The minister said the plan was a disaster.", published="2026-03-12")
    >>> [(e.text, e.canonical) for e in doc.entities]
"""

from __future__ import annotations

from .api import analyze, load_pipeline
from .document import Document, Span
from .errors import InputError, PresslensError

__all__ = ["Document", "InputError", "PresslensError", "Span", "analyze", "load_pipeline"]
__version__ = "0.1.0"
