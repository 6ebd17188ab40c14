"""Fixtures for the voices tests: the quotes pipeline built once (loads spaCy)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def quotes_pipeline():
    from presslens.pipeline import load_pipeline

    return load_pipeline(["base.v1", "entities.v1", "quotes.v1"])
