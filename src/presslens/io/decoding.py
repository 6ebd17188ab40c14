"""Turn raw bytes into text without changing a single character the user will cite.

Why no normalisation: offsets in the output must agree with other tools and
corpora that read the same file as UTF-8 with `newline=''`, so UTF-8 input is
decoded as is (a leading BOM is kept, as Python would).

Why this order of guesses: a wrong guess silently changes the characters
every finding quotes ("Muñoz" read as "Muńoz"), which is worse than an error.
So, unless the caller names an encoding:

1. a byte-order mark (UTF-8 excepted, see above) or the NUL-byte pattern of
   UTF-16 text decides;
2. bytes that are valid UTF-8 are UTF-8;
3. bytes that are *mostly* valid UTF-8 are rejected: a few bad bytes in a
   UTF-8 file mean damage or a mixed file, and no single-byte guess is right;
4. a charset declared by the document itself (an HTML `<meta charset>`) is
   used if the bytes fit it;
5. Windows-1252 (a superset of the printable Latin-1) is used when the result
   looks like Western text;
6. any other charset-normalizer guess is used only when it is confident.

Known limit of step 5: Central European text in Windows-1250 whose letters all
have Western look-alikes (Czech "ř" is byte 0xF8, "ø" in Windows-1252) reads as
Windows-1252. `Document.encoding` records the choice; `encoding=` fixes it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import NamedTuple

from charset_normalizer import from_bytes

from ..document import unpaired_surrogate_at
from ..errors import ConfigError, InputError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

# Control characters that never occur in text but do in binary files (NUL, etc.).
_BINARY_BYTES = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}
_ENCODING_EXAMPLES = "utf-8, cp1252, latin-1, cp1250, cp1251, utf-16, shift_jis, gb18030"

# Byte-order marks that decide the encoding; longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Share of 2-byte units that must look like ASCII-range UTF-16 (one NUL, one non-NUL byte).
_UTF16_SHARE = 0.6
# A non-Western guess is "confident" with at most this chaos (mess) and at least this
# coherence (language fit), or when it is a multi-byte encoding whose many multi-byte
# sequences all decoded strictly (charset-normalizer gives CJK text a coherence of 0).
_MAX_CHAOS = 0.02
_MIN_COHERENCE = 0.5
_MULTIBYTE_RATIO = 0.9
# Western text has few non-ASCII letters; Cyrillic or Greek read as cp1252 has mostly those.
_MAX_WESTERN_NON_ASCII = 0.3
# Symbols wedged between letters ("Rz¹d", "og³osi³" for Polish read as cp1252) mean a wrong guess.
_MAX_INTRUDERS = 0.05
_IN_WORD_MARKS = frozenset("\u2019\u2018\u00b4\u00b7")  # apostrophes, Catalan middle dot
_WESTERN = frozenset({"cp1252", "iso8859-1", "iso8859-15", "ascii"})
# HTML labels that browsers (WHATWG) read as windows-1252.
_WINDOWS_1252_LABELS = frozenset({"iso8859-1", "ascii"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class Decoded(NamedTuple):
    """Decoded text and the Python codec name it was decoded with ("utf-8", "cp1252", ...)."""

    text: str
    encoding: str


def check_size(name: str, size: int, max_bytes: int) -> None:
    """Reject input above the configured limit before reading or parsing it."""
    if size > max_bytes:
        raise InputError(
            name,
            f"{size:,} bytes is over the size limit of {max_bytes:,} bytes; "
            "raise it with --max-bytes if this really is one article",
        )


def check_encoding(encoding: str) -> str:
    """The canonical codec name for `encoding`, or ConfigError: checked once, before reading."""
    try:
        info = codecs.lookup(encoding)
        "a".encode(info.name)  # LookupError for codecs that are not text encodings (base64, rot13)
    except LookupError:
        raise ConfigError(
            f"unknown text encoding {encoding!r}; use a Python codec name such as {_ENCODING_EXAMPLES}"
        ) from None
    return info.name


def decode_bytes(
    name: str,
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
    declared: str | None = None,
) -> Decoded:
    """Decode one document's bytes: `encoding` if given, else by the order in the module docstring.

    `declared` is the charset the document names itself (HTML `<meta charset>`).
    """
    check_size(name, len(data), max_bytes)
    if not data.strip():
        raise InputError(name, "the document is empty (no text to analyse)")
    if encoding is not None:
        # Python's "utf-16"/"utf-32" codecs read and drop a byte-order mark themselves.
        decoded = _strict(name, data, check_encoding(encoding), forced=True)
    else:
        decoded = _detect(name, data, declared)
    if decoded.encoding != "utf-8" and _binary_share(decoded.text) > 0.01:
        raise InputError(name, f"looks like a binary file (too many control characters as {decoded.encoding}), not text")
    require_text(name, decoded.text)
    return decoded


def declared_charset(html: bytes) -> str | None:
    """The charset an HTML page declares in a `<meta>` tag near its start, if any."""
    match = _META_CHARSET.search(html[:4096])
    return match.group(1).decode("ascii") if match else None


def unpaired_surrogate(value: str) -> str | None:
    """`\\udXXX` for the first lone surrogate in `value` (from JSON escapes), else None.

    Why check: such a string cannot be written as UTF-8, so it would fail later,
    in a writer, far from the input that caused it.
    """
    at = unpaired_surrogate_at(value)
    return None if at is None else f"\\u{ord(value[at]):04x}"


def require_text(name: str, text: str) -> str:
    """Reject text with nothing to analyse (only whitespace), or with a NUL character.

    Why NUL is refused: no article contains U+0000; it marks binary data or a
    broken export, and C libraries downstream stop reading at it. One rule for
    every way in (files, stdin, JSONL, the API, `presslens.analyze`), which
    all call this; a file whose first bytes hold NULs is called binary earlier.
    """
    if not text.strip():
        raise InputError(name, "the document is empty (no text to analyse)")
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(
            name,
            f"contains a NUL character (U+0000) at character {nul}; article text never holds one "
            "(it marks binary data): remove it",
        )
    return text


def _strict(name: str, data: bytes, encoding: str, *, forced: bool) -> Decoded:
    try:
        return Decoded(data.decode(encoding), codecs.lookup(encoding).name)
    except UnicodeDecodeError as err:
        how = "was named as the encoding" if forced else "is what its byte-order mark says"
        raise InputError(
            name,
            f"is not valid {encoding} ({_where(data, err.start)}), which {how}; "
            f"name the right one with --encoding (e.g. {_ENCODING_EXAMPLES})",
        ) from None


def _detect(name: str, data: bytes, declared: str | None) -> Decoded:
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return _strict(name, data[len(bom):], bom_encoding, forced=False)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data[:8192]:
        raise InputError(name, "looks like a binary file (it contains NUL bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    if _mostly_utf8(data):
        raise InputError(
            name,
            f"is mostly UTF-8, but {_where(data, utf8_error.start)} is not valid UTF-8; the file is "
            "damaged or mixes encodings: fix that byte, or if the whole file uses another encoding, "
            "name it with --encoding (e.g. --encoding cp1252)",
        )
    by_declaration = _declared(data, declared)
    if by_declaration is not None:
        return by_declaration
    western = _western(data)
    if western is not None:
        return western
    return _confident_guess(name, data, utf8_error.start)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 of mostly ASCII-range text: every other byte is NUL, on one side only."""
    sample = data[: 8192 - 8192 % 2]
    pairs = len(sample) // 2
    if pairs == 0 or len(data) % 2:
        return None
    low_nul = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] and not sample[i + 1])
    high_nul = sum(1 for i in range(0, 2 * pairs, 2) if not sample[i] and sample[i + 1])
    for share, other, encoding in ((low_nul, high_nul, "utf-16-le"), (high_nul, low_nul, "utf-16-be")):
        if share >= _UTF16_SHARE * pairs and other == 0:
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                return None
    return None


