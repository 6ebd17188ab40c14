"""Tests for presslens.train.onnx_export on a tiny random BERT (a few hundred kB)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from tokenizers import Tokenizer  # noqa: E402
from tokenizers.models import WordLevel  # noqa: E402
from tokenizers.pre_tokenizers import Whitespace  # noqa: E402
from tokenizers.processors import TemplateProcessing  # noqa: E402

from presslens.models.onnx_model import OnnxModel  # noqa: E402
from presslens.train.onnx_export import (  # noqa: E402
    check_agreement,
    export_onnx,
    export_quantized,
)

pytestmark = pytest.mark.train

VOCAB = 64


def tiny_config(num_labels: int) -> object:
    torch.manual_seed(0)
    return transformers.BertConfig(
        vocab_size=VOCAB,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
        num_labels=num_labels,
        attn_implementation="eager",
    )


def sample(batch: int = 2, seq: int = 11) -> dict[str, object]:
    gen = torch.Generator().manual_seed(1)
    ids = torch.randint(4, VOCAB, (batch, seq), generator=gen)
    mask = torch.ones(batch, seq, dtype=torch.long)
    mask[1, seq - 3 :] = 0
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": torch.zeros_like(ids)}


def test_onnx_export_sequence_classifier_matches_torch(tmp_path: Path) -> None:
    model = transformers.BertForSequenceClassification(tiny_config(2)).eval()
    report = export_quantized(model, sample(), tmp_path / "model.onnx")
    assert report.path.is_file() and report.size_bytes > 0
    assert report.fp32.worst() < 1e-4
    # a different batch and sequence length than the export sample: axes are dynamic
    other = sample(batch=3, seq=5)
    agreement = check_agreement(model, report.path, other)
    assert agreement.worst() < 0.1


def test_onnx_export_token_tagger_with_two_named_outputs(tmp_path: Path) -> None:
    class Tagger(torch.nn.Module):
        """A BERT with a token head and a sentence head, returned as a dict."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = transformers.BertModel(tiny_config(2), add_pooling_layer=False)
            self.tags = torch.nn.Linear(32, 5)
            self.sentence = torch.nn.Linear(32, 3)

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            return {"token_logits": self.tags(hidden), "sentence_logits": self.sentence(hidden[:, 0])}

    model = Tagger().eval()
    path = export_onnx(model, sample(), tmp_path / "fp32.onnx", output_names=("token_logits", "sentence_logits"))
    other = sample(batch=4, seq=7)
    agreement = check_agreement(model, path, other, output_names=("token_logits", "sentence_logits"))
    assert agreement.worst() < 1e-4
    assert agreement.argmax_agreement["token_logits"] == 1.0


def test_onnx_export_runs_through_onnx_runtime_model(tmp_path: Path) -> None:
    model = transformers.BertForSequenceClassification(tiny_config(2)).eval()
    export_quantized(model, sample(), tmp_path / "model.onnx")
    vocab = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, **{f"w{i}": i for i in range(4, VOCAB)}}
    tok = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = Whitespace()
    tok.post_processor = TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    tok.save(str(tmp_path / "tokenizer.json"))
    runtime = OnnxModel(tmp_path, threads=1)
    texts = ["w5 w6 w7", "w9 w10 w11 w12 w13 w14 w15"]
    preds = runtime.predict(texts, batch_size=2)
    enc = runtime.encode(texts)
    with torch.no_grad():
        expected = model(
            input_ids=torch.from_numpy(enc.input_ids),
            attention_mask=torch.from_numpy(enc.attention_mask),
            token_type_ids=torch.from_numpy(enc.token_type_ids),
        ).logits.numpy()
    got = np.stack([p.outputs["logits"] for p in preds])
    assert got.shape == (2, 2)
    assert np.abs(got - expected).max() < 0.1
