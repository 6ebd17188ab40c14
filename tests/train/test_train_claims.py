"""Tests for presslens.train.claims: folds, a few fine-tuning steps, export, resume.

A tiny random BERT and a word-level tokenizer stand in for MiniLM, so the
whole train -> calibrate -> int8 export -> score path runs in seconds.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
pytest.importorskip("sklearn")

from tokenizers import Tokenizer  # noqa: E402
from tokenizers.models import WordLevel  # noqa: E402
from tokenizers.pre_tokenizers import Whitespace  # noqa: E402
from tokenizers.processors import TemplateProcessing  # noqa: E402

from presslens.claims.scorer import ClaimScorer  # noqa: E402
from presslens.errors import ConfigError  # noqa: E402
from presslens.train.claims import TrainConfig, stratified_folds, train_claims  # noqa: E402

pytestmark = pytest.mark.train

SENTENCES = [
    ("Unemployment fell to 4 percent in May.", 1),
    ("The city spent 20 million dollars on roads.", 1),
    ("Exports rose by 12 percent last year.", 1),
    ("The senator voted against the bill twice.", 1),
    ("Crime doubled after the budget was cut.", 1),
    ("The plant closed in 2021 after an inspection.", 1),
    ("Rents went up 9 percent since January.", 1),
    ("Only 38 percent of voters took part.", 1),
    ("We must stand together tonight.", 0),
    ("Thank you all for coming.", 0),
    ("This is a shameful day.", 0),
    ("What will happen to the workers?", 0),
    ("Call your representative today.", 0),
    ("I think we will win.", 0),
    ("It was a moving ceremony.", 0),
    ("Let us remember them.", 0),
]


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("tiny-minilm")
    words = sorted({w for text, _ in SENTENCES for w in re.findall(r"\w+|[^\w\s]", text.lower())})
    vocab = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, **{w: i + 4 for i, w in enumerate(words)}}
    tok = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = Whitespace()
    tok.post_processor = TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    tok.save(str(base / "tokenizer.json"))
    torch.manual_seed(0)
    config = transformers.BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=64, num_labels=2,
    )
    transformers.BertForSequenceClassification(config).save_pretrained(str(base))
    return base


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps({"text": t, "label": y}) + "\n" for t, y in SENTENCES))
    return path


def test_claims_train_stratified_folds_keep_ratio_and_seed() -> None:
    labels = [1] * 10 + [0] * 30
    folds = stratified_folds(labels, 5, seed=1)
    for k in range(5):
        assert Counter(np.asarray(labels)[folds == k].tolist()) == {1: 2, 0: 6}
    assert (folds == stratified_folds(labels, 5, seed=1)).all()


def test_claims_train_finetune_exports_a_scorable_model(tiny_base: Path, data: Path, tmp_path: Path) -> None:
    cfg = TrainConfig(method="finetune", folds=2, run_folds=1, epochs=1, batch_size=4, lr=1e-3, base_model=str(tiny_base))
    out, run = tmp_path / "out", tmp_path / "run"
    result = train_claims(data, out, cfg, run, log=lambda _: None)
    assert {p.name for p in out.iterdir()} >= {"model.onnx", "tokenizer.json", "claims.json", "metrics.json"}
    assert result["cross_validation"]["folds_run"] == 1
    assert result["export"]["fp32_max_abs_diff"] < 1e-4
    assert result["int8_heldout_fold0"]["natural"]["n"] == 8
    settings = json.loads((out / "claims.json").read_text())
    assert settings["threshold"] == 0.5 and settings["temperature"] > 0
    scores = ClaimScorer.from_directory(out).score(["Exports rose by 12 percent.", "Thank you."])
    assert scores.shape == (2,) and ((scores >= 0) & (scores <= 1)).all()
    # a second run resumes: fold 0 is not trained again, and gives the same held-out margins
    again = train_claims(data, tmp_path / "out2", cfg, run, log=lambda _: None)
    assert again["folds"] == result["folds"]


def test_claims_train_embed_cross_validates_every_fold(tiny_base: Path, data: Path, tmp_path: Path) -> None:
    cfg = TrainConfig(method="embed", folds=2, base_model=str(tiny_base), c_grid=(1.0,))
    result = train_claims(data, tmp_path / "out", cfg, tmp_path / "run", log=lambda _: None)
    assert result["cross_validation"]["folds_run"] == 2
    assert result["cross_validation"]["pooled"]["natural"]["n"] == len(SENTENCES)
    assert (tmp_path / "out" / "model.onnx").is_file()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("method", "svm", "unknown method"), ("folds", 1, "at least 2"), ("run_folds", 9, "between 1")],
)
def test_claims_train_bad_config_is_config_error(field: str, value: object, message: str) -> None:
    cfg = TrainConfig(**{field: value})  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=message):
        cfg.check()
