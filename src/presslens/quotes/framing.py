"""What a cue verb's clause says in the author's voice, not the speaker's.

Why a module of its own: framing clauses and phrases ("amid ...", "as ...",
"while ..."; ", which ..." asides) are cut from or kept out of a content, and
non-speech constructions ("called the election", "declined to comment") are
not attributions at all. Both read the same dependency patterns around the cue
and are tuned by the flags below, measured on PolNeAR dev.
"""

from __future__ import annotations

from typing import Any

from .quotemarks import QuotedRegion
from .spans import ParseIndex, Span2, touches_regions

# Subordinators of a clause that frames the speech event rather than reporting its content.
_ADVERBIAL_MARKS = frozenset(
    {"as", "while", "because", "since", "although", "though", "after", "before", "until", "whereas", "when"}
)
# Prepositions of a phrase the author adds around the reported words ("amid ongoing aggression").
_FRAMING_PREPS = frozenset({"amid", "amidst", "despite", "during", "following", "after", "before"})


def adverbial(clause: Any) -> bool:
    """True for a clause opened by "as", "while", "after" ... (a circumstance, not content)."""
    return any(c.dep_ == "mark" and c.lower_ in _ADVERBIAL_MARKS for c in clause.children)


def framing(child: Any) -> bool:
    """A child of the cue verb in the author's voice: "amid ..." or an "as ..." clause."""
    if child.dep_ == "prep":
        return child.lower_ in _FRAMING_PREPS
    return child.dep_ == "advcl" and adverbial(child)


# Marks of a trailing clause the author adds after the reported words (", as talks stalled").
TRAILING_MARKS: frozenset[str] = frozenset()  # ", as ..." measured on PolNeAR dev: -0.1 content F1
TRAILING_PREPS: frozenset[str] = frozenset({"amid", "amidst"})
TRAILING_RELATIVE = True  # ", which ..." / ", who ..." closing a paraphrase: the author's aside


def without_framing(doc: Any, piece: Span2, regions: list[QuotedRegion]) -> Span2:
    """An indirect content without the author's framing at its end: "... amid ongoing aggression",
    "..., as he charged into the crowd". Words inside quotation marks are never cut."""
    start, end = piece
    if touches_regions(regions, start, end):
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
        c.dep_ == "prep" and c.lower_ in ("for", "on", "about", "against", "of") and topic_prep(c) for c in children
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
        d in ("ccomp", "xcomp", "csubj") and not adverbial(c) for d, c in zip(deps, children)
    ):
        return any(c.dep_ == "prep" and c.lower_ == "to" for c in children)
    return False


def topic_prep(prep: Any) -> bool:
    """ "called for X", "spoke about X", "wrote on X": a topic, not a time or an addressee."""
    if prep.lower_ not in ("for", "about", "on", "of", "against", "to"):
        return False
    objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    return bool(objs) and objs[0].ent_type_ not in ("DATE", "TIME")


# Auxiliaries that open a yes/no question before its subject ("Did X say ...?", "Has X claimed ...?").
_QUESTION_AUX = frozenset("did does do has have had will would could can should is was are were".split())


def asked_not_reported(index: ParseIndex, cue: Span2 | None) -> bool:
    """Whether the cue verb heads a question with its auxiliary before its subject ("Did Saint Francis
    predict the coming of ...?"): the writer asks whether someone said it, and reports nothing."""
    verbs = index.verbs(cue) if cue is not None else []
    if not verbs:
        return False
    verb = verbs[0]
    start, end = index.sentence(verb.idx)
    if not index.text[start:end].rstrip().endswith("?"):
        return False
    subjects = [c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    auxes = [c.i for c in verb.children if c.dep_ in ("aux", "auxpass") and c.lower_ in _QUESTION_AUX]
    return bool(subjects and auxes and min(auxes) < min(subjects))
