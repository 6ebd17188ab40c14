from __future__ import annotations

import numpy as np
import pytest

from presslens.models.encoding import Tokens, tokenize_text
from presslens.techniques.windows import (
    SpanSlot,
    batch_arrays,
    best_window,
    extra_features,
    inference_windows,
    line_range,
    pooled_features,
    span_slot,
    token_labels,
    token_range,
    training_windows,
)


@pytest.mark.parametrize(
    ("n", "body", "stride", "expected"),
    [
        (5, 10, 5, [(0, 5)]),
        (10, 10, 5, [(0, 10)]),
        (12, 10, 5, [(0, 10), (5, 12)]),
        (23, 10, 6, [(0, 10), (6, 16), (12, 22), (18, 23)]),
    ],
)
def test_windows_inference_cover_every_token(n, body, stride, expected):
    windows = inference_windows(n, body=body, stride=stride)
    assert windows == expected
    covered = set().union(*(range(a, b) for a, b in windows))
    assert covered == set(range(n))


@pytest.mark.parametrize(("n", "shift"), [(25, 3), (25, 10), (9, 4), (30, 10)])
def test_windows_training_tile_without_overlap(n, shift):
    windows = training_windows(n, shift, body=10)
    assert windows[0][0] == 0 and windows[-1][1] == n
    assert all(b - a <= 10 for a, b in windows)
    assert all(w1[1] == w2[0] for w1, w2 in zip(windows, windows[1:]))


def test_windows_token_range_on_code_point_offsets(tokenizer):
    text = "The minister — “cowardly traitors” lied again."
    enc = tokenize_text(tokenizer, text)
    pieces = [text[a:b] for a, b in enc.offsets]
    assert "cowardly" in pieces and "traitors" in pieces
    start = text.index("cowardly")
    first, last = token_range(enc, start, start + len("cowardly traitors"))
    assert [text[a:b] for a, b in enc.offsets[first:last]] == ["cowardly", "traitors"]


def test_windows_token_labels_mark_overlapping_tokens(tokenizer):
    text = "the plan a disgraceful betrayal of our great nation"
    enc = tokenize_text(tokenizer, text)
    start = text.index("disgraceful")
    labels = token_labels(enc, [(start + 3, text.index(" of"))])  # starts mid-word
    marked = [text[a:b] for (a, b), y in zip(enc.offsets, labels) if y]
    assert marked == ["disgraceful", "betrayal"]


def test_windows_batch_arrays_add_markers_and_padding():
    enc = Tokens(np.arange(10, 20), np.zeros((10, 2), dtype=np.int64), np.arange(10))
    ids, mask = batch_arrays([enc], [(0, 0, 4), (0, 4, 6)], cls_id=2, sep_id=3)
    assert ids.tolist() == [[2, 10, 11, 12, 13, 3], [2, 14, 15, 3, 0, 0]]
    assert mask.tolist() == [[1] * 6, [1, 1, 1, 1, 0, 0]]


def test_windows_line_range_and_extra_features():
    text = "First line.\nThe same words. The same words.\nLast."
    start = text.index("The same")
    assert line_range(text, start, start + 5) == (12, text.index("\nLast"))
    feats = extra_features(text, start, start + len("The same words"), 3)
    assert feats.shape == (3,)
    assert feats[2] == pytest.approx(np.log1p(1))  # one other occurrence


def test_windows_best_window_prefers_full_and_central():
    windows = [(0, 10), (5, 15), (10, 20)]
    assert best_window(windows, 8, 12) == 1
    assert best_window(windows, 16, 19) == 2


def test_windows_span_slot_and_pooling(tokenizer):
    text = "the minister called the plan a disgraceful betrayal"
    enc = tokenize_text(tokenizer, text)
    windows = inference_windows(len(enc))
    start = text.index("disgraceful")
    slot = span_slot(text, enc, windows, [0], start, len(text))
    assert isinstance(slot, SpanSlot)
    assert slot.span == (7, 9)  # after [CLS]
    hidden = np.arange(1 * 12 * 2, dtype=np.float32).reshape(1, 12, 2)
    feats = pooled_features(hidden, [slot])
    assert feats.shape == (1, 3 * 2 + 3)
    np.testing.assert_allclose(feats[0, :2], hidden[0, 7:9].mean(axis=0))
    np.testing.assert_allclose(feats[0, 2:4], hidden[0, 7])
    np.testing.assert_allclose(feats[0, 4:6], hidden[0, 1:9].mean(axis=0))


def test_windows_mask_ranges_collapse_group_names(tokenizer):
    from presslens.techniques.windows import mask_ranges

    a = "the cowardly traitors lied again"
    b = "the minister lied again"
    ea, eb = tokenize_text(tokenizer, a), tokenize_text(tokenizer, b)
    ma = mask_ranges(ea, [(4, 21)], mask_id=99)  # "cowardly traitors" -> one token
    mb = mask_ranges(eb, [(4, 12)], mask_id=99)  # "minister" -> one token
    assert ma.ids.tolist() == mb.ids.tolist()
    assert [a[s:e] for s, e in ma.offsets] == ["the", "cowardly traitors", "lied", "again"]
    assert mask_ranges(ea, [], mask_id=99) is ea
