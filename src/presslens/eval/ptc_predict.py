"""Predict SemEval-2020 Task 11 files with a `TechniqueTagger` and score them.

Why one pass per article: span identification and technique classification
of gold spans read the same encoder pass, so evaluating both costs one
forward pass over each article.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..document import TECHNIQUE_LABELS
from .ptc import PRF, assign_template, per_technique, si_score, tc_micro_f1
from .semeval_io import LabelledSpan
from ..techniques.predict import TechniqueTagger

Progress = Callable[[int, int], None]


def _ranked(probs: np.ndarray) -> list[str]:
    return [TECHNIQUE_LABELS[i] for i in np.argsort(-probs, kind="stable")]


Masks = Mapping[str, Sequence[tuple[int, int]]]


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
        state = tagger.forward(articles[aid], (masks or {}).get(aid))
        for (s, e), probs in zip(spans, tagger.technique_probs(state, spans)):
            ranked[(aid, s, e)] = _ranked(probs)
        if progress:
            progress(i + 1, len(by_article))
    keys = [(r.article_id, r.start, r.end) for r in template]
    labels = assign_template(keys, ranked)
    return [LabelledSpan(r.article_id, r.start, r.end, t) for r, t in zip(template, labels)]


@dataclass
class CorpusScores:
    si: PRF
    tc_micro_f1: float
    per_technique: dict[str, PRF]
    tc_per_technique: dict[str, tuple[int, int]] = field(default_factory=dict)  # correct, gold
    n_articles: int = 0


def evaluate_corpus(
    tagger: TechniqueTagger, articles: Mapping[str, str], gold: Sequence[LabelledSpan],
    progress: Progress | None = None, masks: Masks | None = None,
) -> CorpusScores:
    """SI partial-overlap F1, TC micro-F1 on gold spans and span+technique F1 per technique."""
    gold_by: dict[str, list[LabelledSpan]] = {}
    for g in gold:
        if g.article_id in articles:
            gold_by.setdefault(g.article_id, []).append(g)
    pred_si, pred_lab, tc_pred = [], [], []
    ranked: dict[tuple[str, int, int], list[str]] = {}
    for i, (aid, text) in enumerate(articles.items()):
        state = tagger.forward(text, (masks or {}).get(aid))
        found = tagger.spans(state)
        probs = tagger.technique_probs(state, [(s, e) for s, e, _ in found])
        for (s, e, _), p in zip(found, probs):
            pred_si.append((aid, s, e))
            pred_lab.append(((aid, s, e), TECHNIQUE_LABELS[int(np.argmax(p))]))
        spans = [(g.start, g.end) for g in gold_by.get(aid, [])]
        for (s, e), p in zip(spans, tagger.technique_probs(state, spans)):
            ranked[(aid, s, e)] = _ranked(p)
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
    )
