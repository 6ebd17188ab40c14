"""What both training commands share: the learning-rate schedule and resuming from a checkpoint.

Why shared: resumable, deterministic training must restore the model, the
optimiser, the schedule and the random state together; doing it in one place
keeps the two trainers from drifting apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch


def warmup_linear_schedule(optimizer: Any, *, total_steps: int, warmup_fraction: float) -> Any:
    """Linear warm-up over `warmup_fraction` of the steps, then linear decay to zero."""
    warm = max(1, int(warmup_fraction * total_steps))
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (total_steps - s) / max(1, total_steps - warm)))
    )


def restore(path: Path, *, model: Any, optimizer: Any, scheduler: Any) -> dict[str, Any]:
    """Load a checkpoint written by a trainer into model, optimiser and schedule; returns the whole dict."""
    state = torch.load(path, weights_only=False, map_location="cpu")  # a run may resume on another device
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    torch.set_rng_state(state["torch_rng"])
    return state
