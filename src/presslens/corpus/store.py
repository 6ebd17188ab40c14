"""The corpus store: one embedded DuckDB file holding articles, their layers, stage versions and failures.

Why DuckDB: analytics over millions of span rows are column scans and joins,
which an embedded column store answers in seconds without a server, and it
writes Parquet and CSV natively (`export`).

Why writes are safe to kill: `write` puts a batch of outcomes (every row of
every document in it: its article, its layers, its failure record) in one
transaction, and DuckDB commits a transaction to its write-ahead log
atomically. A run killed with SIGKILL loses at most the batches not yet
committed, and never leaves half a document: an article row exists exactly
when all its layer rows do. `articles.key` and `failures.key` are primary
keys, so a document can never be stored twice; the layer tables have no
index (one on hundreds of millions of span rows would cost more memory than
it saves) and rely on the article's transaction instead.

Only one process may write a store at a time (DuckDB locks the file); any
number may read it when no one writes (`read_only=True`).

Why every connection is locked down: `query` runs whatever SQL it is given,
and DuckDB's SQL can write files anywhere (`COPY ... TO`, `EXPORT DATABASE`),
read any file (`read_text`, `glob`), attach other databases and fetch
extensions or URLs. The store is opened with external access, extension
autoinstall and autoload off and its configuration locked, so SQL sees the
store's own tables and nothing else. The one exception is `export`, which
writes only into a private staging folder made for it (`export_dir`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np

from ..document import Document
from ..errors import ConfigError, StoreError
from ..io.csv_safety import FORMULA_PATTERN
from ..optional import lazy_module
from ..pipeline import StageSpec
from .rows import document_from_rows, with_layer_rows
from .tables import ARTICLES, LAYER_TABLES, TABLES
from .work import Analysed, Failed, Outcome

if TYPE_CHECKING:
    import duckdb
else:  # the `corpus` extra: imported on first use, so the CLI loads without it
    duckdb = lazy_module("duckdb")

SCHEMA_VERSION = "3"
# Older versions this one upgrades in place: version 2 added the page metadata columns of `articles`
# and `quotes.resolved_by` and `techniques.lane`; version 3 the `suggestion_*` columns of `actors`.
_UPGRADABLE = frozenset({"1", "2"})
ExportFormat = Literal["parquet", "csv", "jsonl"]
EXPORT_FORMATS: tuple[str, ...] = get_args(ExportFormat)
EXPORT_TABLES: tuple[str, ...] = ("articles", *LAYER_TABLES, "failures")
# Article metadata put beside every exported layer row.
_EXPORT_META = ("id AS article_id", "source", "title", "url", "published")


@dataclass(frozen=True)
class QueryResult:
    """Column names and rows of a query."""

    columns: list[str]
    rows: list[tuple[Any, ...]]

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


class CorpusStore:
    """An open store. Use `CorpusStore.open(path)` as a context manager."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, path: Path, *, read_only: bool, staging: Path | None = None
    ) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only
        self.staging = staging
        self._uid = itertools.count()
        self._views: list[str] = []

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        read_only: bool = False,
        threads: int | None = None,
        export_dir: str | Path | None = None,
    ) -> CorpusStore:
        """Open (for writing: create if missing) the store at `path`, its SQL confined to the store.

        `export_dir` is the folder `export` may write into (each file is staged
        in a private folder made there, removed on close); without it, `export` is refused.
        """
        path = Path(path)
        if read_only and not path.is_file():
            raise StoreError(
                f"{path}: no corpus store there; create one with: presslens batch INPUT... --store {path}"
            )
        if not read_only and path.is_dir():
            raise StoreError(f"{path}: is a folder; give a file name, e.g. --store {path / 'corpus.duckdb'}")
        if read_only and _older_version(path):
            cls.open(path).close()  # upgrade in place once (a short write), then read as asked
        config: dict[str, str | bool | int | float | list[str]] = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
        if threads:
            config["threads"] = threads
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.Error as err:
            raise StoreError(_open_error(path, err)) from None
        staging = None
        try:
            if export_dir is not None:
                staging = Path(tempfile.mkdtemp(prefix=".presslens-export-", dir=export_dir)).resolve()
                con.execute("SET allowed_directories = ?", [[f"{staging}{os.sep}"]])
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
            store = cls(con, path, read_only=read_only, staging=staging)
            store._check_schema()
        except BaseException as err:
            con.close()
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            if isinstance(err, duckdb.Error):
                raise StoreError(_open_error(path, err)) from None
            if isinstance(err, OSError):
                raise StoreError(f"cannot export into {export_dir}: {err.strerror or err}") from None
            raise
        return store

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)

    # --- schema -----------------------------------------------------------------------------------

    def _check_schema(self) -> None:
        tables = {row[0] for row in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "meta" in tables:
            row = self.con.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
            found = row[0] if row else None
            if found in _UPGRADABLE and not self.read_only:
                self._upgrade()
            elif found != SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: store schema version {found!r}, but this presslens reads version "
                    f"{SCHEMA_VERSION!r}; export it with the presslens that wrote it, or start a new store"
                )
            missing = [t.name for t in TABLES if t.name not in tables]
            if missing and self.read_only:
                raise StoreError(f"{self.path}: store lacks table(s) {', '.join(missing)}; open it once for writing")
        elif tables:
            raise StoreError(
                f"{self.path}: a DuckDB file, but not a presslens corpus store (tables: {', '.join(sorted(tables))}); "
                "give another --store path"
            )
        elif self.read_only:
            raise StoreError(f"{self.path}: an empty database, not a presslens corpus store")
        if self.read_only:
            return
        with self.transaction():
            for table in TABLES:
                self.con.execute(table.ddl())
            self.con.execute(
                "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?), ('created_by', 'presslens')",
                [SCHEMA_VERSION],
            )

    def _upgrade(self) -> None:
        """Add what a newer schema has to an older store: new columns of existing tables, NULL for stored rows.

        Rows are written by column name, so a column added at the end of a table reads and writes alike.
        """
        found: dict[str, set[str]] = {}
        for table, column in self.con.execute("SELECT table_name, column_name FROM duckdb_columns()").fetchall():
            found.setdefault(table, set()).add(column)
        with self.transaction():
            for table in TABLES:
                if table.name not in found:
                    continue  # a new table: created with the others below
                for column in table.columns:
                    if column.name not in found[table.name]:  # every added column may be NULL
                        self.con.execute(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {column.type}')
            self.con.execute("UPDATE meta SET value = ? WHERE name = 'schema_version'", [SCHEMA_VERSION])

    # --- transactions and runs --------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            try:
                self.con.execute("ROLLBACK")
                while self._views:
                    self.con.unregister(self._views.pop())
            except duckdb.Error:
                pass
            raise
        self.con.execute("COMMIT")

    def begin_run(self, *, specs: Sequence[StageSpec], backend: str, workers: int) -> int:
        """Record a new run and the stage versions it uses; returns its number."""
        with self.transaction():
            row = self.con.execute("SELECT coalesce(max(run), 0) + 1 FROM runs").fetchone()
            run = int(row[0]) if row else 1
            self.con.execute(
                "INSERT INTO runs VALUES (?, ?, NULL, 'running', ?, ?, ?, 0, 0, 0)",
                [run, _now(), backend, workers, [s.name for s in specs]],
            )
            for spec in specs:
                self.con.execute(
                    "INSERT OR IGNORE INTO stages VALUES (?, ?, ?, ?, ?, ?)",
                    [spec.name, list(spec.assigns), list(spec.requires), list(spec.uses), spec.description, run],
                )
        return run

    def finish_run(self, run: int, *, status: str, analysed: int, failed: int, skipped: int) -> None:
        with self.transaction():
            self.con.execute(
                "UPDATE runs SET finished = ?, status = ?, analysed = ?, failed = ?, skipped = ? WHERE run = ?",
                [_now(), status, analysed, failed, skipped, run],
            )

    # --- what is done -----------------------------------------------------------------------------

    def done_keys(self) -> set[str]:
        """Keys of every stored article."""
        return {row[0] for row in self.con.execute("SELECT key FROM articles").fetchall()}

    def stored_urls(self) -> set[str]:
        """Addresses of stored articles (as given, and where their fetch ended), to skip fetching them again."""
        rows = self.con.execute(
            "SELECT url FROM articles WHERE url IS NOT NULL UNION SELECT final_url FROM articles WHERE final_url IS NOT NULL"
        ).fetchall()
        return {row[0] for row in rows}

    def failed_keys(self) -> set[str]:
        return {row[0] for row in self.con.execute("SELECT key FROM failures").fetchall()}

    def stale_keys(self, stages: Sequence[str], layers: Sequence[str] = ()) -> list[str]:
        """Stored articles that some stage in `stages` has not analysed (an older version did, or none),
        or that lack one of `layers` (stored before the store kept that layer)."""
        rows = self.con.execute(
            "SELECT key FROM articles WHERE NOT list_has_all(pipeline, ?::VARCHAR[]) "
            "OR NOT list_has_all(layers, ?::VARCHAR[]) ORDER BY key",
            [list(stages), list(layers)],
        ).fetchall()
        return [row[0] for row in rows]

    def stage_layers(self) -> dict[str, tuple[str, ...]]:
        """Every stage version the store knows, with the layers it writes."""
        return {row[0]: tuple(row[1]) for row in self.con.execute("SELECT stage, assigns FROM stages").fetchall()}

    def stale_summary(self, stages: Sequence[str]) -> list[tuple[str, int]]:
        """(stored stage not in `stages`, articles analysed by it), for the 'older stages' hint."""
        rows = self.con.execute(
            "SELECT s, count(*) FROM (SELECT unnest(pipeline) AS s FROM articles) "
            "WHERE NOT list_contains(?::VARCHAR[], s) GROUP BY s ORDER BY s",
            [list(stages)],
        ).fetchall()
        return [(row[0], int(row[1])) for row in rows]

    def load_documents(self, keys: Sequence[str], *, layers: Iterable[str], drop_stages: Iterable[str]) -> list[Document]:
        """Stored articles as documents with the given layers, their pipeline less `drop_stages`."""
        return [with_layer_rows(doc, rows) for doc, rows in self.load_rows(keys, layers=layers, drop_stages=drop_stages)]

    def load_rows(
        self, keys: Sequence[str], *, layers: Iterable[str], drop_stages: Iterable[str]
    ) -> list[tuple[Document, dict[str, list[dict[str, Any]]]]]:
        """Stored articles as (document without layers, its rows of the given layers), in `keys` order.

        Plain rows rather than built layers, so that they can travel to worker
        processes, which build the layers (`rows.with_layer_rows`).
        """
        wanted = [name for name in LAYER_TABLES if name in set(layers)]
        drop = set(drop_stages)
        by_key = {a["key"]: a for a in self._select_in("articles", keys)}
        # Only the layers an article has stored: one it was never analysed for stays absent (None), not empty.
        rows: dict[str, dict[str, list[dict[str, Any]]]] = {
            key: {name: [] for name in wanted if name in by_key[key]["layers"]} for key in keys
        }
        for name in wanted:
            for row in self._select_in(name, keys):
                if name in rows[row["key"]]:
                    rows[row["key"]][name].append(row)
        return [
            (document_from_rows(by_key[key], {}, pipeline=[s for s in by_key[key]["pipeline"] if s not in drop]), rows[key])
            for key in keys
        ]

    def _select_in(self, table: str, keys: Sequence[str]) -> list[dict[str, Any]]:
        result = self.con.execute(f"SELECT * FROM {table} WHERE key IN (SELECT unnest(?::VARCHAR[]))", [list(keys)])
        columns = [d[0] for d in result.description]
        return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]

    # --- writing ----------------------------------------------------------------------------------

    def write(self, outcomes: Sequence[Outcome], *, run: int) -> None:
        """Store a batch of outcomes in one transaction: all of it is committed, or none."""
        if not outcomes:
            return
        try:
            with self.transaction():
                self._write(outcomes, run)
        except duckdb.ConstraintException:
            # A document already stored (by a concurrent writer, or twice in one batch): store the rest.
            stored = self.done_keys()
            seen: set[str] = set()
            kept = []
            for o in outcomes:
                if isinstance(o, Analysed) and not o.rerun and (o.key in stored or o.key in seen):
                    continue
                seen.add(o.key)
                kept.append(o)
            with self.transaction():
                self._write(kept, run)
        except duckdb.Error as err:
            raise StoreError(f"{self.path}: cannot write: {_reason(err)}") from None

    def _write(self, outcomes: Sequence[Outcome], run: int) -> None:
        at = _now()
        new = [o for o in outcomes if isinstance(o, Analysed) and not o.rerun]
        reruns = [o for o in outcomes if isinstance(o, Analysed) and o.rerun]
        failed = [o for o in outcomes if isinstance(o, Failed)]
        if new:
            names = [n for n in ARTICLES.names if n not in ("run", "analysed_at")]
            self._insert(
                "articles",
                [*names, "run", "analysed_at"],
                [(*(o.article[n] for n in names), run, at) for o in new],
            )
        for o in reruns:
            self.con.execute(
                "UPDATE articles SET pipeline = ?, layers = list_sort(list_distinct(list_concat(layers, ?))), "
                "run = ?, analysed_at = ? WHERE key = ?",
                [o.article["pipeline"], list(o.layers), run, at, o.key],
            )
        for name, table in LAYER_TABLES.items():
            replaced = [o.key for o in reruns if name in o.layers]
            if replaced:
                self.con.execute(f"DELETE FROM {name} WHERE key IN (SELECT unnest(?::VARCHAR[]))", [replaced])
            rows = [row for o in (*new, *reruns) for row in o.layers.get(name, ())]
            if rows:
                self._insert(name, list(table.names), rows)
        done = [o.key for o in (*new, *reruns)]
        if done:
            self.con.execute("DELETE FROM failures WHERE key IN (SELECT unnest(?::VARCHAR[]))", [done])
        if failed:
            self.con.executemany(
                "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [[f.key, f.id, f.source, f.input, f.stage, f.error, run, at] for f in failed],
            )

    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert many rows at once: columns as NumPy arrays that DuckDB scans (far faster than executemany)."""
        data = {}
        for j, name in enumerate(columns):
            column = np.empty(len(rows), dtype=object)
            column[:] = [row[j] for row in rows]
            data[name] = column
        view = f"_presslens_rows_{next(self._uid)}"
        self.con.register(view, data)
        quoted = ", ".join(f'"{c}"' for c in columns)
        try:
            self.con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM {view}")
        except BaseException:
            self._views.append(view)  # an aborted transaction refuses to unregister it: after the rollback
            raise
        self.con.unregister(view)

    # --- reading ----------------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] | None = None) -> QueryResult:
        """Run any SQL; a mistake in it is a `ConfigError` (usage) with DuckDB's message."""
        try:
            result = self.con.execute(sql, params or [])
            columns = [d[0] for d in result.description] if result.description else []
            rows = result.fetchall() if result.description else []
        except (duckdb.ParserException, duckdb.BinderException, duckdb.CatalogException) as err:
            raise ConfigError(f"bad SQL: {_reason(err)}") from None
        except duckdb.PermissionException as err:
            raise ConfigError(
                f"SQL on a store reads only the store's own tables (no files, URLs, other databases, extensions "
                f"or settings): {_reason(err)}"
            ) from None
        except duckdb.InvalidInputException as err:
            if "configuration has been locked" not in str(err):
                raise StoreError(f"{self.path}: query failed: {_reason(err)}") from None
            raise ConfigError(f"SQL on a store cannot change DuckDB's settings: {_reason(err)}") from None
        except duckdb.Error as err:
            raise StoreError(f"{self.path}: query failed: {_reason(err)}") from None
        return QueryResult(columns, rows)

    def info(self) -> dict[str, Any]:
        """What the store holds: counts per table, dates, outlets, stage versions and recent runs."""
        one = self.con.execute(
            "SELECT count(*), count(DISTINCT source), min(published), max(published), coalesce(sum(words), 0) "
            "FROM articles"
        ).fetchone() or (0, 0, None, None, 0)
        layers = {
            name: int((self.con.execute(f"SELECT count(*) FROM {name}").fetchone() or (0,))[0])
            for name in LAYER_TABLES
        }
        stages = self.query(
            "SELECT s.stage, s.assigns, "
            "(SELECT count(*) FROM articles a WHERE list_contains(a.pipeline, s.stage)) AS articles "
            "FROM stages s ORDER BY s.stage"
        ).dicts()
        runs = self.query(
            "SELECT run, started, finished, status, backend, workers, analysed, failed, skipped "
            "FROM runs ORDER BY run DESC LIMIT 5"
        ).dicts()
        failures = int((self.con.execute("SELECT count(*) FROM failures").fetchone() or (0,))[0])
        return {
            "path": str(self.path),
            "bytes": self.path.stat().st_size if self.path.is_file() else 0,
            "schema_version": SCHEMA_VERSION,
            "articles": int(one[0]),
            "outlets": int(one[1]),
            "first_published": one[2].isoformat() if one[2] else None,
            "last_published": one[3].isoformat() if one[3] else None,
            "words": int(one[4]),
            "failures": failures,
            "layers": layers,
            "stages": stages,
            "runs": runs,
        }

    def export(
        self, output: Path, *, fmt: ExportFormat, table: str, where: str | None = None
    ) -> int:
        """Write one table to `output` (replaced only when complete); returns the rows written.

        Layer rows carry their article's `article_id`, `source`, `title`, `url`
        and `published`; `where` is an SQL condition on the exported columns.
        """
        if fmt not in EXPORT_FORMATS:
            raise ConfigError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        if table not in EXPORT_TABLES:
            raise ConfigError(f"unknown layer {table!r}; use one of {', '.join(EXPORT_TABLES)}")
        if self.staging is None:
            raise StoreError(
                f"{self.path}: opened without an export folder; open it with "
                "CorpusStore.open(..., export_dir=FOLDER) to export into FOLDER"
            )
        select = self.export_sql(table, where=where)
        options = {"parquet": "FORMAT PARQUET", "csv": "FORMAT CSV, HEADER", "jsonl": "FORMAT JSON"}[fmt]
        tmp = self.staging / f"{table}.{next(self._uid)}.{fmt}"
        try:
            count = int((self.con.execute(f"SELECT count(*) FROM ({select})").fetchone() or (0,))[0])
            if fmt == "csv":
                select = self._formula_safe(select)
            self.con.execute(f"COPY ({select}) TO {_literal(str(tmp))} ({options})")
            try:
                os.replace(tmp, output)
            except OSError:  # the staging folder is on another file system than `output`
                shutil.move(tmp, output)
        except (duckdb.ParserException, duckdb.BinderException, duckdb.CatalogException) as err:
            raise ConfigError(f"bad --where condition {where!r}: {_reason(err)}") from None
        except (duckdb.Error, OSError) as err:
            raise StoreError(f"cannot export {table} to {output}: {_reason(err)}") from None
        finally:
            if tmp.exists():
                tmp.unlink()
        return count

    def _formula_safe(self, select: str) -> str:
        """`select` with each text cell that a spreadsheet would run as a formula prefixed with `'`.

        The rule of `io.csv_safety.safe_cell` (OWASP's advice on CSV
        injection), in SQL so that DuckDB still writes the file.
        """
        described = self.con.execute(f"SELECT * FROM ({select}) LIMIT 0").description or []
        text = [d[0] for d in described if str(d[1]) == "VARCHAR"]
        if not text:
            return select
        replace = ", ".join(f"{formula_safe_sql(_ident(c))} AS {_ident(c)}" for c in text)
        return f"SELECT * REPLACE ({replace}) FROM ({select})"

    @staticmethod
    def export_sql(table: str, *, where: str | None = None) -> str:
        """The SELECT that `export` writes: a layer's rows with their article's metadata, in store order."""
        if table == "articles":
            base = "SELECT * FROM articles"
            order = "published, id, key"
        elif table == "failures":
            base = "SELECT * FROM failures"
            order = "key"
        else:
            meta = ", ".join(f"a.{c}" for c in _EXPORT_META)
            base = f"SELECT l.key AS article_key, {meta}, l.* EXCLUDE (key) FROM {table} l JOIN articles a USING (key)"
            order = "article_key, i, j" if "j" in LAYER_TABLES[table].names else "article_key, i"
        condition = f" WHERE ({where})" if where else ""
        return f"SELECT * FROM ({base}){condition} ORDER BY {order}"


