"""Combine the rules' attributions with the learned head's spans (pure functions).

Why the rules keep the structure: the head tags words (source, cue, content)
but does not say which source and cue go with which content, nor who the
speaker is; the rules do, and the speaker resolution reads their source head.
So the head corrects the rules where it is trained to be better, and the rules
decide the rest:

- boundaries: a rule attribution's content pieces become the head's content
  spans that overlap them most; its cue and source become the head's cue and
  source spans that overlap them (when they do not run into the content).
  Two product rules stay the rules' to apply: a boundary that moves only over
  punctuation or spaces stays where the rules put it (the head's choice there
  is a coin toss that could differ between two sides of a mirrored sentence),
  and a content never grows over the author's framing ("amid ...", "as ...",
  ", which ..."; `presslens.quotes.framing`), which is the outlet's voice;
- veto: a rule attribution with no head content over any of its pieces is
  dropped (what PolNeAR's annotators do not mark: "called the election"),
  unless `keep` says to keep it (`"direct"`: keep quotations in marks);
- additions (`add`): a head content span that no rule attribution covers
  becomes an attribution when the head also tags a cue in the same sentence
  whose word is in the cue lexicon ("according to" too) and is not one of the
  words listed as never speech by themselves (`non_speech.tsv`: a reader must
  never see "to comment" as something said); the nearest such cue is taken,
  and the nearest head source in the cue's sentence.

Which of these settings ships was chosen by 5-fold cross-validation over
PolNeAR train (see the attribution model card).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .framing import TRAILING_PREPS, TRAILING_RELATIVE, framing, without_framing
from .learned import RoleSpans, Span2
from .quotemarks import QuotedRegion
from .spans import ParseIndex, RawAttribution

Keep = Literal["none", "direct", "all"]


@dataclass(frozen=True)
class MergeSettings:
    """How the head's spans change the rules' attributions (see the module docstring)."""

    keep: Keep = "none"
    add: bool = True
    boundaries: bool = True
    fill: bool = True  # a rule attribution without source (cue) takes the head's nearest one in the cue's sentence
    # a rule source that no head source overlaps gives way to the head's nearest one in the cue's sentence
    replace_sources: bool = False
    # a source the head chooses loses a trailing comma (the rules' convention; a learned choice there
    # could differ between two sides of a mirrored sentence)
    trim_sources: bool = True


def _overlap(a: Span2, b: Span2) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _best(spans: Sequence[Span2], target: Span2) -> Span2 | None:
    """The span of `spans` overlapping `target` most (None: none overlaps)."""
    best, size = None, 0
    for span in spans:
        o = _overlap(span, target)
        if o > size:
            best, size = span, o
    return best


def merge_attributions(
    raws: Sequence[RawAttribution],
    tagged: RoleSpans,
    parsed: Any,
    *,
    speech_lemmas: frozenset[str],
    never_alone: frozenset[str],
    regions: Sequence[QuotedRegion] = (),
    settings: MergeSettings = MergeSettings(),
    text: str | None = None,
    index: ParseIndex | None = None,
) -> list[RawAttribution]:
    """The attributions after the head's corrections, in reading order.

    `speech_lemmas`: cue verbs and nouns of the lexicon (an added attribution's cue must hold one);
    `never_alone`: lemmas of `non_speech.tsv` (an added attribution's cue must hold none); `index`:
    the parse's `ParseIndex` when the caller has one (made here otherwise).
    """
    index = index if index is not None else ParseIndex(parsed, text)
    contents = tagged.get("content", [])
    # each head content span goes to the rule attribution (and piece) it overlaps most
    owner: dict[Span2, tuple[int, int]] = {}
    for t in contents:
        best, size = None, 0
        for i, raw in enumerate(raws):
            for j, piece in enumerate(raw.content):
                o = _overlap(t, piece)
                if o > size:
                    best, size = (i, j), o
        if best is not None:
            owner[t] = best
    out: list[RawAttribution] = []
    for i, raw in enumerate(raws):
        mine = sorted(t for t, (k, _) in owner.items() if k == i)
        if not mine:
            if settings.keep == "all" or (settings.keep == "direct" and raw.kind in ("direct", "mixed")):
                out.append(raw)
            continue
        if settings.boundaries:
            pieces = [_bounded(index, raw.content[owner[t][1]], t) for t in mine]
            out.append(
                _corrected(raw, sorted(set(pieces)), tagged, index, fill=settings.fill, replace=settings.replace_sources,
                           trim=settings.trim_sources)
            )
        else:
            out.append(raw)
    if settings.add:
        taken = [p for r in out for p in r.parts()]
        free = [t for t in contents if t not in owner and not any(_overlap(t, p) for p in taken)]
        added = _added(free, tagged, index, speech_lemmas, never_alone, taken)
        for raw in added:
            raw.content = [without_framing(parsed, p, list(regions)) for p in raw.content]
        out.extend(added)
    return sorted(out, key=lambda r: (r.start, r.end))


def _bounded(index: ParseIndex, rule: Span2, head: Span2) -> Span2:
    """The head's content piece, with the rules' boundary where the two differ only by punctuation
    and spaces, or where the head's would take in the author's framing."""
    start, end = head
    if start < rule[0] and _framed(index, start, rule[0], rule):
        start = rule[0]
    if end > rule[1] and _framed(index, rule[1], end, rule):
        end = rule[1]
    return _phrase_whole(index, _snapped(index.text, rule, (start, end)) or rule)


def _cue_whole(index: ParseIndex, span: Span2 | None) -> Span2 | None:
    """The head's cue without a preposition of time it ends on ("said on" -> "said", from "said on
    Monday"); other prepositions stay, as annotators mark them ("according to", "said in a statement")."""
    if span is None:
        return None
    start, end = span
    inside = index.within(start, end)
    if len(inside) > 1 and inside[-1].dep_ == "prep" and any(
        child.ent_type_ in ("DATE", "TIME") for child in inside[-1].children
    ):
        end = inside[-2].idx + len(inside[-2].text)
    return (start, end)


# A content piece never ends on one of these when the word it modifies lies after it.
_MODIFIERS = frozenset({"det", "poss", "amod", "compound", "nummod", "predet"})


def _phrase_whole(index: ParseIndex, span: Span2) -> Span2:
    """`span` running on to the noun when it ends on that noun's determiner or modifier ("denied
    the" -> "denied the report"): a boundary inside a noun phrase is never what an annotator draws,
    and the head, reading the words around it, could draw it for one name and not for another."""
    start, end = span
    inside = index.within(start, end)
    if inside:
        last = inside[-1]
        noun = last.head
        if last.dep_ in _MODIFIERS and noun.i > last.i and noun.idx >= end:
            end = noun.idx + len(noun.text)
    return (start, end)


def _snapped(text: str, rule: Span2, head: Span2 | None) -> Span2 | None:
    """The head's span with the rules' boundary on each side where the two differ only by
    punctuation and spaces ("A spokeswoman," against "A spokeswoman")."""
    if head is None:
        return None
    start = rule[0] if not _has_word(text, min(rule[0], head[0]), max(rule[0], head[0])) else head[0]
    end = rule[1] if not _has_word(text, min(rule[1], head[1]), max(rule[1], head[1])) else head[1]
    return (start, end) if start < end else rule


def _trimmed(text: str, span: Span2) -> Span2:
    """`span` without trailing commas and spaces."""
    start, end = span
    while end > start + 1 and text[end - 1] in ", \t\n":
        end -= 1
    return (start, end)


def _has_word(text: str, start: int, end: int) -> bool:
    return any(ch.isalnum() for ch in text[start:end])


def _framed(index: ParseIndex, start: int, end: int, rule: Span2) -> bool:
    """True when [start, end), outside the rules' content `rule`, holds the author's framing: "amid ...",
    a framing phrase or "as"/"while" clause hanging on a word outside the content (the cue verb;
    `presslens.quotes.framing`), or a comma-led relative aside."""
    parsed = index.parsed

    def outside(tok: Any) -> bool:
        return not rule[0] <= tok.idx < rule[1]

    for tok in index.within(start, end):
        if tok.dep_ == "prep" and tok.lower_ in TRAILING_PREPS:
            return True
        if framing(tok) and outside(tok.head):
            return True
        if tok.dep_ == "mark" and framing(tok.head) and outside(tok.head.head):
            return True
        if TRAILING_RELATIVE and tok.dep_ in ("relcl", "acl") and tok.left_edge.i > 0 and parsed[tok.left_edge.i - 1].text == ",":
            return True
    return False


def _corrected(
    raw: RawAttribution, content: list[Span2], tagged: RoleSpans, index: ParseIndex, *, fill: bool, replace: bool,
    trim: bool = False,
) -> RawAttribution:
    """`raw` with the head's content pieces, and its cue and source where the head's overlap them
    (`fill`: where the rules have none, the head's nearest one in the sentence of the cue)."""

    def clear(span: Span2 | None) -> bool:
        return span is not None and not any(_overlap(span, c) for c in content)

    def nearest(role: str, anchor: Span2, others: list[Span2]) -> Span2 | None:
        sent = index.sentence(anchor[0])
        found = [
            s for s in tagged.get(role, [])
            if sent[0] <= s[0] and s[1] <= sent[1] and clear(s) and not any(_overlap(s, o) for o in others)
        ]
        return min(found, key=lambda s: min(abs(s[0] - anchor[1]), abs(anchor[0] - s[1]))) if found else None

    cue = raw.cue
    if cue is not None:
        better = _snapped(index.text, cue, _cue_whole(index, _best(tagged.get("cue", []), cue)))
        cue = better if clear(better) else (cue if clear(cue) else None)
    source, head = raw.source, raw.source_head
    if source is not None:
        better = _snapped(index.text, source, _best(tagged.get("source", []), source))
        if better is not None and clear(better) and better != source:
            source, head = better, _root(index, better, head)
        elif better is None and replace:
            other = nearest("source", cue or content[0], [cue] if cue is not None else [])
            if other is not None:
                source, head = other, _root(index, other, head)
        if source is not None and not clear(source):
            source, head = None, None
    elif fill:
        source = nearest("source", cue or content[0], [cue] if cue is not None else [])
        head = _root(index, source, None) if source is not None else None
    if cue is None and fill:
        cue = nearest("cue", source or content[0], [source] if source is not None else [])
    if trim and source is not None and source != raw.source:
        source = _trimmed(index.text, source)
    return RawAttribution(content=content, cue=cue, source=source, source_head=head, kind=raw.kind)


def _root(index: ParseIndex, span: Span2, default: int | None) -> int | None:
    """Index of the syntactic root of the tokens overlapping `span` (the head spaCy's `Span.root` gives)."""
    tokens = index.overlapping(*span)
    if not tokens:
        return default

    def depth(tok: Any) -> int:
        n = 0
        while tok.head.i != tok.i and n < 200:
            tok, n = tok.head, n + 1
        return n

    # a word before punctuation, then the shortest path to the sentence root, then the first (as `Span.root`)
    return int(min(tokens, key=lambda t: (t.is_punct, depth(t), t.i)).i)


def _speech_cue(index: ParseIndex, cue: Span2, speech_lemmas: frozenset[str], never_alone: frozenset[str]) -> bool:
    lemmas = {t.lemma_.lower() for t in index.overlapping(*cue)}
    if not lemmas or lemmas & never_alone:
        return False
    return bool(lemmas & speech_lemmas) or "according" in lemmas


def _added(
    free: list[Span2], tagged: RoleSpans, index: ParseIndex, speech_lemmas: frozenset[str], never_alone: frozenset[str],
    taken: list[Span2],
) -> list[RawAttribution]:
    """Attributions for head content spans the rules have none for (see the module docstring)."""
    grouped: dict[Span2, list[Span2]] = {}
    for t in free:
        around = (index.sentence(t[0])[0], index.sentence(t[1] - 1)[1])
        cues = [
            c for c in tagged.get("cue", [])
            if around[0] <= c[0] and c[1] <= around[1] and not _overlap(c, t)
            and not any(_overlap(c, p) for p in taken) and _speech_cue(index, c, speech_lemmas, never_alone)
        ]
        if not cues:
            continue
        cue = min(cues, key=lambda c: min(abs(c[0] - t[1]), abs(t[0] - c[1])))
        grouped.setdefault(cue, []).append(t)
    out = []
    for cue, content in grouped.items():
        sent = index.sentence(cue[0])
        sources = [
            s for s in tagged.get("source", [])
            if sent[0] <= s[0] and s[1] <= sent[1] and not _overlap(s, cue)
            and not any(_overlap(s, c) for c in content) and not any(_overlap(s, p) for p in taken)
        ]
        source = min(sources, key=lambda s: min(abs(s[0] - cue[1]), abs(cue[0] - s[1]))) if sources else None
        head = _root(index, source, None) if source is not None else None
        out.append(RawAttribution(content=sorted(content), cue=cue, source=source, source_head=head))
    return out
