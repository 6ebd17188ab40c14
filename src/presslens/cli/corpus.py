"""Corpus mode commands: `batch` into a DuckDB store, `store info`, `export`, `report` and `query`.

Each command parses its options, calls `presslens.corpus` and formats what
comes back; the store, the resume rules, the analytics and the report live
in the library. Stores are opened read-only by every command but `batch`,
so several can read one store at once (while no `batch` writes it).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from ..corpus import (
    EXPORT_FORMATS,
    EXPORT_TABLES,
    CorpusStore,
    DefaultPipeline,
    Filters,
    PipelineFactory,
    RunProgress,
    RunSummary,
    analyse_store,
    render_report,
    run_corpus,
)
from ..corpus.analytics import PERIODS
from ..corpus.tables import TABLES
from ..io import DEFAULT_MAX_BYTES
from ..io.csv_safety import csv_writer, safe_cell
from ..optional import require
from ..report.text import printable
from ._apps import CommandError, app, error_line
from ._options import (
    Cache,
    Delay,
    Disable,
    Encoding,
    IgnoreRobots,
    MaxBytes,
    NoCache,
    Published,
    Refresh,
    fetch_options,
    parse_published,
)
from ._output import refuse_own_files, store_files

store_app = typer.Typer(
    help="Look inside a corpus store.\n\nExample: presslens store info --store corpus.duckdb",
    no_args_is_help=True,
)
app.add_typer(store_app, name="store")

StoreOption = Annotated[
    Path, typer.Option("--store", metavar="FILE", help="The corpus store (a DuckDB file).", show_default=False)
]
_QUERY_FORMATS = ("table", "csv", "json")


def _choice(values: Sequence[str], what: str) -> Callable[[str | None], str | None]:
    def parse(value: str | None) -> str | None:
        if value is not None and value not in values:
            raise typer.BadParameter(f"{value!r} is not a {what}; use one of {', '.join(values)}")
        return value

    return parse


def pipeline_factory(disable: Sequence[str]) -> PipelineFactory:
    """The pipeline each worker builds (tests swap this for a light fake)."""
    return DefaultPipeline(disable=tuple(disable))


def dask_client(address: str) -> Any:
    """A `distributed.Client` connected to `address`, or a one-line error saying what to install or check."""
    client = require("distributed").Client  # MissingExtraError names the `dask` extra
    try:
        return client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as err:
        raise CommandError(f"cannot connect to the Dask scheduler at {address}: {err}; is it running?") from None


@app.command("batch")
def batch_command(
    store: StoreOption,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files (.txt, .html, .htm, .jsonl), folders, - for stdin, web addresses, or a .txt file listing "
            "only addresses. Optional with --rerun or --feed.",
            show_default=False,
        ),
    ] = None,
    feed: Annotated[
        list[str] | None,
        typer.Option("--feed", metavar="URL_OR_FILE", help="An RSS or Atom feed (repeatable): analyse its items not "
                     "yet stored; the outlet is the feed's title.", show_default=False),
    ] = None,
    since: Annotated[
        dt.date | None,
        typer.Option("--since", parser=parse_published, metavar="YYYY-MM-DD",
                     help="With --feed: only items published on or after this date (items the feed gives no date are kept).",
                     show_default=False),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-w", min=1, help="Worker processes, each loading the models once. [default: every core]",
                     show_default=False),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option("--dask", metavar="tcp://HOST:PORT", help="Run on this Dask cluster's workers instead.",
                     show_default=False),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", metavar="NAME", help="Outlet of articles whose input names none (files, stdin).",
                     show_default=False),
    ] = None,
    published: Published = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    encoding: Encoding = None,
    disable: Disable = None,
    rerun: Annotated[
        list[str] | None,
        typer.Option("--rerun", metavar="STAGE", help="Re-run this stage or layer (repeatable) on stored articles that "
                     "an older version analysed, with the stages that read its layers.", show_default=False),
    ] = None,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Analyse again the documents the store records as failed.")
    ] = False,
    chunk_size: Annotated[
        int, typer.Option("--chunk-size", min=1, help="Documents per task sent to a worker and per commit.")
    ] = 8,
    delay: Delay = 1.0,
    ignore_robots: IgnoreRobots = False,
    cache: Cache = None,
    no_cache: NoCache = False,
    refresh: Refresh = False,
) -> None:
    """Analyse many articles into a corpus store; run it again to resume where it stopped.

    Articles already in the store (same text and metadata) are skipped, so an
    interrupted run (Ctrl-C, kill -9) resumes without losing or duplicating
    anything it committed. A document that fails is recorded with its error
    and the run goes on (exit code 1 at the end).

    Examples:

      presslens batch news.jsonl --store corpus.duckdb

      presslens batch articles/ --source "Harbour Herald" --published 2024-05-01 --store corpus.duckdb --workers 4

      presslens batch --store corpus.duckdb --rerun techniques

      presslens batch news.jsonl --store corpus.duckdb --dask tcp://scheduler:8786

      presslens batch --feed https://example.org/rss.xml --store corpus.duckdb --since 2024-01-01

      presslens batch urls.txt --store corpus.duckdb --delay 2
    """
    if not paths and not rerun and not feed:
        raise typer.BadParameter(
            "give the articles to analyse, --feed URL_OR_FILE, or --rerun STAGE to re-run stored ones", param_hint="PATHS"
        )
    if since is not None and not feed:
        raise typer.BadParameter("--since filters the items of a --feed; give one", param_hint="'--since'")
    if dask and workers:
        raise typer.BadParameter("--workers sets local processes; with --dask the cluster's workers run", param_hint="'--workers'")
    factory = pipeline_factory(disable or ())
    err = Console(stderr=True)
    client = dask_client(dask) if dask else None
    try:
        with _progress(err) as (on_progress, on_error):
            summary = run_corpus(
                list(paths or []),
                store=store,
                factory=factory,
                workers=workers,
                client=client,
                published=published,
                source=source,
                max_bytes=max_bytes,
                encoding=encoding,
                rerun=tuple(rerun or ()),
                retry_failed=retry_failed,
                chunk_size=chunk_size,
                on_progress=on_progress,
                on_error=on_error,
                feeds=tuple(feed or ()),
                since=since,
                fetch=fetch_options(max_bytes=max_bytes, delay=delay, ignore_robots=ignore_robots, cache=cache,
                                    no_cache=no_cache, refresh=refresh),
            )
    finally:
        if client is not None:
            client.close()
    _report_run(summary, store)
    if summary.failed:
        raise typer.Exit(code=1)


def _report_run(summary: RunSummary, store: Path) -> None:
    parts = []
    if summary.rerun:
        parts.append(f"re-ran {summary.rerun:,}")
    if summary.failed:
        parts.append(f"{summary.failed:,} failed")
    if summary.skipped:
        parts.append(f"{summary.skipped:,} already stored")
    if summary.duplicates:
        parts.append(f"{summary.duplicates:,} duplicate(s) in the input")
    detail = f" ({', '.join(parts)})" if parts else ""
    rate = f", {summary.rate:.2f} articles/s" if summary.rate else ""
    where = {
        "in-process": "in this process",
        "processes": f"on {summary.workers} worker processes",
        "dask": f"on {summary.workers} Dask worker thread(s)",
    }.get(summary.backend, summary.backend)
    print(
        f"presslens: stored {summary.analysed:,} article(s) in {store}{detail} in {_duration(summary.wall_seconds)}"
        f" {where}{rate}",
        file=sys.stderr,
    )
    if summary.stale:
        stages = ", ".join(f"{name} ({count:,})" for name, count in summary.stale)
        print(
            f"presslens: stored articles were analysed by stages this pipeline does not have: {stages}; "
            "re-run them with --rerun STAGE (see presslens store info)",
            file=sys.stderr,
        )


@contextmanager
def _progress(console: Console) -> Iterator[tuple[Callable[[RunProgress], None], Callable[[str], None]]]:
    """A progress bar on a terminal (done, rate, time left, failures); a line every 30 s otherwise."""
    if not console.is_terminal:
        last = [time.monotonic()]

        def line(p: RunProgress) -> None:
            if time.monotonic() - last[0] >= 30:
                last[0] = time.monotonic()
                print(f"presslens: {_status(p)}", file=sys.stderr, flush=True)

        yield line, error_line
        return
    with Progress(
        SpinnerColumn(), BarColumn(), TextColumn("{task.fields[status]}"), console=console, transient=True
    ) as bar:
        task = bar.add_task("batch", total=None, status="reading inputs and loading models…")

        def update(p: RunProgress) -> None:
            bar.update(task, total=p.total, completed=p.done, status=_status(p))

        def error(message: str) -> None:
            bar.console.print(f"presslens: error: {printable(message)}", markup=False, highlight=False)

        yield update, error


def _status(p: RunProgress) -> str:
    total = f"/{p.total:,}" if p.total is not None else ""
    eta = f", about {_duration(p.eta_seconds)} left" if p.eta_seconds is not None else ""
    return f"{p.done:,}{total} done, {p.rate:.2f} articles/s{eta}, {p.failed:,} failed"


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


@store_app.command("info")
def store_info_command(
    store: StoreOption,
    as_json: Annotated[bool, typer.Option("--json", help="Print the facts as one JSON object.")] = False,
    schema: Annotated[bool, typer.Option("--schema", help="Print the tables and their columns instead.")] = False,
) -> None:
    """What a corpus store holds: articles, outlets, dates, rows per layer, stage versions, failures, runs.

    Examples:

      presslens store info --store corpus.duckdb

      presslens store info --store corpus.duckdb --schema
    """
    if schema:
        _print_schema()
        return
    with CorpusStore.open(store, read_only=True) as db:
        info = db.info()
    if as_json:
        print(json.dumps(info, default=str, ensure_ascii=False, indent=2))
        return
    out = Console()
    out.print(f"[bold]{_markup(info['path'])}[/] ({info['bytes'] / 1e6:,.1f} MB, schema version {info['schema_version']})")
    dates = f"{info['first_published'] or '…'} to {info['last_published'] or '…'}"
    out.print(
        f"{info['articles']:,} article(s) from {info['outlets']:,} outlet(s), published {dates}; "
        f"{info['words']:,} words; {info['failures']:,} failed document(s)",
        markup=False, highlight=False,
    )
    rows = Table("layer", "rows", title="Layers")
    for name, count in info["layers"].items():
        rows.add_row(name, f"{count:,}")
    out.print(rows)
    stages = Table("stage", "assigns", "articles", title="Stage versions")
    for s in info["stages"]:
        stages.add_row(_markup(s["stage"]), _markup(", ".join(s["assigns"])), f"{s['articles']:,}")
    out.print(stages)
    runs = Table("run", "started", "status", "backend", "workers", "analysed", "failed", "skipped", title="Recent runs")
    for r in info["runs"]:
        status = r["status"] if r["finished"] or r["status"] != "running" else "running, or killed"
        runs.add_row(str(r["run"]), str(r["started"])[:19], status, r["backend"], str(r["workers"]),
                     f"{r['analysed']:,}", f"{r['failed']:,}", f"{r['skipped']:,}")
    out.print(runs)


def _print_schema() -> None:
    out = Console()
    for table in TABLES:
        grid = Table("column", "type", "meaning", title=f"{table.name}: {table.doc}", title_justify="left")
        for column in table.columns:
            key = " (key)" if column.name in table.primary_key else ""
            grid.add_row(column.name + key, column.type, column.doc)
        out.print(grid)


@app.command("export")
def export_command(
    store: StoreOption,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The file to write; with no --layer, a folder for one file per table.",
                           show_default=False)
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", parser=_choice(EXPORT_FORMATS, "format"), metavar="[parquet|csv|jsonl]",
                          help="parquet, csv (with a header) or jsonl (one JSON object per line).")
    ] = "parquet",
    layer: Annotated[
        str | None,
        typer.Option("--layer", parser=_choice(EXPORT_TABLES, "layer"), metavar="LAYER",
                     help=f"One table: {', '.join(EXPORT_TABLES)}. [default: every table]", show_default=False),
    ] = None,
    where: Annotated[
        str | None,
        typer.Option("--where", metavar="SQL", help="Keep rows matching this SQL condition on the exported columns, "
                     "e.g. \"source = 'Harbour Herald' AND published >= DATE '2024-01-01'\".", show_default=False),
    ] = None,
) -> None:
    """Export the store: one row per span with its article's id, source, title, url and published date.

    Examples:

      presslens export --store corpus.duckdb --layer techniques --format csv -o techniques.csv

      presslens export --store corpus.duckdb --format parquet -o corpus-parquet/

      presslens export --store corpus.duckdb --layer claims --format jsonl --where "voice = 'author'" -o claims.jsonl
    """
    own = store_files(store)
    refuse_own_files(output, own, what="the store being exported")
    if layer is not None:
        if output.is_dir():
            raise CommandError(f"cannot write {output}: it is a folder; give a file name, e.g. -o {output / (layer + '.' + fmt)}")
        if not output.resolve().parent.is_dir():
            raise CommandError(f"cannot write {output}: folder {output.resolve().parent} does not exist; create it first")
        with CorpusStore.open(store, read_only=True, export_dir=output.resolve().parent) as db:
            count = db.export(output, fmt=fmt, table=layer, where=where)  # type: ignore[arg-type]
        print(f"presslens: wrote {count:,} {layer} row(s) to {output}", file=sys.stderr)
        return
    if output.exists() and not output.is_dir():
        raise CommandError(f"cannot write {output}: without --layer the export is a folder of files; give a folder")
    for table in EXPORT_TABLES:
        refuse_own_files(output / f"{table}.{fmt}", own, what="the store being exported")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CommandError(f"cannot create the folder {output}: {err.strerror or err}") from None
    with CorpusStore.open(store, read_only=True, export_dir=output) as db:
        for table in EXPORT_TABLES:
            target = output / f"{table}.{fmt}"
            count = db.export(target, fmt=fmt, table=table, where=where if table != "failures" else None)  # type: ignore[arg-type]
            print(f"presslens: wrote {count:,} {table} row(s) to {target}", file=sys.stderr)


@app.command("report")
def report_command(
    store: StoreOption,
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.", show_default=False)],
    start: Annotated[
        dt.date | None,
        typer.Option("--from", parser=parse_published, metavar="YYYY-MM-DD", help="Articles published on or after.",
                     show_default=False),
    ] = None,
    end: Annotated[
        dt.date | None,
        typer.Option("--to", parser=parse_published, metavar="YYYY-MM-DD", help="Articles published on or before.",
                     show_default=False),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", metavar="NAME", help="Only this outlet (repeatable).", show_default=False),
    ] = None,
    grep: Annotated[
        str | None,
        typer.Option("--grep", metavar="WORD", help="Only articles whose text has this word (any case).", show_default=False),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", parser=_choice(PERIODS, "period"), metavar="[day|week|month|quarter|year]",
                     help="Time step of the charts over time. [default: from the date range]", show_default=False),
    ] = None,
) -> None:
    """A self-contained HTML report: per outlet and over time, voices, speakers, claims and actors.

    Each chart has its table beside it; the file loads nothing from the network.

    Examples:

      presslens report --store corpus.duckdb -o report.html

      presslens report --store corpus.duckdb --from 2024-01-01 --to 2024-06-30 --source "Valley Voice" --grep harbour -o h1.html
    """
    if start and end and start > end:
        raise typer.BadParameter(f"--from {start} is after --to {end}", param_hint="'--from'")
    refuse_own_files(output, store_files(store), what="the store the report reads")
    filters = Filters(start=start, end=end, sources=tuple(source or ()), grep=grep)
    with CorpusStore.open(store, read_only=True) as db:
        html = render_report(analyse_store(db, filters, period=period), store=str(store))
    _write_text(output, html)
    print(f"presslens: wrote the report to {output}", file=sys.stderr)


@app.command("query")
def query_command(
    sql: Annotated[str, typer.Argument(help="Any SQL over the store's tables (see presslens store info --schema).",
                                       show_default=False)],
    store: StoreOption,
    fmt: Annotated[
        str, typer.Option("--format", "-f", parser=_choice(_QUERY_FORMATS, "format"), metavar="[table|csv|json]",
                          help="table: for the terminal; csv with a header; json: an array of objects.")
    ] = "table",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.", show_default=False)
    ] = None,
) -> None:
    """Run SQL on a corpus store and print the result as a table, CSV or JSON.

    Examples:

      presslens query --store corpus.duckdb "SELECT source, count(*) AS articles FROM articles GROUP BY source"

      presslens query --store corpus.duckdb -f csv "SELECT technique, voice, count(*) FROM techniques GROUP BY ALL"
    """
    if output is not None:
        refuse_own_files(output, store_files(store), what="the store being queried")
    with CorpusStore.open(store, read_only=True) as db:
        result = db.query(sql)
    if fmt == "json":
        text = json.dumps(result.dicts(), default=str, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(result.columns)
        writer.writerows([safe_cell(_cell(v)) for v in row] for row in result.rows)
        text = buffer.getvalue()
    else:
        grid = Table(*result.columns, show_lines=False)
        for row in result.rows:
            grid.add_row(*(_markup(printable(str(_cell(v)))) for v in row))
        if output is None:
            Console().print(grid)
            return
        text = _render_table(grid)
    if output is None:
        sys.stdout.write(text)
    else:
        _write_text(output, text)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, default=str, ensure_ascii=False)
    return value


def _render_table(grid: Table) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(grid)
    return console.export_text()


def _markup(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _write_text(path: Path, text: str) -> None:
    """Write `path` whole or not at all (a temporary file renamed over it)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as err:
        raise CommandError(f"cannot write {path}: {err.strerror or err}") from None
    finally:
        if tmp.exists():
            tmp.unlink()
