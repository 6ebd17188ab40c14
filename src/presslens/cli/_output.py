"""Run a batch from inputs to one output, for `analyze` and `claims`.

Why here and in this order: the output is checked and opened (its temporary
file created) before the pipeline is built, so a wrong `-o` fails in a second
instead of after the models load; an output that is also an input is refused;
an output inside an input folder is skipped when the folder is read; and
every error while writing becomes one line and exit code 1 (`CommandError`)
rather than a traceback. What happens to the file on failure or interruption
is `io.writers.OutputFile`'s rule.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..batch import analyze_paths
from ..errors import PresslensError
from ..fetch import FetchOptions
from ..io.readers import STDIN
from ..io.writers import DocumentWriter, OutputFile, WriterOptions, WriterSpec
from ..pipeline import Pipeline
from ._apps import CommandError, error_line

_HINTS = {
    errno.ENOSPC: "free some space or write elsewhere with -o",
    errno.EACCES: "choose a file in a folder you can write to",
    errno.EPERM: "choose a file in a folder you can write to",
    errno.EROFS: "the file system is read-only; write elsewhere with -o",
    errno.EISDIR: "give a file name, not a folder",
    errno.ENOENT: "no file can be created there; choose another path",
    errno.EPIPE: "the program reading the output stopped",
    errno.EBADF: "write to a file with -o",
}


@dataclass
class BatchResult:
    """What a batch run did: documents written, the errors of those that failed, and the writer used."""

    writer: DocumentWriter
    documents: int = 0
    failures: list[str] = field(default_factory=list)
    replaced: bool = False


def check_output(output: Path | None, paths: Sequence[str]) -> None:
    """Refuse an output path that cannot work, before anything is loaded.

    A folder or a path in a missing folder is a failure (exit 1); an output
    that is also one of the input files is a usage error (exit 2), because
    writing it would destroy the input.
    """
    if output is None:
        return
    if output.is_dir():
        raise CommandError(f"cannot write {output}: it is a folder; give a file name, e.g. -o {output / 'out.jsonl'}")
    parent = output.resolve().parent
    if not parent.is_dir():
        raise CommandError(f"cannot write {output}: folder {parent} does not exist; create it first or choose another path")
    if output.exists():
        for raw in paths:
            if raw != STDIN and Path(raw).is_file() and os.path.samefile(raw, output):
                raise typer.BadParameter(
                    f"{output} is also an input; writing it would destroy that input, write to another file",
                    param_hint="'-o' / '--output'",
                )


def refuse_own_files(output: Path, protected: Sequence[Path], *, what: str) -> None:
    """Refuse to write `output` when it is one of the files a command reads (exit 2).

    Why also by path, not only by `samefile`: a store's write-ahead log
    (`STORE.wal`) may not exist yet, and a file written there would be read
    back as the log the next time the store opens. Compared after resolving,
    so `./c.duckdb`, an absolute path and a symbolic link all count as the same file.
    """
    target = output.resolve()
    for path in protected:
        same = target == path.resolve() or (output.exists() and path.exists() and os.path.samefile(output, path))
        if same:
            raise typer.BadParameter(
                f"{output} is {what}; writing it would destroy it, write to another file",
                param_hint="'-o' / '--output'",
            )


def store_files(store: Path) -> list[Path]:
    """A DuckDB store and the write-ahead log beside it: what no command may write over."""
    return [store, store.with_name(store.name + ".wal")]


def describe_write_error(err: OSError | UnicodeEncodeError, output: Path | None) -> str:
    """One line saying what could not be written, why, and what to do."""
    where = str(output) if output is not None else "to stdout"
    if isinstance(err, UnicodeEncodeError):
        bad = err.object[err.start : err.start + 1]
        return (
            f"cannot write {where}: its encoding {err.encoding} cannot represent U+{ord(bad):04X}; "
            "set PYTHONIOENCODING=utf-8 or write to a file with -o"
        )
    reason = err.strerror or str(err)
    hint = _HINTS.get(err.errno or 0, "choose another -o path")
    return f"cannot write {where}: {reason}; {hint}"


@contextmanager
def write_errors(output: Path | None) -> Iterator[None]:
    """Turn an error while writing into one line and exit code 1."""
    try:
        yield
    except BrokenPipeError:
        _silence_stdout()
        raise CommandError(describe_write_error(BrokenPipeError(errno.EPIPE, "broken pipe"), None)) from None
    except (OSError, UnicodeEncodeError) as err:
        raise CommandError(describe_write_error(err, output)) from None


@contextmanager
def open_output(output: Path | None, *, streams: bool = False, errors: str = "strict") -> Iterator[OutputFile]:
    """`OutputFile` with its own opening and closing errors (only those) reported as write errors."""
    target = OutputFile(output, streams=streams, errors=errors)
    with write_errors(output):
        target.__enter__()
    try:
        yield target
    except BaseException as exc:
        with write_errors(output):
            target.__exit__(type(exc), exc, exc.__traceback__)
        if target.replaced:
            print(f"presslens: kept the {target.documents} complete article(s) in {output}", file=sys.stderr)
        raise
    with write_errors(output):
        target.__exit__(None, None, None)


def run_batch(
    paths: Sequence[str],
    *,
    spec: WriterSpec,
    output: Path | None,
    options: WriterOptions,
    load: Callable[[], Pipeline],
    published: dt.date | None = None,
    max_bytes: int,
    encoding: str | None,
    fetch: FetchOptions | None = None,
) -> BatchResult:
    """Read, analyse and write every article, reporting each failed one on stderr as it happens."""
    check_output(output, paths)
    err = Console(stderr=True)
    with open_output(output, streams=spec.streams, errors=spec.errors) as target:
        result = BatchResult(writer=spec.factory(target.stream, options))
        pipeline = load()
        with _progress(err, enabled=output is not None) as advance:
            for item in analyze_paths(
                paths,
                pipeline=pipeline,
                published=published,
                max_bytes=max_bytes,
                encoding=encoding,
                exclude=() if output is None else (output,),
                fetch=fetch,
            ):
                advance()
                if isinstance(item, PresslensError):
                    result.failures.append(str(item))
                    error_line(str(item))
                    continue
                with write_errors(output):
                    result.writer.write(item)
                    target.document_done()
        with write_errors(output):
            result.writer.close(errors=result.failures)
    result.documents = target.documents
    result.replaced = target.replaced
    return result


def finish(result: BatchResult, output: Path | None, *, wrote: str) -> None:
    """The closing line on stderr, and exit code 1 when any document failed."""
    if output is None:
        pass
    elif result.documents == 0 and (output.is_file() or not output.exists()):
        state = "left unchanged" if output.exists() else "not written"
        print(f"presslens: nothing was analysed; {output} {state}", file=sys.stderr)
    else:
        print(f"presslens: wrote {wrote} to {output}", file=sys.stderr)
    if result.failures:
        raise typer.Exit(code=1)


@contextmanager
def _progress(console: Console, *, enabled: bool) -> Iterator[Callable[[], None]]:
    """A live count of analysed articles on stderr when writing to a file from a terminal."""
    if not (enabled and console.is_terminal):
        yield lambda: None
        return
    with Progress(
        SpinnerColumn(), TextColumn("{task.completed} article(s)"), TimeElapsedColumn(), console=console, transient=True
    ) as bar:
        task = bar.add_task("analyse", total=None)
        yield lambda: bar.advance(task)


@contextmanager
def counted_progress(what: str, *, console: Console | None = None) -> Iterator[Callable[[int, int], None]]:
    """Progress through a known number of `what` (e.g. "articles") on stderr, as `progress(done, total)`.

    A bar on a terminal; elsewhere (a log, a CI job) a line at every tenth, so a long run is never silent.
    """
    console = console or Console(stderr=True)
    if console.is_terminal:
        with Progress(
            SpinnerColumn(), TextColumn("{task.completed}/{task.total} " + what), BarColumn(), TimeElapsedColumn(),
            console=console, transient=True,
        ) as bar:
            task = bar.add_task(what, total=None)
            yield lambda done, total: bar.update(task, completed=done, total=total)
        return
    shown = 0

    def line(done: int, total: int) -> None:
        nonlocal shown
        tenth = done * 10 // max(total, 1)
        if tenth > shown:
            shown = tenth
            console.print(f"presslens: {done}/{total} {what}", markup=False, highlight=False)

    yield line


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so Python's final flush does not print a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
