"""Keys that name a document in the corpus store: a hash of its text and metadata.

Why a content hash: a resumed or repeated run must recognise an article it has
already analysed whatever file, line or order it comes from, and an article
whose text or metadata changed (a corrected story, another outlet or date)
must count as a new one. The key hashes exactly the fields that reach the
store (`KEY_FIELDS`); the text's encoding on disk is not one of them, so the
same story read from UTF-8 or cp1252 is the same article.

An input that could not be read has no text to hash: its failure is keyed by
the input's name ("corpus.jsonl:17"), so re-reading it updates one row.
"""

from __future__ import annotations

import hashlib
import json

from ..document import Document

KEY_FIELDS: tuple[str, ...] = ("id", "text", "title", "source", "url", "published", "language")
_DIGEST_BYTES = 16  # 128 bits: no collision in any corpus this will see; 32 hex characters


def document_key(doc: Document) -> str:
    """The store key of `doc`: 32 hex characters of BLAKE2b over its text and metadata."""
    fields = [getattr(doc, name) for name in KEY_FIELDS]
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"), default=lambda d: d.isoformat())
    return _digest("document", payload)


def input_key(name: str) -> str:
    """The key of an input that could not be read, from its name (a path, or path:line)."""
    return _digest("input", name)


def _digest(kind: str, payload: str) -> str:
    data = f"{kind}\0{payload}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=_DIGEST_BYTES).hexdigest()
