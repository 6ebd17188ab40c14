"""`presslens eval neutrality`: the counterfactual neutrality suite over every layer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ConfigError
from ._apps import CommandError, eval_app
from ._options import Disable


@eval_app.command("neutrality")
def eval_neutrality_command(
    suite_dir: Annotated[
        Path,
        typer.Argument(help="Suite folder: groups.json, templates.jsonl, articles/*.txt (see its README.md)."),
    ],
    tolerance: Annotated[
        float | None, typer.Option(help="Largest claim-score difference that counts as the same (default 0.05).")
    ] = None,
    target: Annotated[
        float | None, typer.Option(help="Fail (exit 1) when a layer's share of differing pairs exceeds this (default 0.01).")
    ] = None,
    worst: Annotated[int, typer.Option(help="List this many templates with the most differing pairs.")] = 5,
    examples: Annotated[int, typer.Option(help="Differing pairs shown per listed template.")] = 1,
    claims_unmasked: Annotated[
        bool, typer.Option("--claims-unmasked", help="Let the claims model read group names (no masking: to measure what the masking changes).")
    ] = False,
    disable: Disable = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Analyse texts that differ only in the group named and print, per layer, the share of pairs whose findings differ.

    Each template is filled for many countries, peoples, religions and parties; the articles are filled for
    two sides and again with the sides exchanged, and must give the mirrored result. Exits 1 when a layer
    is above the target.

    Example: presslens eval neutrality tests/data/neutrality --worst 10
    """
    from ..eval.counterfactuals import load_suite
    from ..eval.neutrality_suite import (
        SCORE_TOLERANCE,
        TARGET,
        format_report,
        load_suite_pipeline,
        pipeline_analyser,
        run_suite,
    )

    tolerance = SCORE_TOLERANCE if tolerance is None else tolerance
    target = TARGET if target is None else target
    for name, value in (("--tolerance", tolerance), ("--target", target)):
        if not 0.0 <= value <= 1.0:
            raise ConfigError(f"{name} must lie between 0 and 1, got {value}")
    suite = load_suite(suite_dir)
    pipeline, notes = load_suite_pipeline(disable=disable or (), mask_claim_groups=not claims_unmasked)
    result = run_suite(suite, pipeline_analyser(pipeline), tolerance=tolerance)
    if as_json:
        typer.echo(json.dumps({**result.as_dict(worst=worst, target=target), "notes": notes}, indent=2))
    else:
        for line in [*notes, *format_report(result, worst=worst, target=target, examples=examples)]:
            typer.echo(line)
    above = result.above(target)
    if above:
        shares = ", ".join(f"{k} {result.layers[k].share:.1%}" for k in above)
        raise CommandError(f"neutrality above the {target:.0%} target on: {shares}")
