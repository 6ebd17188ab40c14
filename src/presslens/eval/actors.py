"""Precision and recall of descriptor-to-actor links on hand-annotated passages (`presslens eval actors`).

A gold link is a phrase (with its occurrence), marked by hand with the actor
it names or `null`. A predicted link is a non-name descriptor of the
`actors` layer that is linked to an actor. It is right when its span
overlaps a gold phrase marked with the same actor: the same canonical key
(`entities.canonical.key`), or a name the predicted actor goes by in the
passage (its name descriptors or aliases). Predicted links on phrases the
annotator marked `null`, or did not mark at all, are wrong. Recall is over
gold phrases marked with an actor. Detection (any descriptor over a gold
phrase, linked or not) is reported beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..document import Actor, Document
from ..entities.canonical import key
from ..errors import InputError
from ..io.jsonl_lines import read_jsonl_lines
from .metrics import f1_score


@dataclass(frozen=True)
class GoldLink:
    start: int
    end: int
    text: str
    actor: str | None


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    links: tuple[GoldLink, ...]


@dataclass
class ActorScores:
    passages: int = 0
    gold_links: int = 0
    gold_unlinked: int = 0
    predicted_links: int = 0
    correct_links: int = 0
    found_gold_links: int = 0
    detected: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct_links / self.predicted_links if self.predicted_links else 0.0

    @property
    def recall(self) -> float:
        return self.found_gold_links / self.gold_links if self.gold_links else 0.0

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)

    @property
    def detection(self) -> float:
        total = self.gold_links + self.gold_unlinked
        return self.detected / total if total else 0.0


def _find(text: str, phrase: str, occurrence: int, where: str) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.find(phrase, start + 1)
        if start < 0:
            raise InputError(where, f"phrase {phrase!r} occurrence {occurrence} is not in the text")
    return start, start + len(phrase)


def load_passages(path: str | Path) -> list[Passage]:
    """Passages of a JSONL file: {id, text, links: [[phrase, occurrence, actor or null], ...]}."""
    out: list[Passage] = []
    for line in read_jsonl_lines(path, expected="an annotated passage {id, text, links}"):
        where, row = line.where, line.record
        try:
            text = str(row["text"])
            links = []
            for phrase, occurrence, actor in row["links"]:
                start, end = _find(text, str(phrase), int(occurrence), where)
                links.append(GoldLink(start, end, str(phrase), None if actor is None else str(actor)))
            out.append(Passage(str(row["id"]), text, tuple(links)))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(where, f"is not an annotated passage: {exc}") from exc
    return out


def _names(actor: Actor) -> set[str]:
    names = {key(actor.canonical or "")} | {key(a) for a in actor.aliases}
    names |= {key(d.text) for d in actor.descriptors if d.kind == "name" and len(key(d.text).split()) > 1}
    return names - {""}


def score_passage(passage: Passage, doc: Document, scores: ActorScores) -> None:
    """Add one analysed passage's links to `scores`."""
    scores.passages += 1
    predicted = [
        (d.start, d.end, d.text, actor)
        for actor in doc.actors or []
        for d in actor.descriptors
        if d.kind != "name"
    ]
    gold_found: set[int] = set()
    names = {id(actor): _names(actor) for actor in doc.actors or [] if actor.canonical is not None}
    for start, end, text, actor in predicted:
        if actor.canonical is None:
            continue
        overlapping = [i for i, g in enumerate(passage.links) if g.start < end and start < g.end]
        scores.predicted_links += 1
        good = [i for i in overlapping if passage.links[i].actor is not None and key(passage.links[i].actor or "") in names[id(actor)]]
        if good:
            scores.correct_links += 1
            gold_found.update(good)
        else:
            expected = ", ".join(str(passage.links[i].actor) for i in overlapping) or "no actor marked"
            scores.errors.append(f"{passage.id}: {text!r} linked to {actor.canonical!r}; gold: {expected}")
    for i, g in enumerate(passage.links):
        if any(start < g.end and g.start < end for start, end, _, _ in predicted):
            scores.detected += 1
        if g.actor is None:
            scores.gold_unlinked += 1
            continue
        scores.gold_links += 1
        if i in gold_found:
            scores.found_gold_links += 1
        else:
            scores.errors.append(f"{passage.id}: missed {g.text!r} -> {g.actor!r}")


def evaluate(passages: Iterable[Passage], analyse: Callable[[Document], Document]) -> ActorScores:
    """Analyse every passage (parse, entities, quotes, actors) and score its links."""
    scores = ActorScores()
    for passage in passages:
        doc = analyse(Document(id=passage.id, text=passage.text))
        score_passage(passage, doc, scores)
    return scores
