"""`presslens schema`: print the JSON Schema of the output contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..document import json_schema
from ._apps import app


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the schema to this file.")] = None,
) -> None:
    """Print the JSON Schema that every `--format json` document satisfies.

    Example: presslens schema -o schema/presslens-document.schema.json
    """
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
