"""The quotes pipeline built once per session (loads spaCy); imported by the tests that parse.

A module rather than a conftest.py: several test folders without __init__.py each
holding a conftest.py make `from conftest import ...` ambiguous for the whole suite.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def quotes_pipeline():
    from presslens.pipeline import load_pipeline

    return load_pipeline(["parse.v1", "entities.v1", "quotes.v1"])
