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
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..document import strip_span
from .cues import ACCORDING_TO
from .quotemarks import QuotedRegion, SortedRegions, quote_mask

Span2 = tuple[int, int]
_OBJECT_DEPS = ("dobj", "dative", "attr", "oprd")
_SUBJECT_DEPS = ("nsubj", "csubj", "expl")
# Dependencies through which a cue without its own subject inherits its governor's.
_CLIMB_DEPS = ("conj", "advcl", "xcomp", "pcomp", "prep", "acomp")
_TRIM = " \t\n\r,;:\u2014\u2013-"
_NOUN_PREPS = frozenset({"of", "for", "on", "about", "against", "over", "to", "that"})
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


@dataclass
class RawAttribution:
    """An attribution before speaker resolution; spans are character offsets."""

    content: list[Span2]
    cue: Span2 | None
    source: Span2 | None
    source_head: int | None = None  # token index of the source's head word, for coreference
    kind: str = "indirect"

    @property
    def start(self) -> int:
        return min(s for s, _ in self.parts())

    @property
    def end(self) -> int:
        return max(e for _, e in self.parts())

    def parts(self) -> list[Span2]:
        return [*self.content, *(p for p in (self.cue, self.source) if p is not None)]


def tokens_between(parsed: Any, start: int, end: int) -> list[Any]:
    """Tokens wholly inside [start, end), without walking the whole document."""
    span = parsed.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def _doc_end(parsed: Any) -> int:
    last = parsed[-1] if len(parsed) else None
    return last.idx + len(last.text) if last is not None else 0


def _tok_span(tokens: Iterable[Any]) -> Span2 | None:
    toks = list(tokens)
    if not toks:
        return None
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def _trim(text: str, span: Span2) -> Span2:
    return strip_span(text, span[0], span[1], drop=_TRIM)


SOURCE_TRIM = True  # '"PENCE' -> 'PENCE' (commas and a final 's stay, as in PolNeAR: stripping them cost 2.4 on dev)
_SOURCE_EDGES = "\"\u201c\u201d"  # quotation marks only: PolNeAR sources keep their commas


def _trim_source(text: str, span: Span2) -> Span2:
    """A source without quotation marks or dashes at its edges."""
    return strip_span(text, span[0], span[1], drop=_SOURCE_EDGES)


CONTENT_DROP_PERIOD = True  # PolNeAR's paraphrases end before the sentence's full stop
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St))\.$")


def _trim_content(text: str, span: Span2) -> Span2:
    """A content without edge spaces and commas, and without the full stop that ends a
    paraphrase (not the one of "U.S." or "Jr.", nor one inside quotation marks)."""
    start, end = _trim(text, span)
    if CONTENT_DROP_PERIOD and end > start + 1 and text[end - 1] == "." and not _ABBREVIATION_END.search(
        text, max(start, end - 6), end
    ):
        end -= 1
        start, end = _trim(text, (start, end))
    return start, end


def _in_regions(regions: list[QuotedRegion], start: int, end: int) -> bool:
    if isinstance(regions, SortedRegions):
        return regions.any_contains(start, end)
    return any(r.contains(start, end) for r in regions)


def _touches_regions(regions: list[QuotedRegion], start: int, end: int) -> bool:
    if isinstance(regions, SortedRegions):
        return regions.any_overlaps(start, end)
    return any(r.overlaps(start, end) for r in regions)


class _Entities:
    """spaCy's entities of one article, read once and looked up by position.

    Why: `Doc.ents` builds a new Span for every entity on each access, and the
    rules used to walk all of them for each cue, colon and dash: quadratic on
    long articles. spaCy's entities are sorted and never overlap.
    """

    def __init__(self, parsed: Any) -> None:
        self.ents = list(parsed.ents)
        self.start_chars = [e.start_char for e in self.ents]
        self.by_end = {e.end: e for e in self.ents}
        self.by_start = {e.start: e for e in self.ents}

    def from_char(self, offset: int) -> int:
        """Index of the first entity starting at or after character `offset`."""
        return bisect.bisect_left(self.start_chars, offset)


