"""Turn raw bytes into text without changing a single character the user will cite.

Why no normalisation: offsets in the output must agree with other tools and
corpora that read the same file as UTF-8 with `newline=''`, so UTF-8 input is
decoded as is (a leading BOM is kept, as Python would). Other encodings are
detected with charset-normalizer; input that is binary or cannot be decoded
confidently is rejected with a message that says so.
"""

from __future__ import annotations

from charset_normalizer import from_bytes

from ..errors import InputError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

# Control characters that never occur in text but do in binary files (NUL, etc.).
_BINARY_BYTES = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}


def check_size(name: str, size: int, max_bytes: int) -> None:
    """Reject input above the configured limit before reading or parsing it."""
    if size > max_bytes:
        raise InputError(
            name,
            f"{size:,} bytes is over the size limit of {max_bytes:,} bytes; "
            "raise it with --max-bytes if this really is one article",
        )


def decode_bytes(name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode one document's bytes: UTF-8 exactly, else a confidently detected charset."""
    check_size(name, len(data), max_bytes)
    if not data.strip():
        raise InputError(name, "the document is empty (no text to analyse)")
    if b"\x00" in data[:8192] and not _looks_utf16(data):
        raise InputError(name, "looks like a binary file (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    best = from_bytes(data).best()
    if best is None:
        raise InputError(
            name,
            f"is not valid UTF-8 (byte {utf8_error.start}: {data[utf8_error.start:utf8_error.start + 1]!r}) "
            "and no other text encoding fits; convert it to UTF-8 first",
        )
    text = str(best)
    if _binary_share(text) > 0.01:
        raise InputError(name, "looks like a binary file (too many control characters), not text")
    return text


def _looks_utf16(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")


def _binary_share(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if ord(ch) in _BINARY_BYTES) / len(sample)


def require_text(name: str, text: str) -> str:
    """Reject text with nothing to analyse (only whitespace)."""
    if not text.strip():
        raise InputError(name, "the document is empty (no text to analyse)")
    return text
