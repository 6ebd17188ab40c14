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

Lanes: a span reaching its technique's display threshold is shown; for the
techniques whose precision at that threshold stayed under 0.3 in
cross-validation it goes to the switchable candidates lane instead
(`lane: "candidate"`, `candidates=False` leaves them out). Labels of the
`actors` layer, when present, are scored as Name_Calling spans
(`presslens.techniques.epithets`), so both layers agree on epithets.

Display: with a per-technique model, a span is shown when its calibrated
score reaches its technique's display threshold (the threshold that
maximised F1 against annotations under cross-validation; see MODEL_CARD.md).
`min_score` replaces those thresholds by one score (lower it to see more,
raise it to see less); `all_spans` keeps every span of the recall-oriented
set used for SemEval scoring, plus every epithet however low its score.
Spans of different techniques may nest or overlap.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from ..document import ACTORS, ENCODER_PASS, GROUPS, QUOTES, TECHNIQUES, Document, Technique
from ..errors import ConfigError
from ..pipeline import register_stage
from ..techniques.epithets import epithet_ranges
from ..techniques.shipped import Calibration, load_shipped
from ..voices.speaking import Speakers, Speaking
from .postprocess import clean

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
        min_score: float | None = None, all_spans: bool = False, candidates: bool = True, epithets: bool = True,
    ) -> None:
        if min_score is not None and not 0.0 <= min_score <= 1.0:
            raise ConfigError(f"min_score must lie in [0, 1], got {min_score}")
        self.min_score = min_score
        self.all_spans = all_spans
        self.candidates = candidates
        self.epithets = epithets
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
        epithets = epithet_ranges(doc) if self.epithets else []
        # every epithet is a span of the recall-oriented views (all_spans, min_score), even one scored low
        hidden = self.all_spans or self.min_score is not None
        for found in self._detect(doc, masks, epithets, hidden):
            score = found.score if found.score is not None else self.calibration(found.span_score, found.technique_prob)
            lane = self._lane(found.lane, score)
            if lane is None:
                continue
            for start, end, voice in by_voice(text, found.start, found.end, speakers):
                items.append(
                    Technique.of(
                        text, start, end,
                        technique=found.technique,
                        score=round(score, 4),
                        voice=voice.voice,
                        speaker=voice.speaker,
                        source=voice.source,
                        lane=lane,
                    )
                )
        return doc.with_layer(TECHNIQUES, items, stage=STAGE)

    def _detect(
        self, doc: Document, masks: list[tuple[int, int]] | None, epithets: list[tuple[int, int]], hidden: bool
    ) -> Any:
        """Detected spans, from the shared encoder pass (`encoder_pass` layer) when it is this tagger's own
        pass over the same masked text, else from a pass of its own."""
        state = doc.encoder_pass
        own = (
            state is not None and getattr(self.tagger, "model", None) is not None
            and state.model is self.tagger.model and state.text == doc.text and state.masks == tuple(masks or ())
        )
        if not own:
            return self.tagger.detect(doc.text, masks, epithets=epithets, hidden_epithets=hidden)
        if epithets:
            return self.tagger.detected(state, epithets=epithets, hidden_epithets=hidden)
        return self.tagger.detected(state)

    def with_min_score(self, min_score: float | None) -> TechniquesStage:
        """This stage, around the same loaded model, showing spans scored at or above `min_score`
        (None: each technique's display threshold). Cheap: nothing is loaded again."""
        return TechniquesStage(
            tagger=self.tagger, calibration=self.calibration, mask_groups=self.mask_groups,
            min_score=min_score, all_spans=self.all_spans, candidates=self.candidates, epithets=self.epithets,
        )

    def _lane(self, lane: str, score: float) -> Literal["shown", "candidate"] | None:
        """The span's lane in the layer, None when it is left out.

        Default: shown and (with `candidates`) candidate spans. `min_score` keeps every span at or
        above it, `all_spans` every span; a span outside the shown lane is then a candidate.
        """
        if self.all_spans or (self.min_score is not None and score >= self.min_score):
            return "shown" if lane == "shown" else "candidate"
        if self.min_score is not None:
            return None
        if lane == "shown":
            return "shown"
        if lane == "candidate" and self.candidates:
            return "candidate"
        return None

    def pipe(self, docs: Iterable[Document], *, batch_size: int) -> Iterator[Document]:
        # windows of one article are already batched inside the tagger
        for doc in docs:
            yield self(doc)


# A span is cut where the voice changes only if every part keeps at least this many words.
MIN_PART_WORDS = 3
_WORD = re.compile(r"\w+")


def by_voice(text: str, start: int, end: int, speakers: Speakers) -> list[tuple[int, int, Speaking]]:
    """The span, cut where a quote's content begins or ends inside it, each part with its own voice.

    Why: a decoded span can run from a source's paraphrase into the outlet's own framing ("... the
    brutal crimes against the people amid ongoing deadly aggression"); read whole, the outlet's words
    are credited to the source and the author's voice shows no technique. A part of under
    MIN_PART_WORDS words is not cut off (the span keeps one voice, by its middle); neighbouring parts
    in the same voice stay one; an author's part made of a quote's source and cue ("he said, adding",
    between two quotations the span runs across) is left out: reporting words use no technique.
    """
    whole = [(start, end, speakers.at(start, end))]
    edges = speakers.edges_inside(start, end)
    if not edges:
        return whole
    parts: list[tuple[int, int, Speaking]] = []
    joined = True  # whether the next part follows the last one kept with nothing left out between
    for a, b in itertools.pairwise([start, *edges, end]):
        a, b = clean(text, a, b, quotes=False)
        if len(_WORD.findall(text, a, b)) < MIN_PART_WORDS:
            return whole
        voice = speakers.at(a, b)
        if voice.voice == "author" and speakers.in_frame(a, b):
            joined = False
            continue
        if parts and joined and parts[-1][2] == voice:
            parts[-1] = (parts[-1][0], b, voice)
        else:
            parts.append((a, b, voice))
        joined = True
    return parts or whole


# Always registered: the model ships inside the package, so missing files are a broken install,
# reported by `load_shipped` as a ModelError that names them (never a layer silently absent).
@register_stage(
    STAGE,
    assigns=(TECHNIQUES,),
    requires=(GROUPS,),
    uses=(QUOTES, ACTORS, ENCODER_PASS),
    order=50,
    description="MiniLM int8, one span channel per PTC technique (spans nest) and actors labels scored as Name_Calling; "
    "shown at per-technique display thresholds, low-precision techniques in a candidates lane",
)
def make_techniques(
    *, tagger: Any | None = None, calibration: Calibration | None = None, mask_groups: bool = True,
    min_score: float | None = None, all_spans: bool = False, candidates: bool = True, epithets: bool = True,
) -> TechniquesStage:
    return TechniquesStage(
        tagger=tagger, calibration=calibration, mask_groups=mask_groups, min_score=min_score, all_spans=all_spans,
        candidates=candidates, epithets=epithets,
    )
