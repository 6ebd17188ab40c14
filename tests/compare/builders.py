"""Hand-built analysed articles and a fake sentence encoder for the compare tests (no models)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from presslens.document import (
    Actor,
    Claim,
    Descriptor,
    Document,
    Part,
    Quote,
    Sentence,
    Technique,
    TimeExpression,
)
from presslens.voices.summary import summarize


class WordEncoder:
    """Bag of words with one axis per distinct word: cosine = word overlap, and renaming words changes nothing."""

    def __init__(self, dim: int = 4096) -> None:
        self.index: dict[str, int] = {}
        self.dim = dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, self.index.setdefault(word, len(self.index))] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


def _at(text: str, phrase: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


@dataclass
class Article:
    """What an analysed article holds, written as phrases of its text."""

    id: str
    text: str
    actors: list[tuple[str | None, str | None, list[tuple[str, str, str, str | None]]]] = field(default_factory=list)
    quotes: list[tuple[str, str, str | None]] = field(default_factory=list)  # (source, content, speaker)
    claims: list[str] = field(default_factory=list)
    techniques: list[tuple[str, str]] = field(default_factory=list)  # (phrase, label)
    dates: list[tuple[str, str]] = field(default_factory=list)  # (phrase, value)

    def build(self) -> Document:
        t = self.text
        doc = Document(id=self.id, text=t)
        sentences = [Sentence.of(t, m.start(), m.end()) for m in re.finditer(r"[^.]+\.", t)]
        quotes = []
        for source, content, speaker in self.quotes:
            s0, s1 = _at(t, source)
            c0, c1 = _at(t, content)
            quotes.append(
                Quote.of(
                    t, min(s0, c0), max(s1, c1), content=Part.of(t, c0, c1), cue=None, source=Part.of(t, s0, s1),
                    speaker=speaker, kind="direct",
                )
            )
        from presslens.voices.speaking import Speakers

        speakers = Speakers(t, quotes)
        rows = []
        for canonical, label, refs in self.actors:
            descriptors = []
            for phrase, kind, link, occurrence in refs:
                a, b = _at(t, phrase, int(occurrence or 1))
                said = speakers.at(a, b)
                descriptors.append(
                    Descriptor.of(
                        t, a, b, kind=kind, head="", link=link if canonical else None,
                        voice=said.voice, speaker=said.speaker, source=said.source,
                    )
                )
            rows.append(Actor(canonical=canonical, label=label, descriptors=descriptors))
        claims = []
        for phrase in self.claims:
            a, b = _at(t, phrase)
            said = speakers.at(a, b)
            claims.append(Claim.of(t, a, b, score=0.9, voice=said.voice, speaker=said.speaker, source=said.source))
        techniques = []
        for phrase, label in self.techniques:
            a, b = _at(t, phrase)
            said = speakers.at(a, b)
            techniques.append(Technique.of(t, a, b, technique=label, score=0.8, voice=said.voice, speaker=said.speaker))
        times = [TimeExpression.of(t, *_at(t, phrase), label="DATE", value=value, anchored=True) for phrase, value in self.dates]
        doc = (
            doc.with_layer("sentences", sentences)
            .with_layer("quotes", quotes)
            .with_layer("claims", claims)
            .with_layer("techniques", techniques)
            .with_layer("times", times)
            .with_layer("actors", rows)
        )
        return doc.with_layer("voices", summarize(doc) or [])


# Two articles on one invented event, told from opposing sides. {A}/{B} are the two countries, {PA}/{PB}
# their spokespeople; every pair of names has the same length, so swapping them keeps every offset.
SIDE_A = (
    "{A} troops shelled the town of Kell on Monday. "
    '{PA} said: "The {B} terrorists attacked first and we answered." '
    "Nine civilians died in Kell on March 3. "
    "The army destroyed two rocket launchers near the border."
)
SIDE_B = (
    "{A} forces shelled the village of Tarn on Monday. "
    '{PB} said: "The {A} occupiers burn our fields every night." '
    "Nine people were killed in Kell on March 2. "
    "Three homes in Tarn were destroyed by the shelling."
)
NAMES = {"A": "Norland", "B": "Sorvand", "PA": "Arto Lind", "PB": "Mira Dova"}


def pair(names: dict[str, str] = NAMES) -> tuple[Document, Document]:
    a_text, b_text = SIDE_A.format(**names), SIDE_B.format(**names)
    A, B, PA, PB = names["A"], names["B"], names["PA"], names["PB"]
    first = Article(
        "side-a", a_text,
        actors=[
            (A, "GPE", [(A, "name", "name", 1)]),
            (PA, "PERSON", [(PA, "name", "name", 1)]),
            (B, "GPE", [(f"The {B} terrorists", "label", "modifier", 1)]),
            (None, None, [("The army", "description", None, 1)]),
        ],
        quotes=[(PA, f"The {B} terrorists attacked first and we answered.", PA)],
        claims=["Nine civilians died in Kell on March 3.", "The army destroyed two rocket launchers near the border."],
        techniques=[(f"The {B} terrorists", "Name_Calling,Labeling")],
        dates=[("March 3", "2025-03-03")],
    ).build()
    second = Article(
        "side-b", b_text,
        actors=[
            (A, "GPE", [(A, "name", "name", 1), (f"The {A} occupiers", "label", "modifier", 1)]),
            (PB, "PERSON", [(PB, "name", "name", 1)]),
        ],
        quotes=[(PB, f"The {A} occupiers burn our fields every night.", PB)],
        claims=["Nine people were killed in Kell on March 2.", "Three homes in Tarn were destroyed by the shelling."],
        techniques=[(f"The {A} occupiers", "Name_Calling,Labeling"), ("every night", "Exaggeration,Minimisation")],
        dates=[("March 2", "2025-03-02")],
    ).build()
    return first, second
