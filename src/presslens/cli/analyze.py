"""`presslens analyze`: analyse articles and print a summary, JSON, JSONL or an HTML report."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..batch import analyze_paths
from ..document import Document
from ..errors import ConfigError, PresslensError
from ..io import DEFAULT_MAX_BYTES
from ..io.writers import document_json, output_layers, write_json, write_jsonl_line
from ..pipeline import load_pipeline
from ..report.html import render_report
from ..report.terminal import print_summary
from ._apps import app


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    html = "html"


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--published must be a date like 2021-05-20, got {value!r}") from None


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .html, .htm, .jsonl), folders, or - for stdin.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text: terminal summary; json; jsonl; html: one self-contained report.")] = Format.text,
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD for inputs that carry none (plain text).")] = None,
    max_bytes: Annotated[int, typer.Option(help="Reject any article larger than this many bytes.")] = DEFAULT_MAX_BYTES,
    tokens: Annotated[bool, typer.Option("--tokens", help="Include the tokens layer in JSON output.")] = False,
    disable: Annotated[list[str] | None, typer.Option(help="Skip a layer or stage (repeatable), e.g. --disable techniques.")] = None,
) -> None:
    """Analyse articles: who speaks, how they persuade, what is claimed, with character spans.

    Examples:

      presslens analyze article.txt --published 2021-05-20

      presslens analyze news/ --format jsonl -o out.jsonl

      presslens analyze page.html --format html -o report.html
    """
    when = parse_date(published)
    if max_bytes <= 0:
        raise ConfigError(f"--max-bytes must be positive, got {max_bytes}")
    err = Console(stderr=True)
    pipeline = load_pipeline(disable=tuple(disable or ()))
    layers = output_layers(tokens=tokens)
    failures: list[str] = []
    html_docs: list[Document] = []
    with ExitStack() as stack:
        out: TextIO = sys.stdout if output is None else stack.enter_context(output.open("w", encoding="utf-8"))
        console = Console(file=out, width=120) if output is not None else Console()
        single = _single_article(paths)
        n_done = 0
        with _progress(err, enabled=output is not None) as advance:
            for result in analyze_paths(paths, pipeline=pipeline, published=when, max_bytes=max_bytes):
                advance()
                if isinstance(result, PresslensError):
                    failures.append(str(result))
                    print(f"presslens: error: {result}", file=sys.stderr, flush=True)
                    continue
                n_done += 1
                if fmt is Format.text:
                    print_summary(result, console=console)
                elif fmt is Format.json and single:
                    write_json(out, document_json(result, layers=layers))
                elif fmt in (Format.json, Format.jsonl):
                    write_jsonl_line(out, document_json(result, layers=layers))
                else:
                    html_docs.append(result)
        if fmt is Format.html:
            out.write(render_report(html_docs, errors=failures))
    if output is not None:
        print(f"presslens: wrote {n_done} article(s) to {output}", file=sys.stderr)
    if failures:
        raise typer.Exit(code=2)


def _single_article(paths: list[str]) -> bool:
    """One plain file or stdin: JSON output is one object rather than one line per article."""
    if len(paths) != 1:
        return False
    path = Path(paths[0])
    return paths[0] == "-" or (path.is_file() and path.suffix.lower() != ".jsonl")


@contextmanager
def _progress(console: Console, *, enabled: bool) -> Iterator[Callable[[], None]]:
    """A live count of analysed articles on stderr when writing to a file from a terminal."""
    if not (enabled and console.is_terminal):
        yield lambda: None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.completed} article(s)"), TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("analyse", total=None)
        yield lambda: bar.advance(task)
