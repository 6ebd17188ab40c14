"""Subword windows over whole articles, and the span features both heads read.

Why whole-article windows: many PTC spans cross sentence boundaries, so the
encoder reads fixed-size windows of subword tokens laid over the whole
article (not sentence by sentence); at inference neighbouring windows overlap
and their token probabilities are averaged. A span's technique is read from
the same encoder pass: the mean of the span's token vectors, its first token
vector, the mean over the line around it, plus three surface features
(length in characters, length in tokens, repetitions of the same words in the
article). Training (torch) and inference (numpy) compute these features with
the same cumulative-sum arithmetic, defined once here for numpy and mirrored
in `presslens.train.techniques`. Articles arrive as the models layer's
`Tokens` (whole text, no special tokens), from the model's own tokenizer.
"""

from __future__ import annotations

import functools
import math
import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..document import TECHNIQUE_LABELS
from ..models.encoding import Tokens

MAX_LEN = 256  # encoder positions per window, [CLS] and [SEP] included
BODY = MAX_LEN - 2  # article tokens per window
N_EXTRA = 3  # surface features appended to the pooled vectors
# Row of each technique in the head's output, in its training targets and in the span memory's counts.
LABEL_INDEX: dict[str, int] = {label: i for i, label in enumerate(TECHNIQUE_LABELS)}


def mask_ranges(enc: Tokens, ranges: list[tuple[int, int]], mask_id: int) -> Tokens:
    """Collapse the tokens of each character range into ONE mask token spanning the range.

    Why: group names (countries, peoples, religions, parties) must not change
    what is detected. Replacing each named group by the same single token
    makes two sentences that differ only in the group name identical inputs.
    """
    if not ranges or not len(enc):
        return enc
    starts, ends = enc.offsets[:, 0], enc.offsets[:, 1]
    covered = np.full(len(enc), -1, dtype=np.int64)
    ordered, sorted_starts, sorted_ends = _columns(enc.offsets)
    for k, (s, e) in enumerate(sorted(ranges)):
        if ordered:  # the overlapping tokens are one run, found by bisection
            first = np.searchsorted(sorted_ends, s, side="right")
            run = covered[first : np.searchsorted(sorted_starts, e, side="left")]
            run[run < 0] = k
        else:
            covered[(ends > s) & (starts < e) & (covered < 0)] = k
    # Each run of tokens covered by one range becomes its first token, as [MASK], ending where the run ends
    # (array operations: a Python loop over every token of the article was the slow part).
    run_start = np.ones(len(enc), dtype=bool)
    run_start[1:] = covered[1:] != covered[:-1]
    run_end = np.ones(len(enc), dtype=bool)
    run_end[:-1] = covered[:-1] != covered[1:]
    keep = (covered < 0) | run_start
    ids = enc.ids[keep].astype(np.int64, copy=False)
    offsets = enc.offsets[keep].astype(np.int64, copy=False)
    words = enc.words[keep].astype(np.int64, copy=False)
    masked = (run_start & (covered >= 0))[keep]
    ids[masked] = mask_id
    offsets[masked, 1] = enc.offsets[run_end & (covered >= 0), 1]
    return Tokens(ids, offsets, words)


