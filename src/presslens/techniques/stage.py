"""The `techniques` layer: spans using one of the 14 PTC propaganda techniques.

Why one span channel per technique: fact-checkers need the exact words that
persuade, not a per-article verdict, and PTC techniques overlap and differ
in length (a loaded phrase inside a sentence-long appeal to fear), so the
model marks character spans per technique, each at its own length, crossing
sentence boundaries where the writing does; the score is the calibrated
probability that the span is right for its technique. Each span is attributed to a voice (author,
quoted, paraphrased) from the `quotes` layer when present, so quoted
rhetoric is not blamed on the outlet. Group names (countries, peoples,
religions, parties: the `groups` layer of the entities stage) are read as one
neutral token, so the group named does not change what is found. The model is
loaded once per stage.

Precision first: with a per-technique model, a span is shown when its
calibrated score reaches its technique's display threshold (chosen on DEV
articles for span precision >= 0.5; see MODEL_CARD.md). `min_score` replaces
those thresholds by one score (lower it to see more, raise it to see less);
`all_spans` keeps every span of the recall-oriented set used for SemEval
scoring. Spans of different techniques may nest or overlap.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..document import GROUPS, QUOTES, TECHNIQUES, Document, Technique
from ..errors import ConfigError
from ..pipeline import register_stage
from ..techniques.shipped import Calibration, load_shipped
from ..voices.speaking import Speakers

STAGE = "techniques.v1"

# What `min_score` means, in the words of every surface that takes it (the CLI's --min-score,
# the web API's min_score, the stage option): one meaning everywhere.
MIN_SCORE_MEANING = (
    "Show technique spans scored at or above this, from 0 (every span the model found) to 1; "
    "default: each technique's display threshold (chosen for precision)."
)


class TechniquesStage:
    """Detect technique spans with a `TechniqueTagger` (shipped ONNX model unless one is injected)."""

    def __init__(
        self, *, tagger: Any | None = None, calibration: Calibration | None = None, mask_groups: bool = True,
        min_score: float | None = None, all_spans: bool = False,
    ) -> None:
        if min_score is not None and not 0.0 <= min_score <= 1.0:
            raise ConfigError(f"min_score must lie in [0, 1], got {min_score}")
        self.min_score = min_score
        self.all_spans = all_spans
        if tagger is None:
            shipped = load_shipped()
            tagger, calibration = shipped.tagger, shipped.calibration
        self.tagger = tagger
        self.calibration = calibration or Calibration()
        self.mask_groups = mask_groups

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        speakers = Speakers(text, doc.quotes)
        items = []
        groups = doc.groups if self.mask_groups else None
        masks = [(g.start, g.end) for g in groups] if groups is not None else None
        for found in self.tagger.detect(text, masks):
            score = found.score if found.score is not None else self.calibration(found.span_score, found.technique_prob)
            if not self._shown(found.shown, score):
                continue
            voice = speakers.at(found.start, found.end)
            items.append(
                Technique.of(
                    text, found.start, found.end,
                    technique=found.technique,
                    score=round(score, 4),
                    voice=voice.voice,
                    speaker=voice.speaker,
                    source=voice.source,
                )
            )
        return doc.with_layer(TECHNIQUES, items, stage=STAGE)

    def with_min_score(self, min_score: float | None) -> TechniquesStage:
        """This stage, around the same loaded model, showing spans scored at or above `min_score`
        (None: each technique's display threshold). Cheap: nothing is loaded again."""
        return TechniquesStage(
            tagger=self.tagger, calibration=self.calibration, mask_groups=self.mask_groups,
            min_score=min_score, all_spans=self.all_spans,
        )

    def _shown(self, at_display: bool, score: float) -> bool:
        if self.all_spans:
            return True
        if self.min_score is not None:
            return score >= self.min_score
        return at_display

    def pipe(self, docs: Iterable[Document], *, batch_size: int) -> Iterator[Document]:
        # windows of one article are already batched inside the tagger
        for doc in docs:
            yield self(doc)


# Always registered: the model ships inside the package, so missing files are a broken install,
# reported by `load_shipped` as a ModelError that names them (never a layer silently absent).
@register_stage(
    STAGE,
    assigns=(TECHNIQUES,),
    requires=(GROUPS,),
    uses=(QUOTES,),
    order=50,
    description="MiniLM int8, one span channel per PTC technique (spans nest), shown at per-technique display thresholds",
)
def make_techniques(
    *, tagger: Any | None = None, calibration: Calibration | None = None, mask_groups: bool = True,
    min_score: float | None = None, all_spans: bool = False,
) -> TechniquesStage:
    return TechniquesStage(
        tagger=tagger, calibration=calibration, mask_groups=mask_groups, min_score=min_score, all_spans=all_spans
    )
