"""`presslens eval times`: accuracy of date normalisation on hand-written cases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import InputError
from ..eval.times import evaluate, load_cases
from ..pipeline import load_pipeline
from ..report.text import printable
from ._apps import eval_app


@eval_app.command("times")
def eval_times(
    cases: Annotated[Path, typer.Argument(help="JSONL of {sentence, published, expression, value} cases.")],
    show_errors: Annotated[bool, typer.Option("--errors", help="List the cases that failed.")] = False,
) -> None:
    """Detection and ISO-value accuracy of the times layer.

    Example: presslens eval times tests/data/times_cases_heldout.jsonl --errors
    """
    if not cases.is_file():
        raise InputError(str(cases), "no such file; give a JSONL file of time cases")
    results = evaluate(load_cases(cases), load_pipeline(["parse.v1", "times.v1"]))
    n = len(results)
    if n == 0:
        raise InputError(str(cases), "has no cases")
    detected = sum(r.detected for r in results)
    correct = sum(r.correct for r in results)
    console = Console()
    console.print(f"cases {n}  detected {detected}/{n} ({detected / n:.1%})  value accuracy {correct}/{n} ({correct / n:.1%})")
    if show_errors:
        table = Table("sentence", "expected", "predicted")
        for r in results:
            if not r.correct:
                table.add_row(Text(printable(r.case.sentence)), Text(str(r.case.value)), Text(str(r.predicted)))
        console.print(table)
