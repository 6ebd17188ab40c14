"""Plain-text helpers every report shares (terminal, HTML, Markdown)."""

from __future__ import annotations


def clip(text: str, limit: int = 160) -> str:
    """`text` on one line (white space runs folded), cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
