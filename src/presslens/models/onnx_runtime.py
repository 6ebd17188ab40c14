"""Run the transformer models presslens ships: int8 ONNX + a `tokenizers` tokenizer.

Why this module: inference must work without torch (a 700 MB install that
users should not need), so every shipped transformer is an int8-quantised
ONNX graph run by onnxruntime, tokenised by the Rust `tokenizers` library
from the model's own `tokenizer.json`. The stages (claims, techniques) only
depend on the small `Model` protocol below, so their logic can be tested with
`FakeModel` and no model files at all.

Two ways in, one tokenizer: `encode` tokenises sentences (truncated,
special tokens added, padded into a batch); callers that lay out their own
inputs (the techniques tagger cuts whole articles into windows and reads
group names as [MASK]) take `tokenize` (a whole text, no special tokens, no
truncation), `token_id` and `Encoded.from_ids`, then `run`. Both views come
from one read of `tokenizer.json`, so they can never disagree.

A model directory holds `model.onnx` and `tokenizer.json` (names can be
overridden). Loading is cached per directory, so a model is read once per
process however many stages or documents use it.

Batches: the shipped graphs are int8 with activations quantised per call,
so an item's outputs change (slightly) with the other items of its call.
Callers that need results independent of the batch run one item per call
(`predict(..., batch_size=1)`, one window per `run`).

Threads: each graph call runs on ONE onnxruntime thread, and the calls of a
document (windows, sentences) are spread over a small pool of `min(4,
cores)` Python threads (`run_many`; `PRESSLENS_ONNX_THREADS` overrides the
number). Why not onnxruntime's own threads: the calls are small (one window
or one sentence), and measured on 2 cores, 2 intra-op threads were 1.1-1.3x
slower than 2 calls at a time when the cores were free, and 2x slower when
another process held one core (the second thread waits for it). Outputs are
identical either way (docs/experiments.md).
"""

from __future__ import annotations

import functools
import os
import re
import threading
import zlib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ..errors import ConfigError, ModelError

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
THREADS_ENV = "PRESSLENS_ONNX_THREADS"
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


@dataclass(frozen=True)
class Prediction:
    """Model outputs for one input item, with the token offsets to map them back.

    `outputs[name]` is this item's row of each graph output. For token-level
    outputs the first axis runs over the padded tokens: use `tokens(name)` to
    drop the padding.
    """

    outputs: dict[str, np.ndarray]
    offsets: list[tuple[int, int]]
    sequence_ids: list[int | None]
    length: int

    def tokens(self, name: str) -> np.ndarray:
        """Output `name` restricted to the real tokens of this item."""
        return self.outputs[name][: self.length]


@runtime_checkable
class Model(Protocol):
    """What stages need from a model: encode sentences or tokenise whole texts, run, predict in batches."""

    @property
    def output_names(self) -> tuple[str, ...]: ...

    def encode(self, texts: Sequence[str], pairs: Sequence[str] | None = None) -> Encoded: ...

    def tokenize(self, text: str) -> Tokens: ...

    def token_id(self, token: str) -> int | None: ...

    def run(self, encoded: Encoded) -> dict[str, np.ndarray]: ...

    def predict(
        self, texts: Sequence[str], pairs: Sequence[str] | None = None, *, batch_size: int = 32
    ) -> list[Prediction]: ...


