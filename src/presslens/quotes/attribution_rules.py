"""Find attributions (content, cue, source) with rules on the spaCy dependency parse.

Why rules on the parse: the parse stage has already parsed the article, so
reading attributions off that parse costs little (about 7% of the foundation
pipeline's time, benchmarks/quotes_speed.py), and on PolNeAR dev they reach
content F1 0.77 overall and 0.97 on direct quotes, against 0.23 and 0.64 for
textacy (`presslens eval polnear ../shared/data/polnear/dev`). The rules:

1. a cue verb from the learned lexicon (`cues.py`), outside any quotation,
   takes its clausal complement (`ccomp`, else `xcomp`, else its object or
   topic preposition "about/for/on ...") as content and its subject as source
   (the subject of the governing verb for "..., saying", the `by` agent of a
   passive, the noun a relative clause hangs on for "who said"); a cue noun
   ("criticism of", "the claim that") takes its complement, and its possessor
   or the subject of the verb it is the object of as source;
2. content that touches a quotation is widened to the whole quotation, so a
   quotation of several sentences or paragraphs stays one content; a
   quotation closed by a comma just before "X said" is that cue's content;
   a quotation split by its cue ("A," she said, "B.") gets its second half,
   and unclaimed quotations that follow (same paragraph, or filling the next
   paragraphs) continue the same speaker;
3. "according to X": X is the source, the rest of the sentence the content;
4. "He said:" takes the following quotation, even in the next paragraph;
   a line opening with a short name and a colon ("JANE ROE: ...", headline
   "Roe: ...") attributes the rest of the line; "text" — Name signs a quote;
5. attributions are univocal as in PolNeAR: an attribution whose cue lies
   inside another's content (a report inside a report) is dropped, and
   contents never overlap;
6. a quotation of six words or more that no cue claims takes cue and source
   from the clause opening its sentence ("Roe shot back, “...”"), else from a
   direct quote that ends shortly before it; otherwise it is left out.

This module holds `RuleExtractor` (rules 1, 1b, 3, 4 and the order in which all
run) and univocality (rule 5); the rule families it calls live beside it:
`spans.py` (the `RawAttribution` record and span helpers), `sources.py` (who
speaks, speaker labels and signatures), `cue_spans.py` (the cue's words),
`framing.py` (framing clauses and non-speech constructions), `quote_pairing.py`
(quotations before/after a cue, widening, split halves) and `orphans.py`
(continued and unclaimed quotations, rules 2 and 6).
"""

from __future__ import annotations

from typing import Any

from .cue_spans import cue_span
from .cues import ACCORDING_TO
from .framing import adverbial, framing, non_speech, topic_prep, without_framing
from .orphans import continue_quotes, orphan_quotes
from .quote_pairing import add_split_half, following_region, only_source_between, preceding_region, widen_to_quotes
from .quotemarks import QuotedRegion, SortedRegions, quote_mask
from .sources import (
    OBJECT_CONTROL,
    Entities,
    name_after,
    name_before,
    noun_source,
    source_span,
    source_token,
    speaker_labels,
)
from .spans import (
    SOURCE_TRIM,
    RawAttribution,
    Span2,
    SpanSet,
    cut,
    in_regions,
    tok_span,
    tokens_between,
    touches_regions,
    trim,
    trim_content,
    trim_source,
)

__all__ = ["RawAttribution", "RuleExtractor", "content_kind", "non_speech", "tokens_between"]

_OBJECT_DEPS = ("dobj", "dative", "attr", "oprd")
_NOUN_PREPS = frozenset({"of", "for", "on", "about", "against", "over", "to", "that"})
TOPIC_WITHOUT_PREP = True  # "talked to reporters about the plan": the content is "the plan"
PARATAXIS = True  # "The museum, he said, would ...": the clause around a parenthetical cue
JOIN_OBJECT_XCOMP = True  # "asked female contestants to wear ...": the object is in the content
JOIN_OBJECT_PREDICATE = True
NOUN_CUE_PREP = True  # "criticism of", "questions about"


