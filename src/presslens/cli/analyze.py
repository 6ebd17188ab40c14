"""`presslens analyze`: analyse articles and print a summary, JSON, JSONL or an HTML report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..io import DEFAULT_MAX_BYTES
from ..io.readers import JSONL_SUFFIXES, STDIN
from ..io.writers import WriterOptions, get_writer, output_layers
from ..pipeline import load_pipeline
from ..techniques.stage import MIN_SCORE_MEANING
from ._apps import app
from ._options import (
    DEFAULT_DOCUMENT_FORMAT,
    Cache,
    Delay,
    Disable,
    DocumentFormat,
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


@app.command()
def analyze(
    paths: Paths,
    output: Output = None,
    fmt: DocumentFormat = DEFAULT_DOCUMENT_FORMAT,
    published: Published = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    encoding: Encoding = None,
    tokens: Annotated[bool, typer.Option("--tokens", help="Include the tokens layer in JSON output.")] = False,
    disable: Disable = None,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score", min=0.0, max=1.0,
            help=MIN_SCORE_MEANING,
        ),
    ] = None,
    all_spans: Annotated[
        bool,
        typer.Option(
            "--all-spans",
            help="Show every technique span (the recall-oriented set of SemEval scoring, and every epithet); "
            "spans under their display threshold are marked lane candidate.",
        ),
    ] = False,
    delay: Delay = 1.0,
    ignore_robots: IgnoreRobots = False,
    cache: Cache = None,
    no_cache: NoCache = False,
    refresh: Refresh = False,
) -> None:
    """Analyse articles: who speaks, how they persuade, what is claimed, with character spans.

    Examples:

      presslens analyze article.txt --published 2021-05-20

      presslens analyze news/ --format jsonl -o out.jsonl

      presslens analyze page.html --format html -o report.html

      presslens analyze article.txt --min-score 0.3

      presslens analyze https://example.org/news/story --format html -o story.html

      presslens analyze urls.txt --format jsonl -o out.jsonl --delay 2
    """
    spec = get_writer("documents", fmt)
    options = WriterOptions(
        layers=output_layers(tokens=tokens), single=_single_article(paths), width=None if output is None else 120
    )
    result = run_batch(
        paths,
        spec=spec,
        output=output,
        options=options,
        load=lambda: load_pipeline(disable=tuple(disable or ()), config=_techniques_config(min_score, all_spans)),
        published=published,
        max_bytes=max_bytes,
        encoding=encoding,
        fetch=fetch_options(max_bytes=max_bytes, delay=delay, ignore_robots=ignore_robots, cache=cache,
                            no_cache=no_cache, refresh=refresh),
    )
    finish(result, output, wrote=f"{result.documents} article(s)")


def _techniques_config(min_score: float | None, all_spans: bool) -> dict[str, dict[str, object]] | None:
    """Display options of the techniques stage (None: its precision-first default)."""
    options: dict[str, object] = {}
    if min_score is not None:
        options["min_score"] = min_score
    if all_spans:
        options["all_spans"] = True
    return {"techniques.v1": options} if options else None


def _single_article(paths: list[str]) -> bool:
    """One plain file or stdin: JSON output is one object rather than one line per article."""
    if len(paths) != 1:
        return False
    from ..fetch import is_url
    from ..io.web import url_list

    path = Path(paths[0])
    if is_url(paths[0]):
        return True
    if path.is_file() and path.suffix.lower() == ".txt" and url_list(path, max_bytes=1 << 20) is not None:
        return False
    return paths[0] == STDIN or (path.is_file() and path.suffix.lower() not in JSONL_SUFFIXES)