class _SpanSet:
    """A growing set of character spans that answers "does any overlap / hold this?" quickly.

    Spans are kept sorted by start; only those starting within the longest
    span's length before a query can reach it, so a query looks at a few
    neighbours instead of every span (the claimed parts and kept contents of a
    long article), and the answer stays exact.
    """

    def __init__(self, spans: Iterable[Span2] = ()) -> None:
        self.spans = sorted(spans)
        self.longest = max((e - s for s, e in self.spans), default=0)

    def add(self, span: Span2) -> None:
        bisect.insort(self.spans, span)
        self.longest = max(self.longest, span[1] - span[0])

    def _near(self, lo: int, hi: int) -> list[Span2]:
        """Spans starting in [lo, hi], a superset of every span that can reach [lo + longest, hi]."""
        first = bisect.bisect_left(self.spans, (lo,))
        last = bisect.bisect_right(self.spans, (hi, float("inf")))
        return self.spans[first:last]

    def overlaps(self, start: int, end: int) -> bool:
        """True when a span shares a character with [start, end): s < end and start < e."""
        return any(s < end and start < e for s, e in self._near(start - self.longest, end))

    def holds(self, start: int, end: int) -> bool:
        """True when a span contains [start, end): s <= start and end <= e."""
        return any(s <= start and end <= e for s, e in self._near(end - self.longest, start))


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
        ents = _Entities(parsed)
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
            att.content = [p for p in (_trim_content(text, c) for c in att.content) if p[1] > p[0]]
            att.kind = content_kind(text, att.content, mask)
            if att.source is not None and SOURCE_TRIM:
                trimmed = _trim_source(text, att.source)
                att.source = trimmed if trimmed[1] > trimmed[0] else att.source
        kept = _univocal([a for a in found if a.content])
        _continue_quotes(text, kept, regions)
        kept = sorted(kept + _orphan_quotes(parsed, text, kept, regions), key=lambda a: a.start)
        for att in kept:
            att.kind = content_kind(text, att.content, mask)
        return kept

    # -- rule 1 and 2: verb cues -------------------------------------------------------
    def _verb_cue(
        self, parsed: Any, text: str, verb: Any, regions: list[QuotedRegion], ents: _Entities
    ) -> RawAttribution | None:
        vstart, vend = verb.idx, verb.idx + len(verb.text)
        if _in_regions(regions, vstart, vend) or verb.dep_ in ("amod", "compound"):
            return None
        children = list(verb.children)
        quoted = [c for c in children if c.dep_ != "punct" and _in_regions(regions, c.idx, c.idx + len(c.text))]
        constructions = self.non_speech.get(verb.lemma_.lower())
        if constructions and not quoted and non_speech(verb, children, constructions):
            return None
        # A clausal complement is the content; an infinitive ("says to begin his letter") only without one.
        # A clause opened by "as", "while", "after" ... is the circumstance, not what was said.
        comp = [c for c in children if c.dep_ == "ccomp" and not _adverbial(c)]
        comp += [c for c in quoted if c.dep_ != "ccomp"]
        object_span: list[Any] = []
        if not comp:
            comp = [c for c in children if c.dep_ == "xcomp"]
            if comp and (JOIN_OBJECT_XCOMP or verb.lemma_.lower() not in _OBJECT_CONTROL):
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
            comp = [c for c in children if c.dep_ == "prep" and c.i > verb.i and _topic_prep(c)]
            topical = bool(comp)
        if not comp and PARATAXIS and verb.dep_ == "parataxis" and not quoted:
            # "The museum, he said, would make visitors face ...": the clause around the cue
            # clause is its content, in two pieces
            inner = {t.i for t in verb.subtree}
            around = [t for t in verb.head.subtree if t.i not in inner and not _in_regions(regions, t.idx, t.idx + 1)]
            left = [t for t in around if t.i < verb.i]
            right_of = [t for t in around if t.i > verb.i]
            pieces = [span for part in (left, right_of) if part and (span := _tok_span(part)) is not None]
            source_tok = _source_token(verb, regions, ents)
            if pieces and source_tok is not None and source_tok.i in inner:
                source = _source_span(source_tok, verb)
                return RawAttribution(pieces, _cue_span(verb), source, source_tok.i)
        source_tok = _source_token(verb, regions, ents)
        source = _source_span(source_tok, verb) if source_tok is not None else None
        content = [span for c in comp if (span := _tok_span(c.subtree)) is not None]
        if object_span and (joined := _tok_span(object_span)) is not None:
            content = [span for c in comp if c not in object_span and (span := _tok_span(c.subtree)) is not None]
            content.append(joined)
        if topical:
            # "went on to talk about X ... followed by Y": the topic runs to the end of the clause,
            # short of a circumstance the author adds ("... amid ongoing fighting", "as talks stall").
            stop = min((c.left_edge.i for c in children if c.i > comp[0].i and _framing(c)), default=len(verb.doc))
            first = comp[0].i + 1 if TOPIC_WITHOUT_PREP else comp[0].i  # "about X": X is the content
            right = [t for t in verb.subtree if first <= t.i < stop and not t.is_punct]
            content = [_tok_span(right) or content[0]]
        cue = _cue_span(verb, comp[0] if topical else None)
        if not any(_touches_regions(regions, s, e) for s, e in content):
            # "“...,” Jane Roe, 69, told the channel when asked": the quotation before the cue
            # clause is the content even when the parser gave the verb another complement.
            before = _preceding_region(text, verb, regions, source, closed_by_comma=bool(content))
            if before is not None and _only_source_between(text, before.end, verb.idx, source):
                content = [*content, (before.start, before.end)]
        if not content:
            near = _following_region(text, verb, regions)
            if near is None:
                return None
            content = [(near.start, near.end)]
        content = [_without_framing(verb.doc, piece, regions) for piece in content]
        content = _widen_to_quotes(content, regions)
        if source is not None:
            content = _cut(content, source)
        content = _cut(content, cue)
        if not content:
            return None
        att = RawAttribution(content, cue, source, source_tok.i if source_tok is not None else None)
        _add_split_half(text, att, regions)
        return att

    # -- rule 1b: noun cues ("Roe's criticism of the plan", "the claim that ...") ---------
    def _noun_cue(self, noun: Any, regions: list[QuotedRegion], ents: _Entities) -> RawAttribution | None:
        if _in_regions(regions, noun.idx, noun.idx + len(noun.text)):
            return None
        content: list[Span2] = []
        cue_end = noun
        for child in noun.children:
            if child.i < noun.i:
                continue
            if child.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" for g in child.children):
                span = _tok_span(child.subtree)
            elif child.dep_ == "prep" and child.lower_ in _NOUN_PREPS:
                objs = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                span = _tok_span(objs[0].subtree) if objs else None
                if NOUN_CUE_PREP and child.i == noun.i + 1:
                    cue_end = child  # "criticism of", "questions about": PolNeAR's cue has the preposition
            else:
                continue
            if span is not None:
                content.append(span)
                break
        if not content:
            return None
        source_tok = _noun_source(noun, regions, ents)
        source = _source_span(source_tok, noun) if source_tok is not None else None
        content = _widen_to_quotes(content, regions)
        cue = (noun.idx, cue_end.idx + len(cue_end.text))
        content = _cut(_cut(content, cue), source)
        if not content:
            return None
        return RawAttribution(content, cue, source, source_tok.i if source_tok is not None else None)

    # -- rule 3: according to ---------------------------------------------------------
    def _according_to(
        self, parsed: Any, text: str, according: Any, regions: list[QuotedRegion]
    ) -> RawAttribution | None:
        to = parsed[according.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in according.children if c.dep_ == "pobj"]
        if _in_regions(regions, according.idx, according.idx + 1):
            return None
        sent = according.sent
        phrase_end = max(t.i for t in objs[0].subtree) + 1 if objs else to.i + 1
        source = _tok_span(objs[0].subtree) if objs else None
        cue = (according.idx, to.idx + len(to.text))
        pieces: list[Span2] = []
        before = _tok_span(t for t in sent if t.i < according.i)
        after = _tok_span(t for t in sent if t.i >= phrase_end)
        for piece in (before, after):
            if piece is not None and _trim(text, piece)[1] - _trim(text, piece)[0] > 3:
                pieces.append(piece)
        if not pieces:
            return None
        pieces = _widen_to_quotes(pieces, regions)
        head = objs[0].i if objs else None
        return RawAttribution(pieces, cue, source, head)

    # -- rule 4: colon introductions and dashes ----------------------------------------
    def _colon_and_dash(
        self, parsed: Any, text: str, regions: list[QuotedRegion], found: list[RawAttribution], ents: _Entities
    ) -> list[RawAttribution]:
        out: list[RawAttribution] = list(_speaker_labels(parsed, text, ents))
        claimed = _SpanSet(p for a in [*found, *out] for p in a.parts())
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
                name_span = _name_before(parsed, line_start, colon, ents)
                if name_span is not None:
                    src, head = name_span
                    out.append(RawAttribution([(region.start, region.end)], (colon, colon + 1), src, head))
                    continue
            after = text[region.end : region.end + 60]
            stripped = after.lstrip(" ")
            if stripped[:1] in ("\u2014", "\u2013", "\u2015") or stripped.startswith("--"):
                dash = region.end + (len(after) - len(stripped))
                name = _name_after(parsed, dash + 1, ents)
                if name is not None:
                    out.append(RawAttribution([(region.start, region.end)], (dash, dash + 1), name[0], name[1]))
        return out


