from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslens.corpus import CorpusStore, count_inputs, rerun_plan, run_corpus
from presslens.errors import ConfigError
from tests.corpus.corpora import article, table_rows, write_corpus
from tests.fakes import FakePipeline


def _run(paths, store, **kwargs):
    kwargs.setdefault("factory", FakePipeline())
    kwargs.setdefault("workers", 1)
    return run_corpus(paths, store=store, **kwargs)


def _articles(store: Path) -> int:
    with CorpusStore.open(store, read_only=True) as db:
        return db.query("SELECT count(*) FROM articles").rows[0][0]


def test_runner_stores_every_article_and_records_the_run(tmp_path: Path):
    corpus = write_corpus(tmp_path / "c.jsonl", 20)
    summary = _run([corpus], tmp_path / "s.duckdb", chunk_size=3)
    assert (summary.analysed, summary.failed, summary.skipped, summary.status) == (20, 0, 0, "finished")
    assert summary.total == 20 and summary.done == 20
    assert _articles(tmp_path / "s.duckdb") == 20
    with CorpusStore.open(tmp_path / "s.duckdb", read_only=True) as db:
        assert db.query("SELECT status, analysed, backend FROM runs").rows == [("finished", 20, "in-process")]


def test_runner_second_run_skips_what_is_stored_and_stores_only_the_new(tmp_path: Path):
    store = tmp_path / "s.duckdb"
    _run([write_corpus(tmp_path / "a.jsonl", 10)], store)
    before = table_rows(store, "techniques")
    summary = _run([write_corpus(tmp_path / "b.jsonl", 15)], store)  # the first 10 again, and 5 new
    assert (summary.analysed, summary.skipped) == (5, 10)
    assert _articles(store) == 15
    assert set(before) <= set(table_rows(store, "techniques"))


def test_runner_duplicate_input_is_analysed_once(tmp_path: Path):
    corpus = write_corpus(tmp_path / "c.jsonl", 3, extra=[article(1)])
    summary = _run([corpus], tmp_path / "s.duckdb")
    assert (summary.analysed, summary.duplicates) == (3, 1)


def test_runner_failed_document_is_recorded_and_the_run_goes_on(tmp_path: Path):
    errors: list[str] = []
    corpus = write_corpus(tmp_path / "c.jsonl", 4, extra=[{"id": "bad", "text": "It went boom.", "source": "X"}])
    summary = _run([corpus], tmp_path / "s.duckdb", on_error=errors.append)
    assert (summary.analysed, summary.failed) == (4, 1)
    assert errors == ["bad: stage fake-techniques.v1 failed: RuntimeError: cannot handle boom"]
    with CorpusStore.open(tmp_path / "s.duckdb", read_only=True) as db:
        assert db.query("SELECT id, source, stage, error FROM failures").rows == [
            ("bad", "X", "fake-techniques.v1", "RuntimeError: cannot handle boom")
        ]


def test_runner_failed_document_is_skipped_next_time_unless_retried(tmp_path: Path):
    corpus = write_corpus(tmp_path / "c.jsonl", 2, extra=[{"id": "bad", "text": "It went boom."}])
    store = tmp_path / "s.duckdb"
    _run([corpus], store)
    assert _run([corpus], store).skipped == 3
    again = _run([corpus], store, retry_failed=True)
    assert (again.failed, again.skipped) == (1, 2)


def test_runner_unreadable_input_is_recorded_by_its_name(tmp_path: Path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps(article(0)) + "\n{not json\n", encoding="utf-8")
    summary = _run([corpus], tmp_path / "s.duckdb")
    assert (summary.analysed, summary.failed) == (1, 1)
    with CorpusStore.open(tmp_path / "s.duckdb", read_only=True) as db:
        [(name, stage, error)] = db.query("SELECT input, stage, error FROM failures").rows
    assert name == f"{corpus}:2" and stage is None and error.startswith("not valid JSON")


