"""The names of the old one-module model wrapper, re-exported from the modules that now hold them.

Why this module: `presslens.models.onnx_runtime` once held encoding,
the `Model` protocol, batching, the ONNX model and the fake model; they
now live in `encoding`, `protocol`, `batching`, `onnx_model` and
`fake_model`. Code outside presslens that imports from here keeps working.
New code imports from the module that holds the name.
"""

from __future__ import annotations

from .batching import THREADS_ENV, default_threads, run_all
from .encoding import DEFAULT_MAX_LENGTH, Encoded, Tokens, tokenize_text
from .fake_model import FakeModel
from .onnx_model import MODEL_FILE, TOKENIZER_FILE, OnnxModel, TokenizerModel, load_onnx_model
from .protocol import Model, Prediction

__all__ = [
    "DEFAULT_MAX_LENGTH",
    "MODEL_FILE",
    "THREADS_ENV",
    "TOKENIZER_FILE",
    "Encoded",
    "FakeModel",
    "Model",
    "OnnxModel",
    "Prediction",
    "TokenizerModel",
    "Tokens",
    "default_threads",
    "load_onnx_model",
    "run_all",
    "tokenize_text",
]
