"""A broken install (model files missing) is a clear ModelError, never a silently absent layer."""

from __future__ import annotations

import pytest

from presslens.errors import ModelError
from presslens.pipeline import registered_stages
from presslens.techniques.shipped import load_shipped


def test_the_techniques_stage_is_always_registered():
    assert "techniques.v1" in registered_stages()


def test_missing_model_files_are_named(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelError, match="missing model.onnx, tokenizer.json, head.npz"):
        load_shipped(str(tmp_path))


@pytest.mark.slow
def test_shipped_tagger_runs_through_the_cached_onnx_model():
    from presslens.models.onnx_model import load_onnx_model
    from presslens.techniques.shipped import MODEL_DIR
    from presslens.techniques.windows import MAX_LEN

    tagger = load_shipped().tagger
    assert tagger.model is load_onnx_model(MODEL_DIR, max_length=MAX_LEN)
    text = "Critics called the plan a disgraceful betrayal."
    assert tagger.tokens(text).ids.tolist() == tagger.model.tokenize(text).ids.tolist()


@pytest.mark.slow
def test_shipped_cli_threshold_leaves_the_cached_tagger_unchanged():
    from presslens.cli.techniques import _tagger

    shipped = load_shipped().tagger
    before = shipped.settings
    lowered = _tagger(None, 0.2)
    assert lowered.settings.threshold == 0.2 and lowered is not shipped
    assert load_shipped().tagger is shipped and shipped.settings == before
    assert _tagger(None, None) is shipped