# Subordinators of a clause that frames the speech event rather than reporting its content.
_ADVERBIAL_MARKS = frozenset(
    {"as", "while", "because", "since", "although", "though", "after", "before", "until", "whereas", "when"}
)
# Prepositions of a phrase the author adds around the reported words ("amid ongoing aggression").
_FRAMING_PREPS = frozenset({"amid", "amidst", "despite", "during", "following", "after", "before"})


def _adverbial(clause: Any) -> bool:
    """True for a clause opened by "as", "while", "after" ... (a circumstance, not content)."""
    return any(c.dep_ == "mark" and c.lower_ in _ADVERBIAL_MARKS for c in clause.children)


def _framing(child: Any) -> bool:
    """A child of the cue verb in the author's voice: "amid ..." or an "as ..." clause."""
    if child.dep_ == "prep":
        return child.lower_ in _FRAMING_PREPS
    return child.dep_ == "advcl" and _adverbial(child)


# Marks of a trailing clause the author adds after the reported words (", as talks stalled").
TRAILING_MARKS: frozenset[str] = frozenset()  # ", as ..." measured on PolNeAR dev: -0.1 content F1
TRAILING_PREPS: frozenset[str] = frozenset({"amid", "amidst"})
TOPIC_WITHOUT_PREP = True  # "talked to reporters about the plan": the content is "the plan"
TRAILING_RELATIVE = True  # ", which ..." / ", who ..." closing a paraphrase: the author's aside


