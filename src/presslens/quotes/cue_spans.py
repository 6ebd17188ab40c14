"""The cue span: which words beside the cue verb PolNeAR counts as the cue.

Why a module of its own: verb cues, lead-in clauses of orphan quotations and
the rule extractor all build the cue the same way, and the flags below (each
measured on PolNeAR dev) decide what joins the verb.
"""

from __future__ import annotations

from typing import Any

from .spans import Span2

# What PolNeAR counts as part of a cue beside the verb (each measured on dev, docs/experiments.md):
CUE_ADVERBS = True  # "also said", "repeatedly denied": an adverb right before the verb
CUE_TOPIC_PREP = True  # "called for", "commented on", "talked about": the topic preposition
CUE_DAY = False  # "said Friday": a bare day right after the verb (dev: -0.1 cue F1, so off)
CUE_COLON = True  # "said:": a colon right after the verb
CUE_SETTING = True  # "said in a statement", "told in an interview"
_SETTINGS = frozenset(
    """interview statement speech email e-mail tweet letter post release call conference appearance op-ed
    editorial memo message briefing hearing testimony""".split()
)


def cue_span(verb: Any, topic: Any | None = None) -> Span2:
    toks = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "prt") and abs(c.i - verb.i) <= 3]
    doc = verb.doc
    if CUE_ADVERBS:
        toks += [c for c in verb.children if c.dep_ == "advmod" and c.i == min(t.i for t in toks) - 1 and c.is_alpha]
    if CUE_TOPIC_PREP and topic is not None and topic.i == verb.i + 1:
        toks.append(topic)
    hi = max(t.i for t in toks)
    nxt = doc[hi + 1] if hi + 1 < len(doc) else None
    if CUE_DAY and nxt is not None and nxt.dep_ == "npadvmod" and nxt.head.i == verb.i and nxt.ent_type_ == "DATE" \
            and nxt.i == verb.i + 1:
        toks.append(nxt)
    if CUE_SETTING and nxt is not None and nxt.dep_ == "prep" and nxt.head.i == verb.i and nxt.lower_ == "in":
        objs = [c for c in nxt.children if c.dep_ == "pobj" and c.lemma_.lower() in _SETTINGS]
        if objs:
            toks.extend(objs[0].subtree)
            toks.append(nxt)
    hi = max(t.i for t in toks)
    if CUE_COLON and hi + 1 < len(doc) and doc[hi + 1].text == ":":
        toks.append(doc[hi + 1])
    lo = min(t.i for t in toks)
    hi = max(t.i for t in toks)
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)
