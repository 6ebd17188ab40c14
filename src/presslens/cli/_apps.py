"""The Typer apps that feature modules attach their commands to."""

from __future__ import annotations

import sys

import click
import typer
from typer.core import TyperGroup

from ..errors import PresslensError


class PresslensGroup(TyperGroup):
    """Turns every expected failure of any command into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201 - click's signature
        try:
            return super().invoke(ctx)
        except PresslensError as err:
            print(f"presslens: error: {err}", file=sys.stderr)
            ctx.exit(2)


app = typer.Typer(
    cls=PresslensGroup,
    name="presslens",
    help="Who is speaking, how they persuade and what is claimed in news articles, with evidence spans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score presslens against annotated corpora.", no_args_is_help=True)
train_app = typer.Typer(help="Train the models presslens ships (needs the `train` extra).", no_args_is_help=True)
semeval_app = typer.Typer(
    help="Read and write SemEval-2020 Task 11 files, to compare with published results.",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")
app.add_typer(semeval_app, name="semeval")
