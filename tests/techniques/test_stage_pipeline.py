"""The shipped techniques model inside the real pipeline (base, quotes, techniques)."""

from __future__ import annotations

import pytest

from presslens.document import TECHNIQUE_LABELS, Document
from presslens.techniques.shipped import model_installed

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not model_installed(), reason="the techniques model is not installed in src/presslens/models/techniques"),
]

TEXT = (
    "Harbour council approves budget\n\n"
    "The council's reckless, shameful plan will bankrupt every hard-working family in this town.\n"
    "\"This is a disgraceful betrayal of our great city,\" said councillor Mary Okafor.\n"
    "The vote passed by seven votes to four on Tuesday.\n"
)


def test_techniques_pipeline_spans_are_valid_and_voiced():
    from presslens.pipeline import load_pipeline, registered_stages

    names = ["parse.v1", "entities.v1"] + (["quotes.v1"] if "quotes.v1" in registered_stages() else []) + ["techniques.v1"]
    doc = load_pipeline(names)(Document(id="harbour", text=TEXT))
    assert doc.techniques is not None and doc.techniques, "expected loaded language to be found"
    for t in doc.techniques:
        assert TEXT[t.start : t.end] == t.text and t.technique in TECHNIQUE_LABELS and 0.0 <= t.score <= 1.0
        assert (t.speaker is None) or t.voice != "author"
    quote_start = TEXT.index("\"This")
    quote_end = TEXT.index(",\" said") + 2
    inside = [t for t in doc.techniques if quote_start <= t.start and t.end <= quote_end]
    outside = [t for t in doc.techniques if t.end <= quote_start]
    assert all(t.voice == "quoted" for t in inside)
    assert all(t.voice == "author" for t in outside)


def test_techniques_read_the_shared_encoder_pass_exactly_as_their_own():
    from presslens.pipeline import load_pipeline

    shared = load_pipeline(["parse.v1", "entities.v1", "encoder.v1", "techniques.v1"])
    own = load_pipeline(["parse.v1", "entities.v1", "techniques.v1"])
    a = shared(Document(id="harbour", text=TEXT))
    b = own(Document(id="harbour", text=TEXT))
    assert a.encoder_pass is not None and b.encoder_pass is None
    assert a.techniques == b.techniques and a.techniques
