from __future__ import annotations

import datetime as dt
import io
import json
import logging
from pathlib import Path

import pytest

from presslens.document import Document
from presslens.errors import ConfigError, InputError, JsonlLineError
from presslens.io import read_documents

STORY = "The ferry sank on Tuesday.\r\nAll 40 passengers were rescued, officials said.\n"


def read(paths, **kw):
    return list(read_documents([str(p) for p in paths], **kw))


def test_readers_txt_keeps_exact_text_and_uses_stem_as_id(tmp_path: Path):
    path = tmp_path / "ferry-report.txt"
    path.write_bytes(STORY.encode("utf-8"))
    (doc,) = read([path], published=dt.date(2026, 2, 3))
    assert isinstance(doc, Document)
    assert doc.id == "ferry-report"
    assert doc.text == STORY  # no newline translation: \r\n kept
    assert doc.encoding == "utf-8"
    assert doc.published == dt.date(2026, 2, 3)


def test_readers_txt_in_latin1_is_decoded(tmp_path: Path):
    path = tmp_path / "cafe.txt"
    text = "The minister\u2019s \u201cbold\u201d plan will cost \u00a340m, said Ren\u00e9e Dupr\u00e9, the caf\u00e9 owner."
    path.write_bytes(text.encode("cp1252"))
    (doc,) = read([path])
    assert isinstance(doc, Document)
    assert doc.text == text
    assert doc.encoding == "cp1252"


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"", "empty"),
        (b"  \n\t \n", "empty"),
        (b"\x00\x01\x02binary\x00\xff\xfe\x00", "binary"),
    ],
)
def test_readers_bad_txt_gives_one_error_naming_the_file(tmp_path: Path, content: bytes, reason: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    (err,) = read([path])
    assert isinstance(err, InputError)
    assert str(path) in str(err) and reason in str(err)


def test_readers_over_size_limit_is_rejected(tmp_path: Path):
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    (err,) = read([path], max_bytes=1000)
    assert isinstance(err, InputError)
    assert "size limit of 1,000 bytes" in str(err)


def test_readers_jsonl_reports_bad_lines_and_keeps_good_ones(tmp_path: Path):
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "The port reopened today.", "source": "Tide", "published": "2026-01-05"}),
        "{not json",
        json.dumps({"text": "No id here."}),
        "",
        json.dumps({"id": "a4", "text": "   "}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "a7", "text": "Bad date.", "published": "yesterday"}),
        json.dumps({"id": 8, "text": "Numeric id is kept as a string.", "title": "T"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read([path])
    docs = [r for r in results if isinstance(r, Document)]
    errors = [r for r in results if isinstance(r, JsonlLineError)]
    assert [d.id for d in docs] == ["a1", "8"]
    assert docs[0].source == "Tide" and docs[0].published == dt.date(2026, 1, 5)
    assert [e.line for e in errors] == [2, 3, 5, 6, 7]
    assert "not valid JSON" in str(errors[0]) and f"{path}:2" in str(errors[0])
    assert "missing required field 'id'" in str(errors[1])
    assert "empty" in str(errors[2])
    assert "'published' must be an ISO date" in str(errors[4])


def test_readers_html_extracts_article_title_and_date(tmp_path: Path):
    page = """<!DOCTYPE html><html><head><title>Bridge reopens - Valley Courier</title>
    <meta property="article:published_time" content="2025-06-02T08:00:00Z"></head>
    <body><nav>Home | Sport | Weather | Subscribe now</nav>
    <article><h1>Bridge reopens after two years</h1>
    <p>The old river bridge reopened to traffic on Monday after two years of repairs that cost the county far more than planned.</p>
    <p>"It was worth every penny," said the county engineer, Paula Grant, at the ribbon-cutting ceremony attended by hundreds of residents.</p>
    <script>document.write("tracking pixel")</script></article>
    <footer>Copyright Valley Courier. All rights reserved.</footer></body></html>"""
    path = tmp_path / "bridge.html"
    path.write_text(page, encoding="utf-8")
    (doc,) = read([path])
    assert isinstance(doc, Document), doc
    assert doc.id == "bridge"
    assert "reopened to traffic on Monday" in doc.text
    assert "tracking pixel" not in doc.text and "Subscribe now" not in doc.text
    assert doc.title and "Bridge reopens" in doc.title
    assert doc.published == dt.date(2025, 6, 2)


def test_readers_html_without_article_text_is_rejected(tmp_path: Path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var x = 1;</script></head><body><nav>Menu</nav></body></html>", encoding="utf-8")
    (err,) = read([path])
    assert isinstance(err, InputError)
    assert "no article text" in str(err)


def test_readers_folder_is_recursive_sorted_and_skips_other_files(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "second.txt").write_text("Second story text.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First story text.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    results = read([tmp_path])
    assert [r.id for r in results] == ["a", "second"]


def test_readers_stdin_and_missing_path():
    stdin = io.BytesIO(b"A storm hit the coast overnight.")
    results = list(read_documents(["-", "/no/such/file.txt"], stdin=stdin))
    assert isinstance(results[0], Document) and results[0].id == "stdin"
    assert isinstance(results[1], InputError) and "no such file" in str(results[1])


# Issue 11, reading side: encodings, surrogates, BOMs, stdin, duplicate ids.


def test_readers_latin1_reproducer_is_not_read_as_cp1250(tmp_path: Path):
    path = tmp_path / "l1.txt"
    path.write_bytes(b"The caf\xe9 owner, Jos\xe9 Mu\xf1oz, said on Monday.\n")
    (doc,) = read([path])
    assert isinstance(doc, Document)
    assert doc.text == "The caf\u00e9 owner, Jos\u00e9 Mu\u00f1oz, said on Monday.\n"
    assert doc.encoding == "cp1252"


def test_readers_mostly_utf8_file_is_rejected_not_decoded_as_another_charset(tmp_path: Path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("Jos\u00e9 and the caf\u00e9 owner spoke.\n".encode("utf-8") + b"Mu\xf1oz agreed.\n")
    (err,) = read([path])
    assert isinstance(err, InputError)
    assert str(path) in str(err) and "mostly UTF-8" in str(err) and "line 2, column 3" in str(err)


def test_readers_encoding_keyword_forces_the_codec_for_every_reader(tmp_path: Path):
    text = "Rz\u0105d og\u0142osi\u0142 nowy plan."
    (tmp_path / "pl.txt").write_bytes(text.encode("cp1250"))
    stdin = io.BytesIO(text.encode("cp1250"))
    docs = list(read_documents([str(tmp_path / "pl.txt"), "-"], encoding="windows-1250", stdin=stdin))
    assert [(d.text, d.encoding) for d in docs] == [(text, "cp1250"), (text, "cp1250")]


def test_readers_unknown_encoding_is_a_config_error_before_reading():
    with pytest.raises(ConfigError) as info:
        read_documents(["/no/such/file.txt"], encoding="utf-9")  # raised at the call, not when iterated
    assert "'utf-9'" in str(info.value) and "cp1252" in str(info.value)


def test_readers_utf16_txt_without_bom_is_text_not_binary(tmp_path: Path):
    path = tmp_path / "u16.txt"
    path.write_bytes(STORY.encode("utf-16-le"))
    (doc,) = read([path])
    assert isinstance(doc, Document), doc
    assert (doc.text, doc.encoding) == (STORY, "utf-16-le")


@pytest.mark.parametrize("field", ["id", "title", "text", "source"])
def test_readers_jsonl_unpaired_surrogate_is_a_line_error_and_reading_goes_on(tmp_path: Path, field: str):
    record = {"id": "b", "title": "Harbour news", "text": "The harbour reopened.", "source": "Tide"}
    record[field] += " \ud800"
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "The port reopened today."}),
        json.dumps(record),  # json.dumps writes the lone surrogate as the escape \ud800
        json.dumps({"id": "c", "text": "Ferries run again."}),
    ]
    assert "\\ud800" in lines[1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read([path])
    assert [r.id for r in results if isinstance(r, Document)] == ["a", "c"]
    (err,) = [r for r in results if isinstance(r, JsonlLineError)]
    assert err.line == 2
    assert f"contains an unpaired surrogate \\ud800 in field {field};" in str(err)


def test_readers_jsonl_paired_surrogate_escapes_are_kept(tmp_path: Path):
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"id": "a", "text": "Fans cheered \\ud83d\\ude00 loudly."}\n', encoding="utf-8")
    (doc,) = read([path])
    assert isinstance(doc, Document) and doc.text == "Fans cheered \U0001f600 loudly."


def test_readers_jsonl_utf8_bom_keeps_the_first_article(tmp_path: Path):
    path = tmp_path / "bom.jsonl"
    body = json.dumps({"id": "first", "text": "The port reopened."}) + "\n"
    body += json.dumps({"id": "second", "text": "Ferries run again."}) + "\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    results = read([path])
    assert [(r.id, r.encoding) for r in results] == [("first", "utf-8"), ("second", "utf-8")]


def test_readers_jsonl_utf16_is_one_clear_error_not_one_per_line(tmp_path: Path):
    path = tmp_path / "u16.jsonl"
    path.write_bytes((json.dumps({"id": "a", "text": "The port reopened."}) + "\n").encode("utf-16"))
    (err,) = read([path])
    assert isinstance(err, InputError) and "UTF-16 byte-order mark" in str(err) and "iconv" in str(err)


@pytest.mark.parametrize(
    "line,reason",
    [
        ('{"id": "a", "text": "unterminated', "not valid JSON (Unterminated string starting at column 21)"),
        ('{"id": "a", "text": "tab\there"}', "not valid JSON (Invalid control character"),
        ('{"id": "a" "text": "x"}', "not valid JSON (Expecting ',' delimiter at column 12)"),
    ],
)
def test_readers_jsonl_json_error_says_at_only_once(tmp_path: Path, line: str, reason: str):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    (err,) = read([path])
    assert isinstance(err, JsonlLineError)
    assert reason in str(err) and "at at" not in str(err)


def test_readers_jsonl_not_utf8_line_names_the_byte(tmp_path: Path):
    path = tmp_path / "l1.jsonl"
    path.write_bytes(b'{"id": "a", "text": "caf\xe9"}\n' + json.dumps({"id": "b", "text": "Fine."}).encode() + b"\n")
    err, doc = read([path])
    assert isinstance(err, JsonlLineError) and "not valid utf-8 (byte 0xe9 at column 25)" in str(err)
    assert isinstance(doc, Document) and doc.id == "b"


def test_readers_jsonl_overlong_line_is_reported_and_the_next_line_read(tmp_path: Path):
    path = tmp_path / "long.jsonl"
    long_line = json.dumps({"id": "a", "text": "word " * 500})
    path.write_text(long_line + "\n" + json.dumps({"id": "b", "text": "Short story."}) + "\n", encoding="utf-8")
    err, doc = read([path], max_bytes=1000)
    assert isinstance(err, JsonlLineError) and err.line == 1
    assert f"{len(long_line) + 1:,} bytes is over the size limit of 1,000 bytes" in str(err)
    assert isinstance(doc, Document) and doc.id == "b"


def test_readers_stdin_closed_is_an_input_error(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("sys.stdin", None)  # what Python sets when started with fd 0 closed (<&-)
    (err,) = read_documents(["-"])
    assert isinstance(err, InputError)
    assert str(err).startswith("stdin: is closed") and "presslens analyze -" in str(err)


def test_readers_stdin_that_fails_to_read_is_an_input_error():
    stream = io.BytesIO(b"A storm hit the coast.")
    stream.close()
    (err,) = read_documents(["-"], stdin=stream)
    assert isinstance(err, InputError) and "stdin: cannot be read" in str(err)


def test_readers_duplicate_id_is_logged_and_both_documents_kept(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.txt").write_text("First story text.", encoding="utf-8")
    (tmp_path / "b" / "story.txt").write_text("Second story text.", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="presslens.io.readers"):
        results = read([tmp_path])
    assert [r.id for r in results] == ["story", "story"]
    (record,) = caplog.records
    message = record.getMessage()
    assert message.startswith(str(tmp_path / "b" / "story.txt"))
    assert "document id 'story' was already read from " + str(tmp_path / "a" / "story.txt") in message


def test_readers_duplicate_id_within_jsonl_names_both_lines(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": "x", "text": "One."}), json.dumps({"id": "y", "text": "Two."}), json.dumps({"id": "x", "text": "Three."})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="presslens.io.readers"):
        assert len(read([path])) == 3
    (record,) = caplog.records
    assert record.getMessage().startswith(f"{path}:3: document id 'x' was already read from {path}:1")


def test_readers_html_in_a_declared_charset_records_it(tmp_path: Path):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "<title>Caf\u00e9 reopens</title></head><body><article>"
        "<p>The caf\u00e9 on the harbour reopened on Monday, said its owner, Jos\u00e9 Mu\u00f1oz, to cheers.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("latin-1"))
    (doc,) = read([path])
    assert isinstance(doc, Document), doc
    assert "Jos\u00e9 Mu\u00f1oz" in doc.text and doc.encoding == "cp1252"


# --- issue 23 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_readers_jsonl_deeply_nested_line_is_one_error_and_the_rest_is_read(tmp_path: Path, depth: int):
    path = tmp_path / "deep.jsonl"
    deep = '{"id": "deep", "text": "x", "extra": ' + "[" * depth + "]" * depth + "}"
    good = [json.dumps({"id": f"ok{i}", "text": "The port reopened today."}) for i in range(2)]
    path.write_text("\n".join([good[0], deep, good[1]]) + "\n", encoding="utf-8")
    results = read([path])
    assert [r.id for r in results if isinstance(r, Document)] == ["ok0", "ok1"]
    [error] = [r for r in results if isinstance(r, JsonlLineError)]
    assert error.line == 2 and "nested too deeply" in str(error)


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"id": None, "text": "A text."}, "'id' must be a string, got null"),
        ({"id": ["x"], "text": "A text."}, "'id' must be a string, got an array"),
        ({"id": {"a": 1}, "text": "A text."}, "'id' must be a string, got an object"),
        ({"id": True, "text": "A text."}, "'id' must be a string, got true or false"),
        ({"id": "a", "text": "A text.", "title": ["x"]}, "'title' must be a string or null, got an array"),
    ],
)
def test_readers_jsonl_id_that_is_not_a_string_is_refused(tmp_path: Path, record: dict, reason: str):
    path = tmp_path / "ids.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [error] = read([path])
    assert isinstance(error, JsonlLineError) and reason in str(error)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("late.txt", ("The port reopened today. " * 400).encode() + b"\x00 and more."),
        ("forced.txt", b"The port\x00 reopened today."),
        ("line.jsonl", json.dumps({"id": "n", "text": "The port\u0000 reopened."}).encode() + b"\n"),
    ],
)
def test_readers_text_with_nul_is_refused_wherever_it_is(tmp_path: Path, name: str, data: bytes):
    """Issue 23: one rule for NUL in every way in (the API and `presslens.analyze` follow it too)."""
    path = tmp_path / name
    path.write_bytes(data)
    [error] = read([path], encoding="utf-8" if name == "forced.txt" else None)
    assert isinstance(error, InputError) and "NUL character (U+0000)" in str(error)
