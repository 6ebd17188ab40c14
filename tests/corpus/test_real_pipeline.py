"""The real pipeline's output fits the store: every layer stored and read back unchanged (loads the models)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from presslens.corpus import CorpusStore, DefaultPipeline, run_corpus
from presslens.corpus.keys import document_key
from presslens.corpus.tables import LAYER_TABLES
from presslens.document import Document
from presslens.pipeline import load_pipeline
from tests.conftest import EXAMPLE


@pytest.mark.slow
def test_real_pipeline_document_round_trips_through_the_store(tmp_path: Path):
    store = tmp_path / "s.duckdb"
    summary = run_corpus([EXAMPLE], store=store, factory=DefaultPipeline(), workers=1, published=dt.date(2026, 3, 10))
    assert (summary.analysed, summary.failed) == (1, 0)
    text = EXAMPLE.read_text(encoding="utf-8")
    expected = load_pipeline()(Document(id=EXAMPLE.stem, text=text, published=dt.date(2026, 3, 10),
                                          published_from="given", encoding="utf-8"))
    with CorpusStore.open(store, read_only=True) as db:
        [back] = db.load_documents([document_key(expected)], layers=LAYER_TABLES, drop_stages=())
    assert back.to_dict() == expected.to_dict()
    assert set(back.present_layers()) == set(LAYER_TABLES)
