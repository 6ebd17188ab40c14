"""The `claims` layer: check-worthy factual claims, who makes them, what to verify.

Why a document's claims never depend on its batch: the int8 classifier
scores each candidate in a call of its own (see `claims.scorer`), so an
article analysed alone or among others gets the same claims and scores.
The model is loaded once when the stage is built (and cached per process),
never per document.

Why the model reads group names as neutral words: the group a sentence names
must not decide whether it is a claim (see `claims.groups`); the claims keep
the article's own words, only the scored text is masked. The group names are
the `groups` layer, which the stage declares it requires when it masks them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from ..claims.build import build_claims, claim_candidates
from ..claims.groups import Range, document_ranges, masked_text
from ..claims.scorer import MODEL_DIR, ClaimScorer
from ..claims.units import Candidate
from ..document import CLAIMS, ENTITIES, GROUPS, PARSE, QUOTES, SENTENCES, TIMES, Document
from ..pipeline import register_stage

STAGE = "claims.v1"


class ClaimsStage:
    """Score every candidate sentence (or quoted clause); keep those at or above `threshold`."""

    def __init__(self, scorer: ClaimScorer, *, mask_groups: bool = True) -> None:
        self.scorer = scorer
        self.mask_groups = mask_groups

    @property
    def threshold(self) -> float:
        return self.scorer.threshold

    def __call__(self, doc: Document) -> Document:
        groups = document_ranges(doc)
        cands = claim_candidates(doc, groups)
        scores = list(self.scorer.score(self.scored_texts(doc, cands, groups)))
        return doc.with_layer(CLAIMS, build_claims(doc, cands, scores, threshold=self.threshold), stage=STAGE)

    def scored_texts(self, doc: Document, cands: list[Candidate], groups: Sequence[Range] | None = None) -> list[str]:
        """What the model reads for each candidate: its words, group names masked unless `mask_groups` is off.

        `groups` are the document's group mentions (`claims.groups.document_ranges`, read here when not given).
        """
        if not self.mask_groups:
            return [doc.text[c.start : c.end] for c in cands]
        ranges = document_ranges(doc) if groups is None else groups
        return [masked_text(doc.text, c.start, c.end, ranges) for c in cands]

    def pipe(self, docs: Iterable[Document], *, batch_size: int = 16) -> Iterator[Document]:
        """One document at a time (`batch_size` is accepted for the pipeline and has no effect on results)."""
        for doc in docs:
            yield self(doc)


@register_stage(
    STAGE,
    assigns=(CLAIMS,),
    requires=(SENTENCES, GROUPS),
    uses=(PARSE, ENTITIES, TIMES, QUOTES),
    order=60,
    description="check-worthy claims: int8 MiniLM classifier fine-tuned on ClaimBuster, calibrated; group names masked",
)
def make_claims(
    *,
    model_dir: str | Path | None = None,
    threshold: float | None = None,
    scorer: ClaimScorer | None = None,
    mask_groups: bool = True,
) -> ClaimsStage:
    """Build the stage; `scorer` replaces the shipped model (tests use a fake), `threshold` its threshold.

    `mask_groups=False` lets the model read group names (measurably less neutral; see `claims.groups`).

    A `scorer` passed in is never changed: another threshold makes a new one.
    """
    if scorer is None:
        scorer = ClaimScorer.from_directory(model_dir or MODEL_DIR, threshold=threshold)
    elif threshold is not None:
        scorer = replace(scorer, threshold=threshold)
    return ClaimsStage(scorer, mask_groups=mask_groups)