def inference_windows(n: int, *, body: int = BODY, stride: int = BODY // 2) -> list[tuple[int, int]]:
    """Overlapping windows `(first, end)` of token positions covering `n` tokens."""
    if n <= body:
        return [(0, n)]
    windows = []
    first = 0
    while True:
        end = min(first + body, n)
        windows.append((first, end))
        if end == n:
            return windows
        first += stride


def training_windows(n: int, shift: int, *, body: int = BODY) -> list[tuple[int, int]]:
    """Non-overlapping windows whose grid is shifted by `shift` tokens (changes each epoch)."""
    cuts = [0] + list(range(shift % body or body, n, body)) + [n]
    cuts = sorted(set(c for c in cuts if 0 <= c <= n))
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def batch_arrays(
    encoded: list[Tokens], windows: list[tuple[int, int, int]], *, cls_id: int, sep_id: int, pad_id: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """`input_ids` and `attention_mask` [B, L] for windows `(article index, first, end)`."""
    length = max(end - first for _, first, end in windows) + 2
    ids = np.full((len(windows), length), pad_id, dtype=np.int64)
    mask = np.zeros((len(windows), length), dtype=np.int64)
    for row, (a, first, end) in enumerate(windows):
        body = encoded[a].ids[first:end]
        ids[row, 0] = cls_id
        ids[row, 1 : 1 + len(body)] = body
        ids[row, 1 + len(body)] = sep_id
        mask[row, : len(body) + 2] = 1
    return ids, mask


def token_labels(enc: Tokens, spans: list[tuple[int, int]]) -> np.ndarray:
    """1.0 for every token that overlaps a gold span, else 0.0."""
    labels = np.zeros(len(enc), dtype=np.float32)
    if not len(enc):
        return labels
    starts, ends = enc.offsets[:, 0], enc.offsets[:, 1]
    for s, e in spans:
        labels[(ends > s) & (starts < e)] = 1.0
    return labels


def technique_token_labels(enc: Tokens, spans: list[tuple[int, int, str]], *, any_channel: bool = True) -> np.ndarray:
    """[tokens, 14 (+1)]: 1.0 where a token overlaps a gold span of that technique (last column: of any)."""
    labels = np.zeros((len(enc), len(TECHNIQUE_LABELS) + int(any_channel)), dtype=np.float32)
    if not len(enc):
        return labels
    starts, ends = enc.offsets[:, 0], enc.offsets[:, 1]
    for s, e, technique in spans:
        hit = (ends > s) & (starts < e)
        if technique in LABEL_INDEX:
            labels[hit, LABEL_INDEX[technique]] = 1.0
        if any_channel:
            labels[hit, -1] = 1.0
    return labels


# The offsets array `_columns` last read (held weakly), and what it found.
_LAST_COLUMNS: tuple[Any, tuple[bool, np.ndarray, np.ndarray]] = (None, (False, np.zeros(0), np.zeros(0)))


def _columns(offsets: np.ndarray) -> tuple[bool, np.ndarray, np.ndarray]:
    """Whether token starts and ends never decrease (a tokenizer's always do), and both as contiguous arrays.

    Why: then the tokens overlapping a character range are found by bisection, where a
    scan of every token per span made long articles quadratic. Computed once
    per offsets array, since one article asks for every span it has.
    """
    global _LAST_COLUMNS
    ref, found = _LAST_COLUMNS
    if ref is not None and ref() is offsets:
        return found
    starts, ends = np.ascontiguousarray(offsets[:, 0]), np.ascontiguousarray(offsets[:, 1])
    ordered = bool(np.all(starts[1:] >= starts[:-1]) and np.all(ends[1:] >= ends[:-1]))
    found = (ordered, starts, ends)
    _LAST_COLUMNS = (weakref.ref(offsets), found)
    return found


def token_range(enc: Tokens, start: int, end: int) -> tuple[int, int]:
    """Positions `[first, last+1)` of the tokens overlapping characters `[start, end)`; empty if none."""
    ordered, starts, ends = _columns(enc.offsets)
    if ordered:
        first = int(np.searchsorted(ends, start, side="right"))
        last = int(np.searchsorted(starts, end, side="left"))
        return (first, last) if last > first else (0, 0)
    hit = np.nonzero((enc.offsets[:, 1] > start) & (enc.offsets[:, 0] < end))[0]
    if hit.size == 0:
        return (0, 0)
    return int(hit[0]), int(hit[-1]) + 1


def token_rows(enc: Tokens, start: int, end: int) -> slice | np.ndarray:
    """Index of the tokens overlapping characters `[start, end)`: a slice (found by bisection)
    when token offsets are ordered, else a boolean mask of every overlapping token."""
    ordered, starts, ends = _columns(enc.offsets)
    if ordered:
        return slice(*token_range(enc, start, end))
    return (ends > start) & (starts < end)


def line_range(text: str, start: int, end: int) -> tuple[int, int]:
    """Characters of the line(s) holding `[start, end)`: the span's context for the technique head."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", max(end - 1, start))
    return line_start, len(text) if line_end < 0 else line_end


def extra_features(text: str, start: int, end: int, n_tokens: int) -> np.ndarray:
    """Span length (characters, tokens) and how often the same words recur in the article."""
    phrase = " ".join(text[start:end].lower().split())
    repeats = _lowered(text).count(phrase) - 1 if phrase else 0
    return np.asarray(
        [math.log1p(end - start) / 5.0, math.log1p(n_tokens) / 5.0, math.log1p(max(repeats, 0))], dtype=np.float32
    )


@functools.lru_cache(maxsize=2)
def _lowered(text: str) -> str:
    """The article lower-cased once, not once per span."""
    return text.lower()


@dataclass(frozen=True)
class SpanSlot:
    """Where a span is read: window row, its token slice and its context slice (window positions)."""

    row: int
    span: tuple[int, int]
    context: tuple[int, int]
    extra: np.ndarray


def best_window(windows: list[tuple[int, int]], first: int, end: int) -> int:
    """Index of the window that holds most of tokens `[first, end)`, most centrally."""
    best, best_key = 0, (-1, -math.inf)
    centre = (first + end) / 2
    for i, (a, b) in enumerate(windows):
        inside = min(b, end) - max(a, first)
        key = (inside, -abs((a + b) / 2 - centre))
        if key > best_key:
            best, best_key = i, key
    return best


def span_slot(
    text: str, enc: Tokens, windows: list[tuple[int, int]], row_of_window: list[int], start: int, end: int
) -> SpanSlot | None:
    """Place a character span in the window that holds it best; None if it covers no token."""
    first, last = token_range(enc, start, end)
    if last <= first:
        return None
    w = best_window(windows, first, last)
    a, b = windows[w]
    cs, ce = token_range(enc, *line_range(text, start, end))
    clip = lambda x: min(max(x, a), b) - a + 1  # noqa: E731 - window position after [CLS]
    span = (clip(first), clip(last))
    if span[1] <= span[0]:
        return None
    context = (clip(cs), clip(ce))
    if context[1] <= context[0]:
        context = span
    return SpanSlot(row_of_window[w], span, context, extra_features(text, start, end, last - first))


def pooled_features(hidden: np.ndarray, slots: list[SpanSlot]) -> np.ndarray:
    """Technique-head input [S, 3*D + N_EXTRA] from window vectors `hidden` [B, L, D] (numpy twin of training)."""
    dim = hidden.shape[-1]
    if not slots:
        return np.zeros((0, 3 * dim + N_EXTRA), dtype=np.float32)
    # Cumulative sums of one window row at a time (slots come in text order, so mostly one row
    # after another): the same sums as over all rows at once, without a float64 copy of every
    # window's vectors, which grew with the article to gigabytes.
    csum_row, csum = -1, np.zeros((0, dim))
    rows = []
    for slot in slots:
        if slot.row != csum_row:
            csum_row = slot.row
            row = hidden[csum_row]
            csum = np.concatenate([np.zeros_like(row[:1]), np.cumsum(row, axis=0, dtype=np.float64)], axis=0)
        (s, e), (cs, ce) = slot.span, slot.context
        span_mean = (csum[e] - csum[s]) / (e - s)
        ctx_mean = (csum[ce] - csum[cs]) / (ce - cs)
        rows.append(np.concatenate([span_mean, hidden[slot.row, s], ctx_mean, slot.extra]).astype(np.float32))
    return np.stack(rows)
