"""The cue lexicon: which verbs and nouns introduce an attribution, learned from PolNeAR train.

Why learned: PolNeAR marks reported speech and reported thought ("said",
"told", but also "believes", "wants", "found", "showed"), and a hand-made list
either misses the tail or fires on verbs that are attributions only now and
then. `learn_lexicon` counts, for every verb lemma outside annotated content,
how often it is annotated as a cue; lemmas seen as cues often enough and in a
large enough share of their uses are kept. The shipped list is
`presslens/models/quote_cues/cue_lexicon.tsv` (lemma, times a cue, times
seen; see its MODEL_CARD.md), made by
`presslens train quote-cues ../shared/data/polnear/train`.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ModelError

LEXICON_DIR = "quote_cues"
LEXICON_FILE = "cue_lexicon.tsv"
NON_SPEECH_FILE = "non_speech.tsv"
# The constructions `non_speech.tsv` may name; `framing.non_speech` defines each.
NON_SPEECH_CONSTRUCTIONS = frozenset({"object_only", "naming_present", "anonymity", "no_comment", "addressee_only"})
MIN_CUE_COUNT = 3
MIN_CUE_SHARE = 0.3

# Cues that are phrases, not one verb: matched on lower-cased tokens.
ACCORDING_TO = ("according", "to")
# Auxiliaries and modals are inside many annotated cues ("has said", "is expected") but are
# never cues alone; "accord" is the lemma of "according", handled as a phrase.
NOT_CUES = frozenset(
    {"be", "have", "do", "will", "would", "can", "could", "may", "might", "shall", "should", "must", "accord"}
)


def cue_examples(parsed: Any, cue_chars: set[int], content_chars: set[int]) -> Iterator[tuple[str, str, bool]]:
    """(lemma, VERB or NOUN, is annotated cue) for each verb and noun outside annotated content.

    Words inside content are skipped: PolNeAR does not annotate reports nested in
    reports, so they are neither positive nor negative evidence.
    """
    for tok in parsed:
        if tok.idx in content_chars:
            continue
        pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ == "NOUN" else None
        if pos is None:
            continue
        lemma = tok.lemma_.lower()
        if lemma in NOT_CUES or not lemma.isalpha():
            continue
        yield lemma, pos, tok.idx in cue_chars


Row = tuple[str, str, int, int]


def learn_lexicon(
    examples: Iterable[tuple[str, str, bool]], *, min_count: int = MIN_CUE_COUNT, min_share: float = MIN_CUE_SHARE
) -> list[Row]:
    """(lemma, pos, cue count, total count) for words that are cues often enough, most frequent first.

    `examples` yields one (lemma, pos, is_cue) triple per word seen outside gold content.
    """
    seen: Counter[tuple[str, str]] = Counter()
    cue: Counter[tuple[str, str]] = Counter()
    for lemma, pos, is_cue in examples:
        seen[lemma, pos] += 1
        cue[lemma, pos] += bool(is_cue)
    rows = [
        (lemma, pos, cue[lemma, pos], seen[lemma, pos])
        for lemma, pos in seen
        if cue[lemma, pos] >= min_count and cue[lemma, pos] / seen[lemma, pos] >= min_share
    ]
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


def write_lexicon(rows: list[Row], path: str | Path) -> None:
    """Write the lexicon as TSV with a header (the format `load_lexicon` reads)."""
    lines = ["lemma\tpos\tcue\tseen"] + [f"{lemma}\t{pos}\t{c}\t{n}" for lemma, pos, c, n in rows]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _shipped_text(name: str, what: str, fix: str) -> str:
    """The text of a file shipped in `presslens.models/quote_cues`; ModelError naming it and `fix` if missing."""
    path = resources.files("presslens.models").joinpath(LEXICON_DIR, name)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(f"{what} {LEXICON_DIR}/{name} is missing from presslens.models ({exc}); {fix}") from exc


@functools.lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str], ...]:
    data = _shipped_text(
        LEXICON_FILE, "the quote cue lexicon",
        "reinstall presslens or run `presslens train quote-cues ../shared/data/polnear/train`",
    )
    rows = [line.split("\t") for line in data.splitlines()[1:] if line.strip()]
    return tuple((r[0], r[1]) for r in rows if len(r) >= 2)


def load_lexicon() -> frozenset[str]:
    """The shipped cue verbs (lemmas)."""
    return frozenset(lemma for lemma, pos in _rows() if pos == "VERB")


def load_noun_cues() -> frozenset[str]:
    """The shipped cue nouns (lemmas): "criticism of", "support for", "the claim that"."""
    return frozenset(lemma for lemma, pos in _rows() if pos == "NOUN")


@functools.lru_cache(maxsize=1)
def load_non_speech() -> dict[str, frozenset[str]]:
    """Cue lemmas -> the constructions in which they are never speech by themselves.

    Read from `quote_cues/non_speech.tsv` (lemma, construction, example, why): "called the
    election", "declined to comment", "asked not to be named", "writes to premier as ...".
    Written by hand from failures seen on passages written for the purpose, not learned:
    PolNeAR annotates some of these (it counts "declined to comment" as an attribution), while a reader of the quotes layer
    must never see "to comment" or "the election" as something a person said.
    """
    data = _shipped_text(NON_SPEECH_FILE, "the non-speech list", "reinstall presslens")
    out: dict[str, set[str]] = {}
    for lineno, line in enumerate(data.splitlines()[1:], 2):
        if not line.strip():
            continue
        lemma, construction = (line.split("\t") + [""])[:2]
        if construction not in NON_SPEECH_CONSTRUCTIONS:
            raise ModelError(
                f"{NON_SPEECH_FILE}:{lineno}: unknown construction {construction!r}; "
                f"valid: {', '.join(sorted(NON_SPEECH_CONSTRUCTIONS))}"
            )
        out.setdefault(lemma, set()).add(construction)
    return {lemma: frozenset(c) for lemma, c in out.items()}
