"""A light pipeline for CLI tests: no spaCy, no ONNX, results in milliseconds.

Commands build their pipeline with `load_pipeline`; a test swaps it for
`fake_load` (the dependency-override pattern of FastAPI's tests), so what is
tested is the command: reading, writing, messages and exit codes.

The fake stage makes one claim of each non-empty line, fails on a line
containing "boom" and is interrupted (as by Ctrl-C) on a line containing
"ctrl-c".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pytest

from presslens.document import Claim, Document
from presslens.pipeline import Pipeline, StageSpec


class _LineClaims:
    def __call__(self, doc: Document) -> Document:
        if "ctrl-c" in doc.text:
            raise KeyboardInterrupt
        if "boom" in doc.text:
            raise RuntimeError("cannot handle boom")
        claims, pos = [], 0
        for line in doc.text.split("\n"):
            if line.strip():
                claims.append(Claim.of(doc.text, pos, pos + len(line), score=0.9, voice="author", speaker=None))
            pos += len(line) + 1
        return doc.with_layer("claims", claims, stage="fake-claims.v1")


FAKE_SPECS = (
    StageSpec(
        "fake-claims.v1",
        lambda: _LineClaims(),
        assigns=("claims",),
        uses=("sentences",),
        order=1,
        description="one claim per line (test double)",
    ),
)


def fake_load(stages: list[str] | None = None, *, disable: Iterable[str] = (), config: Any = None) -> Pipeline:
    """Stands in for `load_pipeline`: the fake stages minus the disabled ones."""
    pipeline = Pipeline()
    for spec in FAKE_SPECS:
        if spec.name not in disable and not set(spec.assigns) & set(disable):
            pipeline = pipeline.add_spec(spec)
    return pipeline


def refuse_load(*args: Any, **kwargs: Any) -> Pipeline:
    """Stands in for `load_pipeline` where a command must fail before building the pipeline."""
    raise AssertionError("the pipeline was loaded although the command should have failed first")


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command that analyses articles uses the fake pipeline."""
    for module in ("presslens.cli.analyze", "presslens.cli.claims", "presslens.cli.pipeline"):
        monkeypatch.setattr(f"{module}.load_pipeline", fake_load)


def flat(text: str) -> str:
    """Output with rich's box drawing removed and white space folded, so wrapped messages can be matched."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())
