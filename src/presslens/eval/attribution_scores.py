"""Partial-overlap scores for attributions (content, source, cue), pure functions.

Why partial overlap: annotators disagree on where a paraphrase starts ("that
..." or not, a trailing clause or not), so exact-match scores would measure
boundary conventions rather than whether the attribution was found. The
content score follows the SI metric of SemEval-2020 Task 11 (see
../shared/README.md), computed on character sets so that overlapping spans
are never credited twice:

- precision = mean over predicted contents p of |p ∩ G| / |p|, where G is the
  union of the gold contents of the article;
- recall = mean over gold contents g of |g ∩ P| / |g|, P the union of the
  predicted contents; F1 is their harmonic mean (micro over all articles).

A *matched attribution* is a gold attribution paired with the predicted
attribution whose content overlaps it most (at least one character). On
matched attributions whose gold part exists:

- source accuracy = share where the predicted source overlaps the gold source
  by at least one character (a missing predicted source counts as wrong);
- cue accuracy = the same for the cue.

Direct quotes only: a gold attribution is direct when every content fragment,
trimmed, starts with an opening quotation mark and ends with a closing one
(trailing punctuation allowed). Direct precision is over predictions of kind
`direct` (against all gold contents), direct recall over direct gold contents
(against all predictions), and source/cue accuracy over matched direct gold.

Exact match, as CofeNet (Wang et al., COLING 2022) scores PolNeAR: every
token of the article gets one BIO tag per role (source, cue, content; a later
span overwrites an earlier one where they nest), the spans are read back from
the tags, and a predicted span counts only when a gold span has the same
first and last token. Precision, recall and F1 are micro over all articles.
Tokens are runs of word characters or single other characters, so the score
does not depend on the spaCy model being measured.

Wrong-speaker rate: of the predictions that name a speaker and are matched to
a gold attribution with a source, the share whose speaker is not the gold
one. PolNeAR has no coreference, so the gold speaker is read off the gold
sources (`gold_speaker_words`): a source with a name gives its name words;
a pronoun takes the nearest earlier gold source that is not a pronoun; an
indefinite or bare plural description ("a police officer", "officials")
means an unnamed speaker, so naming anyone is wrong; a definite description
("the senator", "his campaign") cannot be checked and is left out. A named
speaker is right when one of its name words is among the gold name words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..quotes.bio import bio_tags, tag_runs, word_units
from .metrics import f1_score

Fragments = tuple[tuple[int, int], ...]

OPENING_QUOTES = "\"\u201c\u2018'\u00ab"
CLOSING_QUOTES = "\"\u201d\u2019'\u00bb"
_TRAILING = ".,;:!?)\u2026 \n\t-\u2014"


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution; each part is a tuple of (start, end) fragments."""

    content: Fragments
    cue: Fragments = ()
    source: Fragments = ()


@dataclass(frozen=True)
class PredictedAttribution:
    """A system's attribution as character fragments (one fragment per part is typical)."""

    content: Fragments
    cue: Fragments = ()
    source: Fragments = ()
    kind: str = "direct"
    speaker: str | None = None


@dataclass
class Tally:
    """Running sums for one subset (all attributions, or direct quotes only)."""

    precision_sum: float = 0.0
    n_pred: int = 0
    recall_sum: float = 0.0
    n_gold: int = 0
    matched: int = 0
    source_ok: int = 0
    source_n: int = 0
    cue_ok: int = 0
    cue_n: int = 0

    @property
    def precision(self) -> float:
        return self.precision_sum / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.recall_sum / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)

    @property
    def source_accuracy(self) -> float:
        return self.source_ok / self.source_n if self.source_n else 0.0

    @property
    def cue_accuracy(self) -> float:
        return self.cue_ok / self.cue_n if self.cue_n else 0.0


@dataclass
class ExactTally:
    """Exact-match span counts of one role (source, cue or content) over token BIO tags."""

    matched: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)


ROLES = ("source", "cue", "content")


@dataclass
class SpeakerTally:
    """Named speakers checked against the gold sources (see the module docstring)."""

    checked: int = 0
    wrong: int = 0
    unnamed_gold: int = 0  # of `wrong`: a speaker named where the gold source is an unnamed one

    @property
    def rate(self) -> float:
        return self.wrong / self.checked if self.checked else 0.0


