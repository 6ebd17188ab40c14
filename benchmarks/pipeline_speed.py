"""Speed and memory of presslens against a bare spaCy pass over the same texts.

Each measurement runs in a fresh process (so peak RSS is its own) on the same
texts: first a bare `nlp.pipe` of en_core_web_sm, then the presslens pipeline
(by default the foundation layers: base, entities, times; `--stages all` for
every registered layer). Model loading is excluded from the timings; a few
warm-up texts are run first. Prints articles/s, words/s, peak RSS and the
ratio of presslens time to bare spaCy time.

    python benchmarks/pipeline_speed.py                       # PTC training articles
    python benchmarks/pipeline_speed.py DIR --stages all --limit 100
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import time
from pathlib import Path

from corpus import DEFAULT_DIR, load_texts, peak_rss_mb

FOUNDATION = "parse.v1,entities.v1,times.v1"


def _bare_spacy(texts: list[str], batch_size: int) -> dict[str, float]:
    from presslens.parse.spacy_model import load_spacy

    nlp = load_spacy()
    for _ in nlp.pipe(texts[:3]):
        pass
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return {"seconds": time.perf_counter() - start, "rss_mb": peak_rss_mb()}


def _presslens(texts: list[str], batch_size: int, stages: str) -> dict[str, float]:
    from presslens.document import Document
    from presslens.pipeline import load_pipeline

    pipeline = load_pipeline(None if stages == "all" else stages.split(","))
    warm = [Document(id=f"w{i}", text=t) for i, t in enumerate(texts[:3])]
    list(pipeline.pipe(warm, batch_size=batch_size))
    docs = [Document(id=str(i), text=t) for i, t in enumerate(texts)]
    start = time.perf_counter()
    failed = sum(1 for d in pipeline.pipe(docs, batch_size=batch_size) if not isinstance(d, Document))
    return {"seconds": time.perf_counter() - start, "rss_mb": peak_rss_mb(), "failed": failed, "stages": ",".join(pipeline.names)}


def _in_fresh_process(fn, *args):
    with mp.get_context("spawn").Pool(1) as pool:
        return pool.apply(fn, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--stages", default=FOUNDATION, help=f"comma-separated stage names, or 'all' (default {FOUNDATION})")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    texts = load_texts(args.folder, args.limit)
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words:,} words from {args.folder} (cpus: {os.cpu_count()})")
    bare = _in_fresh_process(_bare_spacy, texts, args.batch_size)
    ours = _in_fresh_process(_presslens, texts, args.batch_size, args.stages)
    for name, r in (("bare spaCy nlp.pipe", bare), (f"presslens [{ours['stages']}]", ours)):
        print(
            f"{name:60s} {len(texts) / r['seconds']:7.2f} articles/s {words / r['seconds']:9.0f} words/s "
            f"peak RSS {r['rss_mb']:6.0f} MB  ({r['seconds']:.1f} s)"
        )
    if ours.get("failed"):
        print(f"documents that failed: {ours['failed']}")
    print(f"ratio presslens / bare spaCy time: {ours['seconds'] / bare['seconds']:.2f}x")


if __name__ == "__main__":
    main()
