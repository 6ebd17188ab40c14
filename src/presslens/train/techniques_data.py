"""Training data of the techniques model: PTC articles, their gold spans and the shuffled windows of each epoch.

Why apart from the training loop: the same articles feed training, the dev
check after each epoch and the export (head refit, span memory, decoding
grid), and none of that needs torch, the model or an optimiser.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..document import TECHNIQUE_LABELS
from ..errors import InputError
from ..eval.ptc_split import split_ids
from ..eval.semeval_io import read_articles, read_tc_labels
from ..models.encoding import Tokens, tokenize_text
from ..techniques.windows import BODY, LABEL_INDEX, mask_ranges, span_slot, training_windows
from .techniques_config import TrainConfig


@dataclass
class Article:
    aid: str
    text: str
    enc: Tokens
    gold: list[tuple[int, int, str]]
    masks: list[tuple[int, int]] = field(default_factory=list)


def group_masks(cfg: TrainConfig, texts: dict[str, str], ids: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Group-name ranges of the articles, found by spaCy once and cached in the run folder.

    Why train on masked text: the shipped model reads every group name as one
    [MASK] token (neutrality); a model that never saw [MASK] in training loses
    accuracy there (held-out SI 0.354 unmasked vs 0.332 masked at inference).
    """
    from ..techniques.group_masks import spacy_group_ranges

    cache = Path(cfg.out) / "group_masks.json"
    known: dict[str, list[list[int]]] = json.loads(cache.read_text()) if cache.exists() else {}
    missing = [aid for aid in ids if aid not in known]
    if missing:
        for aid, ranges in zip(missing, spacy_group_ranges(texts[aid] for aid in missing)):
            known[aid] = [list(r) for r in ranges]
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps(known))
        os.replace(tmp, cache)
    return {aid: [(int(s), int(e)) for s, e in known[aid]] for aid in ids}


def load_part(cfg: TrainConfig, tokenizer: Any, part: str) -> list[Article]:
    data = Path(cfg.data)
    labels_path = data / "labels-tc.tsv"
    articles_dir = data / "articles"
    if not labels_path.is_file() or not articles_dir.is_dir():
        raise InputError(str(data), "expected articles/ and labels-tc.tsv inside (the PTC train folder)")
    texts = read_articles(articles_dir)
    ids = split_ids(texts, part)
    if cfg.limit_articles is not None:
        ids = ids[: cfg.limit_articles]
    gold: dict[str, list[tuple[int, int, str]]] = {}
    for span in read_tc_labels(labels_path):
        gold.setdefault(span.article_id, []).append((span.start, span.end, span.technique or ""))
    masks = group_masks(cfg, texts, ids) if cfg.mask_groups else {}
    mask_id = tokenizer.token_to_id("[MASK]")
    articles = []
    for aid in ids:
        enc = tokenize_text(tokenizer, texts[aid])
        if masks.get(aid):
            enc = mask_ranges(enc, masks[aid], mask_id)
        articles.append(Article(aid, texts[aid], enc, sorted(gold.get(aid, [])), masks.get(aid, [])))
    return articles


def class_weights(articles: list[Article]) -> np.ndarray:
    """Per technique 1/sqrt(frequency in the gold spans), scaled to mean 1 (rare techniques count more)."""
    counts = Counter(t for a in articles for _, _, t in a.gold)
    raw = np.asarray([1.0 / math.sqrt(max(counts.get(label, 0), 1)) for label in TECHNIQUE_LABELS])
    return (raw / raw.mean() if raw.mean() > 0 else raw).astype(np.float32)


@dataclass
class WindowItem:
    article: int
    first: int
    end: int
    spans: list[tuple[tuple[int, int], tuple[int, int], np.ndarray, int]]  # span, context, extra, label


def epoch_items(articles: list[Article], seed: int, epoch: int, sample: float = 1.0) -> list[WindowItem]:
    """This epoch's windows (grid shifted per article and epoch) in a seeded random order."""
    rng = np.random.default_rng([seed, epoch])
    items: list[WindowItem] = []
    for ai, art in enumerate(articles):
        windows = training_windows(len(art.enc), int(rng.integers(1, BODY + 1)))
        per_window: list[list[Any]] = [[] for _ in windows]
        for start, end, technique in art.gold:
            slot = span_slot(art.text, art.enc, windows, list(range(len(windows))), start, end)
            if slot is not None and technique in LABEL_INDEX:
                per_window[slot.row].append((slot.span, slot.context, slot.extra, LABEL_INDEX[technique]))
        items += [WindowItem(ai, a, b, per_window[w]) for w, (a, b) in enumerate(windows)]
    order = rng.permutation(len(items))[: max(1, round(sample * len(items)))]
    return [items[i] for i in order]