@dataclass
class AttributionScores:
    """Scores of one system on one corpus: `overall` and `direct` tallies, exact match, speakers."""

    overall: Tally = field(default_factory=Tally)
    direct: Tally = field(default_factory=Tally)
    exact: dict[str, ExactTally] = field(default_factory=lambda: {role: ExactTally() for role in ROLES})
    speakers: SpeakerTally = field(default_factory=SpeakerTally)
    texts: int = 0
    crashes: int = 0

    def add(self, text: str, gold: Sequence[GoldAttribution], pred: Sequence[PredictedAttribution]) -> None:
        """Score the attributions of one article into the running tallies."""
        self.texts += 1
        gold_direct = [g for g in gold if is_direct(text, g.content)]
        pred_direct = [p for p in pred if p.kind == "direct"]
        _tally(self.overall, gold, pred, gold, pred)
        _tally(self.direct, gold_direct, pred_direct, gold, pred)
        tokens = word_tokens(text)
        for role in ROLES:
            gold_spans = tag_spans(tokens, [f for g in gold for f in getattr(g, role)])
            pred_spans = tag_spans(tokens, [f for p in pred for f in getattr(p, role)])
            tally = self.exact[role]
            tally.n_gold += len(gold_spans)
            tally.n_pred += len(pred_spans)
            tally.matched += len(gold_spans & pred_spans)
        _tally_speakers(self.speakers, text, gold, pred)


def word_tokens(text: str) -> list[tuple[int, int]]:
    """Character spans of the scorer's tokens: runs of word characters, or one other character
    (`presslens.quotes.bio`, the units the attribution head is trained on)."""
    return word_units(text)


