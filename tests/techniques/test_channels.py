"""Per-technique channels (issue 12): spans nest at their natural length, each scored and shown by its technique."""

from __future__ import annotations

import numpy as np
import pytest

from presslens.document import Document
from presslens.techniques.predict import TechniqueTagger
from presslens.techniques.settings import ChannelSettings, TaggerSettings
from presslens.techniques.stage import TechniquesStage
from tests.techniques.fakes import build_tokenizer, fake_channel_tagger

TEXT = '"we will never surrender," she told reporters. the cowardly traitors lied again.'


def _settings(display: float = 0.5, **kw) -> TaggerSettings:
    channels = tuple(ChannelSettings(threshold=0.5, display=display) for _ in range(14))
    return TaggerSettings(threshold=0.5, quotes=False, channels=channels, **kw)


def _spans(found):
    return [(TEXT[d.start : d.end], d.technique) for d in found]


def test_channels_nest_spans_of_different_techniques():
    tagger = fake_channel_tagger(build_tokenizer(), _settings())
    found = tagger.detect(TEXT)
    assert _spans(found) == [
        ("we will never surrender", "Slogans"),
        ("surrender", "Loaded_Language"),
        ("cowardly traitors", "Loaded_Language"),
        ("cowardly traitors", "Name_Calling,Labeling"),
    ]
    for d in found:
        assert d.channel is not None and 0.0 <= d.score <= 1.0


def test_channels_each_use_their_own_threshold():
    channels = [ChannelSettings(threshold=0.5) for _ in range(14)]
    channels[9] = ChannelSettings(threshold=0.99)  # Slogans off
    tagger = fake_channel_tagger(build_tokenizer(), TaggerSettings(quotes=False, channels=tuple(channels)))
    assert "Slogans" not in {d.technique for d in tagger.detect(TEXT)}


def test_channels_calibrated_score_is_monotone_in_span_score():
    tagger = fake_channel_tagger(build_tokenizer(), _settings(score_calibration=(1.5, -0.5, 0.2)))
    scores = [tagger.calibrated(p, 0) for p in (0.2, 0.4, 0.6, 0.8)]
    assert scores == sorted(scores) and all(0 < s < 1 for s in scores)


def test_channels_display_threshold_marks_spans_shown():
    # Name_Calling at logit 0 -> probability 0.5: found, but under a display threshold of 0.9
    tagger = fake_channel_tagger(build_tokenizer(), _settings(display=0.9), name_calling_logit=0.5)
    found = tagger.detect(TEXT)
    shown = {(TEXT[d.start : d.end], d.technique): d.shown for d in found}
    assert shown[("cowardly traitors", "Name_Calling,Labeling")] is False
    assert shown[("surrender", "Loaded_Language")] is True


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, {"Loaded_Language", "Slogans"}),  # precision-first default: display thresholds
        ({"all_spans": True}, {"Loaded_Language", "Slogans", "Name_Calling,Labeling"}),
        ({"min_score": 0.0}, {"Loaded_Language", "Slogans", "Name_Calling,Labeling"}),
        ({"min_score": 0.999}, set()),
    ],
)
def test_channels_stage_display_options(options, expected):
    tagger = fake_channel_tagger(build_tokenizer(), _settings(display=0.9), name_calling_logit=0.5)
    out = TechniquesStage(tagger=tagger, **options)(Document(id="t", text=TEXT))
    assert {t.technique for t in out.techniques} == expected
    for t in out.techniques:
        assert t.text == TEXT[t.start : t.end]


def test_channels_stage_rejects_a_score_outside_0_1():
    tagger = fake_channel_tagger(build_tokenizer(), _settings())
    with pytest.raises(Exception, match="min_score"):
        TechniquesStage(tagger=tagger, min_score=1.5)


def test_channels_technique_probs_mix_head_and_channels():
    tokenizer = build_tokenizer()
    head_only = fake_channel_tagger(tokenizer, _settings())
    mixed = fake_channel_tagger(tokenizer, _settings(tc_channel_weight=1.0))
    state = head_only.forward(TEXT)
    start = TEXT.index("we will")
    span = [(start, start + len("we will never"))]
    assert np.argmax(head_only.technique_probs(state, span)[0]) == 1  # the fake head: not loaded -> technique 1
    assert np.argmax(mixed.technique_probs(state, span)[0]) == 9  # the channels: Slogans


