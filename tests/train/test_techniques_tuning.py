"""DEV choices of the per-technique channels: calibration, display thresholds, reliability (issue 12)."""

from __future__ import annotations

import pytest

pytest.importorskip("sklearn")

from presslens.eval.ptc import reliability
from presslens.train.techniques_tuning import MIN_SUPPORT, choose_display, fit_calibration


def test_tuning_display_is_lowest_score_with_precision_half():
    # channel 0: right only at scores >= 0.7; channel 1: never right -> the pooled fallback (>= 0.5)
    rows = [(0, s / 10, s >= 7) for s in range(1, 10)] * 2 + [(1, 0.9, False)] * MIN_SUPPORT
    display, report = choose_display(rows)
    assert display[0] == pytest.approx(0.35)  # 0.35 keeps 0.4..0.9: 3 right of 6
    assert display[1] >= 0.5 and report["Name_Calling,Labeling"]["own"] is None


def test_tuning_calibration_rises_with_span_score():
    rows = [(0, p, 0.3, p > 0.6) for p in (0.2, 0.3, 0.4, 0.5, 0.65, 0.7, 0.8, 0.9)] * 3
    (a, _, _), biases = fit_calibration(rows + [(1, p, 0.3, False) for p in (0.5, 0.7, 0.9)] * 3)
    assert a > 0 and biases[1] < biases[0]  # technique 1 is never right: lower scores


def test_tuning_calibration_of_one_class_is_identity():
    assert fit_calibration([(0, 0.4, 0.3, True)] * 4) == ((1.0, 0.0, 0.0), [0.0] * 14)


def test_eval_reliability_bins_scores():
    rows = reliability([0.05, 0.72, 0.75, 0.78], [False, True, True, False])
    assert rows == [("0.0-0.1", 1, pytest.approx(0.05), 0.0), ("0.7-0.8", 3, pytest.approx(0.75), pytest.approx(2 / 3))]


def _fake_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Decoding with hysteresis >= 0.3 joins a run into a 100-character span, else 20 characters,
    and the shorter spans score the higher partial-overlap F1 (as Doubt's did on DEV)."""
    from types import SimpleNamespace

    from presslens.techniques.predict import ChannelSettings
    from presslens.train import techniques_tuning as tt

    def decode(tagger: object, passes: object, c: int, cs: ChannelSettings) -> list[tuple[str, int, int, float]]:
        end = 100 if cs.hysteresis >= 0.3 else 20
        return [("a", 0, end, 0.9)]

    monkeypatch.setattr(tt, "_decode", decode)
    monkeypatch.setattr(tt, "si_score", lambda pred, gold: SimpleNamespace(f1=0.3 if pred[0][2] == 100 else 0.5))


def _passes() -> list:
    import numpy as np

    from presslens.train.techniques_tuning import DevPass

    gold = [(0, 100, "Doubt"), (0, 20, "Slogans")]
    return [DevPass("a", None, np.zeros((0, 15)), np.zeros((0, 2)), gold)]  # type: ignore[arg-type]


def test_tuning_lengths_keep_checked_techniques_at_their_natural_length(monkeypatch: pytest.MonkeyPatch):
    from presslens.train.techniques_tuning import LENGTH_CHECKED, tune_lengths

    _fake_decoding(monkeypatch)
    _, report = tune_lengths(None, _passes())  # type: ignore[arg-type]
    assert "Doubt" in LENGTH_CHECKED and "Slogans" not in LENGTH_CHECKED
    doubt = report["Doubt"]
    assert doubt["length_checked"] and doubt["hysteresis"] >= 0.3 and doubt["median_ratio"] == 1.0
    assert doubt["f1"] == pytest.approx(0.3)  # the in-range setting, though a 20-character one scores 0.5
    assert report["Slogans"]["f1"] == pytest.approx(0.5) and report["Slogans"]["hysteresis"] < 0.3


def test_tuning_thresholds_never_take_a_checked_technique_out_of_range(monkeypatch: pytest.MonkeyPatch):
    from types import SimpleNamespace

    from presslens.techniques.predict import ChannelSettings
    from presslens.train import techniques_tuning as tt

    _fake_decoding(monkeypatch)

    def decode(tagger: object, passes: object, c: int, cs: ChannelSettings) -> list[tuple[str, int, int, float]]:
        # a higher threshold would cut every channel's span to 20 characters, which scores higher
        return [("a", 0, 20 if cs.threshold > 0.5 else 100, 0.9)]

    monkeypatch.setattr(tt, "_decode", decode)
    # every 20-character span raises the score (the fake's F1: share of short spans)
    monkeypatch.setattr(tt, "si_score", lambda pred, gold: SimpleNamespace(f1=sum(p[2] == 20 for p in pred) / len(pred)))
    start = [ChannelSettings(threshold=0.4, hysteresis=0.3)] * 14
    channels, _ = tt.tune_si_thresholds(None, _passes(), start)  # type: ignore[arg-type]
    doubt = tt.TECHNIQUE_LABELS.index("Doubt")
    assert channels[doubt].threshold == 0.4  # 20 characters is 0.2x Doubt's gold median: refused
    assert any(cs.threshold > 0.5 for c, cs in enumerate(channels) if tt.TECHNIQUE_LABELS[c] not in tt.LENGTH_CHECKED)


def test_tuning_length_ratio_bounds():
    from presslens.train.techniques_tuning import length_ok, length_ratio

    assert length_ratio([("a", 0, 30)], 100.0) == pytest.approx(0.3) and not length_ok(0.3)
    assert length_ok(0.5) and length_ok(2.0) and not length_ok(2.1) and length_ok(None)
    assert length_ratio([], 100.0) is None and length_ratio([("a", 0, 5)], None) is None
