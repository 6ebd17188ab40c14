"""The same per-document function on a local Dask cluster (2 worker processes, loopback only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.corpus import CorpusStore, run_corpus
from tests.corpus.corpora import table_rows, write_corpus
from tests.fakes import FakePipeline

distributed = pytest.importorskip("distributed")

LAYERS = ("articles", "sentences", "entities", "quotes", "techniques", "claims", "voices")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
        worker_dashboard_address=None, silence_logs=40,
    )
    with distributed.Client(cluster, timeout="60s") as dask_client:
        dask_client.wait_for_workers(2, timeout=120)
        yield dask_client
    cluster.close(timeout=30)


def test_dask_run_fills_the_store_like_a_local_run_and_resumes(tmp_path: Path, client):
    corpus = write_corpus(tmp_path / "c.jsonl", 30, extra=[{"id": "bad", "text": "It went boom."}])
    store = tmp_path / "dask.duckdb"
    summary = run_corpus([corpus], store=store, factory=FakePipeline(), client=client, chunk_size=3)
    assert (summary.backend, summary.workers, summary.analysed, summary.failed) == ("dask", 2, 30, 1)
    workers = {w for w in client.run(lambda dask_worker: dask_worker.address).values()}
    assert len(workers) == 2

    local = tmp_path / "local.duckdb"
    run_corpus([corpus], store=local, factory=FakePipeline(), workers=1)
    for table in LAYERS:
        assert table_rows(store, table) == table_rows(local, table), table

    more = write_corpus(tmp_path / "more.jsonl", 40)
    again = run_corpus([more], store=store, factory=FakePipeline(), client=client, chunk_size=3)
    assert (again.analysed, again.skipped) == (10, 30)
    with CorpusStore.open(store, read_only=True) as db:
        assert db.query("SELECT count(*), count(DISTINCT key) FROM articles").rows == [(40, 40)]
        assert db.query("SELECT backend, workers FROM runs ORDER BY run").rows == [("dask", 2), ("dask", 2)]
