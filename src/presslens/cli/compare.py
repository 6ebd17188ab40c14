"""`presslens compare`: articles on one event side by side; `presslens eval claim-matching`: its threshold."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..batch import analyze_paths
from ..errors import ConfigError, InputError, PresslensError
from ..io import DEFAULT_MAX_BYTES
from ..io.readers import JSONL_SUFFIXES
from ..io.writers import json_text
from ._apps import CommandError, app, error_line, eval_app
from ._options import Disable, Encoding, MaxBytes, Output, Paths, Published, format_choice
from ._output import check_output, open_output

FORMATS = ("text", "json", "html")


def _format(fmt: str | None, output: Path | None) -> str:
    """`-f` when given; otherwise guessed from the `-o` suffix (.html, .htm, .json), else text."""
    if fmt is not None:
        return fmt
    suffix = output.suffix.lower() if output is not None else ""
    return {".html": "html", ".htm": "html", ".json": "json"}.get(suffix, "text")


@app.command()
def compare(
    paths: Paths,
    output: Output = None,
    fmt: Annotated[
        str | None,
        format_choice(FORMATS, help="text: a terminal summary; json: one object; html: one self-contained page. "
                      "Default: from the -o suffix (.html, .htm, .json), else text."),
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Print the rules that match actors across articles, and each match.")] = False,
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", min=-1.0, max=1.0, help="Claim similarity at or above which two claims are the same (default: the chosen one)."),
    ] = None,
    published: Published = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    encoding: Encoding = None,
    disable: Disable = None,
) -> None:
    """Compare two or more articles on one event: names and labels per actor, shared and one-sided claims, voices, dates.

    Example: presslens compare ours.txt theirs.txt -f html -o comparison.html
    """
    from ..compare import SAME_CLAIM_THRESHOLD
    from ..compare import compare as build
    from ..compare.encoder import SentenceEncoder
    from ..pipeline import load_pipeline
    from ..report.compare import explain_lines, render_html, render_text

    kind = _format(fmt, output)
    if len(paths) == 1 and Path(paths[0]).is_file() and Path(paths[0]).suffix.lower() not in JSONL_SUFFIXES:
        raise ConfigError(f"compare needs at least two articles; {paths[0]} is one (give two files, a folder or a JSONL file)")
    check_output(output, paths)
    pipeline = load_pipeline(disable=tuple(disable or ()))
    docs = []
    failed = 0
    for item in analyze_paths(paths, pipeline=pipeline, published=published, max_bytes=max_bytes, encoding=encoding):
        if isinstance(item, PresslensError):
            error_line(str(item))
            failed += 1
        else:
            docs.append(item)
    if failed and len(docs) < 2:
        raise CommandError(
            f"{failed} article(s) could not be analysed, which leaves {len(docs)}; nothing compared (it needs two)"
        )
    if len(docs) < 2:
        raise ConfigError(f"compare needs at least two articles; got {len(docs)} from {', '.join(paths)}")
    comparison = build(docs, embedder=SentenceEncoder.from_directory(), threshold=SAME_CLAIM_THRESHOLD if threshold is None else threshold)
    if kind == "json":
        body = json_text(comparison.to_dict(), indent=2) + "\n"
    elif kind == "html":
        body = render_html(comparison)
    else:
        body = render_text(comparison, explain=explain)
    with open_output(output) as target:
        target.stream.write(body)
        target.document_done()
    if explain and kind != "text":
        Console(stderr=True, highlight=False).print("\n".join(explain_lines(comparison)), markup=False)
    if output is not None:
        Console(stderr=True).print(f"presslens: compared {len(docs)} articles into {output}", markup=False, highlight=False)
    if failed:
        # The good articles are compared (a bad one must not cost the rest); the exit code still says some failed.
        print(f"presslens: {failed} article(s) could not be analysed and are not in the comparison", file=sys.stderr)
        raise typer.Exit(code=1)


@eval_app.command("claim-matching")
def eval_claim_matching(
    pairs: Annotated[Path, typer.Argument(help="JSONL of {a, b, same} claim pairs.")],
) -> None:
    """Choose the claim-matching threshold on labelled pairs: best F1, and the shipped threshold's scores.

    Example: presslens eval claim-matching tests/data/compare/claim_pairs.jsonl
    """
    from ..compare.claims import SAME_CLAIM_THRESHOLD, choose_threshold, load_pairs, pair_scores
    from ..compare.encoder import SentenceEncoder

    if not pairs.is_file():
        raise InputError(str(pairs), "no such file; give a JSONL file of {a, b, same} pairs")
    labelled = load_pairs(pairs)
    scores = pair_scores(labelled, SentenceEncoder.from_directory())
    best = choose_threshold(labelled, [float(v) for v in scores])
    same = [s for p, s in zip(labelled, scores) if p.same]
    different = [s for p, s in zip(labelled, scores) if not p.same]
    tp = sum(s >= SAME_CLAIM_THRESHOLD for s in same)
    fp = sum(s >= SAME_CLAIM_THRESHOLD for s in different)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / len(same) if same else 0.0
    print(f"pairs {best.pairs} ({len(same)} same, {len(different)} different)")
    print(f"best threshold {best.threshold:.4f}: precision {best.precision:.3f} recall {best.recall:.3f} F1 {best.f1:.3f}")
    print(f"shipped threshold {SAME_CLAIM_THRESHOLD:.4f}: precision {precision:.3f} recall {recall:.3f}")
