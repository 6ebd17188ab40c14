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
