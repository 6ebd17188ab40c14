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


def test_techniques_export_writes_a_loadable_model(tmp_path):
    data = _corpus(tmp_path / "ptc")
    train(_cfg(data, tmp_path / "run"))
    out = tmp_path / "model"
    report = export_run(tmp_path / "run", out, check_articles=2)
    assert model_installed(out)
    assert report["size_bytes"] == (out / "model.onnx").stat().st_size
    assert max(report["fp32_max_abs_diff"].values()) < 1e-3
    config = json.loads((out / "config.json").read_text())
    assert config["threshold"] == report["threshold"] and len(config["labels"]) == 14
    tagger = load_shipped(str(out)).tagger
    text = (data / "articles" / "article101.txt").read_text(encoding="utf-8")
    for found in tagger.detect(text):
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start : found.end].strip() == text[found.start : found.end]
    clear_loaded()
