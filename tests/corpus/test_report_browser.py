"""The corpus report in headless Chromium at desktop, small-laptop and phone width: every chart drawn, no
table cell narrower than its longest word, no word broken, no sideways scrolling, and down to 800 px no
table hidden in part until scrolled (skips without Chromium)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from presslens.corpus import CorpusStore, Filters, analyse_store, render_report
from tests.corpus.corpora import article, fill_store
from tests.report.test_report_browser import _assert_reads_well, _shots_dir, check_report, needs_browser

# Names as a real corpus quotes them, and the long technique names, for the widest table (speakers).
SPEAKERS = (
    "Andrés Manuel López Obrador", "Maximilian Oberholzer-Wittgenstein", "Mohammed bin Salman Al Saud",
    "Alexandria Ocasio-Cortez", "Ngozi Okonjo-Iweala", "Recep Tayyip Erdoğan",
)
TECHNIQUES = ("Whataboutism,Straw_Men,Red_Herring", "Bandwagon,Reductio_ad_hitlerum", "Appeal_to_fear-prejudice")


@needs_browser
def test_report_browser_corpus_report_reads_well(tmp_path: Path):
    long_name = {**article(40), "source": "The Extraordinarily Long-Named Metropolitan Evening Correspondent"}
    store = fill_store(tmp_path, 24, extra=[long_name])
    with CorpusStore.open(store, read_only=True) as db:
        data = analyse_store(db, Filters())
    row = data.speakers[0]
    data = replace(
        data,
        speakers=[{**row, "speaker": name} for name in SPEAKERS],
        speaker_techniques=[
            {"speaker": name, "technique": t, "spans": 3 - i} for name in SPEAKERS for i, t in enumerate(TECHNIQUES)
        ],
    )
    report = tmp_path / "corpus-report.html"
    report.write_text(render_report(data, store=str(store)), encoding="utf-8")
    shots = _shots_dir(tmp_path)
    found = check_report(report, shots, name="corpus", widths=(1280, 800, 390))
    _assert_reads_well(found, shots, "corpus")
    for width in (1280, 800):  # a phone may scroll a wide table in its own box; a laptop never needs to
        assert not found[width]["clipped"], f"tables cut off at {width} px: {found[width]['clipped']}"
