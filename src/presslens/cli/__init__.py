"""The `presslens` command line: parse arguments, call the library, format output.

Each module in this package adds the commands of one feature to the shared
Typer apps in `cli._apps` (analysis, evaluation, training, SemEval formats);
this module imports them all and runs the app. Options that several
commands share are defined once in `_options`; reading, analysing and
writing one batch (`analyze`, `claims`) is `_output.run_batch`. Expected
failures become one line on stderr, never a traceback: exit code 1 for a
failure, 2 for a usage error, 130 when interrupted, 143 on SIGTERM and 129
on SIGHUP, each handled like Ctrl-C (`_apps.PresslensGroup`).
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

from ._apps import app, stop_on_signals


def _load_commands() -> None:
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def main() -> None:
    """Console-script entry point."""
    _load_commands()
    stop_on_signals()
    app()


def get_app() -> typer.Typer:
    """The fully assembled Typer app (for tests and docs)."""
    _load_commands()
    return app
