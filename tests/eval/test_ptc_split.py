from __future__ import annotations

import pytest

from presslens.eval.ptc_split import split_ids


def test_split_rule_is_fixed_and_disjoint():
    ids = [str(i) for i in range(100, 120)]
    held = split_ids(ids, "heldout")
    dev = split_ids(ids, "dev")
    train = split_ids(ids, "train")
    assert held == ["104", "109", "114", "119"]
    assert dev == ["101", "111"]
    assert set(held).isdisjoint(dev) and set(held).isdisjoint(train) and set(dev).isdisjoint(train)
    assert sorted(held + dev + train, key=int) == ids
    assert split_ids(ids, "train+dev") == sorted(dev + train, key=int)


def test_split_sorts_numerically_not_as_text():
    assert split_ids(["9", "10", "100", "2", "3"], "heldout") == ["100"]


def test_split_unknown_part_is_refused():
    with pytest.raises(ValueError, match="unknown split part"):
        split_ids(["1"], "test")
