"""Plain-text helpers every report shares (terminal, HTML, Markdown).

Why `printable`: article text is untrusted. An escape sequence in a title or
a sentence (ESC [2J clears the screen, ESC ] 0; sets the window title, ESC ]
8; makes a link that points elsewhere than it reads) would act on the
reader's terminal if printed raw, and a lone surrogate (possible in JSON
input) cannot be encoded at all. Every string taken from an article is
passed through `printable` before it is shown on a terminal or in Markdown,
so such characters appear as visible escapes (`\\x1b`) and do nothing.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls (0x9b is a one-byte CSI),
# bidirectional overrides and isolates (they reorder what the reader sees),
# and lone surrogates (they cannot be encoded as UTF-8).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` safe to print on a terminal or in Markdown: control characters shown as `\\x1b`, `\\u202e`.

    Tabs and newlines are kept; everything that would move the cursor, change
    the terminal's state, reorder the line or fail to encode is written as a
    visible backslash escape instead.
    """
    return _UNPRINTABLE.sub(_escape, text)


def clip(text: str, limit: int = 160) -> str:
    """`text` on one line (white space runs folded), cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
