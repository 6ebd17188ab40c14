"""Choose, on DEV articles, how each technique channel is decoded, scored and shown.

Why per channel: the techniques have very different natural lengths (median
gold characters in TRAIN: Loaded_Language 18, Name_Calling 21, Doubt 97,
Causal_Oversimplification 110), so one threshold and one set of length
settings cannot suit them all. Steps, all on DEV with the int8 model:

1. lengths: per channel, the hysteresis, word gap, shortest span and
   threshold that maximise that technique's partial-overlap F1 (its channel's
   spans against its gold spans only), so spans keep their natural length;
2. recall-oriented set: the channels' thresholds moved one at a time
   (coordinate ascent, two rounds) to maximise SI F1 of all channels' spans
   together (the SemEval score); lengths stay as chosen in 1;
3. calibration: logistic regression of "overlaps a gold span of its
   technique" on logit(span score) and logit(channel threshold);
4. display: per technique, the lowest calibrated score whose spans reach
   precision 0.5 on DEV (at least `MIN_SUPPORT` spans), else a pooled one.

Pure numpy/sklearn over precomputed passes; no torch.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..document import TECHNIQUE_LABELS
from ..eval.ptc import si_score
from ..techniques.decoding import word_probabilities
from ..techniques.predict import TechniqueTagger, logit
from ..techniques.results import N_TECH, ArticlePass
from ..techniques.settings import ChannelSettings

THRESHOLDS = (0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8)
SI_THRESHOLDS = (*THRESHOLDS, 0.9, 0.99)
HYSTERESIS = (0.0, 0.1, 0.2)
GAPS = (0, 1, 2)
MIN_CHARS = (0, 4)
DISPLAY = tuple(round(0.2 + 0.05 * i, 2) for i in range(16))  # 0.2 .. 0.95
MIN_SUPPORT = 5
TARGET_PRECISION = 0.5


@dataclass
class DevPass:
    """One DEV article: its encoder pass, word probabilities per channel and gold spans."""

    aid: str
    state: ArticlePass
    word_probs: np.ndarray  # [words, channels]
    word_chars: np.ndarray  # [words, 2]
    gold: list[tuple[int, int, str]]


def dev_passes(tagger: TechniqueTagger, articles: Sequence[Any]) -> list[DevPass]:
    out = []
    for art in articles:
        state = tagger.forward(art.text, art.masks)
        wp, wc = word_probabilities(state.enc, state.token_probs)
        out.append(DevPass(art.aid, state, wp, wc, list(art.gold)))
    return out


def _decode(tagger: TechniqueTagger, passes: Sequence[DevPass], c: int, cs: ChannelSettings) -> list[tuple[str, int, int, float]]:
    rows = []
    for p in passes:
        for x in tagger.decode_channel(p.state.text, p.word_probs[:, c], p.word_chars, c, cs.threshold, cs):
            rows.append((p.aid, x.start, x.end, x.score))
    return rows


def _gold(passes: Sequence[DevPass], technique: str | None = None) -> list[tuple[str, int, int]]:
    return [(p.aid, s, e) for p in passes for s, e, t in p.gold if technique is None or t == technique]


def tune_lengths(tagger: TechniqueTagger, passes: Sequence[DevPass]) -> tuple[list[ChannelSettings], dict[str, Any]]:
    """Step 1: per channel, the decoding that maximises that technique's partial-overlap F1 on DEV."""
    chosen, report = [], {}
    for c, label in enumerate(TECHNIQUE_LABELS):
        gold = _gold(passes, label)
        best: tuple[float, ChannelSettings] = (-1.0, ChannelSettings(threshold=0.5))
        if gold:
            for hyst, gap, minc, thr in itertools.product(HYSTERESIS, GAPS, MIN_CHARS, THRESHOLDS):
                if thr - hyst < 0.02:
                    continue
                cs = ChannelSettings(threshold=thr, hysteresis=hyst, max_gap=gap, min_chars=minc)
                f1 = si_score([r[:3] for r in _decode(tagger, passes, c, cs)], gold).f1
                if f1 > best[0] + 1e-9:
                    best = (f1, cs)
        chosen.append(best[1])
        report[label] = {"f1": round(max(best[0], 0.0), 4), "gold": len(gold), **best[1].__dict__}
    return chosen, report


