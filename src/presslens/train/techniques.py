"""Train the techniques model: one MiniLM encoder with a span tagger and a technique head.

Why this design (SemEval-2020 Task 11 lessons, CPU budget):
* one encoder pass serves both tasks, so the shipped ONNX file holds one
  encoder (small package, one inference pass per window);
* span identification (SI) tags every subword token in/out of a span, over
  windows of whole articles (spans that cross sentences are kept); the window
  grid shifts every epoch, so each token is seen with different context;
* technique classification (TC) reads gold spans from the same pass: span
  mean, first token, mean of its line, plus length and repetition features,
  through a small MLP; classes are weighted by inverse square-root frequency
  so rare techniques are not ignored;
* the span decision threshold is chosen on DEV articles (see
  `presslens.eval.ptc_split`) after every epoch.

Deterministic under `seed` (data order, window shifts, initialisation and
dropout) and resumable: a checkpoint with model, optimiser, schedule, RNG
and position is written atomically every `checkpoint_every` steps and at the
end of every epoch; re-running the same command continues from it.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from ..document import TECHNIQUE_LABELS
from ..eval.ptc import macro_f1, per_technique, si_score, tc_micro_f1
from ..models.encoding import Encoded
from ..models.onnx_model import TokenizerModel
from ..techniques.predict import HIDDEN, SPAN_LOGITS, TechniqueTagger
from ..techniques.settings import TaggerSettings
from ..techniques.windows import BODY, MAX_LEN, N_EXTRA, batch_arrays, technique_token_labels, token_labels
from .minilm import minilm_dir
from .resume import restore, warmup_linear_schedule
from .techniques_config import TrainConfig
from .techniques_data import Article, class_weights, epoch_items, load_part

log = logging.getLogger("presslens.train.techniques")
THRESHOLDS = tuple(round(0.15 + 0.05 * i, 2) for i in range(12))  # 0.15 .. 0.70
CHANNEL_THRESHOLDS = (0.2, 0.3, 0.4, 0.5)  # dev check of per-technique models (one threshold for all channels)


def load_tokenizer(encoder_dir: Path) -> Any:
    """The encoder's tokenizer for whole articles: its file's truncation and padding off (windows are cut here)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(encoder_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


class TechniquesNet(nn.Module):
    """Encoder + span tagger + technique head over pooled span features.

    The tagger has `channels` logits per token: 1 (inside any propaganda span)
    or one per technique plus one for any (15), so spans of different
    techniques can nest or overlap, each at its own length.
    """

    def __init__(
        self, encoder: nn.Module, n_labels: int = len(TECHNIQUE_LABELS), hidden: int = 256, channels: int = 1
    ) -> None:
        super().__init__()
        self.encoder: Any = encoder  # a transformers BertModel: its config and embeddings are read below
        self.channels = channels
        bert: Any = encoder
        dim = int(bert.config.hidden_size)
        self.si = nn.Linear(dim, channels)
        self.tc = nn.Sequential(
            nn.Linear(3 * dim + N_EXTRA, hidden),
            nn.GELU(approximate="tanh"),
            nn.Dropout(0.1),
            nn.Linear(hidden, n_labels),
        )

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        logits = self.si(hidden)
        return (logits.squeeze(-1) if self.channels == 1 else logits), hidden


def pool(hidden: torch.Tensor, rows: torch.Tensor, spans: torch.Tensor, ctx: torch.Tensor, extra: torch.Tensor) -> torch.Tensor:
    """Torch twin of `windows.pooled_features`: [span mean, first token, context mean, extra]."""
    csum = torch.cat([torch.zeros_like(hidden[:, :1]), hidden.cumsum(dim=1)], dim=1)
    s, e = spans[:, 0], spans[:, 1]
    cs, ce = ctx[:, 0], ctx[:, 1]
    span_mean = (csum[rows, e] - csum[rows, s]) / (e - s).unsqueeze(-1)
    ctx_mean = (csum[rows, ce] - csum[rows, cs]) / (ce - cs).unsqueeze(-1)
    return torch.cat([span_mean, hidden[rows, s], ctx_mean, extra], dim=-1)


def build_model(cfg: TrainConfig) -> tuple[TechniquesNet, Any]:
    from transformers import BertConfig, BertModel

    encoder_dir = Path(cfg.encoder) if cfg.encoder else minilm_dir()
    tokenizer = load_tokenizer(encoder_dir)
    torch.manual_seed(cfg.seed)
    if cfg.tiny:
        config = BertConfig(
            vocab_size=tokenizer.get_vocab_size(), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
            intermediate_size=64, max_position_embeddings=BODY + 2,
        )
        encoder = BertModel(config, add_pooling_layer=False)
    else:
        encoder = BertModel.from_pretrained(str(encoder_dir), add_pooling_layer=False)
    return TechniquesNet(encoder, channels=cfg.channels), tokenizer


class TorchTechniquesModel(TokenizerModel):
    """The torch model behind the `Model` protocol, so dev checks run the shipped tagger's code path."""

    def __init__(self, net: TechniquesNet, tokenizer: Any) -> None:
        super().__init__(tokenizer.to_str(), max_length=MAX_LEN)
        self.net = net

    @property
    def output_names(self) -> tuple[str, ...]:
        return (SPAN_LOGITS, HIDDEN)

    def run(self, encoded: Encoded) -> dict[str, np.ndarray]:
        device = next(self.net.parameters()).device
        with torch.no_grad():
            logits, hidden = self.net(
                torch.from_numpy(encoded.input_ids).to(device), torch.from_numpy(encoded.attention_mask).to(device)
            )
        return {SPAN_LOGITS: logits.float().cpu().numpy(), HIDDEN: hidden.float().cpu().numpy()}


def torch_tagger(model: TechniquesNet, tokenizer: Any, settings: TaggerSettings = TaggerSettings()) -> TechniqueTagger:
    """A `TechniqueTagger` driven by the torch model (dev checks and export verification)."""

    def classify(features: np.ndarray) -> np.ndarray:
        device = next(model.parameters()).device
        with torch.no_grad():
            return torch.softmax(model.tc(torch.from_numpy(features).to(device)), dim=-1).cpu().numpy()

    return TechniqueTagger(TorchTechniquesModel(model, tokenizer), classify, settings=settings)


def evaluate(model: TechniquesNet, tokenizer: Any, articles: list[Article]) -> dict[str, Any]:
    """SI F1 at every candidate threshold and TC micro-F1 on gold spans."""
    model.eval()
    tagger = torch_tagger(model, tokenizer)
    thresholds = THRESHOLDS if model.channels == 1 else CHANNEL_THRESHOLDS
    preds: dict[float, list[tuple[str, int, int]]] = {t: [] for t in thresholds}
    labelled: dict[float, list[tuple[tuple[str, int, int], str]]] = {t: [] for t in thresholds}
    gold_si, tc_pred, tc_gold = [], [], []
    for art in articles:
        state = tagger.forward(art.text, art.masks)
        for thr in thresholds:
            if model.channels == 1:
                preds[thr] += [(art.aid, s, e) for s, e, _ in tagger.spans(state, thr)]
                continue
            # every technique channel at the same threshold (export chooses one per channel)
            found = tagger.channel_spans(state, [thr] * len(TECHNIQUE_LABELS))
            preds[thr] += [(art.aid, x.start, x.end) for x in found]
            labelled[thr] += [((art.aid, x.start, x.end), TECHNIQUE_LABELS[x.channel]) for x in found]
        spans = [(s, e) for s, e, _ in art.gold]
        probs = tagger.technique_probs(state, spans)
        for (s, e, t), p in zip(art.gold, probs):
            gold_si.append((art.aid, s, e))
            tc_gold.append(((art.aid, s, e), t))
            tc_pred.append(((art.aid, s, e), TECHNIQUE_LABELS[int(np.argmax(p))]))
    si = {thr: si_score(preds[thr], gold_si) for thr in thresholds}
    best = max(thresholds, key=lambda t: si[t].f1)
    model.train()
    extra: dict[str, Any] = {}
    if model.channels > 1:
        by_tech = per_technique(labelled[best], tc_gold, TECHNIQUE_LABELS)
        extra["span_technique_macro_f1"] = round(macro_f1(by_tech), 4)
        extra["span_technique_f1"] = {k: round(v.f1, 4) for k, v in by_tech.items()}
    return {
        **extra,
        "threshold": best,
        "si_f1": si[best].f1,
        "si_precision": si[best].precision,
        "si_recall": si[best].recall,
        "si_f1_by_threshold": {str(t): round(si[t].f1, 4) for t in thresholds},
        "tc_micro_f1": tc_micro_f1(tc_pred, tc_gold),
    }


def _save_atomic(obj: Any, path: Path) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def train(cfg: TrainConfig) -> dict[str, Any]:
    """Train (or resume) and return the summary written to `out/summary.json`."""
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(cfg.threads)
    device = torch.device(cfg.device)
    # CUDA has no deterministic kernel for some ops used here: warn there instead of failing
    torch.use_deterministic_algorithms(True, warn_only=device.type != "cpu")
    model, tokenizer = build_model(cfg)
    model.to(device)
    train_articles = load_part(cfg, tokenizer, cfg.train_part)
    dev_articles = load_part(cfg, tokenizer, cfg.dev_part) if cfg.dev_part else []
    weights = torch.from_numpy(class_weights(train_articles)).to(device)
    steps_per_epoch = math.ceil(len(epoch_items(train_articles, cfg.seed, 0, cfg.sample)) / cfg.batch_size)
    total = steps_per_epoch * cfg.epochs
    if cfg.freeze_word_embeddings:
        model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    head_params = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    optimizer = torch.optim.AdamW(
        [{"params": [p for p in model.encoder.parameters() if p.requires_grad], "lr": cfg.lr}, {"params": head_params, "lr": cfg.head_lr}],
        weight_decay=0.01,
    )
    scheduler = warmup_linear_schedule(optimizer, total_steps=total, warmup_fraction=cfg.warmup)
    state: dict[str, Any] = {"epoch": 0, "step": 0, "global_step": 0, "history": [], "elapsed": 0.0}
    ckpt_path = out / "checkpoint.pt"
    if ckpt_path.exists():
        state = restore(ckpt_path, model=model, optimizer=optimizer, scheduler=scheduler)["state"]
        log.info("resumed from %s at epoch %d step %d", ckpt_path, state["epoch"], state["step"])

    def checkpoint() -> None:
        _save_atomic(
            {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
             "torch_rng": torch.get_rng_state(), "state": state, "config": _jsonable(cfg)},
            ckpt_path,
        )

    bce = nn.BCEWithLogitsLoss(reduction="none", pos_weight=torch.tensor(cfg.pos_weight, device=device))
    label_cache: dict[int, np.ndarray] = {}

    def labels_of(index: int) -> np.ndarray:
        """Token targets of an article: [n] (one channel) or [n, 15] (per technique + any)."""
        if index not in label_cache:
            art = train_articles[index]
            label_cache[index] = (
                token_labels(art.enc, [(s, e) for s, e, _ in art.gold]) if cfg.channels == 1
                else technique_token_labels(art.enc, art.gold)
            )
        return label_cache[index]

    ce = nn.CrossEntropyLoss(weight=weights, reduction="sum")
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    started = time.monotonic() - state["elapsed"]
    model.train()
    stopped = False
    while state["epoch"] < cfg.epochs and not stopped:
        items = epoch_items(train_articles, cfg.seed, state["epoch"], cfg.sample)
        batches = [items[i : i + cfg.batch_size] for i in range(0, len(items), cfg.batch_size)]
        running = []
        while state["step"] < len(batches):
            # dropout noise is seeded per step, so a resumed run repeats an uninterrupted one
            torch.manual_seed(cfg.seed * 100003 + state["epoch"] * 1009 + state["step"])
            batch = batches[state["step"]]
            encs = [train_articles[it.article].enc for it in batch]
            ids, mask = batch_arrays(encs, [(i, it.first, it.end) for i, it in enumerate(batch)], cls_id=cls_id, sep_id=sep_id)
            target = np.zeros(ids.shape if cfg.channels == 1 else (*ids.shape, cfg.channels), dtype=np.float32)
            valid = np.zeros(ids.shape, dtype=np.float32)
            rows, spans, ctxs, extras, labels = [], [], [], [], []
            for r, it in enumerate(batch):
                lab = labels_of(it.article)[it.first : it.end]
                target[r, 1 : 1 + len(lab)] = lab
                valid[r, 1 : 1 + len(lab)] = 1.0
                for span, ctx, extra, label in it.spans:
                    rows.append(r)
                    spans.append(span)
                    ctxs.append(ctx)
                    extras.append(extra)
                    labels.append(label)
            logits, hidden = model(torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device))
            valid_t = torch.from_numpy(valid).to(device)
            per_token = bce(logits, torch.from_numpy(target).to(device))
            if per_token.dim() == 3:  # channels summed per token, so each technique's loss counts fully
                per_token = per_token.sum(dim=-1)
            si_loss = (per_token * valid_t).sum() / valid_t.sum()
            loss = si_loss
            tc_loss = torch.tensor(0.0, device=device)
            if rows:
                feats = pool(hidden, torch.tensor(rows, device=device), torch.tensor(spans, device=device),
                             torch.tensor(ctxs, device=device), torch.from_numpy(np.stack(extras)).to(device))
                y = torch.tensor(labels, device=device)
                tc_loss = ce(model.tc(feats), y) / weights[y].sum()
                loss = loss + cfg.tc_weight * tc_loss
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            state["step"] += 1
            state["global_step"] += 1
            state["elapsed"] = time.monotonic() - started
            running.append((si_loss.item(), tc_loss.item()))
            if state["global_step"] % 10 == 0:
                si_m, tc_m = np.mean(running, axis=0)
                log.info("epoch %d step %d/%d si %.4f tc %.4f %.1f min", state["epoch"], state["step"],
                         len(batches), si_m, tc_m, state["elapsed"] / 60)
                running = []
            if state["global_step"] % cfg.checkpoint_every == 0:
                checkpoint()
            if state["elapsed"] > cfg.max_minutes * 60:
                checkpoint()
                log.info("time budget of %.0f minutes reached; checkpoint written, rerun to resume", cfg.max_minutes)
                stopped = True
                break
        if stopped:
            break
        last = state["epoch"] == cfg.epochs - 1
        wanted = dev_articles and (cfg.eval_every_epoch or last)
        metrics = evaluate(model, tokenizer, dev_articles) if wanted else {}
        metrics["epoch"] = state["epoch"]
        metrics["minutes"] = round((time.monotonic() - started) / 60, 2)
        state["history"].append(metrics)
        log.info("dev after epoch %d: %s", state["epoch"], json.dumps(metrics))
        if cfg.save_epochs:
            torch.save(model.state_dict(), out / f"model-epoch{state['epoch']}.pt")
        state["epoch"] += 1
        state["step"] = 0
        state["elapsed"] = time.monotonic() - started
        checkpoint()
    summary = {"config": _jsonable(cfg), "finished": not stopped, "state": state}
    if state["history"]:
        summary["threshold"] = state["history"][-1].get("threshold", 0.5)
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    return summary


def _jsonable(cfg: TrainConfig) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(cfg).items()}
