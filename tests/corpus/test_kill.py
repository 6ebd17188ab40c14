"""A run killed with SIGKILL mid-way leaves a consistent store, and the next run completes it exactly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil

from presslens.corpus import CorpusStore, run_corpus
from tests.corpus.corpora import table_rows, write_corpus
from tests.fakes import FakePipeline

REPO = Path(__file__).resolve().parents[2]
LAYERS = ("sentences", "entities", "quotes", "techniques", "claims", "voices")

SCRIPT = textwrap.dedent(
    """
    import sys
    from presslens.corpus import run_corpus
    from tests.fakes import FakePipeline

    def report(progress):
        print(progress.analysed, flush=True)

    if __name__ == "__main__":  # worker processes are spawned: they import this file again
        run_corpus([sys.argv[1]], store=sys.argv[2], factory=FakePipeline(delay=0.02), workers=2, chunk_size=4,
                   on_progress=report)
    """
)


def _start(corpus: Path, store: Path, tmp_path: Path) -> subprocess.Popen[str]:
    script = tmp_path / "run.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "src")])}
    return subprocess.Popen(
        [sys.executable, str(script), str(corpus), str(store)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True, env=env, cwd=REPO, start_new_session=True,
        # Ctrl-C as in a terminal, whatever started the tests: a shell's background job (`cmd &`) runs
        # with SIGINT ignored, and the run under test would inherit that and never see the signal
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for(proc: subprocess.Popen[str], committed: int) -> int:
    """Read the run's progress lines until it has committed at least `committed` articles."""
    deadline = time.monotonic() + 120
    done = 0
    assert proc.stdout is not None
    while done < committed:
        line = proc.stdout.readline()
        assert line, f"the run ended before it was stopped (exit {proc.poll()})"
        done = int(line)
        assert time.monotonic() < deadline, "the run made no progress"
    return done


def test_kill_minus_nine_loses_nothing_committed_and_resume_duplicates_nothing(tmp_path: Path):
    corpus = write_corpus(tmp_path / "c.jsonl", 400)
    store = tmp_path / "s.duckdb"
    proc = _start(corpus, store, tmp_path)
    committed = _wait_for(proc, 40)
    workers = psutil.Process(proc.pid).children(recursive=True)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == [], "worker processes outlived their killed client"

    with CorpusStore.open(store, read_only=True) as db:
        stored = db.query("SELECT count(*) FROM articles").rows[0][0]
        status = db.query("SELECT status, finished FROM runs").rows
        # every stored article has all its layer rows, and no row without its article
        for layer in LAYERS:
            orphans = db.query(f"SELECT count(*) FROM {layer} WHERE key NOT IN (SELECT key FROM articles)").rows[0][0]
            assert orphans == 0, layer
        missing = db.query(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM quotes q WHERE q.key = a.key)"
        ).rows[0][0]
    assert committed <= stored < 400
    assert status == [("running", None)]  # killed: never marked finished
    assert missing == 0

    summary = run_corpus([corpus], store=store, factory=FakePipeline(), workers=1)
    assert (summary.skipped, summary.analysed, summary.failed) == (stored, 400 - stored, 0)

    reference = tmp_path / "ref.duckdb"
    run_corpus([corpus], store=reference, factory=FakePipeline(), workers=1)
    for table in ("articles", *LAYERS):
        assert table_rows(store, table) == table_rows(reference, table), table


def test_kill_ctrl_c_stops_the_workers_keeps_what_is_finished_and_resumes(tmp_path: Path):
    corpus = write_corpus(tmp_path / "c.jsonl", 400)
    store = tmp_path / "s.duckdb"
    proc = _start(corpus, store, tmp_path)
    committed = _wait_for(proc, 20)
    workers = psutil.Process(proc.pid).children(recursive=True)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends the whole foreground group on Ctrl-C
    assert proc.wait(timeout=60) != 0
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []
    with CorpusStore.open(store, read_only=True) as db:
        stored = db.query("SELECT count(*) FROM articles").rows[0][0]
        assert db.query("SELECT status FROM runs").rows == [("interrupted",)]
    assert committed <= stored < 400
    summary = run_corpus([corpus], store=store, factory=FakePipeline(), workers=1)
    assert (summary.skipped, summary.analysed) == (stored, 400 - stored)
