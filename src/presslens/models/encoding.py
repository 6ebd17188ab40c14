"""Token arrays for the shipped transformers: whole texts as `Tokens`, padded batches as `Encoded`.

Why this module: the real ONNX model, the fake model for tests, the
techniques tagger (which cuts whole articles into windows) and the
training code all tokenise, pad and feed batches the same way; one place
for these arrays and their padding means none of them can lay a batch out
differently from the others.

Two ways in: sentence batches are truncated, get special tokens and are
padded into an `Encoded` (`pad_batch`); callers that lay out their own
inputs take a whole text as `Tokens` (`tokenize_text`: no special tokens,
no truncation) and build a batch with `Encoded.from_ids`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import ConfigError, ModelError

DEFAULT_MAX_LENGTH = 128


@dataclass(frozen=True)
class Tokens:
    """A whole text as subword tokens: no special tokens, no truncation, no padding.

    `offsets[j]` is the (start, end) code-point span of token j in the text,
    `words[j]` the number of the whitespace/punctuation word it belongs to
    (-1 for none). For callers that build their own model inputs from it.
    """

    ids: np.ndarray  # int64 [n]
    offsets: np.ndarray  # int64 [n, 2], end exclusive
    words: np.ndarray  # int64 [n]

    def __len__(self) -> int:
        return int(self.ids.shape[0])


def tokenize_text(tokenizer: Any, text: str) -> Tokens:
    """`text` as `Tokens` with a `tokenizers.Tokenizer` that neither truncates nor pads.

    The one place whole texts are tokenised, for inference (`TokenizerModel.tokenize`)
    and for training data alike, so both see the same tokens.
    """
    enc = tokenizer.encode(text, add_special_tokens=False)
    n = len(enc.ids)
    ids = np.asarray(enc.ids, dtype=np.int64).reshape(n)
    offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(n, 2)
    words = np.asarray([-1 if w is None else w for w in enc.word_ids], dtype=np.int64).reshape(n)
    return Tokens(ids, offsets, words)


@dataclass(frozen=True)
class Encoded:
    """A padded batch of tokenised texts (or text pairs).

    `offsets[i][j]` is the (start, end) character span of token j in the text
    it came from (the first or second of a pair, see `sequence_ids`); special
    and padding tokens have (0, 0) and sequence id None. `lengths[i]` is the
    number of real (non-padding) tokens of item i.
    """

    input_ids: np.ndarray
    attention_mask: np.ndarray
    token_type_ids: np.ndarray
    offsets: list[list[tuple[int, int]]]
    sequence_ids: list[list[int | None]]
    texts: list[str] = field(default_factory=list)
    pairs: list[str] | None = None

    @property
    def lengths(self) -> list[int]:
        return [int(n) for n in self.attention_mask.sum(axis=1)]

    def __len__(self) -> int:
        return int(self.input_ids.shape[0])

    @classmethod
    def from_ids(
        cls, input_ids: np.ndarray, attention_mask: np.ndarray, token_type_ids: np.ndarray | None = None
    ) -> Encoded:
        """A batch laid out by its caller (e.g. windows over `Tokens`): arrays only, no texts or offsets."""
        input_ids = np.asarray(input_ids, dtype=np.int64)
        attention_mask = np.asarray(attention_mask, dtype=np.int64)
        if input_ids.ndim != 2 or attention_mask.shape != input_ids.shape:
            raise ConfigError(
                f"input_ids and attention_mask must be [batch, length] arrays of one shape, "
                f"got {input_ids.shape} and {attention_mask.shape}"
            )
        types = np.zeros_like(input_ids) if token_type_ids is None else np.asarray(token_type_ids, dtype=np.int64)
        return cls(input_ids, attention_mask, types, [], [])

    @property
    def pre_encoded(self) -> bool:
        """True for a batch made by `from_ids`: it carries no texts to map outputs back to."""
        return len(self) > 0 and not self.texts

    def feeds(self, names: Sequence[str]) -> dict[str, np.ndarray]:
        """The arrays a graph with input `names` expects, by name."""
        arrays = {
            "input_ids": self.input_ids,
            "attention_mask": self.attention_mask,
            "token_type_ids": self.token_type_ids,
        }
        unknown = [n for n in names if n not in arrays]
        if unknown:
            raise ModelError(
                f"the ONNX model asks for input(s) {', '.join(unknown)}; presslens can feed "
                f"{', '.join(arrays)} only: re-export it with presslens.train.onnx_export"
            )
        return {n: arrays[n] for n in names}


def pad_token_id(tokenizer: Any) -> int:
    """The id of the tokenizer's padding token ("[PAD]" or "<pad>"), or 0 when it has neither."""
    for token in ("[PAD]", "<pad>"):
        tid = tokenizer.token_to_id(token)
        if tid is not None:
            return int(tid)
    return 0


def pad_batch(
    ids: list[list[int]],
    type_ids: list[list[int]],
    offsets: list[list[tuple[int, int]]],
    sequence_ids: list[list[int | None]],
    pad_id: int,
    texts: Sequence[str],
    pairs: Sequence[str] | None,
) -> Encoded:
    """Right-pad token lists into int64 arrays with an attention mask."""
    width = max((len(row) for row in ids), default=0)
    n = len(ids)
    input_ids = np.full((n, width), pad_id, dtype=np.int64)
    attention = np.zeros((n, width), dtype=np.int64)
    types = np.zeros((n, width), dtype=np.int64)
    padded_offsets: list[list[tuple[int, int]]] = []
    padded_seq: list[list[int | None]] = []
    for i, row in enumerate(ids):
        k = len(row)
        input_ids[i, :k] = row
        attention[i, :k] = 1
        types[i, :k] = type_ids[i]
        padded_offsets.append(list(offsets[i]) + [(0, 0)] * (width - k))
        padded_seq.append(list(sequence_ids[i]) + [None] * (width - k))
    return Encoded(
        input_ids, attention, types, padded_offsets, padded_seq, list(texts), list(pairs) if pairs is not None else None
    )
