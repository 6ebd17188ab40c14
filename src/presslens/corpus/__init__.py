"""Corpus mode: analyse many articles into an embedded DuckDB store, resume, report, export, scale out.

    from presslens.corpus import run_corpus, CorpusStore

    summary = run_corpus(["news.jsonl"], store="corpus.duckdb", workers=4)
    with CorpusStore.open("corpus.duckdb", read_only=True) as store:
        print(store.query("SELECT source, count(*) FROM articles GROUP BY source").rows)

Modules: `keys` (document keys), `tables` (the schema), `rows` (documents as rows and back),
`work` (the per-document function every backend runs), `inputs` (what a
run reads and skips, counted ahead), `backends` (where chunks run:
in-process, processes, Dask), `runner` (the run loop), `store` (DuckDB),
`analytics` (SQL measures as rows), `plots` (SVG), `report` (HTML).
See docs/corpus.md for the schema and the resume rules.
"""

from __future__ import annotations

from .analytics import Analytics, Filters, analyse_store
from .keys import document_key
from .report import render_report
from .runner import RunProgress, RunSummary, count_inputs, rerun_plan, run_corpus
from .store import EXPORT_FORMATS, EXPORT_TABLES, CorpusStore, QueryResult, StoreError
from .work import DefaultPipeline, PipelineFactory, analyse_chunk

__all__ = [
    "EXPORT_FORMATS",
    "EXPORT_TABLES",
    "Analytics",
    "CorpusStore",
    "DefaultPipeline",
    "Filters",
    "PipelineFactory",
    "QueryResult",
    "RunProgress",
    "RunSummary",
    "StoreError",
    "analyse_chunk",
    "analyse_store",
    "count_inputs",
    "document_key",
    "render_report",
    "rerun_plan",
    "run_corpus",
]
