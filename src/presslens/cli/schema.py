"""`presslens schema`: print the JSON Schema of the output contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..document import json_schema
from ._apps import app
from ._output import check_output, open_output, write_errors


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the schema to this file (replaced atomically).")
    ] = None,
) -> None:
    """Print the JSON Schema that every `--format json` document satisfies.

    Example: presslens schema -o schema/presslens-document.schema.json
    """
    check_output(output, [])
    with open_output(output) as target, write_errors(output):
        target.stream.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
        target.document_done()
