"""Cells that a spreadsheet would run as a formula, made inert (CSV injection).

Why: a CSV written by presslens quotes article text, and text chosen by
whoever wrote the article (`=HYPERLINK(...)`, `@SUM(1+1)`, `=cmd|' /C calc'!A0`)
is run by Excel, LibreOffice and Google Sheets when the file is opened.
Following the OWASP advice on CSV injection, a text cell that starts with
`=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe,
which spreadsheets show as text and do not run. Every CSV the project writes
goes through this rule: the claims checklist, `query --format csv` and
`export --format csv` (there as SQL, with the same pattern). The two
written in Python also share `csv_writer`, whose CRLF line ends make the
writer quote a cell that holds a lone carriage return.
"""

from __future__ import annotations

import csv
import re
from typing import Any, TextIO

# The characters a spreadsheet reads as the start of a formula (OWASP's list).
FORMULA_PATTERN = "^[=+\\-@\t\r]"
_FORMULA = re.compile(FORMULA_PATTERN)


def safe_cell(value: Any) -> Any:
    """`value` with a leading apostrophe when it is text a spreadsheet would run; anything else unchanged."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def csv_writer(stream: TextIO) -> Any:
    """A CSV writer with RFC 4180 line ends (CRLF), so that a cell holding a lone CR is quoted.

    Why: Python's writer quotes a cell only for the characters of its line
    terminator; with "\\n" alone, an article id or claim holding a bare "\\r"
    was written unquoted, and every reader split the row there.
    """
    return csv.writer(stream, lineterminator="\r\n")
