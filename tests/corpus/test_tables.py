"""The store's schema: every table and column documented, every output layer stored."""

from __future__ import annotations

import re
from pathlib import Path

from presslens.corpus.tables import LAYER_TABLES, TABLES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "corpus.md"


def test_tables_every_table_and_column_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for table in TABLES:
        section = re.search(rf"^### `{table.name}`\n(.*?)(?=^### |\Z)", text, re.M | re.S)
        assert section, f"docs/corpus.md has no section for table {table.name}"
        for column in table.columns:
            assert f"`{column.name}`" in section.group(1), f"{table.name}.{column.name} is not documented"


def test_tables_every_output_layer_has_a_table():
    from presslens.document import DEFAULT_OUTPUT_LAYERS

    assert set(DEFAULT_OUTPUT_LAYERS) <= set(LAYER_TABLES)
