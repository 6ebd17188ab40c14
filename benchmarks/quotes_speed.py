"""How much the quotes layer adds to the foundation pipeline's time (budget: at most 30%).

Runs, on the same texts and in one process (models loaded and warmed up
first), the foundation pipeline (base, entities, times) with and without
quotes.v1, alternating the two `--repeats` times and keeping each one's
fastest run, since the machine may be shared. It also times the quotes stage
alone on the already-annotated documents, the figure least disturbed by other
load. Prints both ratios.

    python benchmarks/quotes_speed.py                         # PTC training articles
    python benchmarks/quotes_speed.py ../shared/data/polnear/dev/text --limit 50
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from corpus import DEFAULT_DIR, load_texts

FOUNDATION = ["parse.v1", "entities.v1", "times.v1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    from presslens.document import Document
    from presslens.pipeline import load_pipeline

    texts = load_texts(args.folder, args.limit)
    print(f"{len(texts)} articles, {sum(len(t.split()) for t in texts):,} words from {args.folder}")
    without = load_pipeline(FOUNDATION)
    with_quotes = load_pipeline([*FOUNDATION, "quotes.v1"])
    warm = [Document(id=f"w{i}", text=t) for i, t in enumerate(texts[:3])]
    list(with_quotes.pipe(warm, batch_size=args.batch_size))

    def run(pipeline) -> tuple[float, list]:
        docs = [Document(id=str(i), text=t) for i, t in enumerate(texts)]
        start = time.perf_counter()
        out = list(pipeline.pipe(docs, batch_size=args.batch_size))
        return time.perf_counter() - start, out

    best_without = best_with = float("inf")
    annotated: list = []
    for _ in range(args.repeats):
        seconds, annotated = run(without)
        best_without = min(best_without, seconds)
        seconds, _ = run(with_quotes)
        best_with = min(best_with, seconds)

    quotes_stage = with_quotes.stages[-1][1]
    docs = [d for d in annotated if isinstance(d, Document)]
    start = time.perf_counter()
    n_quotes = sum(len(quotes_stage(d).quotes or []) for d in docs)
    stage_seconds = time.perf_counter() - start

    print(f"foundation [{','.join(FOUNDATION)}]: {best_without:.2f} s (best of {args.repeats})")
    print(f"foundation + quotes.v1:            {best_with:.2f} s (best of {args.repeats})")
    print(f"quotes.v1 stage alone:             {stage_seconds:.2f} s ({n_quotes} quotes)")
    print(f"ratio end to end (with / without):  {best_with / best_without:.3f}")
    print(f"ratio from stage time:              {(best_without + stage_seconds) / best_without:.3f}")


if __name__ == "__main__":
    main()