class _BatchingMixin:
    """`predict` shared by real and fake models: length-sorted batches, original order."""

    def encode(self, texts: Sequence[str], pairs: Sequence[str] | None = None) -> Encoded:
        raise NotImplementedError

    def run(self, encoded: Encoded) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def predict(
        self, texts: Sequence[str], pairs: Sequence[str] | None = None, *, batch_size: int = 32
    ) -> list[Prediction]:
        """Run `texts` (and optional second segments `pairs`) in batches of `batch_size`.

        Items are sorted by length before batching so that each batch pads
        little; results come back in the input order.
        """
        if batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {batch_size}")
        if pairs is not None and len(pairs) != len(texts):
            raise ConfigError(f"got {len(texts)} texts but {len(pairs)} pair segments")
        order = sorted(
            range(len(texts)),
            key=lambda i: len(texts[i]) + (len(pairs[i]) if pairs is not None else 0),
        )
        results: list[Prediction | None] = [None] * len(texts)
        groups = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]
        encs = [
            self.encode([texts[i] for i in idx], [pairs[i] for i in idx] if pairs is not None else None)
            for idx in groups
        ]
        for idx, enc, out in zip(groups, encs, run_all(self, encs)):
            lengths = enc.lengths
            for row, i in enumerate(idx):
                results[i] = Prediction(
                    outputs={name: value[row] for name, value in out.items()},
                    offsets=enc.offsets[row],
                    sequence_ids=enc.sequence_ids[row],
                    length=lengths[row],
                )
        return [r for r in results if r is not None]


def run_all(model: Any, batches: Sequence[Encoded]) -> list[dict[str, np.ndarray]]:
    """`model.run` of every batch, in order; a model with `run_many` (OnnxModel) runs them side by side."""
    many = getattr(model, "run_many", None)
    return list(many(batches)) if many is not None else [model.run(b) for b in batches]


_POOLS: dict[tuple[int, int], ThreadPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()


def _pool(workers: int) -> ThreadPoolExecutor:
    """One pool per size, shared by every model of the process (created on first use).

    Keyed by process id too: a corpus worker forked from a parent that had a pool
    inherits the dict but not the pool's threads, so it must make its own.
    """
    key = (os.getpid(), workers)
    with _POOLS_LOCK:
        if key not in _POOLS:
            _POOLS[key] = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="presslens-onnx")
        return _POOLS[key]


def default_threads() -> int:
    """Graph calls run at once (one onnxruntime thread each): `$PRESSLENS_ONNX_THREADS` or min(4, cores)."""
    raw = os.environ.get(THREADS_ENV)
    if raw is not None:
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value < 1:
            raise ConfigError(f"{THREADS_ENV}={raw!r} must be a positive integer, e.g. {THREADS_ENV}=2")
        return value
    return max(1, min(4, os.cpu_count() or 1))


class TokenizerModel(_BatchingMixin):
    """Tokenisation shared by every model with a `tokenizers` file; subclasses add `run` and `output_names`.

    Built from the text of `tokenizer.json`, read once: one tokenizer object
    for sentence batches (truncated to `max_length`, its file's own padding
    and truncation settings replaced by ours), one for whole texts (never
    truncated). Both are configured here and never changed afterwards, so
    a cached model can be shared by every stage and thread.
    """

    def __init__(self, tokenizer_json: str, *, max_length: int = DEFAULT_MAX_LENGTH, source: str = "tokenizer.json") -> None:
        from tokenizers import Tokenizer

        if max_length < 8:
            raise ConfigError(f"max_length must be at least 8 tokens, got {max_length}")
        try:
            self.tokenizer = Tokenizer.from_str(tokenizer_json)
            self.text_tokenizer = Tokenizer.from_str(tokenizer_json)
        except Exception as exc:
            raise ModelError(f"cannot read tokenizer {source}: {exc}") from exc
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_length)
        self.text_tokenizer.no_padding()
        self.text_tokenizer.no_truncation()
        self.max_length = max_length
        self.pad_id = _pad_id(self.tokenizer)

    def encode(self, texts: Sequence[str], pairs: Sequence[str] | None = None) -> Encoded:
        """Tokenise, truncate to `max_length` and pad to the longest item."""
        if pairs is None:
            encodings = self.tokenizer.encode_batch(list(texts))
        else:
            encodings = self.tokenizer.encode_batch(list(zip(texts, pairs)))
        return _pad(
            [e.ids for e in encodings],
            [e.type_ids for e in encodings],
            [[(int(o[0]), int(o[1])) for o in e.offsets] for e in encodings],
            [list(e.sequence_ids) for e in encodings],
            self.pad_id,
            texts,
            pairs,
        )

    def tokenize(self, text: str) -> Tokens:
        """The whole of `text` as subword tokens, without special tokens or truncation."""
        return tokenize_text(self.text_tokenizer, text)

    def token_id(self, token: str) -> int | None:
        """The id of `token` (e.g. "[CLS]", "[MASK]") in the vocabulary, or None."""
        tid = self.tokenizer.token_to_id(token)
        return None if tid is None else int(tid)


