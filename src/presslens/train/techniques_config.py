"""Settings of one techniques training run (`presslens train techniques`).

Its own module so that the data code (`techniques_data`) and the training
loop (`techniques`) both read it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class TrainConfig:
    data: Path
    out: Path
    seed: int = 13
    epochs: int = 5
    batch_size: int = 8
    lr: float = 5e-5
    head_lr: float = 5e-4
    warmup: float = 0.06
    tc_weight: float = 1.0
    pos_weight: float = 1.0
    train_part: str = "train"  # see presslens.eval.ptc_split
    dev_part: str = "dev"
    threads: int = 2
    max_minutes: float = 85.0
    checkpoint_every: int = 50
    encoder: str | None = None  # folder of a Hugging Face BERT model; None = the MiniLM package
    tiny: bool = False  # a small randomly initialised BERT (tests)
    limit_articles: int | None = None  # tests: only the first N articles of each part
    sample: float = 1.0  # share of the epoch's windows used (seeded), to fit the CPU budget
    freeze_word_embeddings: bool = True  # the 30k x D table: slow to update on CPU, little to gain
    eval_every_epoch: bool = False  # dev check after every epoch (costs minutes) or only after the last
    mask_groups: bool = True  # read group names as [MASK] as at inference (see techniques.group_masks)
    channels: int = 15  # span logits per token: 1 (any technique) or 15 (one per technique + any)
    device: str = "cpu"  # torch device; the recipe fits 90 minutes on 2 CPU cores, "cuda" runs it faster
    save_epochs: bool = True  # write model-epoch<N>.pt after every epoch
    extra: dict[str, Any] = field(default_factory=dict)
