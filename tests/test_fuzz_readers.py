"""Issue 11: property-based tests of every reader on hostile input.

Whatever the bytes, a reader yields Documents whose text can be written as
UTF-8, or presslens errors; nothing else escapes. The input mixes what broke
readers before: lone surrogates (as JSON escapes), control characters, RTL
marks, combining marks, very long lines, CRLF, BOMs and random bytes.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslens.document import Document
from presslens.errors import PresslensError
from presslens.io import read_documents

# database=None: no .hypothesis/ folder in the checkout; a failure prints its example to paste as a regression test.
FUZZ = settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that text from the web really contains and that have broken text tools.
TRICKY = (
    "\r\n", "\r", "\n", "\t", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ufffd",
    "\u202e", "\u200f", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",  # RTL override, Hebrew, Arabic
    "e\u0301", "\u0301\u0302\u0303", "\U0001f600", "\ud800", "\udfff", "\ud83d\ude00", "caf\u00e9",
)
# Lone surrogates get a strategy of their own so that they show up in most runs' fields.
surrogates = st.integers(0xD800, 0xDFFF).map(chr)
pieces = st.one_of(st.sampled_from(TRICKY), surrogates, st.text(max_size=40))
long_line = st.text(alphabet="ab \n", min_size=1000, max_size=3000)
texts = st.lists(st.one_of(pieces, long_line), max_size=12).map("".join)
short_texts = st.lists(pieces, min_size=1, max_size=6).map("".join)
# Text turned into bytes the way real files are (plus the lone surrogates a broken encoder writes).
encoded = st.tuples(texts, st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-16", "cp1252", "latin-1"])).map(
    lambda pair: pair[0].encode(pair[1], errors="surrogatepass" if pair[1].startswith("utf") else "replace")
)
raw_bytes = st.one_of(
    st.binary(max_size=3000),
    encoded,
    st.tuples(encoded, st.binary(max_size=20), encoded).map(b"".join),
    st.tuples(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b""]), encoded).map(b"".join),
)


def check(results: Iterable[object]) -> list[Document]:
    """Every result is a Document with UTF-8-writable fields or a presslens error."""
    docs = []
    try:
        for result in results:
            assert isinstance(result, (Document, PresslensError)), type(result)
            if isinstance(result, Document):
                assert isinstance(result.text, str) and result.text.strip()
                result.text.encode("utf-8")
                for value in (result.id, result.title, result.source, result.url, result.encoding):
                    assert value is None or isinstance(value, str)
                    if value is not None:
                        value.encode("utf-8")
                json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
                docs.append(result)
    except PresslensError:
        pass
    return docs


def read_file(suffix: str, data: bytes, **kwargs: object) -> list[Document]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"story{suffix}"
        path.write_bytes(data)
        return check(read_documents([str(path)], **kwargs))


@FUZZ
@given(raw_bytes)
def test_fuzz_readers_txt_bytes(data: bytes):
    docs = read_file(".txt", data)
    if docs and b"\x00" not in data:
        try:
            as_utf8 = data.decode("utf-8")
        except UnicodeDecodeError:
            return
        assert (docs[0].text, docs[0].encoding) == (as_utf8, "utf-8")  # valid UTF-8 is never re-guessed


@FUZZ
@given(raw_bytes)
def test_fuzz_readers_stdin_bytes(data: bytes):
    check(read_documents(["-"], stdin=io.BytesIO(data)))


@FUZZ
@given(raw_bytes, st.sampled_from(["utf-8", "cp1252", "utf-16", "shift_jis"]))
def test_fuzz_readers_txt_with_forced_encoding(data: bytes, encoding: str):
    read_file(".txt", data, encoding=encoding)


@settings(FUZZ, max_examples=60)
@given(texts, texts, st.sampled_from(["utf-8", "cp1252", "utf-16"]), st.booleans())
def test_fuzz_readers_html(title: str, body: str, encoding: str, declare: bool):
    meta = f'<meta charset="{encoding}">' if declare else ""
    page = f"<html><head>{meta}<title>{title}</title></head><body><article><p>{body}</p></article></body></html>"
    read_file(".html", page.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
records = st.fixed_dictionaries(
    {"id": st.one_of(short_texts, st.integers()), "text": st.one_of(short_texts, texts)},
    optional={
        "title": short_texts,
        "source": short_texts,
        "url": short_texts,
        "published": st.one_of(st.dates().map(str), short_texts),
    },
)


def jsonl_line(value: object, ascii_only: bool) -> bytes:
    """json.dumps writes lone surrogates as \\udXXX escapes; without ensure_ascii, as raw bytes."""
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", errors="surrogatepass")


lines = st.one_of(
    st.tuples(records, st.booleans()).map(lambda pair: jsonl_line(*pair)),
    st.tuples(json_values, st.booleans()).map(lambda pair: jsonl_line(*pair)),
    st.binary(max_size=200).map(lambda data: data.replace(b"\n", b"")),
)


@FUZZ
@given(
    st.lists(lines, max_size=5),
    st.sampled_from([b"\n", b"\r\n"]),
    st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe"]),
    st.sampled_from([5 * 1024 * 1024, 300]),
)
def test_fuzz_readers_jsonl_lines(body: list[bytes], newline: bytes, start: bytes, max_bytes: int):
    read_file(".jsonl", start + newline.join(body) + newline, max_bytes=max_bytes)


# --- issue 23: JSONL nesting and HTML markup size -----------------------------------------------


@settings(FUZZ, max_examples=30)
@given(
    st.integers(1, 200_000),
    st.sampled_from(["[", '{"a":', '{"id": "x", "text": ']),
    st.sampled_from(["]", "}", ""]),
    st.booleans(),
)
def test_fuzz_readers_jsonl_nesting_fails_alone(depth: int, opener: str, closer: str, good_after: bool):
    """However deep (or unbalanced) a line's nesting, it is at worst its own error; the next line is read."""
    deep = (opener * depth + "0" + closer * depth).encode()
    good = json.dumps({"id": "good", "text": "The port reopened today."}).encode()
    docs = read_file(".jsonl", deep + b"\n" + good + b"\n" if good_after else good + b"\n" + deep + b"\n")
    assert "good" in [d.id for d in docs]


markup_units = st.sampled_from(
    ["<div><span>", "<div><span>x</span></div>", "<div><span>x</div>", "</span></div>", "<p>", "<table><tr><td>",
     "<a href='#'>", "<b><i>", "&#x1b;", "&#xFFFE;", "<!--", "-->", "<br>", "word ", "The council met. "]
)


@settings(FUZZ, max_examples=25)
@given(st.lists(st.tuples(markup_units, st.integers(1, 4000)), min_size=1, max_size=4))
def test_fuzz_readers_html_markup_size(parts: list[tuple[str, int]]):
    """Repeated markup of any shape and up to some 100 KB gives a Document or a presslens error, nothing else."""
    body = "".join(unit * count for unit, count in parts)
    page = f"<html><head><title>T</title></head><body><article><p>The council voted on the plan.</p>{body}</article></body></html>"
    read_file(".html", page.encode("utf-8"))