def _declared(data: bytes, declared: str | None) -> Decoded | None:
    if declared is None:
        return None
    try:
        encoding = codecs.lookup(declared).name
    except LookupError:
        return None
    if encoding in _WINDOWS_1252_LABELS:
        encoding = "cp1252"
    if encoding == "utf-8":
        return None  # already tried; a page that claims UTF-8 but is not gets no special trust
    try:
        return Decoded(data.decode(encoding), encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_utf8(data: bytes) -> bool:
    """At least as many valid multi-byte UTF-8 characters as invalid byte runs.

    Western single-byte text almost never forms valid UTF-8 sequences, so even
    one valid "é" beside one bad byte points to a UTF-8 file with damage.
    """
    text = data.decode("utf-8", errors="replace")
    genuine = data.count("\ufffd".encode("utf-8"))  # U+FFFD written in the file itself
    errors = text.count("\ufffd") - genuine
    valid = sum(1 for ch in text if ord(ch) > 0x7F) - errors
    return valid >= 1 and valid >= errors


def _western(data: bytes) -> Decoded | None:
    """Windows-1252 text, if the result reads like a Western European language."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None  # bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned (C1 controls in Latin-1)
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(1 for ch in letters if ord(ch) > 0x7F) > _MAX_WESTERN_NON_ASCII * len(letters):
        return None
    if not _plausible(text):
        return None
    return Decoded(text, "cp1252")


def _plausible(text: str) -> bool:
    """Few symbols sit inside words, as they do when a guess maps letters to symbols."""
    non_ascii = 0
    intruders = 0
    for i, ch in enumerate(text):
        if ord(ch) <= 0x7F:
            continue
        non_ascii += 1
        if ch.isalpha() or ch in _IN_WORD_MARKS or unicodedata.category(ch) in ("Pd", "Mn", "Mc"):
            continue
        if 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha():
            intruders += 1
    return intruders <= _MAX_INTRUDERS * non_ascii


def _confident_guess(name: str, data: bytes, first_bad: int) -> Decoded:
    best = None
    for match in from_bytes(data):
        best = best or match
        encoding = codecs.lookup(match.encoding).name
        if encoding in _WESTERN or match.chaos > _MAX_CHAOS:
            continue
        text = str(match)
        multibyte = len(text) <= _MULTIBYTE_RATIO * len(data)
        if multibyte or (match.coherence >= _MIN_COHERENCE and _plausible(text)):
            return Decoded(text, encoding)
    guess = f" (best guess {best.encoding}, not confident)" if best is not None else ""
    raise InputError(
        name,
        f"is not valid UTF-8 ({_where(data, first_bad)}) and its encoding could not be detected "
        f"with confidence{guess}; convert it to UTF-8 or name its encoding with --encoding "
        f"(e.g. {_ENCODING_EXAMPLES})",
    )


def _where(data: bytes, offset: int) -> str:
    """"byte 0xe9 at offset 17 (line 1, column 18)": enough to find it in an editor or `xxd`."""
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"byte 0x{data[offset]:02x} at offset {offset} (line {line}, column {column})"


def _binary_share(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if ord(ch) in _BINARY_BYTES) / len(sample)