def test_channels_settings_round_trip_through_config():
    config = {
        "threshold": 0.4, "stride": 190, "channels": [{"threshold": 0.3, "hysteresis": 0.1, "max_gap": 1,
                                                       "min_chars": 4, "display": 0.6}] * 14,
        "tc_channel_weight": 0.5, "score_calibration": [1.0, 0.5, -0.2],
    }
    settings = TaggerSettings.from_config(config)
    assert settings.channel(3) == ChannelSettings(0.3, 0.1, 1, 4, 0.6)
    assert settings.tc_channel_weight == 0.5 and settings.score_calibration == (1.0, 0.5, -0.2)


@pytest.mark.parametrize(
    ("min_score", "all_spans", "expected"),
    [
        (None, False, None),
        (0.3, False, {"techniques.v1": {"min_score": 0.3}}),
        (None, True, {"techniques.v1": {"all_spans": True}}),
    ],
)
def test_channels_analyze_display_options_reach_the_stage(min_score, all_spans, expected):
    from presslens.cli.analyze import _techniques_config

    assert _techniques_config(min_score, all_spans) == expected


def test_channels_detection_keeps_no_window_vectors(monkeypatch):
    # Why: the vectors only feed the technique head, which per-technique detection never asks;
    # kept, they cost ~0.4 MB per window. Dropping them must not change a span or score.
    tokenizer = build_tokenizer()
    tagger = fake_channel_tagger(tokenizer, _settings(stride=100, batch_windows=2))
    text = " ".join([TEXT] * 40)
    passes = []
    monkeypatch.setattr(TechniqueTagger, "detected", lambda self, state: passes.append(state) or [])
    tagger.detect(text)
    monkeypatch.undo()
    (light,) = passes
    full = tagger.forward(text)
    assert len(light.windows) > 2 and light.hidden.shape == (0, 0, 0)
    assert len(full.hidden) == len(full.windows)

    def rows(state):
        return [(d.start, d.end, d.channel, d.score, d.shown, d.probs.tolist()) for d in tagger.detected(state)]

    assert rows(light) == rows(full) and rows(light)
    # the head still labels spans of such a pass: the windows they sit in are encoded again
    start = text.index("cowardly")
    spans = [(start, start + len("cowardly traitors")), (0, len('"we will never surrender'))]
    assert tagger.technique_probs(light, spans).tolist() == tagger.technique_probs(full, spans).tolist()


def test_channels_relabel_takes_the_span_classifiers_technique_and_merges():
    # The fake head calls a span loaded (Loaded_Language) when its words are, else Name_Calling: the
    # Slogans channel's span becomes Name_Calling, and "cowardly traitors", found by two channels,
    # becomes one Loaded_Language span.
    tagger = fake_channel_tagger(build_tokenizer(), _settings(relabel=True))
    assert _spans(tagger.detect(TEXT)) == [
        ("we will never surrender", "Name_Calling,Labeling"),
        ("surrender", "Loaded_Language"),
        ("cowardly traitors", "Loaded_Language"),
    ]


def test_channels_relabel_of_a_long_article_encodes_its_windows_again(monkeypatch):
    # Why: a long article's pass keeps no vectors (memory); its labels must not depend on that.
    import presslens.techniques.predict as predict

    tagger = fake_channel_tagger(build_tokenizer(), _settings(relabel=True, stride=100, batch_windows=2))
    text = " ".join([TEXT] * 40)
    kept = tagger.forward(text, keep_hidden=None)
    monkeypatch.setattr(predict, "KEEP_WINDOWS", 2)
    light = tagger.forward(text, keep_hidden=None)
    assert len(kept.hidden) == len(kept.windows) > 2 and light.hidden.shape == (0, 0, 0)

    def rows(state):
        return [(d.start, d.end, d.technique, d.score, d.lane) for d in tagger.detected(state)]

    assert rows(light) == rows(kept)
    assert {t for *_, t, _, _ in rows(kept)} == {"Name_Calling,Labeling", "Loaded_Language"}


def test_channels_one_channel_detection_keeps_window_vectors(fake_tagger):
    state = fake_tagger.forward(TEXT, keep_hidden=None)  # what `detect` asks: the head needs them
    assert len(state.hidden) == len(state.windows) > 0
