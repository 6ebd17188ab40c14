"""Predict SemEval-2020 Task 11 files with a `TechniqueTagger` and score them.

Why one pass per article: span identification and technique classification
of gold spans read the same encoder pass, so evaluating both costs one
forward pass over each article.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..document import TECHNIQUE_LABELS
from ..techniques.predict import TechniqueTagger
from ..techniques.results import ArticlePass
from .display_cv import CrossValidated, Gold, Scored, cross_validate, fold_of
from .ptc import PRF, assign_template, per_technique, si_score, tc_micro_f1
from .semeval_io import LabelledSpan

Progress = Callable[[int, int], None]
NAME_CALLING_LABEL = "Name_Calling,Labeling"


def _ranked(probs: np.ndarray) -> list[str]:
    return [TECHNIQUE_LABELS[i] for i in np.argsort(-probs, kind="stable")]


Masks = Mapping[str, Sequence[tuple[int, int]]]


def _rank_spans(
    ranked: dict[tuple[str, int, int], list[str]], tagger: TechniqueTagger, state: ArticlePass, aid: str,
    spans: Sequence[tuple[int, int]],
) -> None:
    """Record every technique of each span of article `aid`, most likely first."""
    for (s, e), probs in zip(spans, tagger.technique_probs(state, spans)):
        ranked[(aid, s, e)] = _ranked(probs)


def predict_si(
    tagger: TechniqueTagger, articles: Mapping[str, str], progress: Progress | None = None, masks: Masks | None = None
) -> list[LabelledSpan]:
    """Predicted spans of every article, each labelled with its most likely technique."""
    rows = []
    for i, (aid, text) in enumerate(articles.items()):
        for found in tagger.detect(text, (masks or {}).get(aid)):
            rows.append(LabelledSpan(aid, found.start, found.end, found.technique))
        if progress:
            progress(i + 1, len(articles))
    return rows


def predict_tc(
    tagger: TechniqueTagger, articles: Mapping[str, str], template: Sequence[LabelledSpan],
    progress: Progress | None = None, masks: Masks | None = None,
) -> list[LabelledSpan]:
    """The template rows with a technique each; repeated rows of one span get the next-ranked technique."""
    ranked: dict[tuple[str, int, int], list[str]] = {}
    by_article: dict[str, list[tuple[int, int]]] = {}
    for row in template:
        by_article.setdefault(row.article_id, []).append((row.start, row.end))
    missing = sorted(set(by_article) - set(articles))
    if missing:
        from ..errors import InputError

        raise InputError("template", f"names article(s) not in the articles folder: {', '.join(missing[:5])}")
    for i, (aid, spans) in enumerate(by_article.items()):
        _rank_spans(ranked, tagger, tagger.forward(articles[aid], (masks or {}).get(aid)), aid, spans)
        if progress:
            progress(i + 1, len(by_article))
    keys = [(r.article_id, r.start, r.end) for r in template]
    labels = assign_template(keys, ranked)
    return [LabelledSpan(r.article_id, r.start, r.end, t) for r, t in zip(template, labels)]


@dataclass
class DisplayStats:
    """One technique's spans as readers see them, against gold spans of that technique."""

    pred_lengths: list[int] = field(default_factory=list)  # every predicted span (recall-oriented set)
    shown_lengths: list[int] = field(default_factory=list)  # spans at or above the display threshold
    gold_lengths: list[int] = field(default_factory=list)
    shown_right: int = 0  # shown spans overlapping a gold span of the technique
    gold_found: int = 0  # gold spans overlapped by a shown span of the technique
    candidate_lengths: list[int] = field(default_factory=list)  # spans in the candidates lane
    candidate_right: int = 0
    # for cross-validated display thresholds (presslens.eval.display_cv): every span, every gold span
    scored: list[Scored] = field(default_factory=list)
    golds: list[Gold] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.shown_right / len(self.shown_lengths) if self.shown_lengths else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / len(self.gold_lengths) if self.gold_lengths else 0.0

    @property
    def candidate_precision(self) -> float:
        return self.candidate_right / len(self.candidate_lengths) if self.candidate_lengths else 0.0


@dataclass
class CorpusScores:
    si: PRF
    tc_micro_f1: float
    per_technique: dict[str, PRF]
    tc_per_technique: dict[str, tuple[int, int]] = field(default_factory=dict)  # correct, gold
    n_articles: int = 0
    display: dict[str, DisplayStats] = field(default_factory=dict)
    scored: list[tuple[float, bool]] = field(default_factory=list)  # (calibrated score, right) of every span
    epithets: DisplayStats | None = None  # actors labels scored as Name_Calling (None: not run)


