"""Building the app for tests: the light pipeline through `dependency_overrides`, any settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from presslens.pipeline import Pipeline
from presslens.web import Settings, create_app, get_pipeline
from tests.fakes import light_pipeline


def refuse_load() -> Pipeline:
    raise AssertionError("the app loaded the models although get_pipeline is overridden")


def fake_app(pipeline: Any = None, **settings: Any) -> FastAPI:
    """The app with the light pipeline (or `pipeline`) and these settings; it never loads a model."""
    app = create_app(Settings(**settings), load=refuse_load)
    chosen = light_pipeline() if pipeline is None else pipeline
    app.dependency_overrides[get_pipeline] = lambda: chosen
    return app


@contextmanager
def client_for(pipeline: Any = None, **settings: Any) -> Iterator[TestClient]:
    """A TestClient of `fake_app` with its lifespan run (the worker pool exists)."""
    with TestClient(fake_app(pipeline, **settings), raise_server_exceptions=False) as client:
        yield client
