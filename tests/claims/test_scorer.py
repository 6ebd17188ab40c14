"""Tests for presslens.claims.scorer: calibrated scores, one sentence per model call, frozen settings.

Unit tests use a fake model whose logit margin is the number of digits in
the sentence; the slow test runs the shipped int8 model.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from presslens.claims.scorer import ClaimScorer
from presslens.errors import ConfigError
from presslens.models.fake_model import FakeModel


def digits_model() -> FakeModel:
    def fn(text: str, pair: str | None, offsets: list[tuple[int, int]]) -> dict[str, np.ndarray]:
        return {"logits": np.array([0.0, float(len(re.findall(r"\d", text)))])}

    return FakeModel(fn)


def test_scorer_scores_each_sentence_in_a_call_of_its_own() -> None:
    model = digits_model()
    scores = ClaimScorer(model=model, temperature=2.0).score(["No digits.", "Up 12 percent.", "1 2 3 4"])
    assert model.batch_sizes == [1, 1, 1]
    np.testing.assert_allclose(scores, 1 / (1 + np.exp(-np.array([0.0, 2.0, 4.0]) / 2.0)))


def test_scorer_empty_input_runs_no_model() -> None:
    model = digits_model()
    assert ClaimScorer(model=model).score([]).shape == (0,)
    assert model.calls == 0


def test_scorer_is_frozen_and_replace_validates() -> None:
    scorer = ClaimScorer(model=digits_model(), threshold=0.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        scorer.threshold = 0.9  # type: ignore[misc]
    assert dataclasses.replace(scorer, threshold=0.9).threshold == 0.9 and scorer.threshold == 0.5
    with pytest.raises(ConfigError, match="1.5"):
        dataclasses.replace(scorer, threshold=1.5)


@pytest.mark.slow
def test_scorer_real_model_score_of_a_sentence_does_not_depend_on_its_batch() -> None:
    scorer = ClaimScorer.from_directory()
    target = "Exports of wheat fell 11 percent in 2023, the ministry said."
    others = [
        "Thanks for coming.",
        "The company reported revenue of 2.4 billion dollars in the third quarter, up from 2.1 billion a year "
        "earlier, and said it would hire 800 workers at its two plants in the north of the country.",
        "What a game that was.",
    ]
    alone = scorer.score([target])[0]
    among = scorer.score([others[0], target, *others[1:]])[1]
    assert alone == among
