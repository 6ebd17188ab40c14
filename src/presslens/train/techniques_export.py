"""Export a trained techniques run to the shipped int8 ONNX model, then tune and check it.

Steps: (1) torch -> fp32 ONNX -> int8 with `presslens.train.onnx_export`
(outputs `span_logits` and `hidden`); (2) write the technique head as numpy
arrays, the tokenizer and `config.json`; (3) on DEV articles, with the int8
model itself, choose the span threshold and fit the score calibration
(Platt scaling: is the predicted span-and-technique right?) and the weight
of the memory of identical TRAIN spans (`techniques.span_memory`), after
refitting the technique head on int8 features (`techniques_head`); (4) compare
torch and int8 predictions on a few dev articles and record it all in
`export_report.json`.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import torch

from ..document import TECHNIQUE_LABELS
from ..eval.ptc import si_score, tc_micro_f1
from ..techniques.predict import TechniqueTagger
from ..techniques.shipped import CONFIG_FILE, HEAD_FILE, clear_loaded, load_head, load_shipped
from ..techniques.span_memory import MEMORY_FILE, build_memory
from ..techniques.windows import BODY
from .minilm import minilm_dir
from .onnx_export import export_quantized
from .techniques import THRESHOLDS, TechniquesNet, TrainConfig, build_model, torch_tagger
from .techniques_data import load_part
from .techniques_head import refit_head, span_dataset
from .techniques_tuning import (
    choose_display,
    dev_passes,
    fit_calibration,
    span_hits,
    tune_lengths,
    tune_si_thresholds,
)

log = logging.getLogger("presslens.train.techniques_export")
GAPS = (0, 1, 2)  # words below threshold bridged inside a span
MIN_CHARS = (0, 4, 8, 12)  # shortest span kept
HYSTERESIS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25)  # how far under the threshold neighbours of a confident word extend it
# One window per onnxruntime call: int8 activations are quantised per call, so a window's result then
# never depends on which other windows share its batch; it was also the fastest and leanest setting
# measured (benchmarks/techniques_speed.py --limit 60: 17.3 s and 708 MB peak vs 18.4 s and 1,001 MB at 16).
BATCH_WINDOWS = 1
MEMORY_WEIGHTS = (0.0, 0.3, 0.5, 0.7, 0.9)  # weight of identical training spans against the model


class _Graph(torch.nn.Module):
    """The exported graph: named inputs in, span logits and token vectors out."""

    def __init__(self, net: TechniquesNet) -> None:
        super().__init__()
        self.net = net

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> dict[str, torch.Tensor]:
        logits, hidden = self.net(input_ids, attention_mask)
        return {"span_logits": logits, "hidden": hidden}


def load_run(run: Path, weights: str | None = None) -> tuple[TechniquesNet, Any, TrainConfig, dict[str, Any]]:
    if (run / "summary.json").is_file():
        summary = json.loads((run / "summary.json").read_text())
    else:  # a run still training or killed: its checkpoint carries the config
        summary = {"config": torch.load(run / "checkpoint.pt", weights_only=False)["config"]}
    raw = summary["config"]
    cfg = TrainConfig(**{**raw, "data": Path(raw["data"]), "out": Path(raw["out"])})
    model, tokenizer = build_model(cfg)
    if weights is None:
        epochs = sorted(run.glob("model-epoch*.pt"), key=lambda p: int(p.stem.removeprefix("model-epoch")))
        if not epochs:
            raise FileNotFoundError(f"no model-epoch*.pt in {run}")
        weights = str(epochs[-1])
    if Path(weights).name == "checkpoint.pt":  # a run stopped by its time budget
        model.load_state_dict(torch.load(weights, weights_only=False)["model"])
    else:
        model.load_state_dict(torch.load(weights, weights_only=True))
    model.eval()
    return model, tokenizer, cfg, summary


def _matches(pred: tuple[str, int, int, str], gold: dict[str, list[tuple[int, int, str]]]) -> bool:
    aid, s, e, t = pred
    return any(min(e, ge) > max(s, gs) and gt == t for gs, ge, gt in gold.get(aid, ()))


def _save_head(head: torch.nn.Module, path: Path) -> None:
    layers: Any = head  # the technique head is an nn.Sequential: Linear, GELU, Dropout, Linear
    np.savez(
        path,
        w1=layers[0].weight.detach().numpy(), b1=layers[0].bias.detach().numpy(),
        w2=layers[3].weight.detach().numpy(), b2=layers[3].bias.detach().numpy(),
    )


def _refit(
    model: TechniquesNet, seed: int, tagger: TechniqueTagger, train_articles: list[Any], dev: list[Any], out: Path
) -> tuple[TechniqueTagger, dict[str, Any]]:
    """Refit the technique head on int8 features (`techniques_head`); keep it if DEV TC improves.

    Returns the tagger with the kept head (a new one: the loaded tagger is cached and shared).
    """
    head, report = refit_head(model.tc, span_dataset(tagger, train_articles), span_dataset(tagger, dev), seed=seed)
    if report["chosen_epoch"] > 0:
        _save_head(head, out / HEAD_FILE)
        tagger = replace(tagger, classify=load_head(out / HEAD_FILE))
    return tagger, report


def _span_memory(
    train_articles: list[Any], tagger: TechniqueTagger, passes: list[Any], out: Path
) -> tuple[TechniqueTagger, dict[str, Any]]:
    """Build the memory of TRAIN spans and choose its weight by TC micro-F1 on DEV gold spans (`passes`:
    `dev_passes`). Returns the tagger with the chosen memory (a new one) and the report."""
    memory = build_memory((a.text, a.gold, a.masks) for a in train_articles)
    by_weight = {
        str(w): round(_tc_scores(replace(tagger, memory=memory.with_weight(w)), passes), 4) for w in MEMORY_WEIGHTS
    }
    best = max(MEMORY_WEIGHTS, key=lambda w: (by_weight[str(w)], -w))
    tagger = replace(tagger, memory=memory.with_weight(best) if best > 0 else None)
    if tagger.memory is not None:
        tagger.memory.save(out / MEMORY_FILE)
    else:
        (out / MEMORY_FILE).unlink(missing_ok=True)
    return tagger, {"spans": len(memory), "weight": best, "dev_tc_micro_f1_by_weight": by_weight}


def export_run(
    run: Path, out: Path, *, data: Path | None = None, stride: int = BODY * 3 // 4, check_articles: int = 5,
    weights: str | None = None, dev_limit: int | None = None, settings_from: Path | None = None,
) -> dict[str, Any]:
    """Export a run; per-technique models are tuned on DEV, or take every setting from `settings_from`
    (the export of the same recipe trained on TRAIN only) when the run trained on TRAIN+DEV."""
    torch.set_num_threads(2)
    model, tokenizer, cfg, summary = load_run(run, weights)
    if data is not None:
        cfg.data = data
    cfg.limit_articles = dev_limit
    out.mkdir(parents=True, exist_ok=True)
    sample_ids = torch.randint(1000, 20000, (2, 37))
    sample = {"input_ids": sample_ids, "attention_mask": torch.ones_like(sample_ids)}
    report = export_quantized(_Graph(model), sample, out / "model.onnx", output_names=("span_logits", "hidden"))
    _save_head(model.tc, out / HEAD_FILE)
    encoder_dir = Path(cfg.encoder) if cfg.encoder else minilm_dir()
    shutil.copy(encoder_dir / "tokenizer.json", out / "tokenizer.json")
    config: dict[str, Any] = {
        "labels": list(TECHNIQUE_LABELS), "threshold": summary.get("threshold", 0.5), "stride": stride,
        "batch_windows": BATCH_WINDOWS, "extend_to_quotes": True, "calibration": {"a": 1.0, "b": 0.0},
    }
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2))
    if model.channels > 1:
        return _export_channels(
            model, tokenizer, cfg, run, out, config, report, settings_from=settings_from, check_articles=check_articles
        )

    # tune on DEV with the int8 model itself
    dev = load_part(cfg, tokenizer, cfg.dev_part or "dev")
    clear_loaded()
    shipped = load_shipped(str(out))
    tagger = shipped.tagger
    train_articles = load_part(cfg, tokenizer, cfg.train_part)
    tagger, head_report = _refit(model, cfg.seed, tagger, train_articles, dev, out)
    tagger, memory_report = _span_memory(train_articles, tagger, dev_passes(tagger, dev), out)
    gold_spans = [(a.aid, s, e) for a in dev for s, e, _ in a.gold]
    gold_by = {a.aid: a.gold for a in dev}
    # choose stride (overlapping or not: speed), threshold and quote extension on dev
    grid: dict[str, float] = {}
    best_key: tuple[Any, ...] | None = None
    best_states: dict[str, Any] = {}
    for try_stride in sorted({stride, BODY}, reverse=True):
        strided = tagger.with_settings(stride=try_stride)
        states = {a.aid: strided.forward(a.text, a.masks) for a in dev}
        for quotes, max_gap, min_chars, hyst, thr in itertools.product(
            (True, False), GAPS, MIN_CHARS, HYSTERESIS, THRESHOLDS
        ):
            variant = strided.with_settings(quotes=quotes, max_gap=max_gap, min_chars=min_chars, hysteresis=hyst)
            preds = [(aid, s, e) for aid, st in states.items() for s, e, _ in variant.spans(st, thr)]
            f1 = si_score(preds, gold_spans).f1
            grid[
                f"stride={try_stride} quotes={quotes} gap={max_gap} min_chars={min_chars} hysteresis={hyst} threshold={thr}"
            ] = round(f1, 4)
            # prefer the faster stride unless the overlapping one gains more than 0.005 F1
            key = (round(f1 + (0.005 if try_stride == BODY else 0.0), 4), try_stride, thr, quotes, max_gap, min_chars, hyst)
            if best_key is None or key[0] > best_key[0]:
                best_key, best_states = key, states
    assert best_key is not None
    _, stride, best, quotes, max_gap, min_chars, hysteresis = best_key
    tagger = tagger.with_settings(
        threshold=best, stride=stride, quotes=quotes, max_gap=max_gap, min_chars=min_chars, hysteresis=hysteresis
    )
    states = best_states
    by_thr = grid
    xs, ys = [], []
    for aid, st in states.items():
        found = tagger.spans(st, best)
        probs = tagger.technique_probs(st, [(s, e) for s, e, _ in found])
        for (s, e, score), p in zip(found, probs):
            q = min(max(score * float(p.max()), 1e-6), 1 - 1e-6)
            xs.append(math.log(q / (1 - q)))
            ys.append(_matches((aid, s, e, TECHNIQUE_LABELS[int(p.argmax())]), gold_by))
    calibration = {"a": 1.0, "b": 0.0}
    if len(set(ys)) == 2:
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=100.0).fit(np.asarray(xs).reshape(-1, 1), np.asarray(ys, dtype=int))
        calibration = {"a": float(lr.coef_[0, 0]), "b": float(lr.intercept_[0])}
    config.update(
        threshold=best, calibration=calibration, stride=stride, extend_to_quotes=quotes, max_gap=max_gap,
        min_chars=min_chars, hysteresis=hysteresis,
    )
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2))

    # torch vs int8 on a few dev articles, same settings
    ref = torch_tagger(model, tokenizer, tagger.settings)
    same_spans = same_labels = total = 0
    for art in dev[:check_articles]:
        a = [(d.start, d.end, d.technique) for d in ref.detect(art.text, art.masks)]
        b = [(d.start, d.end, d.technique) for d in tagger.detect(art.text, art.masks)]
        total += max(len(a), len(b))
        same_spans += len({x[:2] for x in a} & {x[:2] for x in b})
        same_labels += len(set(a) & set(b))
    result = {
        "run": str(run), "size_bytes": report.size_bytes,
        "fp32_max_abs_diff": report.fp32.max_abs_diff, "int8_max_abs_diff": report.int8.max_abs_diff,
        "dev_si_f1_grid_size": len(by_thr),
        "dev_si_f1_grid_best": dict(sorted(by_thr.items(), key=lambda kv: -kv[1])[:25]),
        "dev_si_f1": max(by_thr.values()), "threshold": best, "stride": stride,
        "extend_to_quotes": quotes, "max_gap": max_gap, "min_chars": min_chars, "hysteresis": hysteresis,
        "calibration": calibration, "calibration_points": len(xs), "span_memory": memory_report,
        "head_refit": head_report,
        "torch_vs_int8": {"articles": min(check_articles, len(dev)), "spans_max": total,
                          "same_spans": same_spans, "same_spans_and_technique": same_labels},
    }
    (out / "export_report.json").write_text(json.dumps(result, indent=2))
    clear_loaded()
    return result


def _tc_scores(tagger: TechniqueTagger, passes: list[Any]) -> float:
    pred, gold = [], []
    for p in passes:
        spans = [(s, e) for s, e, _ in p.gold]
        for (s, e, t), probs in zip(p.gold, tagger.technique_probs(p.state, spans)):
            gold.append(((p.aid, s, e), t))
            pred.append(((p.aid, s, e), TECHNIQUE_LABELS[int(np.argmax(probs))]))
    return tc_micro_f1(pred, gold)


def _export_channels(
    model: TechniquesNet, tokenizer: Any, cfg: TrainConfig, run: Path, out: Path, config: dict[str, Any],
    report: Any, *, settings_from: Path | None, check_articles: int,
) -> dict[str, Any]:
    """Per-technique channels: refit the head, then choose every decoding, TC, score and display setting on DEV
    (`techniques_tuning`), or copy them from `settings_from` (release run trained on TRAIN+DEV)."""
    config["extend_to_quotes"] = False  # chosen on DEV for the one-channel model (no gain from quotes)
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2))
    clear_loaded()
    tagger = load_shipped(str(out)).tagger
    train_articles = load_part(cfg, tokenizer, cfg.train_part)
    result: dict[str, Any] = {
        "run": str(run), "size_bytes": report.size_bytes, "channels": model.channels,
        "fp32_max_abs_diff": report.fp32.max_abs_diff, "int8_max_abs_diff": report.int8.max_abs_diff,
    }
    if settings_from is not None:
        features = span_dataset(tagger, train_articles)
        chosen = json.loads((settings_from / CONFIG_FILE).read_text())
        dev_report = json.loads((settings_from / "export_report.json").read_text())
        epochs = int(dev_report["head_refit"]["chosen_epoch"])
        if epochs > 0:  # the refit length chosen on DEV, now over TRAIN+DEV spans
            head, _ = refit_head(model.tc, features, None, seed=cfg.seed, epochs=epochs)
            _save_head(head, out / HEAD_FILE)
        weight = float(dev_report["span_memory"]["weight"])
        memory = build_memory((a.text, a.gold, a.masks) for a in train_articles)
        if weight > 0:
            memory.with_weight(weight).save(out / MEMORY_FILE)
        for key in ("channels", "tc_channel_weight", "score_calibration", "stride", "extend_to_quotes", "threshold",
                    "max_gap", "min_chars", "hysteresis"):
            if key in chosen:
                config[key] = chosen[key]
        config["settings_from"] = str(settings_from)
        (out / CONFIG_FILE).write_text(json.dumps(config, indent=2))
        result.update(settings_from=str(settings_from), head_refit_epochs=epochs, span_memory_weight=weight,
                      span_memory_spans=len(memory))
        (out / "export_report.json").write_text(json.dumps(result, indent=2))
        clear_loaded()
        return result

    dev = load_part(cfg, tokenizer, cfg.dev_part or "dev")
    tagger, head_report = _refit(model, cfg.seed, tagger, train_articles, dev, out)
    passes = dev_passes(tagger, dev)
    # TC of a given span: head, channels or a mix, by DEV TC micro-F1
    by_weight = {}
    for w in (0.0, 0.25, 0.5, 0.75, 1.0):
        by_weight[str(w)] = round(_tc_scores(tagger.with_settings(tc_channel_weight=w), passes), 4)
    tc_w = max((0.0, 0.25, 0.5, 0.75, 1.0), key=lambda w: (by_weight[str(w)], -w))
    tagger = tagger.with_settings(tc_channel_weight=tc_w)
    tagger, memory_report = _span_memory(train_articles, tagger, passes, out)
    lengths, length_report = tune_lengths(tagger, passes)
    channels, si_report = tune_si_thresholds(tagger, passes, lengths)
    tagger = tagger.with_settings(channels=tuple(channels))
    rows = span_hits(tagger, passes)
    calibration, biases = fit_calibration(rows)
    channels = [replace(cs, bias=bias) for cs, bias in zip(channels, biases)]
    tagger = tagger.with_settings(score_calibration=calibration, channels=tuple(channels))
    scored = [(c, tagger.calibrated(score, c), hit) for c, score, _, hit in rows]
    display, display_report = choose_display(scored)
    channels = [replace(cs, display=d) for cs, d in zip(channels, display)]
    tagger = tagger.with_settings(channels=tuple(channels))
    config.update(
        channels=[{k: getattr(cs, k) for k in ("threshold", "hysteresis", "max_gap", "min_chars", "display", "bias")}
                  for cs in channels],
        tc_channel_weight=tc_w, score_calibration=list(calibration),
    )
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2))
    result.update(
        head_refit=head_report, tc_channel_weight={"by_weight": by_weight, "chosen": tc_w},
        span_memory=memory_report,
        lengths=length_report, si=si_report, calibration=list(calibration), calibration_points=len(rows),
        display=display_report,
    )
    (out / "export_report.json").write_text(json.dumps(result, indent=2))
    clear_loaded()
    return result
