"""The fixed, documented split of the PTC training articles.

Why fixed by rule: reported numbers must be reproducible by anyone with the
corpus, without shipping a list of ids. Sort the article ids numerically and
number them from 0: position `i % 5 == 4` is the HELD-OUT fifth (reported
metrics, never trained on for those numbers); of the rest, `i % 10 == 1` is
DEV (choosing the decision threshold and checking training); all others TRAIN.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from .semeval_io import sort_key

Part = Literal["train", "dev", "heldout"]
PARTS: tuple[str, ...] = ("train", "dev", "heldout", "all", "train+dev")


def part_of(position: int) -> Part:
    if position % 5 == 4:
        return "heldout"
    if position % 10 == 1:
        return "dev"
    return "train"


def split_ids(ids: Iterable[str], part: str) -> list[str]:
    """The ids of `part` (train, dev, heldout, all, train+dev), in numeric order."""
    if part not in PARTS:
        raise ValueError(f"unknown split part {part!r}; choose one of {', '.join(PARTS)}")
    ordered = sorted(set(ids), key=sort_key)
    if part == "all":
        return ordered
    keep = {"train+dev": {"train", "dev"}}.get(part, {part})
    return [aid for i, aid in enumerate(ordered) if part_of(i) in keep]
