"""Pure rules for bylines, dates (and where they came from) and language."""

from __future__ import annotations

import datetime as dt

import pytest

from presslens.io.metadata import NotEnglishError, check_english, publication_date, split_authors, text_date, url_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Ana Ruiz; Ben Osei", ["Ana Ruiz", "Ben Osei"]), ("By Ana Ruiz and Ben Osei", ["Ana Ruiz", "Ben Osei"]),
     ("Lena Hart", ["Lena Hart"]), (None, []), ("A. Smith, B. Jones & C. Wu", ["A. Smith", "B. Jones", "C. Wu"])],
)
def test_split_authors(value, expected):
    assert split_authors(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://x.org/2024/05/17/ferry", dt.date(2024, 5, 17)), ("https://x.org/news/2024-05-17-ferry", dt.date(2024, 5, 17)),
     ("https://x.org/20240517/ferry", dt.date(2024, 5, 17)), ("https://x.org/news/ferry-2024", None),
     ("https://x.org/2024/13/40/x", None)],
)
def test_url_date(url, expected):
    assert url_date(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Published 9 February 2024\nThe council...", dt.date(2024, 2, 9)),
     ("Updated March 5, 2024 at 10:00", dt.date(2024, 3, 5)), ("No date here at all.", None)],
)
def test_text_date(text, expected):
    assert text_date(text) == expected


def test_publication_date_prefers_metadata_then_url_then_text():
    text = "Published 9 February 2024"
    both = publication_date(metadata=dt.date(2024, 3, 5), addresses=("https://x.org/2024/05/17/a",), text=text)
    assert both is not None and (both.date, both.source) == (dt.date(2024, 3, 5), "metadata")
    url = publication_date(metadata=None, addresses=("https://x.org/2024/05/17/a",), text=text)
    assert url is not None and url.source == "url"
    dateline = publication_date(metadata=None, addresses=("https://x.org/a",), text=text)
    assert dateline is not None and (dateline.date, dateline.source) == (dt.date(2024, 2, 9), "text")


def test_publication_date_skips_a_future_date():
    found = publication_date(metadata=dt.date(2099, 1, 1), addresses=(), text="", today=dt.date(2024, 1, 1))
    assert found is None


def test_check_english_refuses_a_declared_language():
    with pytest.raises(NotEnglishError, match="is in German .*not analysed"):
        check_english("p", declared="de-DE", declared_where="its <html lang>", text="Die Hafenbehörde hat")


def test_check_english_refuses_undeclared_foreign_text():
    text = " ".join(["la autoridad portuaria decidió cerrar el muelle norte para reparaciones"] * 6)
    with pytest.raises(NotEnglishError, match="common English words"):
        check_english("p", declared=None, declared_where="", text=text)


def test_check_english_accepts_english():
    text = " ".join(["The harbour authority said that the quay was closed for repairs by the council."] * 5)
    assert check_english("p", declared="en-GB", declared_where="", text=text) == "en"


@pytest.mark.parametrize(("tag", "expected"), [("en-GB", "en"), ("EN_us", "en"), ("de", "de"), ("und", None),
                                               ("x-default", None), ("", None)])
def test_primary_language(tag, expected):
    from presslens.io.metadata import primary_language

    assert primary_language(tag) == expected