class OnnxModel(TokenizerModel):
    """An ONNX graph plus its tokenizer, loaded once; see `load_onnx_model`."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        model_file: str = MODEL_FILE,
        tokenizer_file: str = TOKENIZER_FILE,
        max_length: int = DEFAULT_MAX_LENGTH,
        threads: int | None = None,
    ) -> None:
        import onnxruntime as ort

        self.directory = Path(directory)
        model_path = self.directory / model_file
        tokenizer_path = self.directory / tokenizer_file
        missing = [str(p) for p in (model_path, tokenizer_path) if not p.is_file()]
        if missing:
            raise ModelError(
                f"model file(s) missing: {', '.join(missing)}; reinstall presslens or retrain the "
                "model (see the MODEL_CARD.md beside it for the exact command)"
            )
        try:
            tokenizer_json = tokenizer_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ModelError(f"cannot read tokenizer {tokenizer_path}: {exc}") from exc
        super().__init__(tokenizer_json, max_length=max_length, source=str(tokenizer_path))

        self.workers = threads if threads is not None else default_threads()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # calls run side by side instead (see the module docstring)
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(
                str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:
            raise ModelError(f"cannot load ONNX model {model_path}: {exc}") from exc
        self.input_names: tuple[str, ...] = tuple(i.name for i in self.session.get_inputs())
        self._output_names: tuple[str, ...] = tuple(o.name for o in self.session.get_outputs())

    @property
    def output_names(self) -> tuple[str, ...]:
        return self._output_names

    def run(self, encoded: Encoded) -> dict[str, np.ndarray]:
        """Run one encoded batch; returns every graph output by name."""
        values = self.session.run(None, encoded.feeds(self.input_names))
        return dict(zip(self._output_names, values))

    def run_many(self, batches: Sequence[Encoded]) -> list[dict[str, np.ndarray]]:
        """`run` of every batch, in order, up to `workers` at a time (each call's outputs are its own)."""
        if self.workers < 2 or len(batches) < 2:
            return [self.run(b) for b in batches]
        return list(_pool(self.workers).map(self.run, batches))


def _pad_id(tokenizer: Any) -> int:
    for token in ("[PAD]", "<pad>"):
        tid = tokenizer.token_to_id(token)
        if tid is not None:
            return int(tid)
    return 0


def _pad(
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


@functools.lru_cache(maxsize=8)
def _cached(directory: str, model_file: str, tokenizer_file: str, max_length: int) -> OnnxModel:
    return OnnxModel(directory, model_file=model_file, tokenizer_file=tokenizer_file, max_length=max_length)


def load_onnx_model(
    directory: str | os.PathLike[str],
    *,
    model_file: str = MODEL_FILE,
    tokenizer_file: str = TOKENIZER_FILE,
    max_length: int = DEFAULT_MAX_LENGTH,
) -> OnnxModel:
    """The model in `directory`, loaded once per process (per file names and max_length)."""
    resolved = str(Path(directory).resolve())
    return _cached(resolved, model_file, tokenizer_file, max_length)


_WORD = re.compile(r"\w+|[^\w\s]")


_FAKE_SPECIAL = {"[PAD]": 0, "[UNK]": 100, "[CLS]": 101, "[SEP]": 102, "[MASK]": 103}


def _fake_id(word: str) -> int:
    return 1000 + zlib.crc32(word.encode()) % 20000


@dataclass
class FakeModel(_BatchingMixin):
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
        return _pad(ids, types, offsets, seqs, 0, texts, pairs)

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
