"""The import graph points one way: io/, the layers and compare/ never import report/ or the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "presslens"
LOWER = ("io", "compare", "parse", "entities", "times", "quotes", "techniques", "claims", "voices", "actors")
UPPER = ("report", "cli", "web")


def _imported(path: Path) -> set[str]:
    """Top-level presslens packages a module imports (relative imports resolved)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module and node.module.startswith("presslens."):
                found.add(node.module.split(".")[1])
            elif node.level >= 2 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level >= 2:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("presslens."))
    return found


@pytest.mark.parametrize("package", LOWER)
def test_import_graph_has_no_arrow_up_to_presentation(package):
    arrows = {
        f"{path.relative_to(PACKAGE)} -> {target}"
        for path in (PACKAGE / package).rglob("*.py")
        for target in _imported(path) & set(UPPER)
    }
    assert arrows == set()
