from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from presslens.document import Document
from presslens.errors import InputError, JsonlLineError
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
    assert doc.published == dt.date(2026, 2, 3)


def test_readers_txt_in_latin1_is_decoded(tmp_path: Path):
    path = tmp_path / "cafe.txt"
    text = "The minister\u2019s \u201cbold\u201d plan will cost \u00a340m, said Ren\u00e9e Dupr\u00e9, the caf\u00e9 owner."
    path.write_bytes(text.encode("cp1252"))
    (doc,) = read([path])
    assert isinstance(doc, Document)
    assert doc.text == text


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
    stdin = io.BytesIO("A storm hit the coast overnight.".encode("utf-8"))
    results = list(read_documents(["-", "/no/such/file.txt"], stdin=stdin))
    assert isinstance(results[0], Document) and results[0].id == "stdin"
    assert isinstance(results[1], InputError) and "no such file" in str(results[1])
