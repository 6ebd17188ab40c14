"""Corpus mode speed: articles/s with 1 and 2 workers, the scaling ratio, and the store's write cost.

    python benchmarks/corpus_speed.py --limit 120                 # measure (full pipeline)
    python benchmarks/corpus_speed.py --make-corpus 5000 -o /tmp/ptc5000.jsonl   # a corpus for a big fill

The corpus replicates the PTC training articles (../shared/data/ptc/train/articles) with invented
outlets and dates, written to a temporary folder (never into the repository). Each configuration
fills a fresh store from the same articles. Printed per configuration:

- articles/s over the whole run (model loading included) and in steady state (from the first commit
  to the last, which leaves the one-off model loading out);
- analysis seconds per article, summed in the workers, and the client's store write seconds per
  article; the write cost is their ratio (target: under 5%);
- the scaling ratio of 2 workers over 1 in steady state (target: at least 1.8 on 2 free cores), and
  the projected time for 1 million articles on N workers from the measured cost per article.

Every run gives onnxruntime one thread per worker (PRESSLENS_ONNX_THREADS=1), so the ratio measures
processes, not threads. On a machine shared with other work the ratio says more about the load than
about presslens: the script prints the load average beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from corpus import DEFAULT_DIR

OUTLETS = (
    "Harbour Herald", "Valley Voice", "Metro Ledger", "Northern Courier", "Capital Dispatch", "Evening Lantern",
    "Coastal Chronicle", "Prairie Post", "Riverside Tribune", "Summit Standard", "Union Observer", "Lakeside Gazette",
)
START = dt.date(2017, 1, 1)


def make_corpus(folder: Path, count: int, out: Path, *, seed: int = 13) -> Path:
    """`count` articles as JSONL: the PTC articles over and over, each copy with its own outlet and date."""
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt articles in {folder}; pass --articles DIR")
    rng = random.Random(seed)
    with out.open("w", encoding="utf-8") as handle:
        for k in range(count):
            path = files[k % len(files)]
            with path.open(encoding="utf-8", newline="") as f:
                text = f.read()
            record = {
                "id": f"{path.stem}-r{k // len(files)}",
                "title": text.split("\n", 1)[0].strip() or None,
                "text": text,
                "source": rng.choice(OUTLETS),
                "published": (START + dt.timedelta(days=rng.randrange(3 * 365))).isoformat(),
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out


def measure(corpus: Path, store: Path, workers: int, chunk_size: int) -> dict[str, float]:
    from presslens.corpus import run_corpus

    commits: list[tuple[float, int]] = []
    summary = run_corpus(
        [corpus], store=store, workers=workers, chunk_size=chunk_size,
        on_progress=lambda p: commits.append((time.monotonic(), p.analysed + p.failed)),
    )
    first_t, first_n = commits[0]
    last_t, last_n = commits[-1]
    steady = (last_n - first_n) / (last_t - first_t) if last_t > first_t else float("nan")
    done = summary.analysed + summary.failed
    return {
        "workers": workers,
        "articles": done,
        "failed": summary.failed,
        "wall_s": summary.wall_seconds,
        "rate": done / summary.wall_seconds,
        "steady_rate": steady,
        "analysis_s_per_article": summary.analysis_seconds / done,
        "cpu_s_per_article": summary.cpu_seconds / done,
        "write_ms_per_article": 1000 * summary.write_seconds / done,
        "write_share": summary.write_seconds / summary.analysis_seconds,
        "store_mb": store.stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=Path, default=DEFAULT_DIR, help="folder of .txt articles to replicate")
    parser.add_argument("--limit", type=int, default=120, help="articles per configuration")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--chunk-size", type=int, default=8)
    parser.add_argument("--make-corpus", type=int, metavar="N", help="only write a corpus of N articles to -o")
    parser.add_argument("-o", "--output", type=Path, help="with --make-corpus: the JSONL file to write")
    args = parser.parse_args()
    if args.make_corpus:
        if args.output is None:
            parser.error("--make-corpus needs -o FILE.jsonl")
        make_corpus(args.articles, args.make_corpus, args.output)
        print(f"wrote {args.make_corpus} articles to {args.output}")
        return

    os.environ["PRESSLENS_ONNX_THREADS"] = "1"
    tmp = Path(tempfile.mkdtemp(prefix="presslens-corpus-bench-"))
    try:
        corpus = make_corpus(args.articles, args.limit, tmp / "corpus.jsonl")
        results = []
        for workers in args.workers:
            load_before = os.getloadavg()[0]
            result = measure(corpus, tmp / f"store-{workers}.duckdb", workers, args.chunk_size)
            result["load_before"] = load_before
            results.append(result)
            print(
                f"{workers} worker(s): {result['articles']:.0f} articles in {result['wall_s']:.1f} s = "
                f"{result['rate']:.2f} articles/s overall, {result['steady_rate']:.2f} in steady state; "
                f"analysis {result['analysis_s_per_article']:.3f} s/article (worker wall time), "
                f"{result['cpu_s_per_article']:.3f} CPU-s/article; store writes "
                f"{result['write_ms_per_article']:.1f} ms/article = {100 * result['write_share']:.2f}% of analysis; "
                f"store {result['store_mb']:.1f} MB; load average before {load_before:.1f} on {os.cpu_count()} cores",
                flush=True,
            )
        by_workers = {r["workers"]: r for r in results}
        if 1 in by_workers and 2 in by_workers:
            ratio = by_workers[2]["steady_rate"] / by_workers[1]["steady_rate"]
            overall = by_workers[2]["rate"] / by_workers[1]["rate"]
            print(f"scaling 2 vs 1 worker(s): {ratio:.2f}x in steady state ({overall:.2f}x overall; target >= 1.8x)")
            cpu_ratio = by_workers[2]["cpu_s_per_article"] / by_workers[1]["cpu_s_per_article"]
            print(
                f"CPU time per article with 2 workers: {cpu_ratio:.2f}x that with 1 (near 1.0: the workers do not "
                "slow each other down, so on 2 free cores the wall-clock ratio approaches 2x)"
            )
            efficiency = min(1.0, ratio / 2)
        else:
            efficiency = 1.0
        cost = by_workers[min(by_workers)]["cpu_s_per_article"]
        print(
            f"projection for 1,000,000 articles at {cost:.3f} CPU-s/article, one free core per worker "
            f"(and at the {efficiency:.0%} parallel efficiency measured here):"
        )
        for n in (1, 2, 8, 32, 128):
            ideal = 1_000_000 * cost / n / 3600
            measured = ideal / (1.0 if n == 1 else efficiency)
            print(f"  {n:>4} worker(s): {ideal:8.1f} h ({ideal / 24:.1f} days); {measured:8.1f} h at the measured efficiency")
        print(json.dumps(results), file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
