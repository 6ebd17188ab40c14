"""Options that several commands share, defined once (like sqlite-utils' `output_options`).

Why Annotated aliases: `analyze` and `claims` take the same inputs and
output options, and each must be parsed and checked the same way in both:
`--published` has one strict parser, `--disable` and `--encoding` are
checked against the registry and the codec table before any model loads,
and `--format` offers exactly the writers registered in `io.writers`. A bad
value is a usage error (exit 2) that names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import ConfigError
from ..io.writers import Product, writer_names
from ..report import writers as _presentations  # noqa: F401  (registers text, html and the checklists)


def parse_published(value: str | dt.date) -> dt.date:
    """`--published` through the library's one date parser (`presslens.api.parse_published`).

    Strict on purpose: `date.fromisoformat` also takes `20210520` and week
    dates, and a trailing typo must not pass as a date. A bad value is a usage error.
    """
    from ..api import parse_published as parse

    try:
        parsed = parse(value)
    except ConfigError as err:
        raise typer.BadParameter(str(err)) from None
    assert parsed is not None
    return parsed


def _check_disable(values: list[str] | None) -> list[str]:
    """Unknown names are a usage error listing the valid ones, found without loading any model."""
    if not values:
        return []
    from ..pipeline import stage_specs

    try:
        stage_specs([], disable=values)  # checks the names; builds no stage
    except ConfigError as err:
        raise typer.BadParameter(str(err)) from None
    return values


def _check_encoding(value: str | None) -> str | None:
    if value is None:
        return None
    from ..io import check_encoding

    try:
        return check_encoding(value)
    except ConfigError as err:
        raise typer.BadParameter(str(err)) from None


def format_option(product: Product, *, help: str) -> Any:
    """The `--format/-f` option of a command, offering the writers registered for `product`."""
    return format_choice(writer_names(product), help=help)


def format_choice(names: Sequence[str], *, help: str) -> Any:
    """The `--format/-f` option offering `names`; any other value is a usage error listing them.

    Why one builder: every command that writes takes the same `-f/--format`
    and `-o/--output`, whether its formats come from the writer registry
    (`analyze`, `claims`) or are the command's own (`actors`, `compare`).
    """

    def parse(value: str) -> str:
        if value not in names:
            raise typer.BadParameter(f"{value!r} is not a format of this command; use one of {', '.join(names)}")
        return value

    return typer.Option("--format", "-f", parser=parse, metavar=f"[{'|'.join(names)}]", help=help)


Paths = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH",
        help="Files (.txt, .html, .htm, .jsonl), folders, - for stdin, web addresses (https://...), "
        "or a .txt file listing only addresses (one a line).",
        show_default=False,
    ),
]
Delay = Annotated[
    float,
    typer.Option("--delay", min=0.0, metavar="SECONDS",
                 help="Seconds between two requests to one site (a longer robots.txt Crawl-delay wins)."),
]
IgnoreRobots = Annotated[
    bool, typer.Option("--ignore-robots", help="Fetch pages that the site's robots.txt disallows (off by default).")
]
Cache = Annotated[
    Path | None,
    typer.Option("--cache", metavar="DIR", help="Keep fetched pages here, gzip-compressed with their fetch time and "
                 "final address; a rerun reads the same bytes. [default: $PRESSLENS_CACHE or ~/.cache/presslens/pages]",
                 show_default=False),
]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Neither read nor keep fetched pages in the cache.")]
Refresh = Annotated[bool, typer.Option("--refresh", help="Fetch pages again even when cached (the cache is updated).")]


def fetch_options(
    *, max_bytes: int, delay: float, ignore_robots: bool, cache: Path | None, no_cache: bool, refresh: bool
) -> Any:
    """The `FetchOptions` the fetching flags describe (the cache folder is only created when a page is kept)."""
    from ..fetch import FetchOptions, default_cache

    folder = None if no_cache else (cache or default_cache())
    return FetchOptions(max_bytes=max_bytes, delay=delay, obey_robots=not ignore_robots, cache=folder, refresh=refresh)
Output = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        metavar="FILE",
        help="Write here instead of stdout. The file is replaced only when the run has produced something "
        "(JSONL keeps its complete lines if the run stops).",
        show_default=False,
    ),
]
Published = Annotated[
    dt.date | None,
    typer.Option(
        "--published",
        parser=parse_published,
        metavar="YYYY-MM-DD",
        help="Publication date YYYY-MM-DD for inputs that carry none (plain text, stdin).",
        show_default=False,
    ),
]
Disable = Annotated[
    list[str] | None,
    typer.Option(
        "--disable",
        metavar="NAME",
        callback=_check_disable,
        help="Skip a layer or stage (repeatable), e.g. --disable techniques. `presslens pipeline` lists them.",
        show_default=False,
    ),
]
MaxBytes = Annotated[
    int, typer.Option("--max-bytes", min=1, metavar="BYTES", help="Reject any article larger than this many bytes.")
]
Encoding = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        metavar="CODEC",
        callback=_check_encoding,
        help="Decode every input with this codec (e.g. cp1252) instead of detecting it.",
        show_default=False,
    ),
]
DocumentFormat = Annotated[
    str,
    format_option(
        "documents",
        help="text: a terminal summary; json; jsonl: one line per article; html: one self-contained report.",
    ),
]
ChecklistFormat = Annotated[
    str, format_option("checklist", help="md: a Markdown table; csv; json: an array of rows.")
]

DEFAULT_DOCUMENT_FORMAT = writer_names("documents")[0]
DEFAULT_CHECKLIST_FORMAT = writer_names("checklist")[0]
