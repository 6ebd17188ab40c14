from __future__ import annotations

from pathlib import Path

import pytest

from presslens.errors import InputError
from presslens.eval.semeval_io import (
    LabelledSpan,
    article_id,
    read_articles,
    read_labels,
    read_si_labels,
    read_tc_labels,
    write_si,
    write_tc,
)


def test_semeval_io_article_id_from_name():
    assert article_id(Path("x/article7771.txt")) == "7771"
    with pytest.raises(InputError, match="article123.txt"):
        article_id(Path("notes.txt"))


def test_semeval_io_reads_articles_keeping_carriage_returns(tmp_path):
    (tmp_path / "article10.txt").write_bytes("Title\r\n\r\nA “loaded” line.\n".encode())
    (tmp_path / "article9.txt").write_text("Other.\n", encoding="utf-8")
    articles = read_articles(tmp_path)
    assert list(articles) == ["9", "10"]  # numeric order
    text = articles["10"]
    assert text.startswith("Title\r\n") and text[text.index("“") : text.index("”") + 1] == "“loaded”"
    assert read_articles(tmp_path, ids=["10"]).keys() == {"10"}


def test_semeval_io_tc_and_si_round_trip(tmp_path):
    rows = [LabelledSpan("5", 3, 9, "Doubt"), LabelledSpan("5", 10, 12, None)]
    write_tc(tmp_path / "tc.tsv", rows)
    assert (tmp_path / "tc.tsv").read_text() == "5\tDoubt\t3\t9\n5\t?\t10\t12\n"
    assert read_tc_labels(tmp_path / "tc.tsv") == rows
    write_si(tmp_path / "si.tsv", rows)
    assert (tmp_path / "si.tsv").read_text() == "5\t3\t9\n5\t10\t12\n"
    assert read_si_labels(tmp_path / "si.tsv") == [LabelledSpan("5", 3, 9), LabelledSpan("5", 10, 12)]
    assert read_labels(tmp_path / "si.tsv") == read_si_labels(tmp_path / "si.tsv")


@pytest.mark.parametrize(
    ("content", "message"),
    [("5\tDoubt\t3\n", "expected 4"), ("5\tDoubt\tx\t9\n", "not an integer")],
)
def test_semeval_io_bad_rows_name_the_line(tmp_path, content, message):
    path = tmp_path / "bad.tsv"
    path.write_text(content)
    with pytest.raises(InputError, match=message) as err:
        read_tc_labels(path)
    assert ":1" in str(err.value)


def test_semeval_io_missing_folder(tmp_path):
    with pytest.raises(InputError, match="no such directory"):
        read_articles(tmp_path / "nope")