def _without_framing(doc: Any, piece: Span2, regions: list[QuotedRegion]) -> Span2:
    """An indirect content without the author's framing at its end: "... amid ongoing aggression",
    "..., as he charged into the crowd". Words inside quotation marks are never cut."""
    start, end = piece
    if _touches_regions(regions, start, end):
        return piece
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return piece
    last = span.end - 1
    while last > span.start and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    for tok in span:
        if tok.i == span.start:
            continue
        if TRAILING_RELATIVE and tok.dep_ in ("relcl", "acl") and tok.left_edge.i > span.start + 1:
            # ", which ...", ", who ...", ", known as ...": the author's aside on the last noun
            phrase = list(tok.subtree)
            first = phrase[0].i
            if doc[first - 1].text != ",":
                continue
        elif (tok.dep_ == "prep" and tok.lower_ in TRAILING_PREPS) or (
            tok.dep_ == "mark" and tok.lower_ in TRAILING_MARKS and tok.head.dep_ == "advcl"
            and doc[tok.i - 1].text == ","
        ):
            phrase = list(tok.subtree if tok.dep_ == "prep" else tok.head.subtree)
            first = tok.i
        else:
            continue
        right = max(t.i for t in phrase)
        if right >= last and min(t.i for t in phrase) >= first and first > span.start:
            return start, doc[first - 1].idx + len(doc[first - 1].text)
    return piece