def _older_version(path: Path) -> bool:
    """Whether the store at `path` has a schema version this presslens upgrades (checked read-only)."""
    config: dict[str, str | bool | int | float | list[str]] = {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    try:
        con = duckdb.connect(str(path), read_only=True, config=config)
    except duckdb.Error:
        return False  # opening it again says why
    try:
        con.execute("SET enable_external_access = false")
        row = con.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
    except duckdb.Error:
        return False
    finally:
        con.close()
    return row is not None and row[0] in _UPGRADABLE


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def formula_safe_sql(expression: str) -> str:
    """SQL for `io.csv_safety.safe_cell` of a VARCHAR `expression`: a leading = + - @ tab or CR gets an apostrophe."""
    pattern, apostrophe = _literal(FORMULA_PATTERN), _literal("'")
    return f"CASE WHEN regexp_matches({expression}, {pattern}) THEN {apostrophe} || {expression} ELSE {expression} END"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _open_error(path: Path, err: BaseException) -> str:
    """What went wrong opening a store: held by a writer, damaged, or something else."""
    reason = _reason(err)
    lowered = reason.lower()
    if "conflicting lock" in lowered or "could not set lock" in lowered:
        return (
            f"{path}: another process has the store open for writing (a presslens batch run?); wait for it "
            f"to finish, or copy the file and its .wal and read the copy ({reason})"
        )
    if any(word in lowered for word in ("checksum", "corrupt", "not a valid duckdb", "invalid")):
        return (
            f"{path}: cannot open the store: the file is damaged or not a DuckDB store ({reason}); restore it from a backup "
            "or an export, or give another --store path"
        )
    return f"{path}: cannot open the store: {reason}"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _reason(err: BaseException) -> str:
    return " ".join(str(err).split())