def _overlaps(s: int, e: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(min(e, ge) > max(s, gs) for gs, ge in spans)


def _display_stats(
    display: dict[str, DisplayStats], scored: list[tuple[float, bool]], found: Sequence[Any], gold: Sequence[LabelledSpan],
    aid: str = "", epithets: DisplayStats | None = None,
) -> None:
    """Add one article's detections (`Detected` with a calibrated score) to the per-technique display stats."""
    gold_by: dict[str, list[tuple[int, int]]] = {}
    for g in gold:
        gold_by.setdefault(g.technique or "", []).append((g.start, g.end))
        display[g.technique or ""].gold_lengths.append(g.end - g.start)
    shown_by: dict[str, list[tuple[int, int]]] = {}
    for d in found:
        stats = display[d.technique]
        right = _overlaps(d.start, d.end, gold_by.get(d.technique, ()))
        stats.pred_lengths.append(d.end - d.start)
        scored.append((float(d.score), right))
        stats.scored.append(Scored(aid, float(d.score), right))
        if epithets is not None and d.evidence == "epithet":
            epithets.pred_lengths.append(d.end - d.start)
            epithets.scored.append(Scored(aid, float(d.score), right))
        if d.lane == "shown":
            stats.shown_lengths.append(d.end - d.start)
            stats.shown_right += right
            shown_by.setdefault(d.technique, []).append((d.start, d.end))
        elif d.lane == "candidate":
            stats.candidate_lengths.append(d.end - d.start)
            stats.candidate_right += right
    for label, spans in gold_by.items():
        display[label].gold_found += sum(_overlaps(s, e, shown_by.get(label, ())) for s, e in spans)
        for s, e in spans:
            best = max((float(d.score) for d in found if d.technique == label and min(e, d.end) > max(s, d.start)), default=-1.0)
            display[label].golds.append(Gold(aid, best))
            if epithets is not None and label == NAME_CALLING_LABEL:
                ep = (float(d.score) for d in found if d.evidence == "epithet" and min(e, d.end) > max(s, d.start))
                epithets.golds.append(Gold(aid, max(ep, default=-1.0)))


def evaluate_corpus(
    tagger: TechniqueTagger, articles: Mapping[str, str], gold: Sequence[LabelledSpan],
    progress: Progress | None = None, masks: Masks | None = None, epithets: Masks | None = None,
) -> CorpusScores:
    """SI partial-overlap F1, TC micro-F1 on gold spans and span+technique F1 per technique.

    `epithets` (article id -> character ranges of the actors layer's labels) are scored as
    Name_Calling spans, as the pipeline does (`presslens.techniques.epithets`); None: not at all.
    """
    gold_by: dict[str, list[LabelledSpan]] = {}
    for g in gold:
        if g.article_id in articles:
            gold_by.setdefault(g.article_id, []).append(g)
    pred_si, pred_lab = [], []
    ranked: dict[tuple[str, int, int], list[str]] = {}
    display = {label: DisplayStats() for label in TECHNIQUE_LABELS}
    scored: list[tuple[float, bool]] = []
    epithet_stats = DisplayStats() if epithets is not None else None
    for i, (aid, text) in enumerate(articles.items()):
        state = tagger.forward(text, (masks or {}).get(aid))
        # per-technique models: every channel's spans (recall-oriented set), and the epithets
        detected = tagger.detected(state, epithets=(epithets or {}).get(aid, ()), hidden_epithets=True)
        for d in detected:
            if d.evidence == "epithet" and d.lane == "hidden":
                continue  # not in the recall-oriented set, but in the display stats that choose the floor
            pred_si.append((aid, d.start, d.end))
            pred_lab.append(((aid, d.start, d.end), d.technique))
        if state.per_technique:
            _display_stats(display, scored, detected, gold_by.get(aid, []), aid, epithet_stats)
        _rank_spans(ranked, tagger, state, aid, [(g.start, g.end) for g in gold_by.get(aid, [])])
        if progress:
            progress(i + 1, len(articles))
    kept = [g for aid in articles for g in gold_by.get(aid, [])]
    keys = [(g.article_id, g.start, g.end) for g in kept]
    tc_labels = assign_template(keys, ranked)
    tc_pred = list(zip(keys, tc_labels))
    tc_gold = [(k, g.technique or "") for k, g in zip(keys, kept)]
    per_class: dict[str, tuple[int, int]] = {}
    for label in TECHNIQUE_LABELS:
        n_gold = sum(1 for _, t in tc_gold if t == label)
        correct = sum(1 for (_, p), (_, t) in zip(tc_pred, tc_gold) if p == t == label)
        per_class[label] = (correct, n_gold)
    return CorpusScores(
        si=si_score(pred_si, keys),
        tc_micro_f1=tc_micro_f1(tc_pred, tc_gold),
        per_technique=per_technique(pred_lab, tc_gold, TECHNIQUE_LABELS),
        tc_per_technique=per_class,
        n_articles=len(articles),
        display=display if scored else {},
        scored=scored,
        epithets=epithet_stats,
    )


@dataclass(frozen=True)
class DisplayChoice:
    """Display thresholds of every technique, and the epithets' candidate floor, by cross-validation."""

    techniques: dict[str, CrossValidated]
    epithets: CrossValidated | None
    n_gold: int


def cross_validated_display(scores: CorpusScores) -> DisplayChoice:
    """`cross_validate` per technique (and for the epithets) over one evaluation's spans, folds by article."""
    display = scores.display
    articles = {g.article for st in display.values() for g in st.golds} | {
        x.article for st in display.values() for x in st.scored
    }
    folds = fold_of(articles)
    chosen = {label: cross_validate(st.scored, st.golds, folds) for label, st in display.items()}
    ep = scores.epithets
    epithets = cross_validate(ep.scored, ep.golds, folds) if ep is not None and ep.scored else None
    return DisplayChoice(chosen, epithets, sum(len(st.golds) for st in display.values()))
