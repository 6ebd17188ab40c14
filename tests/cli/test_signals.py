"""Issue 23: SIGTERM and SIGHUP stop `analyze -o` as Ctrl-C does: complete lines kept, no temporary file left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("slow_cli.py")


def _corpus(path: Path, n: int) -> Path:
    path.write_text(
        "".join(json.dumps({"id": f"d{i}", "text": f"The council met on day {i}."}) + "\n" for i in range(n)),
        encoding="utf-8",
    )
    return path


def _complete_lines(folder: Path) -> int:
    """Complete lines written so far to the run's hidden temporary file."""
    for tmp in folder.glob(".out.jsonl.*.tmp"):
        try:
            return tmp.read_text(encoding="utf-8").count("\n")
        except FileNotFoundError:
            return 0
    return 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_signal_during_analyze_keeps_complete_lines_and_no_tmp(tmp_path: Path, sig: signal.Signals, code: int):
    corpus = _corpus(tmp_path / "in.jsonl", 200)
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen(
        [sys.executable, str(SCRIPT), "0.05", "analyze", str(corpus), "--format", "jsonl", "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    deadline = time.monotonic() + 60
    while _complete_lines(tmp_path) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr.decode()
    assert f"stopped by {sig.name}" in stderr.decode() and "Traceback" not in stderr.decode()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert 3 <= len(lines) < 200
    assert [json.loads(line)["id"] for line in lines] == [f"d{i}" for i in range(len(lines))]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
