"""`presslens.batch.analyze_paths`: what happens at the end of each chunk of documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.batch import analyze_paths


class _Stopped(Exception):
    """Stands for the `Terminated` a signal handler raises."""


class _PipelineStoppedInCleanup:
    """A pipeline whose stream is interrupted after its last document, while it shuts down (where a
    SIGTERM lands when it arrives as the stage thread is joined)."""

    def pipe(self, docs, *, batch_size, on_error):
        try:
            yield from docs
        finally:
            raise _Stopped


def test_an_interruption_while_the_pipeline_shuts_down_stops_the_run(tmp_path: Path):
    (tmp_path / "a.txt").write_text("The council met on Monday.", encoding="utf-8")
    # Before, the chunk's stream was left to the garbage collector, which printed the exception as
    # "Exception ignored" and went on: the run ended with exit status 0 after a SIGTERM.
    with pytest.raises(_Stopped):
        list(analyze_paths([tmp_path / "a.txt"], pipeline=_PipelineStoppedInCleanup()))  # type: ignore[arg-type]
