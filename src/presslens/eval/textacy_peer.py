"""textacy's direct-quotation extractor as the peer system for `presslens eval polnear`.

Why a peer: a score means little alone; textacy 0.13
(`textacy.extract.triples.direct_quotations`) is the common offline baseline
for quotation attribution. It raises on texts with an odd number of quotation
marks (and on some others); such texts count as crashes with no predictions,
so the peer is scored on every text and never stops the evaluation.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from .attribution_scores import PredictedAttribution

# How to install the peer, for the message shown when it is missing.
TEXTACY_INSTALL = "pip install textacy==0.13.0 (or presslens's dev requirements)"


def textacy_installed() -> bool:
    """Whether the peer can run at all: a missing package is not a crash on every text."""
    return importlib.util.find_spec("textacy") is not None


def textacy_attributions(parsed: Any) -> list[PredictedAttribution]:
    """textacy's (speaker, cue, content) triples as attributions; raises what textacy raises."""
    from textacy.extract.triples import direct_quotations

    out: list[PredictedAttribution] = []
    for triple in direct_quotations(parsed):
        content = triple.content
        out.append(
            PredictedAttribution(
                content=((content.start_char, content.end_char),),
                cue=_token_fragments(triple.cue),
                source=_token_fragments(triple.speaker),
                kind="direct",
            )
        )
    return out


def _token_fragments(tokens: Any) -> tuple[tuple[int, int], ...]:
    toks = list(tokens or [])
    if not toks:
        return ()
    return ((min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)),)
