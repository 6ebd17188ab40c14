from __future__ import annotations

import datetime as dt

import pytest

import presslens
from presslens.api import parse_published

EXPECTED = [
    "Actor", "Descriptor", "Claim", "ConfigError", "Document", "Entity", "InputError", "JsonlLineError", "ModelError", "Part",
    "Pipeline", "PresslensError", "Quote", "Sentence", "Span", "StageError", "Technique", "TimeExpression",
    "Token", "VoiceSummary", "__version__", "analyze", "load_pipeline",
]


def test_public_api_exports_are_curated():
    assert sorted(presslens.__all__) == sorted(EXPECTED)
    for name in presslens.__all__:
        assert hasattr(presslens, name)


def test_public_api_version_comes_from_the_package_metadata():
    from importlib.metadata import version

    assert presslens.__version__ == version("presslens")


@pytest.mark.parametrize("bad", [None, 42, b"bytes"])
def test_public_api_analyze_refuses_a_non_string_with_an_input_error(bad):
    with pytest.raises(presslens.InputError, match="expected the article as a str"):
        presslens.analyze(bad, pipeline=presslens.Pipeline())


@pytest.mark.parametrize("empty", ["", "  \n\t"])
def test_public_api_analyze_refuses_empty_text(empty):
    with pytest.raises(presslens.InputError, match="empty"):
        presslens.analyze(empty, pipeline=presslens.Pipeline())


def test_public_api_analyze_refuses_a_lone_surrogate():
    with pytest.raises(presslens.InputError, match="unpaired surrogate"):
        presslens.analyze("Bad \ud800 text.", pipeline=presslens.Pipeline())


@pytest.mark.parametrize("bad", ["not-a-date", "2021-05-20garbage", "2021-02-30", "20210520"])
def test_public_api_bad_published_date_is_a_config_error(bad):
    with pytest.raises(presslens.ConfigError, match="is not a (date like 2021-05-20|calendar date)"):
        presslens.analyze("Some text.", published=bad, pipeline=presslens.Pipeline())


def test_public_api_published_parser_accepts_dates_and_iso_strings():
    assert parse_published("2021-05-20") == dt.date(2021, 5, 20)
    assert parse_published(dt.date(2021, 5, 20)) == dt.date(2021, 5, 20)
    assert parse_published(None) is None


def test_public_api_errors_are_presslens_errors():
    for name in ("ConfigError", "InputError", "JsonlLineError", "ModelError", "StageError"):
        assert issubclass(getattr(presslens, name), presslens.PresslensError)


def test_public_api_a_text_without_an_id_is_named_like_the_web_api_names_it():
    from presslens.document import text_id

    doc = presslens.analyze("Prices rose 4 percent.", pipeline=presslens.Pipeline())
    assert doc.id == text_id("Prices rose 4 percent.") and doc.id.startswith("text-")
    assert presslens.analyze("Prices rose.", doc_id="mine", pipeline=presslens.Pipeline()).id == "mine"
