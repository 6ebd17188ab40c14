from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from presslens.corpus import CorpusStore, StoreError
from presslens.corpus.store import SCHEMA_VERSION
from presslens.corpus.work import Analysed, Failed, Task, analyse_chunk
from presslens.document import Document
from presslens.errors import ConfigError
from tests.corpus.corpora import article, fill_store, table_rows
from tests.fakes import FakePipeline


def _outcomes(*ids: int) -> list:
    tasks = []
    for i in ids:
        r = article(i)
        doc = Document(id=str(r["id"]), text=str(r["text"]), source=str(r["source"]))
        tasks.append(Task(f"key{i}", doc))
    return analyse_chunk(tasks, FakePipeline()).outcomes


def _count(store: CorpusStore, table: str) -> int:
    return store.query(f"SELECT count(*) FROM {table}").rows[0][0]


def test_store_creates_the_schema_and_records_its_version(tmp_path: Path):
    with CorpusStore.open(tmp_path / "s.duckdb") as store:
        assert store.query("SELECT value FROM meta WHERE name = 'schema_version'").rows == [(SCHEMA_VERSION,)]
        assert _count(store, "articles") == 0


def test_store_write_stores_a_document_with_all_its_layers(tmp_path: Path):
    with CorpusStore.open(tmp_path / "s.duckdb") as store:
        store.write(_outcomes(1, 2), run=1)
        assert _count(store, "articles") == 2
        assert store.query("SELECT count(*) FROM quotes WHERE key = 'key1'").rows == [(1,)]
        assert store.query("SELECT layers FROM articles WHERE key = 'key1'").rows[0][0] == [
            "sentences", "entities", "times", "quotes", "techniques", "claims", "voices",
        ]


def test_store_write_is_all_or_nothing(tmp_path: Path, monkeypatch):
    with CorpusStore.open(tmp_path / "s.duckdb") as store:
        real = store._insert

        def fail_on_claims(table, columns, rows):
            if table == "claims":
                raise duckdb.IOException("disk full")
            real(table, columns, rows)

        monkeypatch.setattr(store, "_insert", fail_on_claims)
        with pytest.raises(StoreError, match="cannot write: disk full"):
            store.write(_outcomes(1), run=1)
        for table in ("articles", "sentences", "entities", "quotes", "techniques", "claims"):
            assert _count(store, table) == 0, table


def test_store_write_never_stores_a_document_twice(tmp_path: Path):
    with CorpusStore.open(tmp_path / "s.duckdb") as store:
        store.write(_outcomes(1), run=1)
        store.write(_outcomes(1, 2), run=2)
        assert _count(store, "articles") == 2
        assert _count(store, "quotes") == 2


def test_store_failure_is_recorded_then_cleared_when_the_document_succeeds(tmp_path: Path):
    with CorpusStore.open(tmp_path / "s.duckdb") as store:
        store.write([Failed("key1", "art-00001", "Valley Voice", "RuntimeError: no", stage="fake-techniques.v1")], run=1)
        assert store.failed_keys() == {"key1"}
        store.write(_outcomes(1), run=2)
        assert store.failed_keys() == set()
        assert store.done_keys() == {"key1"}


def test_store_refuses_a_database_that_is_not_a_store(tmp_path: Path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE people (name VARCHAR)")
    con.close()
    with pytest.raises(StoreError, match="not a presslens corpus store \\(tables: people\\)"):
        CorpusStore.open(path)


def test_store_refuses_another_schema_version(tmp_path: Path):
    path = tmp_path / "s.duckdb"
    CorpusStore.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '99' WHERE name = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="schema version '99', but this presslens reads version '3'"):
        CorpusStore.open(path, read_only=True)


def test_store_read_only_open_of_a_missing_store_says_how_to_make_one(tmp_path: Path):
    with pytest.raises(StoreError, match="no corpus store there; create one with: presslens batch"):
        CorpusStore.open(tmp_path / "none.duckdb", read_only=True)


def test_store_refuses_a_file_that_is_not_duckdb(tmp_path: Path):
    path = tmp_path / "notes.duckdb"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot open the store"):
        CorpusStore.open(path)


