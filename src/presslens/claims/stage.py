"""The `claims` layer: check-worthy factual claims, who makes them, what to verify.

Why a batch stage: the classifier is a transformer, so the candidates of all
documents in a batch are scored in one padded, length-sorted run of the ONNX
model. The model is loaded once when the stage is built (and cached per
process), never per document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..claims.build import build_claims, claim_candidates
from ..claims.scorer import MODEL_DIR, ClaimScorer
from ..document import CLAIMS, ENTITIES, PARSE, QUOTES, SENTENCES, TIMES, Document
from ..pipeline import register_stage

STAGE = "claims.v1"


class ClaimsStage:
    """Score every candidate sentence (or quoted clause); keep those at or above `threshold`."""

    def __init__(self, scorer: ClaimScorer) -> None:
        self.scorer = scorer

    @property
    def threshold(self) -> float:
        return self.scorer.threshold

    def __call__(self, doc: Document) -> Document:
        return next(iter(self.pipe([doc], batch_size=1)))

    def pipe(self, docs: Iterable[Document], *, batch_size: int = 16) -> Iterator[Document]:
        docs = list(docs)
        found = [claim_candidates(doc) for doc in docs]
        texts = [doc.text[c.start : c.end] for doc, cands in zip(docs, found) for c in cands]
        scores = list(self.scorer.score(texts))
        position = 0
        for doc, cands in zip(docs, found):
            mine = scores[position : position + len(cands)]
            position += len(cands)
            claims = build_claims(doc, cands, mine, threshold=self.threshold)
            yield doc.with_layer(CLAIMS, claims, stage=STAGE)


@register_stage(
    STAGE,
    assigns=(CLAIMS,),
    requires=(SENTENCES,),
    uses=(PARSE, ENTITIES, TIMES, QUOTES),
    order=60,
    description="check-worthy claims: int8 MiniLM classifier fine-tuned on ClaimBuster, calibrated",
)
def make_claims(
    *, model_dir: str | Path | None = None, threshold: float | None = None, scorer: ClaimScorer | None = None
) -> ClaimsStage:
    """Build the stage; `scorer` replaces the shipped model (tests use a fake)."""
    if scorer is None:
        scorer = ClaimScorer.from_directory(model_dir or MODEL_DIR, threshold=threshold)
    elif threshold is not None:
        scorer.threshold = threshold
    return ClaimsStage(scorer)
