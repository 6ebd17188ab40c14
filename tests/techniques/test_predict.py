from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from tokenizers import Tokenizer
from tokenizers.models import WordLevel

from presslens.errors import ConfigError, ModelError
from presslens.techniques.predict import TechniqueTagger
from presslens.techniques.settings import TaggerSettings
from tests.techniques.fakes import FakeEncoder, fake_classify, fake_encoder_model

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
    settings = TaggerSettings(stride=100, batch_windows=3)
    tagger = TechniqueTagger(fake_encoder_model(tokenizer, encoder), fake_classify, settings=settings)
    text = " ".join(["critics said it was fine ."] * 120 + ["the cowardly traitors lied again ."])
    found = tagger.detect(text)
    assert [text[d.start : d.end] for d in found] == ["cowardly traitors"]
    assert encoder.calls >= 2 and max(encoder.batch_rows) <= 3


def test_predict_threshold_controls_detection(fake_tagger):
    state = fake_tagger.forward(TEXT)
    assert fake_tagger.spans(state, 0.9) and not fake_tagger.spans(state, 0.9999)


def test_predict_empty_text(fake_tagger):
    assert fake_tagger.detect("") == []


def test_predict_tagger_is_frozen_and_with_settings_makes_a_new_one(fake_tagger):
    with pytest.raises(dataclasses.FrozenInstanceError):
        fake_tagger.settings = TaggerSettings(threshold=0.9)  # type: ignore[misc]
    strict = fake_tagger.with_settings(threshold=0.9999)
    assert fake_tagger.settings.threshold == 0.5 and strict.settings.threshold == 0.9999
    assert strict.model is fake_tagger.model and strict.classify is fake_tagger.classify
    assert fake_tagger.detect(TEXT) and not strict.detect(TEXT)


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"threshold": 1.5}, "1.5"), ({"stride": 0}, "stride"), ({"batch_windows": 0}, "batch_windows")],
)
def test_predict_settings_reject_bad_values(changes, message):
    with pytest.raises(ConfigError, match=message):
        TaggerSettings(**changes)


def test_predict_one_window_per_call_gives_the_batched_spans(tokenizer):
    text = " ".join(["critics said it was fine ."] * 120 + ["the cowardly traitors lied again ."])
    single, batched = FakeEncoder(tokenizer), FakeEncoder(tokenizer)
    one = TechniqueTagger(fake_encoder_model(tokenizer, single), fake_classify, settings=TaggerSettings(batch_windows=1))
    three = one.with_settings(batch_windows=3)
    three = dataclasses.replace(three, model=fake_encoder_model(tokenizer, batched))
    assert [(d.start, d.end) for d in one.detect(text)] == [(d.start, d.end) for d in three.detect(text)]
    assert set(single.batch_rows) == {1} and max(batched.batch_rows) == 3


def test_predict_model_without_cls_token_is_a_model_error():
    tok = Tokenizer(WordLevel({"[UNK]": 0, "plan": 1}, unk_token="[UNK]"))
    with pytest.raises(ModelError, match=r"\[CLS\]"):
        TechniqueTagger(fake_encoder_model(tok), fake_classify)
