"""Shared fixtures. Text fixtures are written for these tests; nothing is copied from ../shared."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from presslens.document import Claim, Document, Entity, Part, Quote, Technique, TimeExpression

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE = REPO / "examples" / "harbour_strike.txt"

requires_shared = pytest.mark.skipif(
    not (SHARED / "data").is_dir(), reason=f"needs the shared corpora at {SHARED}/data (absent on this checkout)"
)


@pytest.fixture(scope="session")
def base_pipeline():
    """base + entities + times: the foundation layers, built once (loads spaCy)."""
    from presslens.pipeline import load_pipeline

    return load_pipeline(["parse.v1", "entities.v1", "times.v1"])


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


TEXT = "Mayor Ines Baptiste said on Friday that the plan was \"a disaster\"."


def make_doc() -> Document:
    """A hand-built document with every layer, for model and writer tests."""
    doc = Document(id="d1", text=TEXT, published=dt.date(2026, 3, 13), title="Plan")
    ent = Entity.of(TEXT, 6, 19, label="PERSON", canonical="Ines Baptiste")
    time = TimeExpression.of(TEXT, 28, 34, label="DATE", value="2026-03-13", anchored=True)
    quote = Quote.of(
        TEXT, 0, 65,
        content=Part.of(TEXT, 40, 65), cue=Part.of(TEXT, 20, 24), source=Part.of(TEXT, 0, 19),
        speaker="Ines Baptiste", kind="indirect",
    )
    tech = Technique.of(TEXT, 53, 63, technique="Loaded_Language", score=0.9, voice="quoted", speaker="Ines Baptiste")
    claim = Claim.of(TEXT, 0, 66, score=0.4, voice="author", speaker=None, entities=[Part.of(TEXT, 6, 19)])
    return (
        doc.with_layer("entities", [ent])
        .with_layer("times", [time])
        .with_layer("quotes", [quote])
        .with_layer("techniques", [tech])
        .with_layer("claims", [claim])
    )




@pytest.fixture(scope="session")
def quotes_pipeline():
    """parse + entities + the shared encoder pass + quotes (rules and learned head, as shipped), built once per session."""
    from presslens.pipeline import load_pipeline

    return load_pipeline(["parse.v1", "entities.v1", "encoder.v1", "quotes.v1"])


@pytest.fixture(scope="session")
def rules_pipeline():
    """parse + entities + quotes without the encoder pass: the attribution rules alone."""
    from presslens.pipeline import load_pipeline

    return load_pipeline(["parse.v1", "entities.v1", "quotes.v1"])


# Fixtures kept beside the fakes they use, registered here once for the whole suite:
# the techniques tests' fake tagger and tokenizer, the CLI tests' fake pipeline (tests/fakes.py).
from tests.fakes import fake_pipeline  # noqa: E402, F401
from tests.techniques.fakes import fake_tagger, tokenizer  # noqa: E402, F401


@pytest.fixture(scope="session")
def test_site():
    """The local test site (tests/site) on 127.0.0.1, one per session; tests read `hits` as deltas."""
    from tests.site.server import running

    with running() as site:
        yield site


@pytest.fixture
def fast_fetch(tmp_path):
    """FetchOptions for tests: no delay, short timeouts, a cache in the test's own folder."""
    from presslens.fetch import FetchOptions

    return FetchOptions(delay=0.0, read_timeout=2.0, total_timeout=3.0, cache=tmp_path / "cache")
