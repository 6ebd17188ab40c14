"""Article-level inference shared by training checks, the ONNX runtime and evaluation.

Why one code path: the threshold chosen on dev articles during training, the
numbers `presslens eval ptc` prints and the spans the pipeline stage emits
must all come from the same windows, decoding and pooling. The encoder is a
`Model` (onnxruntime when shipped, torch in training, a fake in tests) whose
own tokenizer cuts the article; the technique head is injected as a plain
function, so torch and numpy heads drive the same logic.

Why frozen: the shipped tagger is cached and shared by every stage, CLI
command and thread of a process, so nothing may change it in place. Other
settings make a new tagger (`with_settings`, `dataclasses.replace`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..document import TECHNIQUE_LABELS
from ..errors import ModelError
from ..logistic import sigmoid
from ..models.batching import run_all
from ..models.encoding import Encoded, Tokens
from ..models.protocol import Model
from .decoding import average_windows, spans_from_words, window_counts, word_probabilities
from .epithets import NAME_CALLING, channel_word_scores, uncovered
from .postprocess import clean
from .relabel import merge_same_technique
from .results import N_TECH, ArticlePass, ChannelSpan, Detected, Lane
from .settings import ChannelSettings, TaggerSettings
from .span_memory import SpanMemory, span_key
from .windows import (
    BODY,
    SpanSlot,
    batch_arrays,
    inference_windows,
    mask_ranges,
    pooled_features,
    span_slot,
    token_rows,
)

# The encoder's outputs: span logits [B, L] and token vectors [B, L, D].
SPAN_LOGITS = "span_logits"
HIDDEN = "hidden"
# head input [S, F] -> technique probabilities [S, 14]
ClassifyFn = Callable[[np.ndarray], np.ndarray]
GROUP_CALLS = 16  # encoder calls handed to the model together (it runs them side by side)
# A pass keeps its token vectors for relabelling up to this many windows (~6 MB, about 3,000 tokens)
KEEP_WINDOWS = 16


def _with_rows(hidden: np.ndarray | None, n: int, first: int, vectors: np.ndarray) -> np.ndarray:
    """`hidden` ([n, BODY + 2, D], made on first use) with `vectors` [k, L, D] written from row `first`,
    each row zero-padded to the full window."""
    if hidden is None:
        hidden = np.zeros((n, BODY + 2, vectors.shape[2]), dtype=np.float32)
    hidden[first : first + len(vectors), : vectors.shape[1]] = vectors
    return hidden


def logit(p: float) -> float:
    """log(p / (1 - p)), with p clipped to [1e-6, 1 - 1e-6]."""
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def squash(z: float) -> float:
    """sigmoid(z) for one score, z clipped to [-30, 30] so it never overflows."""
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@dataclass(frozen=True, eq=False)
class TechniqueTagger:
    """Finds technique spans in raw text with an encoder `Model` and a technique head."""

    model: Model
    classify: ClassifyFn
    settings: TaggerSettings = field(default_factory=TaggerSettings)
    memory: SpanMemory | None = None  # techniques of identical spans seen in training
    _special: tuple[int, int, int, int] = field(init=False, repr=False)  # [CLS], [SEP], [MASK], [PAD]

    def __post_init__(self) -> None:
        ids = {t: self.model.token_id(t) for t in ("[CLS]", "[SEP]", "[MASK]", "[UNK]", "[PAD]")}
        cls_id, sep_id = ids["[CLS]"], ids["[SEP]"]
        if cls_id is None or sep_id is None:
            raise ModelError("the techniques model's tokenizer has no [CLS] or [SEP] token; re-export the model")
        mask_id = ids["[MASK]"] if ids["[MASK]"] is not None else ids["[UNK]"]
        if mask_id is None:
            raise ModelError("the techniques model's tokenizer has neither [MASK] nor [UNK]; re-export the model")
        object.__setattr__(self, "_special", (cls_id, sep_id, mask_id, ids["[PAD]"] or 0))

    def with_settings(self, **changes: Any) -> TechniqueTagger:
        """A tagger with the same model, head and memory and these settings changed (e.g. threshold=0.3)."""
        return replace(self, settings=replace(self.settings, **changes))

    def tokens(self, text: str, masks: Sequence[tuple[int, int]] | None = None) -> Tokens:
        """The article as the encoder reads it: the model's tokens, each group-name range as one [MASK]."""
        enc = self.model.tokenize(text)
        return mask_ranges(enc, list(masks), self._special[2]) if masks else enc

    def forward(
        self, text: str, masks: Sequence[tuple[int, int]] | None = None, *, keep_hidden: bool | None = True,
        project: Callable[[np.ndarray], np.ndarray] | None = None,
    ) -> ArticlePass:
        """Encode `text`; character ranges in `masks` (group names) are read as one neutral token.

        `keep_hidden=None` keeps the token vectors only where detection reads them: a one-channel
        model (its spans need the technique head), or a per-technique model that relabels its spans
        with the head, for an article of at most KEEP_WINDOWS windows. They take ~0.4 MB per window
        (~0.8 GB for a 1 MB article), so a longer article's pass keeps none and `span_features`
        encodes again just the windows its spans need. Without them `hidden` is [0, 0, 0].

        `project` (a linear map of the vectors [B, L, D] -> [B, L, P]): keep every token's projected
        vector, averaged over the windows that cover the token (`ArticlePass.vectors`), for another
        head that reads the same pass (the quotes layer's attribution head). Projecting window by
        window keeps P numbers per token instead of D per window row, and averaging commutes with
        a linear map.
        """
        enc = self.tokens(text, masks)
        windows = inference_windows(len(enc), stride=self.settings.stride)
        probs: list[np.ndarray] = []
        hidden: np.ndarray | None = None  # [W, BODY + 2, D]: every chunk's rows, zero-padded to the full window
        projected: np.ndarray | None = None
        for i, chunk, out in self._encoded(enc, windows):
            logits = out[SPAN_LOGITS]
            if keep_hidden is None:  # same test as ArticlePass.per_technique
                one_channel = not (logits.ndim == 3 and logits.shape[2] >= N_TECH)
                keep_hidden = one_channel or (self.settings.relabel and len(windows) <= KEEP_WINDOWS)
            rows = project(np.asarray(out[HIDDEN], dtype=np.float32)) if project is not None else None
            if rows is not None and projected is None:
                # float16: 256 bytes a token (a 5 MB text holds about 1.2 M tokens); the head was
                # trained on vectors stored at this precision
                projected = np.zeros((len(enc), rows.shape[2]), dtype=np.float16)
            for row, (a, b) in enumerate(chunk):
                probs.append(sigmoid(np.asarray(logits[row, 1 : 1 + b - a], dtype=np.float64)))
                if projected is not None and rows is not None:
                    projected[a:b] += rows[row, 1 : 1 + b - a]
            if keep_hidden:
                hidden = _with_rows(hidden, len(windows), i, out[HIDDEN])
        token_probs = average_windows(len(enc), windows, probs)
        if hidden is None:
            hidden = np.zeros((0, BODY + 2, 1) if keep_hidden is not False else (0, 0, 0), dtype=np.float32)
        if projected is not None:
            projected /= np.maximum(window_counts(len(enc), windows), 1)[:, None].astype(np.float16)
        return ArticlePass(text, enc, windows, token_probs, hidden, tuple(masks or ()), projected, self.model)

    def spans(self, state: ArticlePass, threshold: float | None = None) -> list[tuple[int, int, float]]:
        """Cleaned character spans `(start, end, span probability)`, overlaps after cleaning removed."""
        settings = self.settings
        thr = settings.threshold if threshold is None else threshold
        probs = state.token_probs
        if probs.ndim == 2:  # per-technique model: its last channel is "any technique"
            probs = probs[:, -1]
        word_probs, word_chars = word_probabilities(state.enc, probs)
        return self._cleaned(
            state.text, word_probs, word_chars, thr,
            hysteresis=settings.hysteresis, max_gap=settings.max_gap, min_chars=settings.min_chars,
        )

    def _cleaned(
        self, text: str, word_probs: np.ndarray, word_chars: np.ndarray, thr: float,
        *, hysteresis: float, max_gap: int, min_chars: int,
    ) -> list[tuple[int, int, float]]:
        """Word runs as cleaned character spans `(start, end, score)`; a span overlapping the previous one is dropped."""
        out: list[tuple[int, int, float]] = []
        for span in spans_from_words(word_probs, word_chars, thr, max_gap=max_gap, low=thr - hysteresis):
            start, end = clean(text, span.start, span.end, quotes=self.settings.quotes)
            if end - start >= max(min_chars, 1) and not (out and start < out[-1][1]):
                out.append((start, end, span.score))
        return out

    def channel_spans(
        self, state: ArticlePass, thresholds: Sequence[float] | None = None
    ) -> list[ChannelSpan]:
        """Spans of every technique channel, each decoded with its own settings (they may nest or overlap).

        Spans of one channel never overlap each other after cleaning; spans of
        different channels may. `thresholds` overrides the channels' thresholds.
        """
        if not state.per_technique:
            raise ModelError("this techniques model has one span channel; per-technique decoding needs a newer export")
        word_probs, word_chars = word_probabilities(state.enc, state.token_probs)
        out: list[ChannelSpan] = []
        for c in range(N_TECH):
            cs = self.settings.channel(c)
            thr = cs.threshold if thresholds is None else thresholds[c]
            out += self.decode_channel(state.text, word_probs[:, c], word_chars, c, thr, cs)
        out.sort(key=lambda x: (x.start, -x.end, x.channel))
        return out

    def decode_channel(
        self, text: str, word_probs: np.ndarray, word_chars: np.ndarray, c: int, thr: float, cs: ChannelSettings
    ) -> list[ChannelSpan]:
        if word_probs.size == 0 or float(word_probs.max()) < thr:
            return []
        found = self._cleaned(
            text, word_probs, word_chars, thr, hysteresis=cs.hysteresis, max_gap=cs.max_gap, min_chars=cs.min_chars
        )
        return [ChannelSpan(start, end, score, c) for start, end, score in found]

    def calibrated(self, score: float, channel: int) -> float:
        """The probability, fitted on DEV, that a span of this channel overlaps a gold span of its technique."""
        a, b, c = self.settings.score_calibration
        cs = self.settings.channel(channel)
        return squash(a * logit(score) + b * logit(cs.threshold) + c + cs.bias)

    def channel_distribution(self, state: ArticlePass, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Per span, the technique channels' mean token probabilities, normalised to sum 1 ([S, 14])."""
        out = np.full((len(spans), N_TECH), 1.0 / N_TECH)
        if not state.per_technique:
            return out
        for i, (s, e) in enumerate(spans):
            rows = state.token_probs[token_rows(state.enc, s, e), :N_TECH]  # bisection, not a scan per span
            if len(rows):
                m = rows.mean(axis=0)
                out[i] = m / max(float(m.sum()), 1e-9)
        return out

    def span_features(self, state: ArticlePass, spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, list[int]]:
        """Technique-head input for the spans that hold a token, and the indices of those spans."""
        rows = list(range(len(state.windows)))
        slots = [span_slot(state.text, state.enc, state.windows, rows, s, e) for s, e in spans]
        kept = [i for i, slot in enumerate(slots) if slot is not None]
        placed: list[SpanSlot] = [slots[i] for i in kept]  # type: ignore[misc]
        if len(state.hidden) == len(state.windows):
            return pooled_features(state.hidden, placed), kept
        # the pass kept no vectors (a long article): encode again only the windows the spans sit in
        needed = sorted({slot.row for slot in placed})
        row_of = {w: i for i, w in enumerate(needed)}
        hidden = self.window_vectors(state, needed)
        return pooled_features(hidden, [replace(slot, row=row_of[slot.row]) for slot in placed]), kept

    def window_vectors(self, state: ArticlePass, windows: Sequence[int]) -> np.ndarray:
        """Token vectors [len(windows), BODY + 2, D] of these windows of `state`, encoded again as `forward` does."""
        picked = [state.windows[w] for w in windows]
        hidden: np.ndarray | None = None
        for i, _, out in self._encoded(state.enc, picked):
            hidden = _with_rows(hidden, len(picked), i, out[HIDDEN])
        return hidden if hidden is not None else np.zeros((0, BODY + 2, 1), dtype=np.float32)

    def _encoded(
        self, enc: Tokens, windows: Sequence[tuple[int, int]]
    ) -> Iterator[tuple[int, Sequence[tuple[int, int]], Mapping[str, np.ndarray]]]:
        """(index of a chunk's first window, the chunk's windows, the encoder's outputs) for `windows` in
        chunks of `batch_windows`; a few calls at a time (run side by side by the model), so a long
        article never holds every output."""
        cls_id, sep_id, _, pad_id = self._special
        batch = self.settings.batch_windows
        starts = range(0, len(windows), batch)
        for group in (starts[g : g + GROUP_CALLS] for g in range(0, len(starts), GROUP_CALLS)):
            chunks = [windows[i : i + batch] for i in group]
            feeds = [
                Encoded.from_ids(*batch_arrays([enc], [(0, a, b) for a, b in chunk], cls_id=cls_id, sep_id=sep_id,
                                               pad_id=pad_id))
                for chunk in chunks
            ]
            yield from zip(group, chunks, run_all(self.model, feeds))

    def technique_probs(self, state: ArticlePass, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Technique probabilities [S, 14] for character spans (uniform where a span holds no token)."""
        out = np.full((len(spans), len(TECHNIQUE_LABELS)), 1.0 / len(TECHNIQUE_LABELS), dtype=np.float64)
        features, kept = self.span_features(state, spans)
        if kept:
            out[kept] = self.classify(features)
        w = self.settings.tc_channel_weight
        if w > 0 and state.per_technique:
            out = (1.0 - w) * out + w * self.channel_distribution(state, spans)
        if self.memory is not None:
            for i, (s, e) in enumerate(spans):
                out[i] = self.memory.mix(out[i], span_key(state.text, s, e, state.masks))
        return out

    def detect(
        self, text: str, masks: Sequence[tuple[int, int]] | None = None, *, epithets: Sequence[tuple[int, int]] = (),
        hidden_epithets: bool = False,
    ) -> list[Detected]:
        """Spans with their technique; per-technique models give every channel's spans, each with
        its calibrated `score` and its `lane` (shown, candidate or hidden); `epithets` are character
        ranges (actors labels) scored as Name_Calling candidates (`detect_epithets`), those under the
        candidate floor only with `hidden_epithets`."""
        state = self.forward(text, masks, keep_hidden=None)
        if epithets:
            return self.detected(state, epithets=epithets, hidden_epithets=hidden_epithets)
        return self.detected(state)

    def detected(
        self, state: ArticlePass, *, epithets: Sequence[tuple[int, int]] = (), hidden_epithets: bool = False
    ) -> list[Detected]:
        """`detect` on an article already encoded by `forward`.

        Epithets under the candidate floor are left out (they are not part of the recall-oriented set)
        unless `hidden_epithets` (evaluation, which chooses that floor).
        """
        if state.per_technique:
            found = self.detect_channels(state)
            if epithets:
                extra = [
                    d for d in self.detect_epithets(state, epithets, found) if hidden_epithets or d.lane != "hidden"
                ]
                found = sorted(found + extra, key=lambda d: (d.start, -d.end, d.channel))
            return found
        spans = self.spans(state)
        probs = self.technique_probs(state, [(s, e) for s, e, _ in spans])
        return [Detected(s, e, score, p) for (s, e, score), p in zip(spans, probs)]

    def detect_channels(self, state: ArticlePass) -> list[Detected]:
        """Every channel's spans (the recall-oriented set), scored and marked for display.

        With `relabel`, each span's technique is the span classifier's (`technique_probs`), its score
        still the calibrated score of the channel that found it, and spans then of one technique that
        overlap are merged (`relabel.merge_same_technique`).
        """
        found = self.channel_spans(state)
        spans = [(x.start, x.end) for x in found]
        if self.settings.relabel and found:
            probs = self.technique_probs(state, spans)
            techniques = [int(t) for t in np.argmax(probs, axis=1)]
        else:
            probs = self.channel_distribution(state, spans)
            techniques = [x.channel for x in found]
        out = [
            Detected(x.start, x.end, x.score, p, channel=t, score=self.calibrated(x.score, x.channel))
            for x, p, t in zip(found, probs, techniques)
        ]
        if self.settings.relabel:
            out = merge_same_technique(out)
        return [replace(d, lane=self.lane(d.channel, d.score)) for d in out]  # type: ignore[arg-type]

    def lane(self, channel: int, score: float, *, epithet: bool = False) -> Lane:
        """Shown at the technique's display threshold, in the candidates lane when its measured precision is low;
        an epithet under the threshold is a candidate from `epithet_floor` up."""
        cs = self.settings.channel(channel)
        if score >= cs.display:
            return "candidate" if cs.candidate else "shown"
        floor = self.settings.epithet_floor
        if epithet and floor is not None and score >= floor:
            return "candidate"
        return "hidden"

    def detect_epithets(
        self, state: ArticlePass, ranges: Sequence[tuple[int, int]], found: Sequence[Detected] = ()
    ) -> list[Detected]:
        """Epithets (`presslens.techniques.epithets`) as Name_Calling spans, scored by that channel.

        A range overlapped by a Name_Calling span in `found` adds nothing: the model found it already.
        """
        nc = NAME_CALLING
        taken = [(d.start, d.end) for d in found if d.channel == nc]
        ranges = uncovered(ranges, taken)
        if not ranges or not state.per_technique:
            return []
        word_probs, word_chars = word_probabilities(state.enc, state.token_probs[:, nc])
        dist = self.channel_distribution(state, ranges)
        out = []
        for (s, e), mean, p in zip(ranges, channel_word_scores(word_probs, word_chars, ranges), dist):
            if mean is None:
                continue
            score = self.calibrated(mean, nc)
            lane = self.lane(nc, score, epithet=True)
            out.append(Detected(s, e, mean, p, channel=nc, score=score, lane=lane, evidence="epithet"))
        return out
