"""Export a tiny trained run to int8 ONNX and run it through the torch-free runtime."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("torch")
pytest.importorskip("onnx")

from presslens.techniques.shipped import clear_loaded, load_shipped, model_installed
from presslens.train.techniques import train
from presslens.train.techniques_export import export_run
from tests.train.test_techniques_train import _cfg, _corpus

pytestmark = pytest.mark.train


@pytest.mark.parametrize("channels", [1, 15])
def test_techniques_export_writes_a_loadable_model(tmp_path, channels):
    data = _corpus(tmp_path / "ptc")
    train(_cfg(data, tmp_path / "run", channels=channels))
    out = tmp_path / "model"
    report = export_run(tmp_path / "run", out, check_articles=2)
    assert model_installed(out)
    assert report["size_bytes"] == (out / "model.onnx").stat().st_size
    assert max(report["fp32_max_abs_diff"].values()) < 1e-3
    config = json.loads((out / "config.json").read_text())
    assert len(config["labels"]) == 14
    if channels == 1:
        assert config["threshold"] == report["threshold"]
    else:  # every technique channel got its own decoding and display threshold, chosen on dev
        assert len(config["channels"]) == 14 and len(config["score_calibration"]) == 3
        assert set(report["display"]) >= {"pooled", "fallback", "Loaded_Language"}
    tagger = load_shipped(str(out)).tagger
    text = (data / "articles" / "article101.txt").read_text(encoding="utf-8")
    for found in tagger.detect(text):
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start : found.end].strip() == text[found.start : found.end]
    clear_loaded()


def test_techniques_export_release_takes_dev_settings(tmp_path):
    """A train+dev run copies every DEV-chosen setting from the train-only export (issue 12.3)."""
    data = _corpus(tmp_path / "ptc")
    train(_cfg(data, tmp_path / "run"))
    export_run(tmp_path / "run", tmp_path / "dev-model", check_articles=1)
    train(_cfg(data, tmp_path / "release", train_part="train+dev", dev_part=""))
    report = export_run(tmp_path / "release", tmp_path / "model", settings_from=tmp_path / "dev-model")
    chosen = json.loads((tmp_path / "dev-model" / "config.json").read_text())
    config = json.loads((tmp_path / "model" / "config.json").read_text())
    assert config["channels"] == chosen["channels"] and config["score_calibration"] == chosen["score_calibration"]
    assert report["settings_from"] == str(tmp_path / "dev-model")
    clear_loaded()
