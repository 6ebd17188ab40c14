"""Write analysed documents as JSON (one object), JSONL (one per line) or HTML.

Writers append document by document and flush, so that in a long batch every
document already analysed is on disk even if a later one fails or the run is
interrupted.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..document import DEFAULT_OUTPUT_LAYERS, LAYERS, Document

def document_json(doc: Document, *, layers: tuple[str, ...] = DEFAULT_OUTPUT_LAYERS) -> dict[str, Any]:
    """The JSON contract of one document (the layers named in `layers`, when present)."""
    return doc.to_dict(layers=layers)


def write_jsonl_line(out: TextIO, data: dict[str, Any]) -> None:
    out.write(json.dumps(data, ensure_ascii=False))
    out.write("\n")
    out.flush()


def write_json(out: TextIO, data: dict[str, Any] | list[dict[str, Any]]) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
    out.flush()


def output_layers(*, tokens: bool) -> tuple[str, ...]:
    return LAYERS if tokens else DEFAULT_OUTPUT_LAYERS