class RuleExtractor:
    """Extract raw attributions from one parsed article (see the module docstring)."""

    def __init__(
        self,
        lexicon: frozenset[str],
        nouns: frozenset[str] = frozenset(),
        non_speech: dict[str, frozenset[str]] | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.nouns = nouns
        self.non_speech = non_speech or {}

    def extract(self, parsed: Any, regions: list[QuotedRegion]) -> list[RawAttribution]:
        text = parsed.text  # Doc.text joins every token: read it once per article
        mask = quote_mask(len(text), regions)
        # Indexed once per article so that every lookup below is logarithmic, not a scan.
        regions = SortedRegions(regions)
        ents = Entities(parsed)
        found: list[RawAttribution] = []
        for tok in parsed:
            if tok.lower_ == ACCORDING_TO[0] and tok.i + 1 < len(parsed) and parsed[tok.i + 1].lower_ == "to":
                att = self._according_to(parsed, text, tok, regions)
            elif tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in self.lexicon:
                att = self._verb_cue(parsed, text, tok, regions, ents)
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in self.nouns:
                att = self._noun_cue(tok, regions, ents)
            else:
                att = None
            if att is not None and att.content:
                found.append(att)
        found.extend(self._colon_and_dash(parsed, text, regions, found, ents))
        for att in found:
            att.content = [p for p in (trim_content(text, c) for c in att.content) if p[1] > p[0]]
            att.kind = content_kind(text, att.content, mask)
            if att.source is not None and SOURCE_TRIM:
                trimmed = trim_source(text, att.source)
                att.source = trimmed if trimmed[1] > trimmed[0] else att.source
        kept = _univocal([a for a in found if a.content])
        continue_quotes(text, kept, regions)
        kept = sorted(kept + orphan_quotes(parsed, text, kept, regions), key=lambda a: a.start)
        for att in kept:
            att.kind = content_kind(text, att.content, mask)
        return kept

    # -- rule 1 and 2: verb cues -------------------------------------------------------
    def _verb_cue(
        self, parsed: Any, text: str, verb: Any, regions: list[QuotedRegion], ents: Entities
    ) -> RawAttribution | None:
        vstart, vend = verb.idx, verb.idx + len(verb.text)
        if in_regions(regions, vstart, vend) or verb.dep_ in ("amod", "compound"):
            return None
        children = list(verb.children)
        quoted = [c for c in children if c.dep_ != "punct" and in_regions(regions, c.idx, c.idx + len(c.text))]
        constructions = self.non_speech.get(verb.lemma_.lower())
        if constructions and not quoted and non_speech(verb, children, constructions):
            return None
        # A clausal complement is the content; an infinitive ("says to begin his letter") only without one.
        # A clause opened by "as", "while", "after" ... is the circumstance, not what was said.
        comp = [c for c in children if c.dep_ == "ccomp" and not adverbial(c)]
        comp += [c for c in quoted if c.dep_ != "ccomp"]
        object_span: list[Any] = []
        if not comp:
            comp = [c for c in children if c.dep_ == "xcomp"]
            if comp and (JOIN_OBJECT_XCOMP or verb.lemma_.lower() not in OBJECT_CONTROL):
                # "announced a fund to rebuild schools": the object is part of what was announced,
                # as when the parser attaches the infinitive to the object
                objects = [c for c in children if c.dep_ == "dobj" and verb.i < c.i < comp[0].i]
                if objects:
                    object_span = [t for c in objects + comp[:1] for t in c.subtree]
        if not comp:
            comp = [c for c in children if c.dep_ in _OBJECT_DEPS and c.i > verb.i]
            objects = [c for c in comp if c.dep_ == "dobj"]
            if objects:
                # A verb has one direct object: two are one object the parser split, and an
                # infinitive right after the object, without a comma, continues it ("accused
                # neighbouring states of smuggling weapons to rebel groups" is parsed both ways)
                end = max(t.i for t in objects[-1].subtree)
                objects += [
                    c for c in children
                    if c.dep_ == "advcl" and min(t.i for t in c.subtree) == end + 1
                    and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                ]
            if objects and JOIN_OBJECT_PREDICATE:
                # "called Trump a liar", "portrayed Romney as a rich guy": the object and what it is
                # called are one content
                objects += [
                    c for c in children
                    if c.i > objects[0].i and (c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as"))
                ]
                comp = [c for c in comp if c.dep_ != "oprd"]
            if len(objects) > 1:
                object_span = [t for c in objects for t in c.subtree]
                comp = [c for c in comp if c.dep_ != "dobj"] + objects[:1]
        topical = False
        if not comp:
            comp = [c for c in children if c.dep_ == "prep" and c.i > verb.i and topic_prep(c)]
            topical = bool(comp)
        if not comp and PARATAXIS and verb.dep_ == "parataxis" and not quoted:
            # "The museum, he said, would make visitors face ...": the clause around the cue
            # clause is its content, in two pieces
            inner = {t.i for t in verb.subtree}
            around = [t for t in verb.head.subtree if t.i not in inner and not in_regions(regions, t.idx, t.idx + 1)]
            left = [t for t in around if t.i < verb.i]
            right_of = [t for t in around if t.i > verb.i]
            pieces = [span for part in (left, right_of) if part and (span := tok_span(part)) is not None]
            source_tok = source_token(verb, regions, ents)
            if pieces and source_tok is not None and source_tok.i in inner:
                source = source_span(source_tok, verb)
                return RawAttribution(pieces, cue_span(verb), source, source_tok.i)
        source_tok = source_token(verb, regions, ents)
        source = source_span(source_tok, verb) if source_tok is not None else None
        content = [span for c in comp if (span := tok_span(c.subtree)) is not None]
        if object_span and (joined := tok_span(object_span)) is not None:
            content = [span for c in comp if c not in object_span and (span := tok_span(c.subtree)) is not None]
            content.append(joined)
        if topical:
            # "went on to talk about X ... followed by Y": the topic runs to the end of the clause,
            # short of a circumstance the author adds ("... amid ongoing fighting", "as talks stall").
            stop = min((c.left_edge.i for c in children if c.i > comp[0].i and framing(c)), default=len(verb.doc))
            first = comp[0].i + 1 if TOPIC_WITHOUT_PREP else comp[0].i  # "about X": X is the content
            right = [t for t in verb.subtree if first <= t.i < stop and not t.is_punct]
            content = [tok_span(right) or content[0]]
        cue = cue_span(verb, comp[0] if topical else None)
        if not any(touches_regions(regions, s, e) for s, e in content):
            # "“...,” Jane Roe, 69, told the channel when asked": the quotation before the cue
            # clause is the content even when the parser gave the verb another complement.
            before = preceding_region(text, verb, regions, source, closed_by_comma=bool(content))
            if before is not None and only_source_between(text, before.end, verb.idx, source):
                content = [*content, (before.start, before.end)]
        if not content:
            near = following_region(text, verb, regions)
            if near is None:
                return None
            content = [(near.start, near.end)]
        content = [without_framing(verb.doc, piece, regions) for piece in content]
        content = widen_to_quotes(content, regions)
        if source is not None:
            content = cut(content, source)
        content = cut(content, cue)
        if not content:
            return None
        att = RawAttribution(content, cue, source, source_tok.i if source_tok is not None else None)
        add_split_half(text, att, regions)
        return att

    # -- rule 1b: noun cues ("Roe's criticism of the plan", "the claim that ...") ---------
    def _noun_cue(self, noun: Any, regions: list[QuotedRegion], ents: Entities) -> RawAttribution | None:
        if in_regions(regions, noun.idx, noun.idx + len(noun.text)):
            return None
        content: list[Span2] = []
        cue_end = noun
        for child in noun.children:
            if child.i < noun.i:
                continue
            if child.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" for g in child.children):
                span = tok_span(child.subtree)
            elif child.dep_ == "prep" and child.lower_ in _NOUN_PREPS:
                objs = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                span = tok_span(objs[0].subtree) if objs else None
                if NOUN_CUE_PREP and child.i == noun.i + 1:
                    cue_end = child  # "criticism of", "questions about": PolNeAR's cue has the preposition
            else:
                continue
            if span is not None:
                content.append(span)
                break
        if not content:
            return None
        source_tok = noun_source(noun, regions, ents)
        source = source_span(source_tok, noun) if source_tok is not None else None
        content = widen_to_quotes(content, regions)
        cue = (noun.idx, cue_end.idx + len(cue_end.text))
        content = cut(cut(content, cue), source)
        if not content:
            return None
        return RawAttribution(content, cue, source, source_tok.i if source_tok is not None else None)

    # -- rule 3: according to ---------------------------------------------------------
    def _according_to(
        self, parsed: Any, text: str, according: Any, regions: list[QuotedRegion]
    ) -> RawAttribution | None:
        to = parsed[according.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in according.children if c.dep_ == "pobj"]
        if in_regions(regions, according.idx, according.idx + 1):
            return None
        sent = according.sent
        phrase_end = max(t.i for t in objs[0].subtree) + 1 if objs else to.i + 1
        source = tok_span(objs[0].subtree) if objs else None
        cue = (according.idx, to.idx + len(to.text))
        pieces: list[Span2] = []
        before = tok_span(t for t in sent if t.i < according.i)
        after = tok_span(t for t in sent if t.i >= phrase_end)
        for piece in (before, after):
            if piece is not None and trim(text, piece)[1] - trim(text, piece)[0] > 3:
                pieces.append(piece)
        if not pieces:
            return None
        pieces = widen_to_quotes(pieces, regions)
        head = objs[0].i if objs else None
        return RawAttribution(pieces, cue, source, head)

    # -- rule 4: colon introductions and dashes ----------------------------------------
    def _colon_and_dash(
        self, parsed: Any, text: str, regions: list[QuotedRegion], found: list[RawAttribution], ents: Entities
    ) -> list[RawAttribution]:
        out: list[RawAttribution] = list(speaker_labels(parsed, text, ents))
        claimed = SpanSet(p for a in [*found, *out] for p in a.parts())
        for region in regions:
            if claimed.overlaps(region.start, region.end):
                continue
            # "Name: “...”" or "Name said:" handled by verbs; here the bare colon introduction.
            window = max(0, region.start - 80)
            before = text[window : region.start]
            line_start = window + before.rfind("\n") + 1
            lead = text[line_start : region.start].rstrip()
            if lead.endswith(":"):
                colon = line_start + len(lead) - 1
                name_span = name_before(parsed, line_start, colon, ents)
                if name_span is not None:
                    src, head = name_span
                    out.append(RawAttribution([(region.start, region.end)], (colon, colon + 1), src, head))
                    continue
            after = text[region.end : region.end + 60]
            stripped = after.lstrip(" ")
            if stripped[:1] in ("\u2014", "\u2013", "\u2015") or stripped.startswith("--"):
                dash = region.end + (len(after) - len(stripped))
                name = name_after(parsed, dash + 1, ents)
                if name is not None:
                    out.append(RawAttribution([(region.start, region.end)], (dash, dash + 1), name[0], name[1]))
        return out


def content_kind(text: str, content: list[Span2], mask: bytearray) -> str:
    """direct when every word of the content is inside quotation marks, mixed when some are.

    `mask` marks the characters inside quotation marks (`quotemarks.quote_mask`).
    """
    inside = outside = 0
    for s, e in content:
        for i in range(s, e):
            if text[i].isalnum():
                if mask[i]:
                    inside += 1
                else:
                    outside += 1
    if inside and not outside:
        return "direct"
    if inside:
        return "mixed"
    return "indirect"


def _univocal(found: list[RawAttribution]) -> list[RawAttribution]:
    """Keep outer attributions: drop those whose cue is inside another's content, then overlaps."""
    found = sorted(found, key=lambda a: -sum(e - s for s, e in a.content))
    kept: list[RawAttribution] = []
    kept_content = SpanSet()
    for att in found:
        cue = att.cue or att.content[0]
        if kept_content.holds(*cue):
            continue
        if any(kept_content.overlaps(s, e) for s, e in att.content):
            continue
        kept.append(att)
        for piece in att.content:
            kept_content.add(piece)
    return sorted(kept, key=lambda a: a.start)
