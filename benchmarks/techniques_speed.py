"""Speed and memory of the full `analyze` pipeline with the techniques layer (targets: >= 5 articles/s, < 1 GB).

Each measurement runs in a fresh process (so peak RSS is its own) on the same
texts: (1) a bare spaCy `nlp.pipe` of en_core_web_sm, (2) every registered
stage (what `presslens analyze` runs, techniques.v1 included), timing the
techniques stage alone as well. Model loading is excluded; a few warm-up
texts run first. ONNX threads follow `PRESSLENS_ONNX_THREADS` (default
min(4, cores)). Both processes run as the runtime install does (`scripts/setup`
has no torch): torch is made unimportable in them, because spaCy's thinc
imports it whenever it is installed (the dev set has it for training), which
adds its memory to the peak RSS. `--with-torch` measures the dev install.

    python benchmarks/techniques_speed.py                    # the 371 PTC training articles
    python benchmarks/techniques_speed.py DIR --limit 100
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

from corpus import DEFAULT_DIR, load_texts, peak_rss_mb


def _as_runtime(with_torch: bool) -> None:
    """Make `import torch` fail here, as it does where torch is not installed (the runtime install)."""
    if not with_torch:
        sys.modules["torch"] = None  # type: ignore[assignment]


def _bare_spacy(texts: list[str], batch_size: int, with_torch: bool, queue: mp.Queue) -> None:
    _as_runtime(with_torch)
    from presslens.parse.spacy_model import load_spacy

    nlp = load_spacy()
    list(nlp.pipe(texts[:3]))
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    queue.put({"seconds": time.perf_counter() - start, "rss_mb": peak_rss_mb()})


class _Timed:
    """Wraps a stage to add up the seconds spent in it (the pipeline streams, nothing is kept).

    A stage's own `pipe` (claims batches its sentences) is kept, so timing does
    not change how the pipeline runs it.
    """

    def __init__(self, stage) -> None:
        self.stage = stage
        self.seconds = 0.0
        if hasattr(stage, "pipe"):
            self.pipe = self._pipe

    def __call__(self, doc):
        start = time.perf_counter()
        out = self.stage(doc)
        self.seconds += time.perf_counter() - start
        return out

    def _pipe(self, docs, *, batch_size: int):
        start = time.perf_counter()
        out = list(self.stage.pipe(docs, batch_size=batch_size))
        self.seconds += time.perf_counter() - start
        return out


def _full(texts: list[str], batch_size: int, with_torch: bool, queue: mp.Queue) -> None:
    _as_runtime(with_torch)
    from presslens.document import Document
    from presslens.pipeline import Pipeline, load_pipeline

    pipeline = load_pipeline()  # missing technique model files raise a ModelError naming them
    timers = [_Timed(stage) for _, stage in pipeline.stages]
    pipeline = Pipeline(tuple((spec, timer) for (spec, _), timer in zip(pipeline.stages, timers)))
    warm = [Document(id=f"w{i}", text=t) for i, t in enumerate(texts[:3])]
    list(pipeline.pipe(warm, batch_size=batch_size))
    for timer in timers:
        timer.seconds = 0.0
    docs = (Document(id=str(i), text=t) for i, t in enumerate(texts))
    start = time.perf_counter()
    failed = spans = 0
    for doc in pipeline.pipe(docs, batch_size=batch_size):
        if isinstance(doc, Document):
            spans += len(doc.techniques or [])
        else:
            failed += 1
    seconds = time.perf_counter() - start
    queue.put({
        "seconds": seconds, "rss_mb": peak_rss_mb(), "failed": failed, "stages": ",".join(pipeline.names),
        "stage_seconds": {name: t.seconds for name, t in zip(pipeline.names, timers)},
        "spans": spans, "torch_loaded": sys.modules.get("torch") is not None,
    })


def _measure(target, texts: list[str], batch_size: int, with_torch: bool) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(texts, batch_size, with_torch, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--with-torch", action="store_true",
                        help="let spaCy import torch where it is installed (the dev install), as before")
    args = parser.parse_args()
    texts = load_texts(args.folder, args.limit)
    n = len(texts)
    print(f"{n} articles, {sum(len(t.split()) for t in texts):,} words from {args.folder}")
    bare = _measure(_bare_spacy, texts, args.batch_size, args.with_torch)
    full = _measure(_full, texts, args.batch_size, args.with_torch)
    print(f"bare spaCy nlp.pipe : {n / bare['seconds']:.2f} articles/s, peak RSS {bare['rss_mb']:.0f} MB")
    print(f"full pipeline       : {n / full['seconds']:.2f} articles/s, peak RSS {full['rss_mb']:.0f} MB "
          f"({full['stages']}; failed {full['failed']}; torch imported: {full['torch_loaded']})")
    print("  stage times (they overlap: the parse of the next batch runs beside the later stages of this one)")
    for name, secs in full["stage_seconds"].items():
        print(f"  {name:<16}: {secs:6.1f} s ({100 * secs / full['seconds']:4.1f}%, {n / max(secs, 1e-9):6.2f} articles/s alone)")
    print(f"technique spans     : {full['spans']}")
    print(f"ratio full / bare spaCy time: {full['seconds'] / bare['seconds']:.2f}x")


if __name__ == "__main__":
    main()