def test_store_query_with_bad_sql_is_a_config_error(tmp_path: Path):
    with CorpusStore.open(tmp_path / "s.duckdb") as store, pytest.raises(ConfigError, match="bad SQL"):
        store.query("SELEC 1")


# --- exports ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    return fill_store(tmp_path_factory.mktemp("store"), 12)


def _store_rows(store: Path, table: str) -> list[dict]:
    with CorpusStore.open(store, read_only=True) as db:
        return db.query(CorpusStore.export_sql(table)).dicts()


@pytest.mark.parametrize("table", ["articles", "sentences", "entities", "quotes", "techniques", "claims", "voices"])
def test_store_export_parquet_round_trips(filled: Path, tmp_path: Path, table: str):
    out = tmp_path / f"{table}.parquet"
    with CorpusStore.open(filled, read_only=True, export_dir=tmp_path) as db:
        count = db.export(out, fmt="parquet", table=table)
    back = duckdb.connect().execute(f"SELECT * FROM read_parquet('{out}')")
    columns = [d[0] for d in back.description]
    rows = [dict(zip(columns, r, strict=True)) for r in back.fetchall()]
    assert count == len(rows) > 0
    assert rows == _store_rows(filled, table)


def test_store_export_jsonl_round_trips_with_article_metadata(filled: Path, tmp_path: Path):
    out = tmp_path / "quotes.jsonl"
    with CorpusStore.open(filled, read_only=True, export_dir=tmp_path) as db:
        db.export(out, fmt="jsonl", table="quotes")
        texts = dict(db.query("SELECT key, text FROM articles").rows)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = _store_rows(filled, "quotes")
    assert len(lines) == len(expected) == 12
    for line, row in zip(lines, expected, strict=True):
        assert line == {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
        assert texts[line["article_key"]][line["start"] : line["end"]] == line["text"]
        assert {"article_id", "source", "title", "url", "published"} <= set(line)


def test_store_export_csv_round_trips(filled: Path, tmp_path: Path):
    out = tmp_path / "techniques.csv"
    with CorpusStore.open(filled, read_only=True, export_dir=tmp_path) as db:
        db.export(out, fmt="csv", table="techniques")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = _store_rows(filled, "techniques")
    assert [r["text"] for r in rows] == [r["text"] for r in expected]
    assert [int(r["start"]) for r in rows] == [r["start"] for r in expected]
    assert [r["speaker"] or None for r in rows] == [r["speaker"] for r in expected]


def test_store_export_where_filters_rows(filled: Path, tmp_path: Path):
    out = tmp_path / "t.jsonl"
    with CorpusStore.open(filled, read_only=True, export_dir=tmp_path) as db:
        count = db.export(out, fmt="jsonl", table="techniques", where="voice = 'quoted' AND source = 'Valley Voice'")
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert count == len(lines) == 4
    assert {(x["voice"], x["source"]) for x in lines} == {("quoted", "Valley Voice")}


def test_store_export_bad_where_is_a_config_error_and_writes_nothing(filled: Path, tmp_path: Path):
    out = tmp_path / "t.csv"
    with CorpusStore.open(filled, read_only=True, export_dir=tmp_path) as db, pytest.raises(
        ConfigError, match="bad --where condition"
    ):
        db.export(out, fmt="csv", table="techniques", where="no_such_column = 1")
    assert list(tmp_path.iterdir()) == []


def test_store_export_keeps_the_old_file_when_it_fails(filled: Path, tmp_path: Path):
    out = tmp_path / "t.csv"
    out.write_text("old", encoding="utf-8")
    with CorpusStore.open(filled, read_only=True, export_dir=tmp_path) as db, pytest.raises(ConfigError):
        db.export(out, fmt="csv", table="techniques", where="nonsense(")
    assert out.read_text(encoding="utf-8") == "old"


def test_store_info_counts_rows_stages_and_runs(filled: Path):
    with CorpusStore.open(filled, read_only=True) as db:
        info = db.info()
    assert info["articles"] == 12 and info["outlets"] == 3 and info["failures"] == 0
    assert info["layers"]["quotes"] == 12 and info["layers"]["times"] == 12  # "on Tuesday" in each
    assert {s["stage"]: s["articles"] for s in info["stages"]}["fake-techniques.v1"] == 12
    assert info["runs"][0]["status"] == "finished"


def test_store_table_rows_helper_sees_the_same_store(filled: Path):
    assert len(table_rows(filled, "articles")) == 12
    assert Analysed  # the outcome types are part of what the store writes


def test_store_upgrades_a_version_1_store_in_place(tmp_path):
    """Issue 27: version 2 adds the page metadata columns; an older store gains them, NULL, when opened."""
    import duckdb

    path = tmp_path / "s.duckdb"
    CorpusStore.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE articles DROP COLUMN authors")
    con.execute("UPDATE meta SET value = '1' WHERE name = 'schema_version'")
    con.close()
    with CorpusStore.open(path, read_only=True) as db:
        assert "authors" in db.query("SELECT * FROM articles").columns
        assert db.info()["schema_version"] == "3"


# --- issue 23: SQL sees the store and nothing else ----------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "COPY articles TO '{tmp}/stolen.csv'",
        "EXPORT DATABASE '{tmp}/dump'",
        "SELECT * FROM read_text('{tmp}/secret.txt')",
        "SELECT * FROM glob('{tmp}/*')",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SELECT * FROM read_csv_auto('https://example.invalid/x.csv')",
        "ATTACH '{tmp}/other.duckdb' AS other",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
    ],
)
def test_store_query_cannot_reach_outside_the_store(filled: Path, tmp_path: Path, sql: str):
    (tmp_path / "secret.txt").write_text("the password", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    with CorpusStore.open(filled, read_only=True) as db, pytest.raises(ConfigError, match="SQL on a store"):
        db.query(sql.format(tmp=tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_store_export_writes_only_its_own_file_and_cleans_its_staging(filled: Path, tmp_path: Path):
    out = tmp_path / "t.csv"
    with CorpusStore.open(filled, read_only=True, export_dir=tmp_path) as db:
        with pytest.raises(ConfigError):  # only the private staging folder is writable, and it goes on close
            db.query(f"COPY articles TO '{tmp_path}/x.csv'")
        db.export(out, fmt="csv", table="techniques")
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_store_export_without_an_export_folder_says_how(filled: Path, tmp_path: Path):
    with CorpusStore.open(filled, read_only=True) as db, pytest.raises(StoreError, match="export_dir=FOLDER"):
        db.export(tmp_path / "t.csv", fmt="csv", table="techniques")


def test_store_export_csv_makes_formulas_inert(tmp_path: Path):
    from presslens.corpus import run_corpus
    from tests.corpus.corpora import write_corpus

    corpus = write_corpus(tmp_path / "c.jsonl", 1, extra=[
        {"id": "=HYPERLINK(\"http://x.invalid\")", "text": "@SUM(1+1) was a disaster.", "source": "+cmd|' /C calc'!A0"}
    ])
    store = tmp_path / "s.duckdb"
    run_corpus([str(corpus)], store=store, factory=FakePipeline(), workers=1)
    out = tmp_path / "out"
    out.mkdir()
    with CorpusStore.open(store, read_only=True, export_dir=out) as db:
        db.export(out / "articles.csv", fmt="csv", table="articles")
        db.export(out / "techniques.csv", fmt="csv", table="techniques")
    cells = [c for name in ("articles.csv", "techniques.csv") for row in csv.reader((out / name).open(encoding="utf-8")) for c in row]
    assert "'=HYPERLINK(\"http://x.invalid\")" in cells and "'+cmd|' /C calc'!A0" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_store_corrupt_file_is_not_reported_as_locked(tmp_path: Path):
    path = tmp_path / "s.duckdb"
    CorpusStore.open(path).close()
    data = bytearray(path.read_bytes())
    for i in range(4096 * 3, len(data)):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as caught:
        with CorpusStore.open(path, read_only=True) as db:
            db.info()
    assert "another process" not in str(caught.value)
