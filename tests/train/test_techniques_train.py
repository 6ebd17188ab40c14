"""Training runs a few steps of a tiny random BERT on sentences written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from presslens.train.techniques import TrainConfig, train  # noqa: E402

pytestmark = pytest.mark.train

SENTENCES = [
    ("The senator called the bill a disgraceful betrayal of working families.", "disgraceful betrayal", "Loaded_Language"),
    ("Critics dismissed the radical leftist mob that gathered outside.", "radical leftist mob", "Name_Calling,Labeling"),
    ("Is this really the end of the crisis, or just another cover story?", "just another cover story", "Doubt"),
    ("Make our towns safe again, the banners read.", "Make our towns safe again", "Slogans"),
    ("Every true patriot will stand with our brave soldiers.", "Every true patriot", "Flag-Waving"),
    ("If we do nothing, millions will die in the coming flood of violence.", "millions will die", "Appeal_to_fear-prejudice"),
]


def _corpus(root: Path, n: int = 10) -> Path:
    """n articles of three lines each, with one labelled span per line."""
    (root / "articles").mkdir(parents=True)
    rows = []
    for i in range(n):
        lines = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(3)]
        text = f"Title {i}\n\n" + "\n".join(s for s, _, _ in lines) + "\n"
        (root / "articles" / f"article{100 + i}.txt").write_text(text, encoding="utf-8")
        for sentence, phrase, technique in lines:
            start = text.index(sentence) + sentence.index(phrase)
            rows.append(f"{100 + i}\t{technique}\t{start}\t{start + len(phrase)}\n")
    (root / "labels-tc.tsv").write_text("".join(rows), encoding="utf-8")
    return root


def _cfg(data: Path, out: Path, **kw) -> TrainConfig:
    return TrainConfig(data=data, out=out, tiny=True, epochs=1, batch_size=4, threads=1, seed=3, **kw)


def _weights(path: Path) -> dict:
    return torch.load(path, weights_only=True)


def _same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def test_techniques_train_runs_and_writes_summary(tmp_path):
    data = _corpus(tmp_path / "ptc")
    summary = train(_cfg(data, tmp_path / "run"))
    assert summary["finished"] is True
    assert (tmp_path / "run" / "checkpoint.pt").is_file()
    assert (tmp_path / "run" / "model-epoch0.pt").is_file()
    saved = json.loads((tmp_path / "run" / "summary.json").read_text())
    history = saved["state"]["history"]
    assert len(history) == 1 and 0.0 <= history[0]["si_f1"] <= 1.0 and 0.0 <= history[0]["tc_micro_f1"] <= 1.0
    assert 0.15 <= saved["threshold"] <= 0.7


def test_techniques_train_is_deterministic_and_resumable(tmp_path):
    data = _corpus(tmp_path / "ptc")
    train(_cfg(data, tmp_path / "a"))
    train(_cfg(data, tmp_path / "b"))
    assert _same(_weights(tmp_path / "a" / "model-epoch0.pt"), _weights(tmp_path / "b" / "model-epoch0.pt"))
    # interrupted after its first step (time budget 0), then resumed by rerunning
    first = train(_cfg(data, tmp_path / "c", max_minutes=0.0))
    assert first["finished"] is False and not (tmp_path / "c" / "model-epoch0.pt").exists()
    resumed_at = torch.load(tmp_path / "c" / "checkpoint.pt", weights_only=False)["state"]
    assert (resumed_at["epoch"], resumed_at["step"]) == (0, 1)
    assert train(_cfg(data, tmp_path / "c"))["finished"] is True
    assert _same(_weights(tmp_path / "a" / "model-epoch0.pt"), _weights(tmp_path / "c" / "model-epoch0.pt"))
