"""Refit the technique head on the features the shipped int8 encoder produces.

Why: the head is trained jointly with the encoder on fp32 token vectors, but
the shipped encoder is int8, whose vectors differ by up to ~0.5 per unit
(see `export_report.json`). Refitting the small head on the int8 features of
the TRAIN gold spans, starting from the jointly trained weights, removes that
mismatch; the refit is kept only if it raises TC micro-F1 on DEV gold spans.
Deterministic under the seed; seconds on CPU (a few thousand spans).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from ..document import TECHNIQUE_LABELS
from ..eval.ptc import tc_micro_f1
from ..techniques.predict import TechniqueTagger
from ..techniques.windows import LABEL_INDEX

log = logging.getLogger("presslens.train.techniques_head")
Key = tuple[str, int, int]


def span_dataset(tagger: TechniqueTagger, articles: Sequence[Any]) -> tuple[np.ndarray, np.ndarray, list[Key]]:
    """Head inputs, technique indices and (article, start, end) of every gold span that holds a token."""
    xs: list[np.ndarray] = []
    ys: list[int] = []
    keys: list[Key] = []
    for art in articles:
        gold = [(s, e, t) for s, e, t in art.gold if t in LABEL_INDEX]
        if not gold:
            continue
        state = tagger.forward(art.text, art.masks)
        features, kept = tagger.span_features(state, [(s, e) for s, e, _ in gold])
        for row, i in zip(features, kept):
            s, e, t = gold[i]
            xs.append(row)
            ys.append(LABEL_INDEX[t])
            keys.append((art.aid, s, e))
    dim = xs[0].shape[0] if xs else 0
    return np.asarray(xs, dtype=np.float32).reshape(len(xs), dim), np.asarray(ys, dtype=np.int64), keys


def _tc(head: nn.Module, x: torch.Tensor, y: np.ndarray, keys: list[Key]) -> float:
    head.eval()
    with torch.no_grad():
        pred = head(x).argmax(dim=-1).numpy()
    head.train()
    return tc_micro_f1(
        [(k, TECHNIQUE_LABELS[int(p)]) for k, p in zip(keys, pred)],
        [(k, TECHNIQUE_LABELS[int(t)]) for k, t in zip(keys, y)],
    )


def refit_head(
    head: nn.Module,
    train: tuple[np.ndarray, np.ndarray, list[Key]],
    dev: tuple[np.ndarray, np.ndarray, list[Key]] | None,
    *,
    seed: int = 13,
    epochs: int = 30,
    lr: float = 3e-4,
    batch_size: int = 64,
) -> tuple[nn.Module, dict[str, Any]]:
    """Fine-tune a copy of `head` on `train` features; return the best head by DEV TC micro-F1 (or `head`).

    With `dev=None` (release runs, whose DEV articles are in `train`) the head after `epochs` epochs is returned.
    """
    torch.manual_seed(seed)
    x, y, _ = train
    dx, dy, dkeys = dev if dev is not None else (x[:1], y[:1], [("", 0, 0)])
    counts = np.bincount(y, minlength=len(TECHNIQUE_LABELS)).astype(np.float64)
    inverse = 1.0 / np.sqrt(np.maximum(counts, 1.0))
    weights = torch.tensor(inverse / inverse.mean(), dtype=torch.float32)
    model = copy.deepcopy(head)
    model.train()
    dev_x = torch.from_numpy(dx)
    best_state, best = copy.deepcopy(head.state_dict()), _tc(model, dev_x, dy, dkeys)
    history = {"0": round(best, 4)}
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    loss_fn = nn.CrossEntropyLoss(weight=weights)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    rng = np.random.default_rng(seed)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(y))
        for i in range(0, len(order), batch_size):
            idx = torch.from_numpy(order[i : i + batch_size])
            loss = loss_fn(model(xt[idx]), yt[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        score = _tc(model, dev_x, dy, dkeys)
        history[str(epoch)] = round(score, 4)
        if score > best:
            best, best_state = score, copy.deepcopy(model.state_dict())
    if dev is not None:
        model.load_state_dict(best_state)
    model.eval()
    chosen = max(history, key=lambda k: (history[k], -int(k)))
    log.info("head refit: dev TC by epoch %s; chose epoch %s", history, chosen)
    return model, {"dev_tc_micro_f1_by_epoch": history, "chosen_epoch": int(chosen), "train_spans": len(y)}
