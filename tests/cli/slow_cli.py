"""`python tests/cli/slow_cli.py DELAY ARGS...`: the presslens CLI with the fake pipeline, DELAY seconds per article.

For tests that signal a real process (SIGTERM, SIGHUP) while it writes:
the pipeline is the light fake of `fakes`, slowed down so that the signal
arrives between documents.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from presslens.cli import analyze, main
from presslens.document import Document
from tests.cli import fakes


def _slow_load(delay: float):
    def load(*args, **kwargs):
        pipeline = fakes.fake_load(*args, **kwargs)
        spec, stage = pipeline.stages[0]

        def slow(doc: Document) -> Document:
            time.sleep(delay)
            return stage(doc)

        pipeline.stages[0] = (spec, slow)
        return pipeline

    return load


if __name__ == "__main__":
    analyze.load_pipeline = _slow_load(float(sys.argv.pop(1)))
    main()
