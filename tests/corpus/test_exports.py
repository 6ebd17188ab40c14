"""presslens.corpus exports a curated `__all__` (like presslens itself)."""

from __future__ import annotations


def test_exports_corpus_all_is_curated():
    import presslens.corpus

    assert sorted(presslens.corpus.__all__) == sorted([
        "EXPORT_FORMATS", "EXPORT_TABLES", "Analytics", "CorpusStore", "DefaultPipeline", "Filters",
        "PipelineFactory", "QueryResult", "RunProgress", "RunSummary", "StoreError", "analyse_chunk",
        "analyse_store", "count_inputs", "document_key", "render_report", "rerun_plan", "run_corpus",
    ])
    assert all(hasattr(presslens.corpus, name) for name in presslens.corpus.__all__)
