"""`FakeModel`, a stand-in `Model` for unit tests: regex tokens, outputs from a function, no model files.

Why this module: the stages' logic (claims, techniques, compare) is tested
without onnxruntime or shipped models, by tests of several packages, so the
fake ships with the package rather than inside one test folder. It pads and
batches through the same `encoding` and `batching` code as the real model,
so what a test sees of offsets and batches is what the stages get in use.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import ConfigError
from .batching import BatchingMixin
from .encoding import DEFAULT_MAX_LENGTH, Encoded, Tokens, pad_batch, tokenize_text

_WORD = re.compile(r"\w+|[^\w\s]")


_FAKE_SPECIAL = {"[PAD]": 0, "[UNK]": 100, "[CLS]": 101, "[SEP]": 102, "[MASK]": 103}


def _fake_id(word: str) -> int:
    return 1000 + zlib.crc32(word.encode()) % 20000


@dataclass
class FakeModel(BatchingMixin):
    """A stand-in `Model` for unit tests: regex tokens, outputs computed by `fn` or `ids_fn`.

    `fn(text, pair, offsets)` returns this item's outputs by name, given the
    item's token offsets (without the [CLS]/[SEP] markers the fake adds).
    Token-level outputs must have one row per offset; the fake adds rows for
    the markers and padding. Batches made by `Encoded.from_ids` carry no
    texts: `ids_fn(input_ids, attention_mask)` computes their outputs
    (whole batches, by name). With a `tokenizer` (a `tokenizers.Tokenizer`
    that neither truncates nor pads), `tokenize` and `token_id` use it;
    otherwise words are tokens with hashed ids. `calls` counts `run` calls
    and `batch_sizes` records the rows of each (to test batching).
    """

    fn: Callable[[str, str | None, list[tuple[int, int]]], Mapping[str, np.ndarray]] | None = None
    names: tuple[str, ...] = ("logits",)
    token_outputs: tuple[str, ...] = ()
    max_length: int = DEFAULT_MAX_LENGTH
    calls: int = field(default=0)
    ids_fn: Callable[[np.ndarray, np.ndarray], Mapping[str, np.ndarray]] | None = None
    tokenizer: Any = None
    batch_sizes: list[int] = field(default_factory=list)

    @property
    def output_names(self) -> tuple[str, ...]:
        return self.names

    def tokenize(self, text: str) -> Tokens:
        if self.tokenizer is not None:
            return tokenize_text(self.tokenizer, text)
        found = list(_WORD.finditer(text))
        n = len(found)
        return Tokens(
            np.asarray([_fake_id(m.group()) for m in found], dtype=np.int64).reshape(n),
            np.asarray([(m.start(), m.end()) for m in found], dtype=np.int64).reshape(n, 2),
            np.arange(n, dtype=np.int64),
        )

    def token_id(self, token: str) -> int | None:
        if self.tokenizer is not None:
            tid = self.tokenizer.token_to_id(token)
            return None if tid is None else int(tid)
        return _FAKE_SPECIAL.get(token)

    def encode(self, texts: Sequence[str], pairs: Sequence[str] | None = None) -> Encoded:
        ids: list[list[int]] = []
        types: list[list[int]] = []
        offsets: list[list[tuple[int, int]]] = []
        seqs: list[list[int | None]] = []
        for i, text in enumerate(texts):
            row_ids, row_types, row_off = [101], [0], [(0, 0)]
            row_seq: list[int | None] = [None]
            segments = [text] if pairs is None else [text, pairs[i]]
            for s, segment in enumerate(segments):
                for m in _WORD.finditer(segment):
                    row_ids.append(_fake_id(m.group()))
                    row_types.append(s)
                    row_off.append((m.start(), m.end()))
                    row_seq.append(s)
                row_ids.append(102)
                row_types.append(s)
                row_off.append((0, 0))
                row_seq.append(None)
            k = min(len(row_ids), self.max_length)
            ids.append(row_ids[:k])
            types.append(row_types[:k])
            offsets.append(row_off[:k])
            seqs.append(row_seq[:k])
        return pad_batch(ids, types, offsets, seqs, 0, texts, pairs)

    def run(self, encoded: Encoded) -> dict[str, np.ndarray]:
        self.calls += 1
        self.batch_sizes.append(len(encoded))
        if encoded.pre_encoded:
            if self.ids_fn is None:
                raise ConfigError("this FakeModel got a batch made by Encoded.from_ids but has no ids_fn to run it")
            out = self.ids_fn(encoded.input_ids, encoded.attention_mask)
            return {name: np.asarray(out[name]) for name in self.names}
        if self.fn is None:
            raise ConfigError("this FakeModel got a batch of texts but has no fn to run it")
        texts, pairs = encoded.texts, encoded.pairs
        width = encoded.input_ids.shape[1]
        rows: dict[str, list[np.ndarray]] = {n: [] for n in self.names}
        for i, text in enumerate(texts):
            word_offsets = [o for o, s in zip(encoded.offsets[i], encoded.sequence_ids[i]) if s is not None]
            out = self.fn(text, pairs[i] if pairs is not None else None, word_offsets)
            for name in self.names:
                value = np.asarray(out[name], dtype=np.float32)
                if name in self.token_outputs:
                    full = np.zeros((width, *value.shape[1:]), dtype=np.float32)
                    positions = [j for j, s in enumerate(encoded.sequence_ids[i]) if s is not None]
                    full[positions] = value[: len(positions)]
                    value = full
                rows[name].append(value)
        return {name: np.stack(values) for name, values in rows.items()}
