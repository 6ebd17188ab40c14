"""Tests for presslens.models (encoding, batching, onnx_model, fake_model): batching, padding, offsets, errors.

The real-session tests build a tiny ONNX graph and a word-level tokenizer in
a temporary folder, so they run without torch and without shipped models.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tokenizers import Tokenizer
from tokenizers.models import WordLevel
from tokenizers.pre_tokenizers import Whitespace
from tokenizers.processors import TemplateProcessing

from presslens.errors import ConfigError, ModelError
from presslens.models.batching import default_threads, run_all
from presslens.models.encoding import Encoded
from presslens.models.fake_model import FakeModel
from presslens.models.onnx_model import OnnxModel, load_onnx_model
from presslens.models.protocol import Model

WORDS = ["the", "mayor", "said", "taxes", "rose", "by", "4", "%", "in", "2023", "."]


def write_tokenizer(path: Path) -> None:
    vocab = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3}
    vocab.update({w: i + 4 for i, w in enumerate(WORDS)})
    tok = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = Whitespace()
    tok.post_processor = TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", 2), ("[SEP]", 3)],
    )
    tok.save(str(path))


def write_graph(path: Path) -> None:
    """logits = [number of real tokens, sum of their ids]; token_ids = ids * mask as float."""
    onnx = pytest.importorskip("onnx", reason="building a test graph needs the onnx package (dev extra)")
    from onnx import TensorProto, helper

    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"])
    mask = helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])
    logits = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 2])
    token_ids = helper.make_tensor_value_info("token_ids", TensorProto.FLOAT, ["batch", "sequence"])
    axes = helper.make_tensor("axes", TensorProto.INT64, [1], [1])
    nodes = [
        helper.make_node("Mul", ["input_ids", "attention_mask"], ["masked"]),
        helper.make_node("Cast", ["masked"], ["token_ids"], to=TensorProto.FLOAT),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("ReduceSum", ["mask_f", "axes"], ["count"], keepdims=1),
        helper.make_node("ReduceSum", ["token_ids", "axes"], ["total"], keepdims=1),
        helper.make_node("Concat", ["count", "total"], ["logits"], axis=1),
    ]
    graph = helper.make_graph(nodes, "tiny", [ids, mask], [logits, token_ids], initializer=[axes])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


@pytest.fixture()
def model_dir(tmp_path: Path) -> Path:
    write_graph(tmp_path / "model.onnx")
    write_tokenizer(tmp_path / "tokenizer.json")
    return tmp_path


def test_onnx_runtime_model_satisfies_protocol(model_dir: Path) -> None:
    model = OnnxModel(model_dir, threads=1)
    assert isinstance(model, Model)
    assert model.input_names == ("input_ids", "attention_mask")
    assert model.output_names == ("logits", "token_ids")


def test_onnx_runtime_encode_pads_and_keeps_offsets(model_dir: Path) -> None:
    model = OnnxModel(model_dir, threads=1)
    texts = ["the mayor said", "taxes rose by 4 % in 2023 ."]
    enc = model.encode(texts)
    assert enc.input_ids.shape == (2, 10)
    assert enc.lengths == [5, 10]
    assert enc.attention_mask[0].tolist() == [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    start, end = enc.offsets[0][2]
    assert (start, end) == (4, 9) and texts[0][start:end] == "mayor"
    assert enc.sequence_ids[0][:5] == [None, 0, 0, 0, None]


@pytest.mark.parametrize("batch_size", [1, 2, 8])
def test_onnx_runtime_predict_keeps_input_order(model_dir: Path, batch_size: int) -> None:
    model = OnnxModel(model_dir, threads=1)
    texts = ["taxes rose by 4 % in 2023 .", "the mayor", "said"]
    preds = model.predict(texts, batch_size=batch_size)
    assert [int(p.outputs["logits"][0]) for p in preds] == [10, 4, 3]
    # token ids of "the mayor": [CLS]=2, the=4, mayor=5, [SEP]=3
    assert preds[1].tokens("token_ids").tolist() == [2.0, 4.0, 5.0, 3.0]


def test_onnx_runtime_pairs_mark_second_segment(model_dir: Path) -> None:
    model = OnnxModel(model_dir, threads=1)
    enc = model.encode(["the mayor"], ["said taxes"])
    assert enc.sequence_ids[0] == [None, 0, 0, None, 1, 1, None]
    assert enc.token_type_ids[0].tolist() == [0, 0, 0, 0, 1, 1, 1]
    start, end = enc.offsets[0][5]
    assert "said taxes"[start:end] == "taxes"


def test_onnx_runtime_truncates_to_max_length(model_dir: Path) -> None:
    model = OnnxModel(model_dir, threads=1, max_length=8)
    enc = model.encode([" ".join(["the"] * 50)])
    assert enc.input_ids.shape == (1, 8)
    assert enc.input_ids[0, -1] == 3  # [SEP] kept at the end


@pytest.mark.parametrize("missing", ["model.onnx", "tokenizer.json"])
def test_onnx_runtime_missing_file_raises_model_error(model_dir: Path, missing: str) -> None:
    (model_dir / missing).unlink()
    with pytest.raises(ModelError, match=missing):
        OnnxModel(model_dir)


def test_onnx_runtime_load_is_cached(model_dir: Path) -> None:
    assert load_onnx_model(model_dir) is load_onnx_model(str(model_dir))


def test_onnx_runtime_bad_thread_setting_is_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSLENS_ONNX_THREADS", "many")
    with pytest.raises(ConfigError, match="many"):
        default_threads()
    monkeypatch.setenv("PRESSLENS_ONNX_THREADS", "2")
    assert default_threads() == 2


def test_onnx_runtime_fake_model_batches_and_maps_token_outputs() -> None:
    def fn(text: str, pair: str | None, offsets: list[tuple[int, int]]) -> dict[str, np.ndarray]:
        return {
            "logits": np.array([len(offsets), 0.0]),
            "tags": np.array([[float(text[s:e].isdigit())] for s, e in offsets]),
        }

    fake = FakeModel(fn, names=("logits", "tags"), token_outputs=("tags",))
    assert isinstance(fake, Model)
    texts = ["Prices rose 4 percent", "No numbers here at all today", "In 2023"]
    preds = fake.predict(texts, batch_size=2)
    assert fake.calls == 2
    assert [int(p.outputs["logits"][0]) for p in preds] == [4, 6, 2]
    tags = preds[0].tokens("tags")[:, 0].tolist()
    assert tags == [0.0, 0.0, 0.0, 1.0, 0.0, 0.0]  # [CLS] Prices rose 4 percent [SEP]
    start, end = preds[2].offsets[2]
    assert texts[2][start:end] == "2023"


def test_onnx_runtime_predict_rejects_mismatched_pairs() -> None:
    fake = FakeModel(lambda t, p, o: {"logits": np.zeros(2)})
    with pytest.raises(ConfigError, match="2 texts but 1"):
        fake.predict(["a", "b"], ["c"])


def test_onnx_runtime_tokenize_whole_text_without_markers_or_truncation(model_dir: Path) -> None:
    model = OnnxModel(model_dir, threads=1, max_length=8)
    text = " ".join(["the mayor said taxes rose"] * 4)
    tokens = model.tokenize(text)
    assert len(tokens) == 20  # past max_length, and no [CLS]/[SEP]
    assert tokens.ids[:3].tolist() == [4, 5, 6]
    start, end = tokens.offsets[1]
    assert text[start:end] == "mayor"
    assert tokens.words[:3].tolist() == [0, 1, 2]
    assert model.encode([text]).input_ids.shape == (1, 8)  # sentence batches are still truncated


def test_onnx_runtime_token_id_reads_the_vocabulary(model_dir: Path) -> None:
    model = OnnxModel(model_dir, threads=1)
    assert (model.token_id("[CLS]"), model.token_id("[SEP]"), model.token_id("mayor")) == (2, 3, 5)
    assert model.token_id("[MASK]") is None


def test_onnx_runtime_runs_arrays_laid_out_by_the_caller(model_dir: Path) -> None:
    model = OnnxModel(model_dir, threads=1)
    ids = np.array([[2, 4, 5, 3], [2, 6, 3, 0]])
    mask = np.array([[1, 1, 1, 1], [1, 1, 1, 0]])
    out = model.run(Encoded.from_ids(ids, mask))
    assert out["logits"].tolist() == [[4.0, 14.0], [3.0, 11.0]]


def test_onnx_runtime_from_ids_rejects_mismatched_shapes() -> None:
    with pytest.raises(ConfigError, match=r"\(1, 4\) and \(1, 3\)"):
        Encoded.from_ids(np.zeros((1, 4)), np.zeros((1, 3)))


def test_onnx_runtime_fake_model_runs_pre_encoded_batches_with_ids_fn() -> None:
    def ids_fn(ids: np.ndarray, mask: np.ndarray) -> dict[str, np.ndarray]:
        return {"logits": (ids * mask).sum(axis=1, keepdims=True).astype(np.float32)}

    fake = FakeModel(ids_fn=ids_fn)
    tokens = fake.tokenize("Prices rose 4 percent")
    assert [("Prices rose 4 percent")[a:b] for a, b in tokens.offsets] == ["Prices", "rose", "4", "percent"]
    cls_id, sep_id = fake.token_id("[CLS]"), fake.token_id("[SEP]")
    assert cls_id is not None and sep_id is not None
    ids = np.array([[cls_id, *tokens.ids, sep_id]])
    out = fake.run(Encoded.from_ids(ids, np.ones_like(ids)))
    assert out["logits"][0, 0] == ids.sum()
    assert fake.batch_sizes == [1]
    with pytest.raises(ConfigError, match="no fn"):
        fake.predict(["a text"])


def test_onnx_runtime_run_many_matches_one_call_at_a_time(model_dir: Path) -> None:
    # calls spread over the thread pool come back in order, each with the outputs it has alone
    pooled = OnnxModel(model_dir, threads=3)
    alone = OnnxModel(model_dir, threads=1)
    batches = [pooled.encode([t]) for t in ("a b c", "d", "e f", "g h i j", "b a", "c")]
    got = pooled.run_many(batches)
    want = [alone.run(b) for b in batches]
    assert len(got) == len(want) == 6 and pooled.workers == 3 and alone.workers == 1
    for g, w in zip(got, want):
        assert g.keys() == w.keys() and all(np.array_equal(g[k], w[k]) for k in g)
    assert pooled.predict(["a b c", "d", "e f"], batch_size=1)[0].outputs.keys() == want[0].keys()


def test_onnx_runtime_run_all_falls_back_to_run_for_models_without_run_many() -> None:
    class OneAtATime:
        def run(self, encoded: object) -> dict[str, object]:
            return {"x": encoded}

    assert run_all(OneAtATime(), [1, 2, 3]) == [{"x": 1}, {"x": 2}, {"x": 3}]  # type: ignore[list-item]


def test_onnx_runtime_reexports_the_names_of_the_split_modules() -> None:
    from presslens.models import batching, encoding, fake_model, onnx_model, onnx_runtime, protocol

    homes = (batching, encoding, fake_model, onnx_model, protocol)
    for name in onnx_runtime.__all__:
        assert next(getattr(m, name) for m in homes if hasattr(m, name)) is getattr(onnx_runtime, name)
