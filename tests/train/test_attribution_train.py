"""The attribution head's training: a few steps on passages written for this test, export, and use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

import numpy as np  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from presslens.cli import get_app  # noqa: E402
from presslens.document import Document  # noqa: E402
from presslens.eval.polnear import read_polnear  # noqa: E402

pytestmark = pytest.mark.train

# (passage, source, cue, content): one attribution each, written for this test
PASSAGES = [
    ("The harbour will reopen on Monday, port officials said.", "port officials", "said",
     "The harbour will reopen on Monday"),
    ("Mayor Ines Baptiste said the budget was balanced.", "Mayor Ines Baptiste", "said", "the budget was balanced"),
    ('"We are ready," the coach told reporters.', "the coach", "told", '"We are ready,"'),
    ("According to the union, wages rose by two percent.", "the union", "According to", "wages rose by two percent"),
    ("The minister claimed that the strike had ended.", "The minister", "claimed", "that the strike had ended"),
    ("Talks stalled again, two diplomats said on Friday.", "two diplomats", "said", "Talks stalled again"),
]


def _corpus(root: Path, n: int = 6) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for i in range(n):
        lines = [PASSAGES[(i + k) % len(PASSAGES)] for k in range(3)]
        text = "\n\n".join(p for p, _, _, _ in lines) + "\n"
        ann, t = [], 0
        for k, (passage, *parts) in enumerate(lines):
            at = text.index(passage)
            refs = []
            for role, part in zip(("Source", "Cue", "Content"), parts):
                t += 1
                start = at + passage.index(part)
                ann.append(f"T{t}\t{role} {start} {start + len(part)}\t{part}")
                refs.append(f"{role}:T{t}")
            ann.append(f"E{k + 1}\t" + " ".join(refs))
        (root / "text" / f"art{i}.txt").write_text(text, encoding="utf-8", newline="")
        (root / "attributions" / f"art{i}_test.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    return root


def test_extract_fit_predict_and_export_then_the_stage_uses_the_head(tmp_path):
    from presslens.pipeline import load_pipeline
    from presslens.quotes.learned import load_head
    from presslens.train.attribution import HeadConfig, cross_validate, export, extract, fit, predict, summarise

    texts = read_polnear(_corpus(tmp_path / "polnear"))
    examples = extract(texts)
    assert [e.name for e in examples] == [t.name for t in texts]
    first = examples[0]
    assert first.vectors.shape == (len(first.gold), 384) and first.flags.shape == (len(first.gold), 11)
    assert first.gold[:, 2].max() == 2  # content tags are there
    config = HeadConfig(epochs=2, projection=16, hidden=8, layers=2, folds=2)  # stacked layers export too
    net = fit(examples, config)
    tags = predict(net, examples[:2])
    assert [t.shape for t in tags] == [e.gold.shape for e in examples[:2]]
    results = cross_validate(examples, config, tmp_path / "run")
    assert [r["fold"] for r in results] == [0, 1] and (tmp_path / "run" / "fold1.json").is_file()
    assert set(summarise(results)) == {"rules", "head"}
    # a finished fold is read back, not trained again
    assert cross_validate(examples, config, tmp_path / "run")[0]["head"] == results[0]["head"]
    out = tmp_path / "model"
    export(net, out, config, extra={"merge": {"keep": "direct", "add": False}})
    head = load_head(out)
    assert head.width == 16 and head.project(np.zeros((1, 5, 384), dtype=np.float32)).shape == (1, 5, 16)
    assert head.config["merge"] == {"keep": "direct", "add": False}
    from presslens.quotes.stage import QuotesStage

    assert QuotesStage(head=head).merge.keep == "direct"
    pipe = load_pipeline(
        ["parse.v1", "entities.v1", "encoder.v1", "quotes.v1"],
        config={"encoder.v1": {"projection": head.project}, "quotes.v1": {"head": head}},
    )
    doc = pipe(Document(id="x", text=texts[0].text))
    for q in doc.quotes:
        assert q.content.text == texts[0].text[q.content.start : q.content.end]


def test_the_train_command_runs_cv_chooses_a_merge_and_writes_the_model(tmp_path):
    corpus = _corpus(tmp_path / "polnear", n=4)
    out, run = tmp_path / "model", tmp_path / "run"
    result = CliRunner().invoke(
        get_app(), ["train", "attribution", str(corpus), "--run", str(run), "-o", str(out), "--folds", "2", "--epochs", "1",
                    "--neutral-names"]
    )
    assert result.exit_code == 0, result.output
    assert "merge setting chosen by CV" in result.output
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert config["cv"]["chosen"] in config["cv"]["merges"] and config["merge"]["keep"] in ("none", "direct")
    assert (out / "head.onnx").is_file() and (out / "projection.onnx").is_file()
    from presslens.quotes.learned import load_head

    assert config["training"]["neutral_names"] is True and load_head(out).neutral_names
    assert (run / "features.pkl").is_file() and (run / "summary.json").is_file() and (run / "final.pt").is_file()
    # rerun: features, folds and the fit are read back, merges scored and the model written again
    (out / "head.onnx").unlink()
    again = CliRunner().invoke(
        get_app(), ["train", "attribution", str(corpus), "--run", str(run), "-o", str(out), "--folds", "2", "--epochs", "1",
                    "--neutral-names"]
    )
    assert again.exit_code == 0, again.output
    assert "epoch" not in again.output and (out / "head.onnx").is_file()


def test_folds_run_apart_then_the_command_finishes_with_the_syntax_flags(tmp_path):
    from presslens.quotes.learned import SYNTAX_FLAGS, load_head

    corpus = _corpus(tmp_path / "polnear", n=4)
    out, run = tmp_path / "model", tmp_path / "run"
    args = ["train", "attribution", str(corpus), "--run", str(run), "-o", str(out), "--folds", "2", "--epochs", "1",
            "--syntax"]
    one = CliRunner().invoke(get_app(), [*args, "--fold", "1"])
    assert one.exit_code == 0, one.output
    # only fold 1 was trained; nothing was exported
    assert (run / "folds" / "fold1.json").is_file() and not (run / "folds" / "fold0.json").exists()
    assert not out.exists() and (run / "syntax.pkl").is_file()
    bad = CliRunner().invoke(get_app(), [*args, "--fold", "2"])
    assert bad.exit_code != 0 and "not a fold of 2" in bad.output
    rest = CliRunner().invoke(get_app(), args)
    assert rest.exit_code == 0, rest.output
    assert rest.output.count("fold ") >= 1 and "fold 1:" not in rest.output  # fold 1 was read back
    head = load_head(out)
    assert head.syntax and head.config["training"]["syntax"] is True
    import pickle

    examples = pickle.loads((run / "syntax.pkl").read_bytes())
    assert examples[0].flags.shape[1] == 11 + SYNTAX_FLAGS
