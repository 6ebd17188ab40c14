"""Refitting the technique head on fixed features: improves on dev or keeps the original head."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="training code needs torch (the dev install has it)")

from presslens.train.techniques_head import refit_head  # noqa: E402

pytestmark = pytest.mark.train


def _head(dim: int) -> torch.nn.Module:
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Linear(dim, 16), torch.nn.GELU(approximate="tanh"), torch.nn.Dropout(0.1), torch.nn.Linear(16, 14)
    )


def _data(n: int, seed: int, shuffle_labels: bool = False):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    x = rng.normal(0, 0.3, (n, 8)).astype(np.float32)
    x[np.arange(n), y] += 2.0  # technique k lights feature k
    if shuffle_labels:
        y = rng.permutation(y)
    return x, y.astype(np.int64), [(str(i), 0, 1) for i in range(n)]


def test_refit_learns_the_features_and_reports_the_chosen_epoch():
    head = _head(8)
    refit, report = refit_head(head, _data(300, 1), _data(100, 2), epochs=20, lr=3e-3)
    history = report["dev_tc_micro_f1_by_epoch"]
    assert report["chosen_epoch"] > 0
    assert history[str(report["chosen_epoch"])] > history["0"] + 0.3
    assert report["train_spans"] == 300
    assert refit is not head


def test_refit_keeps_the_original_head_when_dev_does_not_improve():
    head = _head(8)
    before = {k: v.clone() for k, v in head.state_dict().items()}
    x, y, keys = _data(100, 2)
    dev = (x, np.full_like(y, 13), keys)  # a technique the features never show: no epoch can gain
    refit, report = refit_head(head, _data(300, 1), dev, epochs=5, lr=3e-3)
    assert report["chosen_epoch"] == 0
    for k, v in refit.state_dict().items():
        assert torch.equal(v, before[k])
