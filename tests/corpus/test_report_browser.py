"""The corpus report in headless Chromium at desktop and phone width: every chart drawn, no table cell
narrower than its longest word, no word broken, no sideways scrolling (skips without Chromium)."""

from __future__ import annotations

from pathlib import Path

from presslens.corpus import CorpusStore, Filters, analyse_store, render_report
from tests.corpus.fakes import article, fill_store
from tests.report.test_report_browser import _assert_reads_well, _shots_dir, check_report, needs_browser


@needs_browser
def test_report_browser_corpus_report_reads_well(tmp_path: Path):
    long_name = {**article(40), "source": "The Extraordinarily Long-Named Metropolitan Evening Correspondent"}
    store = fill_store(tmp_path, 24, extra=[long_name])
    with CorpusStore.open(store, read_only=True) as db:
        html = render_report(analyse_store(db, Filters()), store=str(store))
    report = tmp_path / "corpus-report.html"
    report.write_text(html, encoding="utf-8")
    shots = _shots_dir(tmp_path)
    _assert_reads_well(check_report(report, shots, name="corpus"), shots, "corpus")