def tag_spans(tokens: list[tuple[int, int]], fragments: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (first, last) token spans read back from BIO tags that the fragments set, in order.

    A token belongs to a fragment when it starts inside it; a later fragment overwrites the
    tags of an earlier one (nested attributions), as a single tag sequence must.
    """
    return set(tag_runs(bio_tags(tokens, fragments)))


_PRONOUNS = frozenset("he she they we i it you him her them us".split())
_RELATIVES = frozenset("who which that whom whose".split())
_REFLEXIVES = frozenset("himself herself themselves itself".split())
# Heads of a name compound that speak for the named person, as a possessor's do ("Clinton's team")
_ENTOURAGE = frozenset("camp campaign team staff office administration aides spokesman spokeswoman spokesperson".split())
_CHAIN_CHARS = 600  # a pronoun looks back this far for its gold antecedent
_DEFINITE = frozenset("the this that these those his her its their our my your".split())
_NOT_NAMES = frozenset(
    """the a an he she they we i it his her its their mr mrs ms dr sen rep gov gen president
    secretary senator governor candidate nominee one two three some many several most other another
    this that these those according""".split()
)


def _name_word(word: str) -> str:
    """A name word as compared: lower case, straight apostrophes, no possessive, dots or plural s."""
    w = word.lower().replace("’", "'").removesuffix("'s").replace(".", "")
    return w[:-1] if len(w) > 4 and w.endswith("s") else w


def _names(words: list[str]) -> frozenset[str]:
    found = (_name_word(w) for w in words if w[:1].isupper() and w.lower().strip(".") not in _NOT_NAMES)
    return frozenset(n for n in found if len(n) > 1)


_WORD = re.compile(r"[\w'’.-]+")
_RELATIVE_CLAUSE = re.compile(r",?\s+\b(?:who|which|that|whose|whom)\b")


def gold_speaker_words(text: str, source: Fragments) -> frozenset[str] | None:
    """Name words of a gold source; empty when the source is an unnamed one ("a police officer",
    "officials"); None when it cannot be checked: a pronoun, a relative pronoun, a definite
    description ("the GOP candidate"), or a description with a name in it other than a possessor
    ("one West Virginia official"); the caller follows pronouns back through earlier gold sources.

    Relative clauses are cut off; the head is the last word before the first comma. A capitalised
    head gives the capitalised words before that comma; a lower-case head takes a name in
    apposition after the comma ("a lawyer for the outlets, David Schulz,"), else a possessor.
    """
    phrase = " ".join(text[s:e] for s, e in source)
    words = _WORD.findall(phrase)
    if not words:
        return None
    first = words[0].lower()
    if _is_pronoun_source(text, source) or first in _RELATIVES:
        return None
    phrase = _RELATIVE_CLAUSE.split(phrase, maxsplit=1)[0]
    core, _, rest = phrase.partition(",")
    core_words = _WORD.findall(core) or words
    if len(core_words) > 1 and core_words[-1].lower() in _REFLEXIVES:
        core_words = core_words[:-1]  # "Cruz himself" is Cruz
    if len(core_words) > 1 and core_words[-1].lower() in _ENTOURAGE and all(w[:1].isupper() for w in core_words[:-1]):
        # "Clinton camp", "The Sanders campaign" speak for their candidate, as "Clinton's team" does
        # below; a name in apposition still wins ("A Twitter spokesman, Christopher Abboud,")
        candidate = _names(core_words[:-1])
        if candidate and not _names(_WORD.findall(rest)):
            return candidate
    if core_words[-1][:1].isupper():
        names = _names(core_words)
        if names:
            return names
        return None if first in _DEFINITE else frozenset()
    apposition = _names(_WORD.findall(rest))
    if apposition:
        return apposition
    owners = [w for w in core_words if w[:1].isupper() and w.lower().endswith(("'s", "’s"))]
    if owners:  # "Clinton's team" speaks for Clinton
        return frozenset(_name_word(w) for w in owners)
    if first in _DEFINITE or any(w[:1].isupper() for w in core_words[1:]):
        return None  # "the GOP candidate", "one West Virginia official": not checkable
    return frozenset()


def _acronym(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", name) if w[0].isupper())


def _is_pronoun_source(text: str, source: Fragments) -> bool:
    """Whether a gold source is a pronoun ("he", "they"), not a phrase that starts with a possessive
    "her" ("her senior policy adviser, Jake Sullivan", which names its speaker or nobody)."""
    words = _WORD.findall(" ".join(text[s:e] for s, e in source))
    if not words or words[0].lower() not in _PRONOUNS:
        return False
    return words[0].lower() != "her" or len(words) == 1


def gold_speakers(text: str, gold: Sequence[GoldAttribution]) -> dict[int, frozenset[str] | None]:
    """Name words of each gold attribution's speaker, by `id()`: `gold_speaker_words`, where a
    pronoun source continues the nearest earlier non-pronoun gold source within `_CHAIN_CHARS`."""
    resolved: dict[int, frozenset[str] | None] = {}
    last: tuple[int, frozenset[str] | None] = (-_CHAIN_CHARS - 1, None)
    for g in sorted((g for g in gold if g.source), key=lambda g: g.source[0]):
        words = gold_speaker_words(text, g.source)
        first = text[g.source[0][0] : g.source[0][1]].split()[:1]
        if words is None and _is_pronoun_source(text, g.source):
            words = last[1] if g.source[0][0] - last[0] <= _CHAIN_CHARS else None
        elif not (first and first[0].lower() in _RELATIVES):
            last = (g.source[0][0], words)
        resolved[id(g)] = words
    return resolved


def _tally_speakers(
    tally: SpeakerTally, text: str, gold: Sequence[GoldAttribution], pred: Sequence[PredictedAttribution]
) -> None:
    resolved = gold_speakers(text, gold)
    gold_chars = [(_chars(g.content), g) for g in gold if g.source]
    for p in pred:
        if not p.speaker:
            continue
        chars = _chars(p.content)
        best, best_overlap = None, 0
        for gc, g in gold_chars:
            overlap = len(chars & gc)
            if overlap > best_overlap:
                best, best_overlap = g, overlap
        if best is None:
            continue
        words = resolved[id(best)]
        if words is None:
            continue
        tally.checked += 1
        said = {_name_word(w) for w in _WORD.findall(p.speaker)} | {_acronym(p.speaker).lower()}
        if not words:
            tally.wrong += 1
            tally.unnamed_gold += 1
        elif not said & words:
            tally.wrong += 1


def _chars(frags: Iterable[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for start, end in frags:
        out.update(range(start, end))
    return out


def _tally(
    tally: Tally,
    gold: Sequence[GoldAttribution],
    pred: Sequence[PredictedAttribution],
    all_gold: Sequence[GoldAttribution],
    all_pred: Sequence[PredictedAttribution],
) -> None:
    gold_union = _chars(f for g in all_gold for f in g.content)
    pred_union = _chars(f for p in all_pred for f in p.content)
    for p in pred:
        chars = _chars(p.content)
        if chars:
            tally.n_pred += 1
            tally.precision_sum += len(chars & gold_union) / len(chars)
    pred_chars = [_chars(p.content) for p in all_pred]
    for g in gold:
        chars = _chars(g.content)
        if not chars:
            continue
        tally.n_gold += 1
        tally.recall_sum += len(chars & pred_union) / len(chars)
        best, best_overlap = None, 0
        for p, pc in zip(all_pred, pred_chars):
            overlap = len(chars & pc)
            if overlap > best_overlap:
                best, best_overlap = p, overlap
        if best is None:
            continue
        tally.matched += 1
        if g.source:
            tally.source_n += 1
            tally.source_ok += bool(_chars(g.source) & _chars(best.source))
        if g.cue:
            tally.cue_n += 1
            tally.cue_ok += bool(_chars(g.cue) & _chars(best.cue))


def is_direct(text: str, content: Fragments) -> bool:
    """True when every fragment is wholly inside quotation marks (the gold `direct` kind)."""
    if not content:
        return False
    for start, end in content:
        piece = text[start:end].strip().rstrip(_TRAILING)
        if len(piece) < 2 or piece[0] not in OPENING_QUOTES:
            return False
        if piece[-1] not in CLOSING_QUOTES:
            return False
    return True
