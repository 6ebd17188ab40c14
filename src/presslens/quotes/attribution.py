"""Turn a parsed article into `Quote` items: rules, then speakers, then the contract's spans.

Why a separate step from the rules: the rules work on character pairs and
spaCy tokens; this module is the one place that resolves speakers in reading
order and builds validated `Quote` spans. A content split by its cue ("A,"
she said, "B.") becomes one `Quote` per content piece, sharing cue, source
and speaker, so that the cue and source never count as quoted words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..document import Entity, Part, Quote
from .attribution_rules import RuleExtractor, content_kind
from .content_edges import reported_edges
from .coreference import SpeakerResolver
from .cues import load_lexicon, load_non_speech, load_noun_cues
from .framing import asked_not_reported
from .learned import RoleSpans, Span2
from .mentions import mentions_from
from .merge import MergeSettings, merge_attributions
from .quotemarks import quote_mask, quoted_regions
from .spans import ParseIndex, RawAttribution

# The learned head, given the rules' attributions and the quoted regions: spans per role.
Tag = Callable[[list[RawAttribution], list[Span2]], RoleSpans]


def build_quotes(
    parsed: Any,
    entities: list[Entity] | None,
    *,
    lexicon: frozenset[str] | None = None,
    nouns: frozenset[str] | None = None,
    non_speech: dict[str, frozenset[str]] | None = None,
    tag: Tag | None = None,
    merge: MergeSettings | None = None,
) -> list[Quote]:
    """The `quotes` layer of one article: attributions with speakers resolved by coreference.

    `tag`: the learned head (`presslens.quotes.learned`); its spans correct the rules'
    attributions as `merge` says (`presslens.quotes.merge`). None: the rules alone.
    """
    text = parsed.text
    regions = quoted_regions(text)
    mask = quote_mask(len(text), regions)
    lexicon = lexicon if lexicon is not None else load_lexicon()
    nouns = nouns if nouns is not None else load_noun_cues()
    non_speech = non_speech if non_speech is not None else load_non_speech()
    raws = RuleExtractor(lexicon, nouns, non_speech).extract(parsed, regions)
    index = ParseIndex(parsed, text)
    if tag is not None:
        tagged = tag(raws, [(r.start, r.end) for r in regions])
        never_alone = frozenset(non_speech)
        raws = merge_attributions(
            raws, tagged, parsed, speech_lemmas=lexicon | nouns, never_alone=never_alone, regions=regions,
            settings=merge or MergeSettings(), text=text, index=index,
        )
    # "Did X predict Y?" asks whether X said it; it reports nothing (PolNeAR: 5 of 6,561 cues on 0-299)
    raws = [r for r in raws if not asked_not_reported(index, r.cue)]
    resolver = SpeakerResolver(
        parsed, mentions_from(parsed, entities), [(r.start, r.end) for r in regions], text=text,
        talked_about=[span for raw in raws for span in raw.content], index=index,
    )
    quotes: list[Quote] = []
    previous: tuple[tuple[int, int] | None, str | None] = (None, None)
    for raw in raws:
        if raw.source is not None and raw.source == previous[0]:
            # a quotation that goes on after its cue ("A," she said. "B.") keeps the same speaker
            speaker, how = previous[1], "continuation" if previous[1] is not None else None
        else:
            cue_lemma = _cue_lemma(parsed, raw.cue)
            speaker, how = resolver.resolve_with_how(
                raw.source, raw.source_head, cue_lemma=cue_lemma, start=raw.start
            )
        previous = (raw.source, speaker)
        cue = Part.of(text, *raw.cue) if raw.cue is not None else None
        source = Part.of(text, *raw.source) if raw.source is not None else None
        for piece in raw.content:
            kind = content_kind(text, [piece], mask)
            if kind != "direct":
                # a quotation may run over paragraphs (its opening mark repeated on each); reported words not
                start, end = reported_edges(index, piece, raw.cue)
                if (start, end) != piece:
                    kind = content_kind(text, [(start, end)], mask)
            else:
                start, end = piece
            parts = [(start, end)] + [p for p in (raw.cue, raw.source) if p is not None]
            quotes.append(
                Quote.of(
                    text,
                    min(s for s, _ in parts),
                    max(e for _, e in parts),
                    content=Part.of(text, start, end),
                    cue=cue,
                    source=source,
                    speaker=speaker,
                    kind=kind,
                    resolved_by=how,
                )
            )
    return sorted(quotes, key=lambda q: (q.content.start, q.content.end))


def _cue_lemma(parsed: Any, cue: tuple[int, int] | None) -> str:
    """Lemma of the cue's main word ("added" -> "add"), for turn-taking; "" when none."""
    if cue is None:
        return ""
    span = parsed.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None or not len(span):
        return ""
    return str(span.root.lemma_).lower()
