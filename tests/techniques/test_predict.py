from __future__ import annotations

import numpy as np

from presslens.techniques.predict import TechniqueTagger
from tests.techniques.fakes import FakeEncoder, fake_classify

TEXT = "The minister called the plan a disgraceful betrayal of our great nation. Critics said it was fine."


def test_predict_detects_loaded_run_with_technique(fake_tagger):
    found = fake_tagger.detect(TEXT)
    assert [(d.start, d.end, TEXT[d.start : d.end], d.technique) for d in found] == [
        (TEXT.index("disgraceful"), TEXT.index(" of our"), "disgraceful betrayal", "Loaded_Language")
    ]
    assert 0.99 < found[0].span_score <= 1.0
    assert found[0].technique_prob > 0.5


def test_predict_gold_span_probabilities(fake_tagger):
    state = fake_tagger.forward(TEXT)
    spans = [(TEXT.index("Critics"), TEXT.index(" said")), (TEXT.index("disgraceful"), TEXT.index(" of our"))]
    probs = fake_tagger.technique_probs(state, spans)
    assert probs.shape == (2, 14)
    assert np.argmax(probs[0]) == 1 and np.argmax(probs[1]) == 0


def test_predict_long_text_is_windowed_and_batched(tokenizer):
    encoder = FakeEncoder(tokenizer)
    tagger = TechniqueTagger(tokenizer, encoder, fake_classify, stride=100, batch_windows=3)
    text = " ".join(["critics said it was fine ."] * 120 + ["the cowardly traitors lied again ."])
    found = tagger.detect(text)
    assert [text[d.start : d.end] for d in found] == ["cowardly traitors"]
    assert encoder.calls >= 2 and max(encoder.batch_rows) <= 3


def test_predict_threshold_controls_detection(fake_tagger):
    state = fake_tagger.forward(TEXT)
    assert fake_tagger.spans(state, 0.9) and not fake_tagger.spans(state, 0.9999)


def test_predict_empty_text(fake_tagger):
    assert fake_tagger.detect("") == []
