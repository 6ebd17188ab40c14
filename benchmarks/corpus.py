"""What every benchmark shares: the default corpus, reading it, and peak memory.

The scripts in this folder are run as `python benchmarks/<name>.py`, which puts
this folder on the import path.
"""

from __future__ import annotations

import resource
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ptc" / "train" / "articles"


def load_texts(folder: Path, limit: int | None) -> list[str]:
    """The first `limit` .txt articles of `folder` in name order, read exactly as presslens reads them."""
    files = sorted(folder.glob("*.txt"))[: limit or None]
    if not files:
        raise SystemExit(f"no .txt files in {folder}; pass a folder of articles")
    return [f.read_text(encoding="utf-8") for f in files]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
