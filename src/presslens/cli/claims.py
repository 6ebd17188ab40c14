"""Commands for check-worthy claims: `claims` (checklist), `eval claims`, `train claims`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import defaultdict
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ConfigError, PresslensError
from ._apps import app, eval_app, train_app


class ChecklistFormat(str, Enum):
    md = "md"
    csv = "csv"
    json = "json"


def _check_threshold(threshold: float | None) -> None:
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise ConfigError(f"--threshold must lie between 0 and 1, got {threshold}")


@app.command("claims")
def claims_command(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .html, .htm, .jsonl), folders, or - for stdin.")],
    fmt: Annotated[ChecklistFormat, typer.Option("--format", "-f", help="md table, csv, or json rows.")] = ChecklistFormat.md,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    threshold: Annotated[
        float | None, typer.Option(help="Minimum calibrated score of a listed claim (default: the model's, 0.5).")
    ] = None,
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD for inputs that carry none.")] = None,
) -> None:
    """Print a fact-checking checklist: each claim, its speaker, score, the numbers and dates to verify.

    Examples:

      presslens claims article.txt

      presslens claims news/ --format csv -o checklist.csv
    """
    from ..batch import analyze_paths
    from ..report.checklist import checklist_rows, document_pairs, format_checklist
    from ..document import Document
    from ..pipeline import load_pipeline, registered_stages

    _check_threshold(threshold)
    when = None
    if published is not None:
        try:
            when = dt.date.fromisoformat(published)
        except ValueError:
            raise ConfigError(f"--published must be a date like 2021-05-20, got {published!r}") from None
    if "claims.v1" not in registered_stages():
        raise ConfigError("the claims stage is not installed in this presslens build")
    # Techniques are not part of a checklist: skip the most expensive layer.
    config = {"claims.v1": {"threshold": threshold}} if threshold is not None else None
    pipeline = load_pipeline(disable=("techniques",), config=config)
    docs: list[Document] = []
    failures = 0
    for result in analyze_paths(paths, pipeline=pipeline, published=when):
        if isinstance(result, PresslensError):
            failures += 1
            print(f"presslens: error: {result}", file=sys.stderr, flush=True)
        else:
            docs.append(result)
    text = format_checklist(checklist_rows(document_pairs(docs)), fmt.value)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(f"presslens: wrote {len(document_pairs(docs))} claim(s) from {len(docs)} article(s) to {output}", file=sys.stderr)
    if failures:
        raise typer.Exit(code=2)


@eval_app.command("claims")
def eval_claims_command(
    file: Annotated[Path, typer.Argument(help="JSON array or JSONL of {text, label} (1 = check-worthy claim).")],
    threshold: Annotated[float | None, typer.Option(help="Decision threshold on the calibrated score (default: the model's).")] = None,
    model_dir: Annotated[Path | None, typer.Option(help="Evaluate this model folder instead of the shipped one.")] = None,
    errors: Annotated[int, typer.Option(help="Also print this many misclassified sentences.")] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the balanced subsample.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Precision, recall, F1 (check-worthy class) and accuracy, on the file and on a balanced subsample.

    Example: presslens eval claims tests/data/claims_news_sentences.jsonl --errors 10
    """
    from ..claims.scorer import MODEL_DIR, ClaimScorer
    from ..eval.claims import binary_metrics, evaluate_claims, read_labeled_sentences

    _check_threshold(threshold)
    examples = read_labeled_sentences(file)
    scorer = ClaimScorer.from_directory(model_dir or MODEL_DIR, threshold=threshold)
    result = evaluate_claims(examples, scorer.score, threshold=scorer.threshold, seed=seed)
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
        typer.echo(f"gold {example.label} score {score:.3f}: {example.text}")


@train_app.command("claims")
def train_claims_command(
    data: Path = typer.Option(..., "--data", help="ClaimBuster-style JSON array (or JSONL) of {text, label}."),
    out: Path = typer.Option(..., "--out", help="Folder for model.onnx, tokenizer.json, claims.json, metrics.json."),
    folds: int = typer.Option(5, "--folds", help="Number of stratified cross-validation folds."),
    run_folds: int = typer.Option(
        0, "--run-folds", help="Fine-tune only the first N folds (0 = all); fold 0's model is shipped."
    ),
    method: str = typer.Option("finetune", "--method", help="finetune (MiniLM end to end) or embed (frozen MiniLM + logistic regression)."),
    epochs: int = typer.Option(3, "--epochs", help="Fine-tuning epochs per fold."),
    lr: float = typer.Option(5e-5, "--lr", help="Peak AdamW learning rate."),
    batch_size: int = typer.Option(32, "--batch-size"),
    max_length: int = typer.Option(64, "--max-length", help="Tokens per sentence (longer ones are truncated)."),
    seed: int = typer.Option(13, "--seed", help="Seed for folds, initialisation and shuffling."),
    threads: int = typer.Option(1, "--threads", help="torch CPU threads."),
    run_dir: Path = typer.Option(
        Path("runs/claims"), "--run-dir", help="Checkpoints and held-out margins (resumable)."
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
