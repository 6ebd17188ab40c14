"""Made-up corpora for the corpus tests: articles, JSONL files and filled stores (analysed by `tests.fakes`).

Each article of `article(i)` has quotes (`"..." said First Last`), one of the loaded words of
`tests.fakes.LOADED` in the quote and "shameful" in the author's words, and numbers.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.fakes import LOADED, FakePipeline

OUTLETS = ("Harbour Herald", "Valley Voice", "Metro Ledger")
SPEAKERS = ("Ines Baptiste", "Tomas Rivera", "Lena Okafor")


def article(i: int, *, outlet: str | None = None, published: dt.date | None = None) -> dict[str, object]:
    """A made-up article, different for every `i`, with quotes, loaded words and numbers."""
    speaker = SPEAKERS[i % len(SPEAKERS)]
    loaded = LOADED[i % len(LOADED)]
    lines = [
        f"Council Report Number {i}",
        "",
        f"The council met on Tuesday to discuss the harbour plan, item {i}.",
        f'"This plan is a {loaded} for the town," said {speaker}.',
        f"Critics allegedly called the vote shameful after {i % 7 + 2} hours of debate.",
        "Residents will be asked again next spring.",
    ]
    return {
        "id": f"art-{i:05d}",
        "text": "\n".join(lines),
        "title": f"Council report {i}",
        "source": outlet or OUTLETS[i % len(OUTLETS)],
        "published": (published or dt.date(2024, 1, 1) + dt.timedelta(days=3 * i)).isoformat(),
    }


def write_corpus(path: Path, n: int, *, start: int = 0, extra: list[dict[str, object]] | None = None) -> Path:
    """A JSONL corpus of `n` made-up articles (plus `extra` records) at `path`."""
    records = [article(i) for i in range(start, start + n)] + list(extra or [])
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def fill_store(folder: Path, n: int = 30, *, extra: list[dict[str, object]] | None = None) -> Path:
    """A store at `folder/corpus.duckdb` holding `n` made-up articles analysed by the fake pipeline."""
    from presslens.corpus import run_corpus

    corpus = write_corpus(folder / "corpus.jsonl", n, extra=extra)
    store = folder / "corpus.duckdb"
    run_corpus([corpus], store=store, factory=FakePipeline(), workers=1)
    return store


def table_rows(store: Path, table: str) -> list[tuple[object, ...]]:
    """Every row of `table`, sorted, without the columns that differ between runs (run, times)."""
    from presslens.corpus import CorpusStore

    with CorpusStore.open(store, read_only=True) as db:
        result = db.query(f"SELECT * FROM {table}")
    keep = [i for i, c in enumerate(result.columns) if c not in ("run", "analysed_at", "failed_at")]
    return sorted(tuple(str(row[i]) for i in keep) for row in result.rows)
