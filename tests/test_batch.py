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


class _Echo:
    """A pipeline that returns each document as it came, counting its calls."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.calls = 0

    def pipe(self, docs, *, batch_size, on_error):
        self.calls += 1
        for doc in docs:
            self.seen.append(doc.id)
            yield doc


@pytest.mark.parametrize("batch_size", [1, 2, 16])
def test_unreadable_inputs_keep_their_place_among_the_results(tmp_path: Path, batch_size: int):
    from presslens.document import Document
    from presslens.errors import PresslensError

    files = {"a.txt": "The council met.", "b.txt": "", "c.txt": "The port reopened.", "d.txt": b"\x00\x01\x02bin",
             "e.txt": "Talks resumed.", "f.txt": "", "g.txt": ""}
    for name, body in files.items():
        path = tmp_path / name
        path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    echo = _Echo()
    out = list(analyze_paths(sorted(tmp_path.iterdir()), pipeline=echo, batch_size=batch_size))  # type: ignore[arg-type]
    kinds = ["doc" if isinstance(o, Document) else "error" for o in out]
    assert kinds == ["doc", "error", "doc", "error", "doc", "error", "error"]
    assert all(isinstance(o, PresslensError) for o, k in zip(out, kinds) if k == "error")
    assert [o.text for o in out if isinstance(o, Document)] == ["The council met.", "The port reopened.", "Talks resumed."]
    # one stream: the pipeline sees every document in one call, so its batches overlap (Pipeline.pipe)
    assert len(echo.seen) == 3 and echo.calls == 1