def non_speech(verb: Any, children: list[Any], constructions: frozenset[str]) -> bool:
    """True when the cue verb, in one of `constructions`, reports no speech (see non_speech.tsv).

    - object_only: only a direct object, no clause, no second object, no "for/on/about"
      ("called the election", "did not identify the 17-year-old", "named a new army chief");
    - naming_present: present tense with an object and a name ("They call him the crowbar robber");
    - anonymity: an infinitive "not to be named/identified/quoted" ("asked not to be named");
    - no_comment: "declined to comment" (on the refusing verb, and on "comment" itself);
    - addressee_only: "to" someone and no clause ("writes to premier as ...").
    """
    deps = [c.dep_ for c in children]
    clause = any(d in ("ccomp", "xcomp", "csubj") for d in deps)
    objects = sum(d in ("dobj", "dative", "oprd", "attr") for d in deps)
    topical = any(
        c.dep_ == "prep" and c.lower_ in ("for", "on", "about", "against", "of") and _topic_prep(c) for c in children
    )
    if "object_only" in constructions and not clause and not topical and objects == 1 and "dobj" in deps:
        return True
    if "naming_present" in constructions and verb.tag_ in ("VBP", "VBZ") and (objects >= 2 or "oprd" in deps):
        return True
    xcomps = [c for c in children if c.dep_ == "xcomp"]
    if "anonymity" in constructions and any(
        c.lemma_.lower() in ("name", "identify", "quote") and any(g.dep_ == "neg" for g in c.children)
        for c in xcomps
    ):
        return True
    if "no_comment" in constructions and (
        any(c.lemma_.lower() == "comment" for c in xcomps)
        or (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("decline", "refuse"))
    ):
        return True
    if "addressee_only" in constructions and not any(
        d in ("ccomp", "xcomp", "csubj") and not _adverbial(c) for d, c in zip(deps, children)
    ):
        return any(c.dep_ == "prep" and c.lower_ == "to" for c in children)
    return False


def _topic_prep(prep: Any) -> bool:
    """ "called for X", "spoke about X", "wrote on X": a topic, not a time or an addressee."""
    if prep.lower_ not in ("for", "about", "on", "of", "against", "to"):
        return False
    objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    return bool(objs) and objs[0].ent_type_ not in ("DATE", "TIME")


def _cut(content: list[Span2], hole: Span2 | None) -> list[Span2]:
    """Remove `hole` from every content piece (the source or cue inside a ccomp subtree)."""
    if hole is None:
        return content
    out: list[Span2] = []
    for s, e in content:
        if hole[1] <= s or e <= hole[0]:
            out.append((s, e))
            continue
        if s < hole[0]:
            out.append((s, hole[0]))
        if hole[1] < e:
            out.append((hole[1], e))
    return out


def _source_token(verb: Any, regions: list[QuotedRegion], ents: _Entities) -> Any | None:
    """The head word of the speaker: the verb's subject, or that of the verb it depends on.

    A "subject" inside quotation marks is the parser mistaking quoted words for the
    subject of the cue ("“My reaction ...,” the strategist said"), so it is skipped.
    """
    node = verb
    came_from = ""
    for step in range(5):
        deps = _SUBJECT_DEPS if step == 0 else (*_SUBJECT_DEPS, "nsubjpass")
        outside = [c for c in node.children if not _in_regions(regions, c.idx, c.idx + len(c.text))]
        if came_from == "xcomp" and node.lemma_.lower() in _OBJECT_CONTROL:
            # "led the journalist to fear": the object of the governing verb thinks.
            objs = [c for c in outside if c.dep_ == "dobj"]
            if objs:
                return objs[0]
        subj = [c for c in outside if c.dep_ in deps]
        if subj:
            return min(subj, key=lambda c: abs(c.i - verb.i))
        agent = [c for c in outside if c.dep_ == "agent"]
        if agent:
            pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
            if pobj:
                return pobj[0]
        if node.dep_ in ("relcl", "acl"):
            return node.head
        if node.dep_ in _CLIMB_DEPS and node.head is not node:
            came_from = node.dep_
            node = node.head
            continue
        break
    return _adjacent_name(verb, regions, ents)


PARATAXIS = True  # "The museum, he said, would ...": the clause around a parenthetical cue
JOIN_OBJECT_XCOMP = True  # "asked female contestants to wear ...": the object is in the content
JOIN_OBJECT_PREDICATE = True
_OBJECT_CONTROL = frozenset(
    """lead ask urge tell force prompt cause push convince persuade encourage get allow invite
    inspire drive challenge call pressure warn order advise remind""".split()
)


