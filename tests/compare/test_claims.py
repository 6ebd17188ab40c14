"""The claim-matching threshold: chosen for the best F1 on labelled pairs, and the shipped one is that choice."""

from __future__ import annotations

import numpy as np
import pytest

from presslens.compare.claims import SAME_CLAIM_THRESHOLD, ClaimPair, choose_threshold, load_pairs, pair_scores
from presslens.compare.encoder import SentenceEncoder
from presslens.errors import InputError
from presslens.models.fake_model import FakeModel
from tests.conftest import REPO

PAIRS = REPO / "tests/data/compare/claim_pairs.jsonl"


def test_claims_threshold_sits_between_the_classes():
    pairs = [ClaimPair("a", "b", True), ClaimPair("c", "d", True), ClaimPair("e", "f", False), ClaimPair("g", "h", False)]
    choice = choose_threshold(pairs, [0.9, 0.8, 0.5, 0.3])
    assert choice.threshold == pytest.approx(0.65)
    assert (choice.precision, choice.recall, choice.f1) == (1.0, 1.0, 1.0)


def test_claims_empty_pairs_are_an_input_error():
    with pytest.raises(InputError):
        choose_threshold([], [])


def test_claims_pairs_file_is_balanced_and_large_enough():
    pairs = load_pairs(PAIRS)
    assert len(pairs) >= 40
    assert abs(sum(p.same for p in pairs) - sum(not p.same for p in pairs)) <= 4


def test_encoder_normalises_what_the_model_returns():
    model = FakeModel(fn=lambda text, pair, offsets: {"embedding": np.array([3.0, 4.0] if "a" in text else [1.0, 0.0])}, names=("embedding",))
    vectors = SentenceEncoder(model).embed(["a cat", "dog"])
    assert np.allclose(vectors, [[0.6, 0.8], [1.0, 0.0]])
    assert model.batch_sizes == [1, 1]


@pytest.mark.slow
def test_claims_shipped_threshold_is_the_chosen_one():
    pairs = load_pairs(PAIRS)
    choice = choose_threshold(pairs, pair_scores(pairs, SentenceEncoder.from_directory()))
    assert SAME_CLAIM_THRESHOLD == pytest.approx(choice.threshold, abs=1e-3)
    assert choice.f1 >= 0.8
