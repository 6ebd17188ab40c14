"""Turn per-token span probabilities into character spans.

Why word-level: the tagger scores subword tokens, but a propaganda span
starts and ends on words. Probabilities from overlapping windows are averaged
per token, then per word (mean over its pieces); maximal runs of words at or
above the threshold become spans, scored by their mean word probability.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..models.encoding import Tokens


@dataclass(frozen=True)
class ScoredSpan:
    start: int
    end: int
    score: float


def average_windows(n: int, windows: list[tuple[int, int]], probs: list[np.ndarray]) -> np.ndarray:
    """Mean probability per token over every window that covers it; `probs[i]` is window i's body.

    Each window's body is `[tokens]` (one channel) or `[tokens, channels]`; the result has the same trailing shape.
    """
    tail = probs[0].shape[1:] if probs else ()
    total = np.zeros((n, *tail), dtype=np.float64)
    for (a, b), p in zip(windows, probs):
        total[a:b] += p[: b - a]
    return total / np.maximum(window_counts(n, windows), 1).reshape((n,) + (1,) * len(tail))


def window_counts(n: int, windows: list[tuple[int, int]]) -> np.ndarray:
    """How many windows cover each of the `n` tokens."""
    count = np.zeros(n, dtype=np.float64)
    for a, b in windows:
        count[a:b] += 1
    return count


def word_probabilities(enc: Tokens, token_probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per word: mean probability of its pieces, and its character range [start, end).

    `token_probs` is `[tokens]` or `[tokens, channels]`; the word probabilities keep the channels.
    """
    if not len(enc):
        return np.zeros((0, *token_probs.shape[1:])), np.zeros((0, 2), dtype=np.int64)
    words = enc.words.copy()
    # tokens without a word number (rare) become their own word
    missing = words < 0
    if missing.any():
        words[missing] = words.max() + 1 + np.arange(int(missing.sum()))
    _, inverse = np.unique(words, return_inverse=True)
    n_words = int(inverse.max()) + 1
    counts = np.bincount(inverse, minlength=n_words)
    if token_probs.ndim == 1:
        sums = np.bincount(inverse, weights=token_probs, minlength=n_words)
    else:
        sums = np.zeros((n_words, token_probs.shape[1]), dtype=np.float64)
        np.add.at(sums, inverse, token_probs)
        counts = counts[:, None]
    starts = np.full(n_words, np.iinfo(np.int64).max, dtype=np.int64)
    ends = np.zeros(n_words, dtype=np.int64)
    np.minimum.at(starts, inverse, enc.offsets[:, 0])
    np.maximum.at(ends, inverse, enc.offsets[:, 1])
    order = np.argsort(starts, kind="stable")
    return (sums / np.maximum(counts, 1))[order], np.stack([starts, ends], axis=1)[order]


def spans_from_words(
    word_probs: np.ndarray, word_chars: np.ndarray, threshold: float, *, max_gap: int = 0, low: float | None = None
) -> list[ScoredSpan]:
    """Runs of words at or above `low` that hold a word at or above `threshold`, as character spans.

    Runs separated by at most `max_gap` words below `low` are joined (the
    tagger often dips on one function word inside a phrase). A `low` under
    the threshold is hysteresis: a confident word starts a span and its less
    confident neighbours extend it, where one threshold would cut the phrase
    or admit stray words. `low=None` means `low == threshold`.
    """
    floor = threshold if low is None else min(low, threshold)
    above = np.nonzero(np.asarray(word_probs) >= floor)[0]
    if above.size == 0:
        return []
    # a new run starts where the next word at or above `floor` lies more than `max_gap` words on
    cuts = np.nonzero(np.diff(above) > max_gap + 1)[0] + 1
    firsts = above[np.concatenate([[0], cuts])]
    lasts = above[np.concatenate([cuts - 1, [above.size - 1]])] + 1
    out = []
    for a, b in zip(firsts.tolist(), lasts.tolist()):
        run = word_probs[a:b]
        if float(np.max(run)) >= threshold:
            out.append(ScoredSpan(int(word_chars[a, 0]), int(word_chars[b - 1, 1]), float(np.mean(run))))
    return out


def decode(enc: Tokens, windows: list[tuple[int, int]], probs: list[np.ndarray], threshold: float) -> list[ScoredSpan]:
    """Spans of one article from its windows' body-token probabilities."""
    token_probs = average_windows(len(enc), windows, probs)
    word_probs, word_chars = word_probabilities(enc, token_probs)
    return spans_from_words(word_probs, word_chars, threshold)