def _noun_source(noun: Any, regions: list[QuotedRegion], ents: _Entities) -> Any | None:
    """Who holds a noun cue: "Roe's criticism", "criticism by Roe", "Roe voiced criticism"."""
    owner = [c for c in noun.children if c.dep_ == "poss"]
    if owner:
        return owner[0]
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "by":
            objs = [g for g in prep.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
    if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        return _source_token(noun.head, regions, ents)
    return None


def _source_span(head: Any, verb: Any) -> Span2 | None:
    """The source phrase; when it governs the cue ("a tweet attacking ..."), only its own words.

    Relative and participle clauses stay in ("Christie, who ...,"): PolNeAR's sources keep them
    (leaving them out cost 0.5 and 0.5 points of exact source F1 on dev, docs/experiments.md)."""
    if head.is_ancestor(verb):
        return _tok_span(t for t in head.subtree if t.i <= head.i)
    return _tok_span(head.subtree)


def _adjacent_name(verb: Any, regions: list[QuotedRegion], ents: _Entities) -> Any | None:
    """When the parse gives no subject, a name right before or after the cue ("..., Chief Roe said").

    Entities never overlap, so the one ending at the cue comes first in the text.
    """
    for ent in (ents.by_end.get(verb.i), ents.by_start.get(verb.i + 1)):
        if ent is None or ent.label_ not in _SPEAKER_LABELS or _in_regions(regions, ent.start_char, ent.end_char):
            continue
        return ent.root
    return None


# What PolNeAR counts as part of a cue beside the verb (each measured on dev, docs/experiments.md):
CUE_ADVERBS = True  # "also said", "repeatedly denied": an adverb right before the verb
CUE_TOPIC_PREP = True  # "called for", "commented on", "talked about": the topic preposition
CUE_DAY = False  # "said Friday": a bare day right after the verb (dev: -0.1 cue F1, so off)
CUE_COLON = True  # "said:": a colon right after the verb
CUE_SETTING = True  # "said in a statement", "told in an interview"
NOUN_CUE_PREP = True  # "criticism of", "questions about"
_SETTINGS = frozenset(
    """interview statement speech email e-mail tweet letter post release call conference appearance op-ed
    editorial memo message briefing hearing testimony""".split()
)


def _cue_span(verb: Any, topic: Any | None = None) -> Span2:
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


def _following_region(text: str, verb: Any, regions: list[QuotedRegion]) -> QuotedRegion | None:
    """A quotation right after the cue clause ("He said: “...”", "she told reporters “...”").

    The quotation may open the next paragraph when the cue clause ends with a colon.
    """
    verb_end = verb.idx + len(verb.text)
    if isinstance(regions, SortedRegions):
        at = regions.first_starting_from(verb_end)
        region = regions[at] if at < len(regions) else None
    else:
        region = next((r for r in regions if r.start >= verb_end), None)
    if region is None:
        return None
    between = text[verb_end : region.start]
    if "." in between or any(q in between for q in "\"\u201c\u201d"):
        return None
    if between.rstrip().endswith(":") and len(between) <= 150:
        return region
    if "\n" not in between and len(between) <= 40:
        return region
    return None


def _preceding_region(
    text: str, verb: Any, regions: list[QuotedRegion], source: Span2 | None, *, closed_by_comma: bool = True
) -> QuotedRegion | None:
    """A quotation just before the cue clause ("“...,” said Jane Roe").

    It must close with a comma (or ? ! dash), unless `closed_by_comma` is False and only
    the source stands between it and the cue ("“... missing.” Roe said").
    """
    best = None
    if isinstance(regions, SortedRegions):
        at = regions.first_ending_after(verb.idx)
        best = regions[at - 1] if at > 0 else None
    else:
        for region in regions:
            if region.end > verb.idx:
                break
            best = region
    if best is None:
        return None
    gap = text[best.end : verb.idx]
    inner = text[best.start : best.end].rstrip("\"\u201d\u00bb'\u2019 ")
    if len(gap) > 120 or "\n" in gap or any(q in gap for q in "\"\u201c\u201d") or _ends_sentence(gap):
        return None
    if inner[-1:] in (",", "?", "!", "\u2014", "-"):
        return best
    if not closed_by_comma and inner[-1:] in (".", "\u2026") and _only_source_between(text, best.end, verb.idx, source):
        return best
    return None


def _only_source_between(text: str, start: int, end: int, source: Span2 | None) -> bool:
    """True when nothing but the source phrase and punctuation lies in [start, end)."""
    if source is not None and start <= source[0] and source[1] <= end:
        rest = text[start : source[0]] + text[source[1] : end]
    else:
        rest = text[start:end]
    return not any(ch.isalnum() for ch in rest)


_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "st", "jr", "sr", "lt", "col", "prof"})


def _ends_sentence(gap: str) -> bool:
    """True when `gap` contains a full stop that ends a sentence (not "Mr." or "D.C.")."""
    for i, ch in enumerate(gap):
        if ch in ".!?" and gap[i + 1 : i + 2] == " ":
            word = gap[:i].rsplit(" ", 1)[-1].lower()
            if word not in _ABBREVIATIONS and not (len(word) == 1 or "." in word):
                return True
    return False


