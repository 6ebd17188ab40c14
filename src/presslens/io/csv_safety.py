"""Cells that a spreadsheet would run as a formula, made inert (CSV injection).

Why: a CSV written by presslens quotes article text, and text chosen by
whoever wrote the article (`=HYPERLINK(...)`, `@SUM(1+1)`, `=cmd|' /C calc'!A0`)
is run by Excel, LibreOffice and Google Sheets when the file is opened.
Following the OWASP advice on CSV injection, a text cell that starts with
`=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe,
which spreadsheets show as text and do not run. Every CSV the project writes
goes through this rule: the claims checklist, `query --format csv` and
`export --format csv` (there as SQL, with the same pattern).
"""

from __future__ import annotations

import re
from typing import Any

# The characters a spreadsheet reads as the start of a formula (OWASP's list).
FORMULA_PATTERN = "^[=+\\-@\t\r]"
_FORMULA = re.compile(FORMULA_PATTERN)


def safe_cell(value: Any) -> Any:
    """`value` with a leading apostrophe when it is text a spreadsheet would run; anything else unchanged."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value
