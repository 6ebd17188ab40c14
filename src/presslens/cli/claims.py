"""Commands for check-worthy claims: `claims` (checklist), `eval claims`, `train claims`."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ConfigError
from ..io import DEFAULT_MAX_BYTES
from ..io.writers import WriterOptions, get_writer
from ..pipeline import load_pipeline, registered_stages
from ..report.text import printable
from ..report.writers import ChecklistWriter
from ._apps import app, eval_app, train_app
from ._options import (
    DEFAULT_CHECKLIST_FORMAT,
    Cache,
    ChecklistFormat,
    Delay,
    Disable,
    Encoding,
    IgnoreRobots,
    MaxBytes,
    NoCache,
    Output,
    Paths,
    Published,
    Refresh,
    fetch_options,
)
from ._output import finish, run_batch

if TYPE_CHECKING:
    import numpy as np


def _check_threshold(threshold: float | None) -> None:
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise ConfigError(f"--threshold must lie between 0 and 1, got {threshold}")


@app.command("claims")
def claims_command(
    paths: Paths,
    fmt: ChecklistFormat = DEFAULT_CHECKLIST_FORMAT,
    output: Output = None,
    threshold: Annotated[
        float | None, typer.Option(help="Minimum calibrated score of a listed claim (default: the model's, 0.5).")
    ] = None,
    published: Published = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    encoding: Encoding = None,
    disable: Disable = None,
    delay: Delay = 1.0,
    ignore_robots: IgnoreRobots = False,
    cache: Cache = None,
    no_cache: NoCache = False,
    refresh: Refresh = False,
) -> None:
    """Print a fact-checking checklist: each claim, its speaker, score, the numbers and dates to verify.

    Examples:

      presslens claims article.txt

      presslens claims news/ --format csv -o checklist.csv

      presslens claims https://example.org/news/story --format md
    """
    _check_threshold(threshold)
    if "claims.v1" not in registered_stages():
        raise ConfigError("the claims stage is not installed in this presslens build")
    skip = {"techniques", *(disable or ())}  # techniques are not part of a checklist: skip the costliest layer
    if skip & {"claims", "claims.v1"}:
        raise ConfigError("`presslens claims` needs the claims layer; do not --disable it (use `analyze` instead)")
    config = {"claims.v1": {"threshold": threshold}} if threshold is not None else None
    result = run_batch(
        paths,
        spec=get_writer("checklist", fmt),
        output=output,
        options=WriterOptions(),
        load=lambda: load_pipeline(disable=tuple(sorted(skip)), config=config),
        published=published,
        max_bytes=max_bytes,
        encoding=encoding,
        fetch=fetch_options(max_bytes=max_bytes, delay=delay, ignore_robots=ignore_robots, cache=cache,
                            no_cache=no_cache, refresh=refresh),
    )
    claims = result.writer.claims if isinstance(result.writer, ChecklistWriter) else 0
    finish(result, output, wrote=f"{claims} claim(s) from {result.documents} article(s)")


@eval_app.command("claims")
def eval_claims_command(
    file: Annotated[Path, typer.Argument(help="JSON array or JSONL of {text, label} (1 = check-worthy claim).")],
    threshold: Annotated[float | None, typer.Option(help="Decision threshold on the calibrated score (default: the model's).")] = None,
    model_dir: Annotated[Path | None, typer.Option(help="Evaluate this model folder instead of the shipped one.")] = None,
    errors: Annotated[int, typer.Option(help="Also print this many misclassified sentences.")] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the balanced subsample.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
    mask_groups: Annotated[
        bool,
        typer.Option(help="Mask group names as the claims stage does (loads spaCy); --no-mask-groups scores the raw text."),
    ] = True,
) -> None:
    """Precision, recall, F1 (check-worthy class) and accuracy, on the file and on a balanced subsample.

    Example: presslens eval claims tests/data/claims_news_sentences.jsonl --errors 10
    """
    from ..claims.scorer import MODEL_DIR, ClaimScorer
    from ..eval.claims import binary_metrics, evaluate_claims, read_labeled_sentences, training_data_warning

    _check_threshold(threshold)
    examples = read_labeled_sentences(file)
    warning = training_data_warning(file, model_dir or MODEL_DIR)
    if warning is not None:
        typer.echo(f"presslens: warning: {warning}", err=True)
    scorer = ClaimScorer.from_directory(model_dir or MODEL_DIR, threshold=threshold)
    from ..claims.groups import mask_sentences

    def score_texts(texts: list[str]) -> np.ndarray:
        return scorer.score(mask_sentences(texts) if mask_groups else texts)

    result = evaluate_claims(examples, score_texts, threshold=scorer.threshold, seed=seed)
    by_kind: dict[str, list[tuple[int, int]]] = defaultdict(list)
    wrong = {id(e) for e, _ in result.errors}
    for e in examples:
        if e.note:
            by_kind[e.note].append((e.label, e.label if id(e) not in wrong else 1 - e.label))
    kinds = {
        k: binary_metrics([g for g, _ in v], [p for _, p in v]).accuracy for k, v in sorted(by_kind.items())
    }
    if as_json:
        typer.echo(json.dumps({**result.as_dict(), "accuracy_by_kind": kinds}, indent=2))
    else:
        typer.echo(f"{file}: {len(examples)} sentences, threshold {result.threshold:.2f}")
        typer.echo(f"{'subset':<10} {'n':>6} {'pos':>6} {'P':>7} {'R':>7} {'F1':>7} {'acc':>7}")
        for name, m in (("all", result.natural), ("balanced", result.balanced)):
            typer.echo(
                f"{name:<10} {m.n:>6} {m.positives:>6} {m.precision:>7.4f} {m.recall:>7.4f} {m.f1:>7.4f} {m.accuracy:>7.4f}"
            )
        for kind, acc in kinds.items():
            typer.echo(f"  accuracy on {kind}: {acc:.4f} ({len(by_kind[kind])} sentences)")
    for example, score in result.errors[:errors]:
        typer.echo(f"gold {example.label} score {score:.3f}: {printable(example.text)}")


@train_app.command("claims")
def train_claims_command(
    data: Annotated[Path, typer.Option("--data", help="ClaimBuster-style JSON array (or JSONL) of {text, label}.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for model.onnx, tokenizer.json, claims.json, metrics.json.")],
    folds: Annotated[int, typer.Option("--folds", help="Number of stratified cross-validation folds.")] = 5,
    run_folds: Annotated[
        int, typer.Option("--run-folds", help="Fine-tune only the first N folds (0 = all); fold 0's model is shipped.")
    ] = 0,
    method: Annotated[
        str, typer.Option("--method", help="finetune (MiniLM end to end) or embed (frozen MiniLM + logistic regression).")
    ] = "finetune",
    epochs: Annotated[int, typer.Option("--epochs", help="Fine-tuning epochs per fold.")] = 3,
    lr: Annotated[float, typer.Option("--lr", help="Peak AdamW learning rate.")] = 5e-5,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Sentences per training step.")] = 32,
    max_length: Annotated[int, typer.Option("--max-length", help="Tokens per sentence (longer ones are truncated).")] = 64,
    seed: Annotated[int, typer.Option("--seed", help="Seed for folds, initialisation and shuffling.")] = 13,
    threads: Annotated[int, typer.Option("--threads", help="torch CPU threads.")] = 1,
    run_dir: Annotated[Path, typer.Option("--run-dir", help="Checkpoints and held-out margins (resumable).")] = Path(
        "runs/claims"
    ),
) -> None:
    """Cross-validate and train the check-worthiness classifier, export int8 ONNX.

    Example: presslens train claims --data ../shared/data/claimbuster/train.json --out runs/claims/model --folds 5
    """
    from ..train.claims import TrainConfig, train_claims

    cfg = TrainConfig(
        method=method,  # type: ignore[arg-type]
        folds=folds,
        run_folds=run_folds or None,
        epochs=epochs,
        lr=lr,
        batch_size=batch_size,
        max_length=max_length,
        seed=seed,
        threads=threads,
    )
    result = train_claims(data, out, cfg, run_dir, log=lambda line: typer.echo(line))
    typer.echo(json.dumps({k: result[k] for k in ("cross_validation", "calibration", "export")}, indent=2))
