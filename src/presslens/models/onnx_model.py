"""The real model: an int8 ONNX graph run by onnxruntime, tokenised from its own `tokenizer.json`.

Why this module: inference must work without torch (a 700 MB install that
users should not need), so every shipped transformer is an int8-quantised
ONNX graph run by onnxruntime, tokenised by the Rust `tokenizers` library.
This is the one place that reads model files and opens sessions; the stages
see it only through the `Model` protocol (`presslens.models.protocol`).

Two ways in, one tokenizer: `encode` tokenises sentences (truncated,
special tokens added, padded into a batch); callers that lay out their own
inputs (the techniques tagger cuts whole articles into windows and reads
group names as [MASK]) take `tokenize` (a whole text, no special tokens, no
truncation), `token_id` and `Encoded.from_ids`, then `run`. Both views come
from one read of `tokenizer.json`, so they can never disagree.

A model directory holds `model.onnx` and `tokenizer.json` (names can be
overridden). Loading is cached per directory, so a model is read once per
process however many stages or documents use it. How calls are batched and
threaded: `presslens.models.batching`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import ConfigError, ModelError
from .batching import BatchingMixin, default_threads, shared_pool
from .encoding import DEFAULT_MAX_LENGTH, Encoded, Tokens, pad_batch, pad_token_id, tokenize_text

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"


class TokenizerModel(BatchingMixin):
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
        self.pad_id = pad_token_id(self.tokenizer)

    def encode(self, texts: Sequence[str], pairs: Sequence[str] | None = None) -> Encoded:
        """Tokenise, truncate to `max_length` and pad to the longest item."""
        if pairs is None:
            encodings = self.tokenizer.encode_batch(list(texts))
        else:
            encodings = self.tokenizer.encode_batch(list(zip(texts, pairs)))
        return pad_batch(
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
        options.intra_op_num_threads = 1  # calls run side by side instead (see presslens.models.batching)
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
        return list(shared_pool(self.workers).map(self.run, batches))


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
