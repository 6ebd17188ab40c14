"""The cue lexicon: which verbs and nouns introduce an attribution, learned from PolNeAR train.

Why learned: PolNeAR marks reported speech and reported thought ("said",
"told", but also "believes", "wants", "found", "showed"), and a hand-made list
either misses the tail or fires on verbs that are attributions only now and
then. `learn_lexicon` counts, for every verb lemma outside annotated content,
how often it is annotated as a cue; lemmas seen as cues often enough and in a
large enough share of their uses are kept. The shipped list is
`cue_lexicon.tsv` beside this module (lemma, times a cue, times seen), made by
`presslens train quote-cues ../shared/data/polnear/train`.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

LEXICON_FILE = "cue_lexicon.tsv"
MIN_CUE_COUNT = 3
MIN_CUE_SHARE = 0.3

# Cues that are phrases, not one verb: matched on lower-cased tokens.
ACCORDING_TO = ("according", "to")
# Auxiliaries and modals are inside many annotated cues ("has said", "is expected") but are
# never cues alone; "accord" is the lemma of "according", handled as a phrase.
NOT_CUES = frozenset(
    {"be", "have", "do", "will", "would", "can", "could", "may", "might", "shall", "should", "must", "accord"}
)


def cue_examples(parsed: Any, cue_chars: set[int], content_chars: set[int]) -> Iterator[tuple[str, bool]]:
    """(lemma, is annotated cue) for each verb of one parsed article outside annotated content.

    Verbs inside content are skipped: PolNeAR does not annotate reports nested in
    reports, so they are neither positive nor negative evidence.
    """
    for tok in parsed:
        if tok.pos_ not in ("VERB", "AUX") or tok.idx in content_chars:
            continue
        lemma = tok.lemma_.lower()
        if lemma in NOT_CUES or not lemma.isalpha():
            continue
        yield lemma, tok.idx in cue_chars


def learn_lexicon(
    examples: Iterable[tuple[str, bool]], *, min_count: int = MIN_CUE_COUNT, min_share: float = MIN_CUE_SHARE
) -> list[tuple[str, int, int]]:
    """(lemma, cue count, total count) for lemmas that are cues often enough, most frequent first.

    `examples` yields one (lemma, is_cue) pair per verb token seen outside gold content.
    """
    seen: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    for lemma, is_cue in examples:
        seen[lemma] += 1
        cue[lemma] += bool(is_cue)
    rows = [
        (lemma, cue[lemma], seen[lemma])
        for lemma in seen
        if cue[lemma] >= min_count and cue[lemma] / seen[lemma] >= min_share
    ]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def write_lexicon(rows: list[tuple[str, int, int]], path: str | Path) -> None:
    """Write the lexicon as TSV with a header (the format `load_lexicon` reads)."""
    lines = ["lemma\tcue\tseen"] + [f"{lemma}\t{c}\t{n}" for lemma, c, n in rows]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


@functools.lru_cache(maxsize=1)
def load_lexicon() -> frozenset[str]:
    """The shipped cue lemmas."""
    data = resources.files(__package__).joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    lemmas = [line.split("\t", 1)[0] for line in data.splitlines()[1:] if line.strip()]
    return frozenset(lemmas)
