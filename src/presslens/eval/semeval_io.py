"""Read and write the SemEval-2020 Task 11 (PTC) file formats.

Why a module of its own: the article files, the label TSVs and the
submission files are the interface to published results, so their exact
conventions live in one place: article ids come from `article<ID>.txt`,
articles are read as UTF-8 with `newline=""` (offsets count `\\r` if present),
offsets are code points with an exclusive end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

_ARTICLE_RE = re.compile(r"^article(?P<id>[^/\\]+)\.txt$")


@dataclass(frozen=True, order=True)
class LabelledSpan:
    """One row of a TC file: `technique` is None for an unlabelled template row (`?`)."""

    article_id: str
    start: int
    end: int
    technique: str | None = None


def article_id(path: Path) -> str:
    """The SemEval article id of `article<ID>.txt`."""
    match = _ARTICLE_RE.match(path.name)
    if match is None:
        raise InputError(str(path), "not a SemEval article file; expected a name like article123.txt")
    return match.group("id")


def read_article(path: Path) -> str:
    """An article's text exactly as the corpus offsets count it."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def read_articles(directory: Path, ids: Iterable[str] | None = None) -> dict[str, str]:
    """All `article<ID>.txt` files of `directory` (or only `ids`), keyed by id, in id order."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(str(directory), "no such directory; pass the folder holding article<ID>.txt files")
    wanted = set(ids) if ids is not None else None
    found: dict[str, str] = {}
    for path in sorted(directory.glob("article*.txt")):
        aid = article_id(path)
        if wanted is None or aid in wanted:
            found[aid] = read_article(path)
    if not found:
        raise InputError(str(directory), "holds no article<ID>.txt files")
    return dict(sorted(found.items(), key=lambda kv: sort_key(kv[0])))


def sort_key(aid: str) -> tuple[int, str]:
    """Numeric ids sort numerically, anything else after them by text."""
    return (int(aid), "") if aid.isdigit() else (1 << 62, aid)


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such label file")
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if line.strip():
                rows.append((number, line.split("\t")))
    return rows


def _int(path: Path, number: int, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InputError(f"{path}:{number}", f"offset {value!r} is not an integer") from None


def read_tc_labels(path: Path) -> list[LabelledSpan]:
    """Rows `ID<TAB>technique<TAB>start<TAB>end`; a technique of `?` reads as None (template)."""
    spans = []
    for number, cols in _rows(path):
        if len(cols) != 4:
            raise InputError(
                f"{path}:{number}", f"expected 4 tab-separated columns (ID, technique, start, end), got {cols!r}"
            )
        aid, technique, start, end = cols
        spans.append(
            LabelledSpan(aid, _int(path, number, start), _int(path, number, end), None if technique == "?" else technique)
        )
    return spans


def read_si_labels(path: Path) -> list[LabelledSpan]:
    """Rows `ID<TAB>start<TAB>end` (extra columns, as in TC files, are not allowed)."""
    spans = []
    for number, cols in _rows(path):
        if len(cols) != 3:
            raise InputError(f"{path}:{number}", f"expected 3 tab-separated columns (ID, start, end), got {cols!r}")
        aid, start, end = cols
        spans.append(LabelledSpan(aid, _int(path, number, start), _int(path, number, end)))
    return spans


def read_labels(path: Path) -> list[LabelledSpan]:
    """A TC or an SI file, told apart by its column count."""
    rows = _rows(path)
    if rows and len(rows[0][1]) == 3:
        return read_si_labels(path)
    return read_tc_labels(path)


def format_si(spans: Iterable[LabelledSpan]) -> str:
    return "".join(f"{s.article_id}\t{s.start}\t{s.end}\n" for s in spans)


def format_tc(spans: Iterable[LabelledSpan]) -> str:
    return "".join(f"{s.article_id}\t{s.technique or '?'}\t{s.start}\t{s.end}\n" for s in spans)


def write_si(path: Path, spans: Iterable[LabelledSpan]) -> None:
    Path(path).write_text(format_si(spans), encoding="utf-8")


def write_tc(path: Path, spans: Iterable[LabelledSpan]) -> None:
    Path(path).write_text(format_tc(spans), encoding="utf-8")
