from __future__ import annotations

import numpy as np
import pytest

from presslens.models.encoding import Tokens, tokenize_text
from presslens.techniques.decoding import average_windows, decode, spans_from_words, word_probabilities


def test_decoding_average_windows_means_overlaps():
    probs = average_windows(4, [(0, 3), (1, 4)], [np.array([0.2, 0.4, 0.6]), np.array([0.8, 1.0, 0.0])])
    np.testing.assert_allclose(probs, [0.2, 0.6, 0.8, 0.0])


def test_decoding_word_probabilities_merge_pieces():
    enc = Tokens(np.arange(3), np.array([[0, 3], [3, 5], [6, 9]]), np.array([0, 0, 1]))
    probs, chars = word_probabilities(enc, np.array([1.0, 0.0, 0.5]))
    np.testing.assert_allclose(probs, [0.5, 0.5])
    assert chars.tolist() == [[0, 5], [6, 9]]


@pytest.mark.parametrize(
    ("probs", "threshold", "expected"),
    [
        ([0.9, 0.8, 0.1, 0.7], 0.5, [(0, 9), (14, 17)]),
        ([0.1, 0.2, 0.3, 0.4], 0.5, []),
        ([0.6, 0.6, 0.6, 0.6], 0.5, [(0, 17)]),
    ],
)
def test_decoding_spans_from_word_runs(probs, threshold, expected):
    chars = np.array([[0, 4], [5, 9], [10, 13], [14, 17]])
    spans = spans_from_words(np.array(probs), chars, threshold)
    assert [(s.start, s.end) for s in spans] == expected


def test_decoding_decode_on_text(tokenizer):
    text = "critics said it was a disgraceful betrayal"
    enc = tokenize_text(tokenizer, text)
    probs = np.array([1.0 if text[a:b] in {"disgraceful", "betrayal"} else 0.0 for a, b in enc.offsets])
    spans = decode(enc, [(0, len(enc))], [probs], 0.5)
    assert [(s.start, s.end, text[s.start : s.end]) for s in spans] == [
        (text.index("disgraceful"), len(text), "disgraceful betrayal")
    ]
    assert spans[0].score == pytest.approx(1.0)


def test_decoding_hysteresis_extends_confident_runs_only():
    chars = np.array([[0, 4], [5, 9], [10, 13], [14, 17], [18, 22]])
    probs = np.array([0.42, 0.9, 0.45, 0.1, 0.44])
    # one threshold cuts the phrase to its confident word
    assert [(s.start, s.end) for s in spans_from_words(probs, chars, 0.5)] == [(5, 9)]
    # neighbours down to 0.4 join the confident word; the lone 0.44 word has no confident word and stays out
    assert [(s.start, s.end) for s in spans_from_words(probs, chars, 0.5, low=0.4)] == [(0, 13)]


def test_decoding_channels_average_and_merge_per_channel():
    probs = average_windows(3, [(0, 2), (1, 3)], [np.array([[1.0, 0.0], [0.5, 0.5]]), np.array([[0.0, 1.0], [1.0, 1.0]])])
    np.testing.assert_allclose(probs, [[1.0, 0.0], [0.25, 0.75], [1.0, 1.0]])
    enc = Tokens(np.arange(3), np.array([[0, 3], [3, 5], [6, 9]]), np.array([0, 0, 1]))
    words, chars = word_probabilities(enc, probs)
    np.testing.assert_allclose(words, [[0.625, 0.375], [1.0, 1.0]])
    assert chars.tolist() == [[0, 5], [6, 9]]


def test_decoding_gap_joins_runs_across_low_words():
    chars = np.array([[0, 4], [5, 9], [10, 13], [14, 17], [18, 22]])
    probs = np.array([0.9, 0.1, 0.8, 0.1, 0.1])
    assert [(s.start, s.end) for s in spans_from_words(probs, chars, 0.5, max_gap=1)] == [(0, 13)]
    assert [(s.start, s.end) for s in spans_from_words(probs, chars, 0.5, max_gap=0)] == [(0, 4), (10, 13)]
