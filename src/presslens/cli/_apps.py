"""The Typer apps that feature modules attach their commands to, and how failures end a command.

Exit codes follow Click's convention, so scripts can tell a mistake in the
command line from a run that failed:

    0    success
    1    failure: unreadable or bad input, a document that failed, a missing
         model, an output that cannot be written
    2    usage error: unknown command or option, a bad option value, an unknown
         stage or layer name (Click's own errors and `ConfigError`)
    130  interrupted (Ctrl-C); what was already written is kept
    143  stopped by SIGTERM (timeout, systemd, docker stop), 129 by SIGHUP;
         handled as Ctrl-C is: what was already written is kept

Each failure is one line on stderr, never a traceback (`PresslensGroup`).
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType
from typing import Any

import typer
from typer.core import TyperGroup

from ..errors import ConfigError, PresslensError
from ..optional import missing_extra
from ..report.text import printable

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = (
    "Exit status: 0 success; 1 failure (bad input, a document that failed, an output that cannot be written); "
    "2 usage error (unknown option, bad option value or stage name); 130 interrupted; 143 SIGTERM, 129 SIGHUP."
)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: unwound like Ctrl-C, so outputs keep what is complete, then exit 128 + signal."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


def stop_on_signals() -> None:
    """Make SIGTERM and SIGHUP stop a command the way Ctrl-C does.

    Why: Python's default for SIGTERM ends the process at once, so the
    `finally` blocks that keep a JSONL output's complete lines and remove
    its temporary file never run. Raising an exception instead unwinds
    through them. Only the main thread can set handlers (tests call
    commands from other threads and leave the defaults).
    """
    if threading.current_thread() is not threading.main_thread():
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Terminated(signum)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), handler)


class CommandError(Exception):
    """A failure outside the library that the user can fix, such as an output that cannot be written (exit 1)."""


def error_line(message: str) -> None:
    """Print one error line on stderr (the message may quote article text: made printable)."""
    print(f"presslens: error: {printable(message)}", file=sys.stderr, flush=True)


class PresslensGroup(TyperGroup):
    """Turns every expected failure of any command into one line on stderr and its exit code."""

    def invoke(self, ctx: Any) -> Any:  # Any: the Context class is private to Typer's vendored click
        try:
            return super().invoke(ctx)
        except ConfigError as err:
            error_line(str(err))
            command = f"presslens {ctx.invoked_subcommand}" if ctx.invoked_subcommand else "presslens"
            print(f"Try '{command} --help' for help.", file=sys.stderr)
            ctx.exit(EXIT_USAGE)
        except (PresslensError, CommandError) as err:
            error_line(str(err))
            ctx.exit(EXIT_FAILURE)
        except ImportError as err:  # a module of an extra that is not installed: say which extra, in one line
            missing = missing_extra(err)
            if missing is None:
                raise
            error_line(str(missing))
            ctx.exit(EXIT_FAILURE)
        except Terminated as stop:
            print(f"presslens: stopped by {signal.Signals(stop.signum).name}", file=sys.stderr, flush=True)
            ctx.exit(128 + stop.signum)
        except KeyboardInterrupt:
            print("presslens: interrupted", file=sys.stderr, flush=True)
            ctx.exit(EXIT_INTERRUPTED)


app = typer.Typer(
    cls=PresslensGroup,
    name="presslens",
    help="Who is speaking, how they persuade and what is claimed in news articles, with evidence spans.\n\n"
    "Example: presslens analyze article.txt --published 2021-05-20",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(
    help="Score presslens against annotated corpora.\n\nExample: presslens eval times tests/data/times_cases_heldout.jsonl",
    no_args_is_help=True,
)
train_app = typer.Typer(
    help="Train the models presslens ships (needs the `train` extra).\n\n"
    "Example: presslens train quote-cues ../shared/data/polnear/train",
    no_args_is_help=True,
)
semeval_app = typer.Typer(
    help="Read and write SemEval-2020 Task 11 files, to compare with published results.\n\n"
    "Example: presslens semeval si ../shared/data/ptc/train/articles -o si-pred.tsv",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")
app.add_typer(semeval_app, name="semeval")