def _widen_to_quotes(content: list[Span2], regions: list[QuotedRegion]) -> list[Span2]:
    """Extend content pieces to cover every quotation they touch."""
    out: list[Span2] = []
    for s, e in content:
        if isinstance(regions, SortedRegions):
            # Regions that end by `s` cannot touch the piece, however it widens later in the loop;
            # regions are in order of start, so the first one starting at or after `e` ends the scan.
            for k in range(regions.first_ending_after(s), len(regions)):
                r = regions[k]
                if r.start >= e:
                    break
                if r.overlaps(s, e):
                    s, e = min(s, r.start), max(e, r.end)
        else:
            for r in regions:
                if r.overlaps(s, e):
                    s, e = min(s, r.start), max(e, r.end)
        out.append((s, e))
    return _merge(out)


def _merge(spans: list[Span2]) -> list[Span2]:
    out: list[Span2] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _add_split_half(text: str, att: RawAttribution, regions: list[QuotedRegion]) -> None:
    """ "A," she said, "B." -> add the quotation B that follows the cue clause."""
    tail = max(e for _, e in (p for p in (att.cue, att.source) if p is not None))
    if any(s >= tail for s, _ in att.content):
        return
    first = regions.first_starting_from(tail) if isinstance(regions, SortedRegions) else 0
    for k in range(first, len(regions)):
        region = regions[k]
        if region.start >= tail:
            between = text[tail : region.start]
            if len(between) <= 3 and all(ch in " ,;:\u2014\u2013" for ch in between) and "," in between:
                att.content.append((region.start, region.end))
            return


def _speaker_labels(parsed: Any, text: str, ents: _Entities) -> Iterator[RawAttribution]:
    """Transcript and headline labels: a paragraph opening "JANE ROE: ..." or "Roe: ...".

    The rest of the paragraph is the content, quoted or not.
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        colon = text.find(":", start, min(end, start + 50))
        if colon > start:
            rest = _trim(text, (colon + 1, end))
            label = _name_before(parsed, start, colon, ents, short_only=True)
            if label is not None and rest[1] - rest[0] > 10:
                yield RawAttribution([rest], (colon, colon + 1), label[0], label[1])
        start = end + 1


def _name_before(
    parsed: Any, start: int, end: int, ents: _Entities, *, short_only: bool = False
) -> tuple[Span2, int] | None:
    """A speaker label such as "Sen. Jane Roe:" that fills the line before a colon at `end`.

    With `short_only`, the label must be the whole line before the colon (at most six tokens).
    """
    toks = tokens_between(parsed, start, end)
    if not toks or (short_only and len(toks) > 6):
        return None
    names = []
    for k in range(ents.from_char(start), len(ents.ents)):
        e = ents.ents[k]
        if e.start_char >= end:
            break
        if e.end_char <= end and e.label_ in _SPEAKER_LABELS:
            names.append(e)
    if names:
        # "Jane Roe:" or a longer lead-in naming its speaker ("Roe is rolling out a message:")
        name = names[-1]
        first = name.start
        doc = name.doc
        while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].head.i in range(first, name.end) \
                and doc[first - 1].text[:1].isupper() and not doc[first - 1].ent_type_:
            first -= 1  # a given name the recogniser left out ("Leyla" of "Leyla Mammadova")
        return (doc[first].idx, name.end_char), name.root.i
    if len(toks) > 6:
        return None
    if all(t.pos_ == "PROPN" or t.is_punct or t.text[:1].isupper() for t in toks) and any(t.pos_ == "PROPN" for t in toks):
        return _tok_span(toks) or (start, end), toks[-1].i
    return None


def _name_after(parsed: Any, start: int, ents: _Entities) -> tuple[Span2, int] | None:
    """The name right after a dash that signs a quotation ("..." — Jane Roe)."""
    for k in range(ents.from_char(start), len(ents.ents)):
        ent = ents.ents[k]
        if start <= ent.start_char <= start + 3 and ent.label_ in _SPEAKER_LABELS:
            return (ent.start_char, ent.end_char), ent.root.i
        if ent.start_char > start + 3:
            break
    run: list[Any] = []
    for tok in tokens_between(parsed, start, min(start + 120, _doc_end(parsed))):
        if tok.pos_ == "PROPN" and (not run or tok.i == run[-1].i + 1) and (run or tok.idx <= start + 3):
            run.append(tok)
        elif run or tok.idx > start + 3:
            break
    if run:
        return (run[0].idx, run[-1].idx + len(run[-1].text)), run[-1].i
    return None


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
    kept_content = _SpanSet()
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


# An unclaimed quotation of at least this many words is reported speech, not a scare quote.
ORPHAN_MIN_WORDS = 6
# How far (characters) a quotation may follow a direct quote and still continue its speaker.
ORPHAN_REACH = 300


def _lead_in_clause(parsed: Any, region: QuotedRegion, regions: list[QuotedRegion]) -> RawAttribution | None:
    """ "Roe shot back, “...”", "Stated Roe: “...”": the clause that opens the quotation's sentence."""
    first = parsed.char_span(region.start, region.start + 1, alignment_mode="expand")
    if first is None:
        return None
    sent = first[0].sent
    if sent.start_char >= region.start:
        return None
    verbs = [
        t for t in sent
        if t.idx < region.start and t.pos_ in ("VERB", "AUX") and not _in_regions(regions, t.idx, t.idx + len(t.text))
    ]
    for verb in reversed(verbs):
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.idx < region.start]
        subj = [c for c in subj if not _in_regions(regions, c.idx, c.idx + len(c.text))]
        if subj:
            source = _tok_span(t for t in subj[0].subtree if t.idx < region.start)
            if source is None:
                return None
            return RawAttribution([(region.start, region.end)], _cue_span(verb), source, subj[0].i)
    return None