def test_runner_source_option_names_the_outlet_of_inputs_without_one(tmp_path: Path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.txt").write_text('"A disaster," said Ines Baptiste.\n', encoding="utf-8")
    record = {**article(0), "source": "Own Outlet"}
    (tmp_path / "in" / "c.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    _run([tmp_path / "in"], tmp_path / "s.duckdb", source="Harbour Herald")
    with CorpusStore.open(tmp_path / "s.duckdb", read_only=True) as db:
        assert sorted(db.query("SELECT id, source FROM articles").rows) == [
            ("art-00000", "Own Outlet"), ("story", "Harbour Herald"),
        ]


def test_runner_processes_give_the_same_store_as_in_process(tmp_path: Path):
    corpus = write_corpus(tmp_path / "c.jsonl", 12)
    _run([corpus], tmp_path / "one.duckdb")
    summary = _run([corpus], tmp_path / "two.duckdb", workers=2, chunk_size=2)
    assert (summary.backend, summary.workers, summary.analysed) == ("processes", 2, 12)
    for table in ("articles", "sentences", "entities", "quotes", "techniques", "claims", "voices"):
        assert table_rows(tmp_path / "one.duckdb", table) == table_rows(tmp_path / "two.duckdb", table), table


def test_runner_count_inputs_counts_jsonl_lines_and_files(tmp_path: Path):
    write_corpus(tmp_path / "c.jsonl", 7)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    assert count_inputs([tmp_path]) == 8
    assert count_inputs(["-"]) is None


@pytest.mark.parametrize("bad", [{"chunk_size": 0}, {"workers": 0}])
def test_runner_refuses_bad_sizes(tmp_path: Path, bad):
    with pytest.raises(ConfigError):
        _run([], tmp_path / "s.duckdb", **bad)


# --- re-running a stage --------------------------------------------------------------------------


def test_runner_rerun_plan_adds_downstream_stages_and_the_parse():
    plan = rerun_plan(FakePipeline(techniques_version=2).specs(), ["techniques"])
    assert plan.targets == ("fake-techniques.v2",)
    assert plan.stages == ("fake-parse.v1", "fake-techniques.v2", "voices.v1")
    assert plan.replace == ("techniques", "voices")
    assert plan.load == ("entities", "quotes")


def test_runner_rerun_plan_refuses_an_unknown_stage():
    with pytest.raises(ConfigError, match="cannot re-run 'sentiment': not a stage or layer of this pipeline; use one of"):
        rerun_plan(FakePipeline().specs(), ["sentiment"])


def test_runner_rerun_replaces_only_the_changed_layers(tmp_path: Path):
    store = tmp_path / "s.duckdb"
    corpus = write_corpus(tmp_path / "c.jsonl", 6)
    _run([corpus], store)
    quotes, claims = table_rows(store, "quotes"), table_rows(store, "claims")
    newer = FakePipeline(techniques_version=2)
    hint = _run([corpus], store, factory=newer)
    assert hint.skipped == 6 and hint.stale == [("fake-techniques.v1", 6)]
    summary = _run([], store, factory=newer, rerun=["techniques"])
    assert (summary.rerun, summary.analysed, summary.failed) == (6, 0, 0)
    assert summary.stale == []
    assert table_rows(store, "quotes") == quotes and table_rows(store, "claims") == claims
    with CorpusStore.open(store, read_only=True) as db:
        assert db.query("SELECT count(*) FROM techniques WHERE technique = 'Doubt'").rows == [(6,)]
        assert db.query("SELECT DISTINCT pipeline FROM articles").rows == [
            (["fake-parse.v1", "fake-entities.v1", "fake-times.v1", "fake-quotes.v1", "fake-techniques.v2",
              "fake-claims.v1", "voices.v1"],)
        ]
        voices = db.query("SELECT techniques FROM voices WHERE voice = 'author'").rows
    assert all('"Doubt": 1' in v for (v,) in voices)
    fresh = tmp_path / "fresh.duckdb"
    _run([corpus], fresh, factory=newer)
    for table in ("techniques", "voices", "quotes"):
        assert table_rows(store, table) == table_rows(fresh, table), table
    assert _run([], store, factory=newer, rerun=["techniques"]).rerun == 0


def test_runner_interrupt_keeps_every_finished_document_and_marks_the_run(tmp_path: Path):
    corpus = write_corpus(tmp_path / "c.jsonl", 6, extra=[{"id": "stop", "text": "Press ctrl-c now."}, article(50)])
    store = tmp_path / "s.duckdb"
    with pytest.raises(KeyboardInterrupt):
        _run([corpus], store, chunk_size=2)
    with CorpusStore.open(store, read_only=True) as db:
        assert db.query("SELECT count(*) FROM articles").rows == [(6,)]
        assert db.query("SELECT status, analysed FROM runs").rows == [("interrupted", 6)]
    summary = _run([write_corpus(tmp_path / "c2.jsonl", 6, extra=[article(50)])], store)
    assert (summary.skipped, summary.analysed) == (6, 1)



def test_runner_a_disabled_layer_is_not_reported_as_stale(tmp_path: Path):
    store = tmp_path / "s.duckdb"
    corpus = write_corpus(tmp_path / "c.jsonl", 3)
    _run([corpus], store)
    summary = _run([write_corpus(tmp_path / "d.jsonl", 5)], store, factory=FakePipeline(disable=("techniques", "voices")))
    assert (summary.analysed, summary.skipped, summary.stale) == (2, 3, [])


def test_runner_rerun_also_takes_articles_stored_without_the_layer(tmp_path: Path):
    store = tmp_path / "s.duckdb"
    _run([write_corpus(tmp_path / "c.jsonl", 3)], store)
    with CorpusStore.open(store) as db:  # as if stored before the store kept the techniques layer
        db.query("DELETE FROM techniques WHERE key = (SELECT min(key) FROM articles)")
        db.query("UPDATE articles SET layers = list_filter(layers, lambda x: x <> 'techniques') WHERE key = (SELECT min(key) FROM articles)")
    summary = _run([], store, rerun=["techniques"])
    assert summary.rerun == 1
    with CorpusStore.open(store, read_only=True) as db:
        assert db.query("SELECT count(*) FROM techniques").rows == [(6,)]
        assert db.query("SELECT count(*) FROM articles WHERE list_contains(layers, 'techniques')").rows == [(3,)]


def test_runner_rerun_on_worker_processes_matches_in_process(tmp_path: Path):
    corpus = write_corpus(tmp_path / "c.jsonl", 6)
    newer = FakePipeline(techniques_version=2)
    for name, workers in (("one", 1), ("two", 2)):
        _run([corpus], tmp_path / f"{name}.duckdb")
        summary = _run([], tmp_path / f"{name}.duckdb", factory=newer, rerun=["techniques"], workers=workers, chunk_size=2)
        assert (summary.rerun, summary.failed) == (6, 0), summary.errors
    for table in ("articles", "techniques", "voices", "quotes"):
        assert table_rows(tmp_path / "one.duckdb", table) == table_rows(tmp_path / "two.duckdb", table), table