def tune_si_thresholds(
    tagger: TechniqueTagger, passes: Sequence[DevPass], channels: list[ChannelSettings], rounds: int = 2
) -> tuple[list[ChannelSettings], dict[str, Any]]:
    """Step 2: thresholds moved one channel at a time to maximise SI F1 of all channels' spans together."""
    cache: dict[tuple[int, float], list[tuple[str, int, int]]] = {}

    def spans(c: int, thr: float) -> list[tuple[str, int, int]]:
        if (c, thr) not in cache:
            cache[(c, thr)] = [r[:3] for r in _decode(tagger, passes, c, replace(channels[c], threshold=thr))]
        return cache[(c, thr)]

    gold = _gold(passes)
    current = [cs.threshold for cs in channels]

    def score(thresholds: list[float]) -> float:
        return si_score([s for c, t in enumerate(thresholds) for s in spans(c, t)], gold).f1

    best = score(current)
    start = best
    for _ in range(rounds):
        for c in range(N_TECH):
            for thr in SI_THRESHOLDS:
                if thr - channels[c].hysteresis < 0.02:
                    continue
                trial = current[:c] + [thr] + current[c + 1 :]
                f1 = score(trial)
                if f1 > best + 1e-9:
                    best, current = f1, trial
    out = [replace(cs, threshold=t) for cs, t in zip(channels, current)]
    return out, {"si_f1_lengths_only": round(start, 4), "si_f1": round(best, 4), "thresholds": current}


def span_hits(tagger: TechniqueTagger, passes: Sequence[DevPass]) -> list[tuple[int, float, float, bool]]:
    """Every recall-set span of DEV: (channel, span score, channel threshold, overlaps gold of its technique)."""
    rows = []
    for p in passes:
        for x in tagger.channel_spans(p.state):
            hit = any(min(x.end, ge) > max(x.start, gs) and t == TECHNIQUE_LABELS[x.channel] for gs, ge, t in p.gold)
            rows.append((x.channel, x.score, tagger.settings.channel(x.channel).threshold, hit))
    return rows


def fit_calibration(rows: Sequence[tuple[int, float, float, bool]]) -> tuple[tuple[float, float, float], list[float]]:
    """Step 3: Platt scaling over logit(span score) with one bias per technique channel.

    Returns `(a, 0, c)` for `TaggerSettings.score_calibration` and the 14 channel biases
    (techniques differ in how often a span of a given score is right).
    """
    ys = np.asarray([r[3] for r in rows], dtype=int)
    if len(set(ys.tolist())) < 2:
        return (1.0, 0.0, 0.0), [0.0] * N_TECH
    from sklearn.linear_model import LogisticRegression

    xs = np.zeros((len(rows), 1 + N_TECH))
    for i, (c, score, _, _) in enumerate(rows):
        xs[i, 0] = logit(score)
        xs[i, 1 + c] = 1.0
    lr = LogisticRegression(C=1.0).fit(xs, ys)
    coef = lr.coef_[0]
    return (float(coef[0]), 0.0, float(lr.intercept_[0])), [float(x) for x in coef[1:]]


def choose_display(scored: Sequence[tuple[int, float, bool]]) -> tuple[list[float], dict[str, Any]]:
    """Step 4: per technique, the lowest calibrated score with DEV precision >= 0.5; `scored` = (channel, score, hit)."""

    def lowest(rows: Sequence[tuple[int, float, bool]]) -> float | None:
        for t in DISPLAY:
            kept = [h for _, s, h in rows if s >= t]
            if len(kept) >= MIN_SUPPORT and sum(kept) / len(kept) >= TARGET_PRECISION:
                return t
        return None

    pooled = lowest(scored)
    fallback = max(pooled if pooled is not None else 0.5, 0.5)
    out: list[float] = []
    report: dict[str, Any] = {"pooled": pooled, "fallback": fallback}
    for c, label in enumerate(TECHNIQUE_LABELS):
        rows = [r for r in scored if r[0] == c]
        t = lowest(rows)
        out.append(t if t is not None else fallback)
        kept = [h for _, s, h in rows if s >= out[-1]]
        report[label] = {"display": out[-1], "own": t, "dev_spans": len(rows), "shown": len(kept),
                         "precision": round(sum(kept) / len(kept), 4) if kept else None}
    return out, report
