"""The Typer apps that feature modules attach their commands to."""

from __future__ import annotations

import typer

app = typer.Typer(
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
