"""Tests for presslens.claims.build: candidates + scores -> the claims layer."""

from __future__ import annotations

import pytest

from presslens.claims.build import build_claims, claim_candidates
from presslens.document import CLAIMS, Document, Entity, Part, Quote, Sentence, TimeExpression

TEXT = (
    "The port handled 2.4 million containers in 2023. "
    '"Exports to Chile doubled last year," Minister Ana Duarte said. '
    "What a day."
)


def at(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


def document() -> Document:
    doc = Document(id="port", text=TEXT)
    bounds = [at("The port handled 2.4 million containers in 2023."), at('"Exports to Chile doubled last year," Minister Ana Duarte said.'), at("What a day.")]
    doc = doc.with_layer("sentences", [Sentence.of(TEXT, s, e) for s, e in bounds])
    doc = doc.with_layer(
        "entities",
        [
            Entity.of(TEXT, *at("2.4 million"), label="CARDINAL", canonical="2.4 million"),
            Entity.of(TEXT, *at("Chile"), label="GPE", canonical="Chile"),
            Entity.of(TEXT, *at("Ana Duarte"), label="PERSON", canonical="Ana Duarte"),
        ],
    )
    doc = doc.with_layer(
        "times",
        [
            TimeExpression.of(TEXT, *at("2023"), label="DATE", value="2023", anchored=False),
            TimeExpression.of(TEXT, *at("last year"), label="DATE", value="2022", anchored=True),
        ],
    )
    content = at("Exports to Chile doubled last year,")
    quote_span = (content[0] - 1, at("said")[1])
    return doc.with_layer(
        "quotes",
        [
            Quote.of(
                TEXT,
                *quote_span,
                content=Part.of(TEXT, *content),
                cue=Part.of(TEXT, *at("said")),
                source=Part.of(TEXT, *at("Minister Ana Duarte")),
                speaker="Ana Duarte",
                kind="direct",
            )
        ],
    )


def test_build_claims_keeps_only_scores_above_threshold() -> None:
    doc = document()
    found = claim_candidates(doc)
    assert [TEXT[c.start : c.end] for c in found] == [
        "The port handled 2.4 million containers in 2023.",
        "Exports to Chile doubled last year",
        "What a day.",
    ]
    claims = build_claims(doc, found, [0.91, 0.77, 0.2], threshold=0.5)
    assert [c.text for c in claims] == [TEXT[c.start : c.end] for c in claims]
    first, second = claims
    assert (first.start, first.end) == at("The port handled 2.4 million containers in 2023.")
    assert (first.voice, first.speaker) == ("author", None) and first.score == pytest.approx(0.91)
    assert [p.text for p in first.quantities] == ["2.4 million"]
    assert [(p.start, p.end) for p in first.times] == [at("2023")]
    assert second.speaker == "Ana Duarte"
    assert [p.text for p in second.entities] == ["Chile"]
    assert [p.text for p in second.times] == ["last year"]
    assert second.quantities == []
    # the layer validates against the text
    out = doc.with_layer(CLAIMS, claims, stage="claims.v1")
    assert out.claims is not None and len(out.claims) == 2


def test_build_claims_threshold_is_inclusive() -> None:
    doc = document()
    found = claim_candidates(doc)
    assert len(build_claims(doc, found, [0.5, 0.49, 0.5], threshold=0.5)) == 2


def test_build_claims_rejects_mismatched_scores() -> None:
    doc = document()
    with pytest.raises(ValueError, match="3 candidates but 1 scores"):
        build_claims(doc, claim_candidates(doc), [0.9], threshold=0.5)


def test_build_claims_needs_sentences() -> None:
    with pytest.raises(ValueError, match="sentences"):
        claim_candidates(Document(id="x", text="No layers."))
