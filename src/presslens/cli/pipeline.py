"""`presslens pipeline`: the stages an analysis runs, what each reads and writes, and why.

Why from a built pipeline (`load_pipeline().explain()`) rather than the
registry: the table then shows exactly what `analyze` with the same
`--disable` would run, and a combination that cannot work fails here the
same way (exit 2).
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..pipeline import load_pipeline
from ._apps import app
from ._options import Disable


@app.command("pipeline")
def pipeline_command(disable: Disable = None) -> None:
    """Print the analysis stages in order: what each requires, uses when present, assigns, and does.

    Example: presslens pipeline --disable techniques
    """
    rows = load_pipeline(disable=tuple(disable or ())).explain()
    Console(soft_wrap=False).print(stages_table(rows))


def stages_table(rows: list[dict[str, Any]]) -> Table:
    """The rows of `Pipeline.explain()` as a table; the `uses` column only when some stage has one."""
    columns = ["stage", "requires"]
    if any(row.get("uses") for row in rows):
        columns.append("uses")
    columns += ["assigns", "description"]
    table = Table(title="presslens pipeline", title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column != "description")
    for row in rows:
        cells = [row[c] for c in columns]
        table.add_row(*(Text("\n".join(c) if isinstance(c, list) else str(c)) for c in cells))
    return table