def _orphan_quotes(
    parsed: Any, text: str, kept: list[RawAttribution], regions: list[QuotedRegion]
) -> list[RawAttribution]:
    """Quotations of a sentence or more that no cue claims.

    The clause that opens the quotation's sentence gives cue and source ("Roe shot
    back, “...”"); else a direct quote ending shortly before gives its speaker.
    """
    claimed = _SpanSet(p for a in kept for p in a.parts())
    # (end, position in kept): the quotes that end shortly before a quotation, found by bisection.
    ends = sorted((a.end, i) for i, a in enumerate(kept))
    out: list[RawAttribution] = []
    for region in regions:
        if claimed.overlaps(region.start, region.end):
            continue
        if len(text[region.start : region.end].split()) < ORPHAN_MIN_WORDS:
            continue
        lead = _lead_in_clause(parsed, region, regions)
        if lead is not None:
            out.append(lead)
            continue
        lo = bisect.bisect_left(ends, (region.start - ORPHAN_REACH, -1))
        hi = bisect.bisect_right(ends, (region.start, len(kept)))
        if hi > lo:
            # The latest-ending one; among equal ends the first in `kept`, as max() would pick.
            last = kept[ends[bisect.bisect_left(ends, (ends[hi - 1][0], -1))][1]]
            # After a quotation, more quotation is most often the same speaker going on.
            if last.kind in ("direct", "mixed"):
                out.append(RawAttribution([(region.start, region.end)], last.cue, last.source, last.source_head))
        # Otherwise no speaker can be named, and the quotation is left out rather than guessed.
    return out


def _whole_paragraph(text: str, region: QuotedRegion) -> bool:
    """A quotation that is its whole paragraph (the next paragraph of a speech)."""
    line_start = text.rfind("\n", 0, region.start) + 1
    line_end = text.find("\n", region.end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start : region.start].strip() and not text[region.end : line_end].strip()


def _continue_quotes(text: str, kept: list[RawAttribution], regions: list[QuotedRegion]) -> None:
    """ "A," she said. "B." -> B continues her quotation when nothing else claims it.

    A quotation that fills the next paragraph continues it too (a speech quoted over
    several paragraphs, each opened and closed), unless another cue claims it.
    """
    claimed = _SpanSet(p for a in kept for p in a.parts())
    for att in kept:
        tail = att.end
        first = regions.first_starting_from(tail) if isinstance(regions, SortedRegions) else 0
        for k in range(first, len(regions)):
            region = regions[k]
            if region.start < tail:
                continue
            gap = text[tail : region.start]
            if any(ch.isalnum() for ch in gap):
                break
            if "\n" in gap and not _whole_paragraph(text, region):
                break
            if claimed.overlaps(region.start, region.end):
                break
            att.content.append((region.start, region.end))
            claimed.add((region.start, region.end))
            tail = region.end
