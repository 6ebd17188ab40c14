"""Tests for presslens.eval.claims: reading labelled sentences and the metrics."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from presslens.errors import InputError, JsonlLineError
from presslens.eval.claims import (
    LabeledSentence,
    balanced_indices,
    binary_metrics,
    evaluate_claims,
    evaluate_scores,
    read_labeled_sentences,
)

NEWS = Path(__file__).resolve().parents[1] / "data" / "claims_news_sentences.jsonl"


def test_claims_eval_reads_json_array(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"sentence_id": 7, "label": 1, "text": "Taxes rose."}, {"label": 0, "text": "Hi."}]))
    items = read_labeled_sentences(path)
    assert items == [LabeledSentence("Taxes rose.", 1, "7"), LabeledSentence("Hi.", 0, "")]


def test_claims_eval_reads_jsonl_with_kind(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "x", "kind": "opinion", "label": 0, "text": "Nice."}\n\n{"label": 1, "text": "Up 3%."}\n')
    items = read_labeled_sentences(path)
    assert [(i.id, i.note, i.label) for i in items] == [("x", "opinion", 0), ("", "", 1)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"label": 2, "text": "x"}\n', "0 or 1"),
        ('{"label": 1, "text": ""}\n', "non-empty"),
        ("{not json\n", "invalid JSON"),
    ],
)
def test_claims_eval_bad_jsonl_line_names_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"label": 1, "text": "fine"}\n' + content)
    with pytest.raises(JsonlLineError, match=message) as info:
        read_labeled_sentences(path)
    assert info.value.line == 2


def test_claims_eval_missing_or_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_labeled_sentences(tmp_path / "nope.json")
    (tmp_path / "empty.json").write_text("[]")
    with pytest.raises(InputError, match="no sentences"):
        read_labeled_sentences(tmp_path / "empty.json")


def test_claims_eval_binary_metrics() -> None:
    m = binary_metrics([1, 1, 0, 0, 1], [1, 0, 1, 0, 1])
    assert (m.n, m.positives) == (5, 3)
    assert m.precision == pytest.approx(2 / 3)
    assert m.recall == pytest.approx(2 / 3)
    assert m.f1 == pytest.approx(2 / 3)
    assert m.accuracy == pytest.approx(3 / 5)
    assert binary_metrics([0, 0], [0, 0]).f1 == 0.0


def test_claims_eval_balanced_indices_are_balanced_and_seeded() -> None:
    gold = np.array([1] * 10 + [0] * 30)
    idx = balanced_indices(gold, seed=3)
    assert Counter(gold[idx].tolist()) == {1: 10, 0: 10}
    assert (idx == balanced_indices(gold, seed=3)).all()
    assert list(idx) == sorted(idx)


def test_claims_eval_evaluate_scores_lists_errors() -> None:
    examples = [LabeledSentence(f"s{i}", label) for i, label in enumerate([1, 1, 0, 0, 0, 0])]
    result = evaluate_scores(examples, np.array([0.9, 0.2, 0.6, 0.1, 0.1, 0.0]), threshold=0.5)
    assert result.natural.accuracy == pytest.approx(4 / 6)
    assert result.balanced.n == 4
    assert [e.text for e, _ in result.errors] == ["s1", "s2"]
    via_fn = evaluate_claims(examples, lambda texts: np.array([0.9, 0.2, 0.6, 0.1, 0.1, 0.0]))
    assert via_fn.natural == result.natural


def test_claims_eval_news_sentences_file_is_well_formed() -> None:
    items = read_labeled_sentences(NEWS)
    assert len(items) >= 40
    labels = Counter(i.label for i in items)
    assert labels[0] >= 15 and labels[1] >= 15
    assert len({i.id for i in items}) == len(items)
    assert {"statistic", "opinion", "appeal", "prediction", "question"} <= {i.note for i in items}


def test_claims_eval_warns_when_the_file_is_the_models_training_data(tmp_path: Path) -> None:
    import hashlib

    from presslens.eval.claims import training_data_warning

    data = tmp_path / "train.json"
    data.write_text('[{"text": "Prices rose 4 percent.", "label": 1}]', encoding="utf-8")
    model = tmp_path / "model"
    model.mkdir()
    (model / "claims.json").write_text(json.dumps({"data_sha256": hashlib.sha256(data.read_bytes()).hexdigest()}))
    warning = training_data_warning(data, model)
    assert warning is not None and "the file the claims model was trained on" in warning and "not held out" in warning
    other = tmp_path / "news.json"
    other.write_text('[{"text": "Prices fell.", "label": 0}]', encoding="utf-8")
    assert training_data_warning(other, model) is None
    assert training_data_warning(data, tmp_path / "no-model") is None
