"""Build the comparison of several analysed articles (pure: documents and an embedder in, `Comparison` out).

Each section reads one layer of every article: `actors` (names and labels),
`claims` (shared and one-sided, matched by meaning), `techniques` and
`quotes`/`voices` (rates per voice, who is quoted and for how many words),
`times` with `sentences` (dates given for the same event). A layer missing
from an article is listed in `missing` rather than compared as empty.
Order never depends on names: rows follow the articles' text order and
word counts, so swapping two sides' names swaps the comparison and changes
nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from ..actors.referents import group_named
from ..document import Claim, Descriptor, Document
from ..entities.canonical import key
from ..voices.speaking import speaker_label
from ..voices.summary import count_words, summarize
from .claims import SAME_CLAIM_THRESHOLD
from .encoder import Embedder, similarity
from .matching import RULES, ActorGroup, ArticleUnion, match_actors
from .model import (
    ActorRow,
    ArticleRef,
    ClaimRef,
    Comparison,
    DateDifference,
    DatedStatement,
    Evidence,
    NameUse,
    SharedClaim,
    SpeakerRow,
    TechniqueRate,
)

# Dated sentences about the same event need not make the same claim ("the shelling began on March 3" /
# "the fighting began on March 2" score 0.45): a looser cut than for claims, with mutual best matches
# only. Set by hand on the test pairs, not measured on a labelled set.
SAME_EVENT_THRESHOLD = 0.4


def compare(docs: Sequence[Document], *, embedder: Embedder, threshold: float = SAME_CLAIM_THRESHOLD) -> Comparison:
    """Compare two or more analysed documents (the full pipeline, `actors` included)."""
    if len(docs) < 2:
        raise ValueError(f"compare needs at least two articles, got {len(docs)}")
    missing = [
        f"{layer} (article {i + 1})"
        for layer in ("actors", "claims", "quotes", "techniques", "times", "sentences")
        for i, d in enumerate(docs)
        if getattr(d, layer) is None
    ]
    groups = match_actors(docs)
    actors, unlinked = _actors(docs, groups)
    shared, one_sided = _claims(docs, embedder, threshold)
    date_threshold = min(threshold, SAME_EVENT_THRESHOLD)
    return Comparison(
        articles=[
            ArticleRef(
                id=d.id, title=d.title, source=d.source,
                published=d.published.isoformat() if d.published else None, words=count_words(d.text),
            )
            for d in docs
        ],
        threshold=threshold,
        date_threshold=date_threshold,
        rules=list(RULES),
        actors=actors,
        unlinked=unlinked,
        shared_claims=shared,
        one_sided_claims=one_sided,
        techniques=[_rates(i, d) for i, d in enumerate(docs)],
        speakers=_speakers(docs, groups),
        dates=_dates(docs, embedder, date_threshold),
        missing=missing,
    )


def _evidence(article: int, doc: Document, start: int, end: int) -> Evidence:
    return Evidence(article=article, start=start, end=end, text=doc.text[start:end])


def _uses(article: int, doc: Document, descriptors: Sequence[Descriptor]) -> list[NameUse]:
    """Descriptors merged by their words (case and spacing ignored), in order of first use."""
    merged: dict[tuple[str, str], list[Descriptor]] = {}
    for d in descriptors:
        merged.setdefault((d.kind, " ".join(d.text.lower().split())), []).append(d)
    return [
        NameUse(
            text=items[0].text,
            kind=items[0].kind,
            count=len(items),
            voices=sorted({d.voice for d in items}, key=("author", "quoted", "paraphrased").index),
            speakers=sorted({d.speaker for d in items if d.speaker}),
            spans=[_evidence(article, doc, d.start, d.end) for d in items],
            suggestion=items[0].suggestion,
        )
        for items in merged.values()
    ]


def _actors(docs: Sequence[Document], groups: Sequence[ActorGroup]) -> tuple[list[ActorRow], list[list[NameUse]]]:
    rows: list[ActorRow] = []
    for group in groups:
        first = group.members[0]
        rows.append(
            ActorRow(
                actor=first.canonical,
                label=first.actor.label,
                names=[(m.canonical if (m := group.of(i)) is not None else None) for i in range(len(docs))],
                matched_by=group.rules,
                uses=[
                    _uses(i, docs[i], m.actor.descriptors) if (m := group.of(i)) is not None else []
                    for i in range(len(docs))
                ],
                suggested=[
                    _uses(i, docs[i], _suggested(docs[i], group)) if group.of(i) is None else []
                    for i in range(len(docs))
                ],
            )
        )
    unlinked = [
        _uses(i, d, [x for a in d.actors or [] if a.canonical is None for x in a.descriptors]) for i, d in enumerate(docs)
    ]
    return rows, unlinked


def _suggested(doc: Document, group: ActorGroup) -> list[Descriptor]:
    """Labels and descriptions of an article that does not name the actor, whose suggestion is that actor (by
    name, or a name of the same group: 'Israelis' for a row 'Israel')."""
    names = {key(n) for m in group.members for n in (m.canonical, *m.actor.aliases)}
    groups = {g for m in group.members for n in (m.canonical, *m.actor.aliases) if (g := group_named(n))}
    return [
        d for a in doc.actors or [] for d in a.descriptors
        if d.suggestion is not None
        and (key(d.suggestion.candidate) in names or group_named(d.suggestion.candidate) in groups)
    ]


def _claim_ref(article: int, doc: Document, c: Claim) -> ClaimRef:
    return ClaimRef(
        evidence=_evidence(article, doc, c.start, c.end), voice=c.voice, speaker=c.speaker, score=c.score
    )


def _claims(docs: Sequence[Document], embedder: Embedder, threshold: float) -> tuple[list[SharedClaim], list[ClaimRef]]:
    items = [(i, c) for i, d in enumerate(docs) for c in d.claims or []]
    if not items:
        return [], []
    vectors = embedder.embed([c.text for _, c in items])
    sims = similarity(vectors, vectors)
    union = ArticleUnion([i for i, _ in items])
    links: dict[int, list[float]] = defaultdict(list)
    by_article: list[list[int]] = [[] for _ in docs]
    for k, (ik, _) in enumerate(items):
        by_article[ik].append(k)
    # Each claim joins its best match in every other article, when similar enough and not already in a
    # group holding a claim of that article (one claim per article per group).
    for a, (ia, _) in enumerate(items):
        for article in range(len(docs)):
            if article == ia:
                continue
            candidates = by_article[article]
            if not candidates:
                continue
            best = max(candidates, key=lambda b: (sims[a, b], -b))
            if sims[a, best] < threshold:
                continue
            joined = union.union(a, best)
            if joined is None:
                continue
            kept, gone = joined
            links[kept].extend([*links.pop(gone, []), float(sims[a, best])])
    groups: dict[int, list[int]] = defaultdict(list)
    for k in range(len(items)):
        groups[union.find(k)].append(k)
    shared: list[SharedClaim] = []
    one_sided: list[ClaimRef] = []
    for root, members in sorted(groups.items(), key=lambda kv: min(kv[1])):
        refs = [_claim_ref(items[k][0], docs[items[k][0]], items[k][1]) for k in sorted(members, key=lambda k: items[k][0])]
        if len(members) > 1:
            shared.append(SharedClaim(claims=refs, similarity=round(min(links[root]), 4)))
        else:
            one_sided.append(refs[0])
    return shared, one_sided


def _rates(article: int, doc: Document) -> TechniqueRate:
    voices = doc.voices if doc.voices is not None else (summarize(doc) or [])
    author_words = sum(v.words for v in voices if v.voice == "author") if voices else count_words(doc.text)
    quoted_words = sum(v.words for v in voices if v.voice == "source")
    by: dict[str, list[int]] = {}
    for t in doc.techniques or []:
        if t.lane != "shown":
            continue  # the candidates lane is not counted (low measured precision)
        counts = by.setdefault(t.technique, [0, 0])
        counts[0 if t.voice == "author" else 1] += 1
    author_spans = sum(c[0] for c in by.values())
    quoted_spans = sum(c[1] for c in by.values())
    if doc.techniques is None:  # not analysed: no rate rather than a rate of zero
        author_words = quoted_words = 0
    return TechniqueRate(
        article=article,
        author_words=author_words,
        quoted_words=quoted_words,
        author_spans=author_spans,
        quoted_spans=quoted_spans,
        author_per_1000=round(1000 * author_spans / author_words, 2) if author_words else None,
        quoted_per_1000=round(1000 * quoted_spans / quoted_words, 2) if quoted_words else None,
        by_technique=dict(sorted(by.items())),
    )


def _speakers(docs: Sequence[Document], groups: Sequence[ActorGroup]) -> list[SpeakerRow]:
    """Speakers matched across articles by the actor matching (else by the words naming them)."""
    canonical_to_row: dict[tuple[int, str], int] = {}
    names: list[str] = []
    for number, group in enumerate(groups):
        for m in group.members:
            for name in (m.canonical, *m.actor.aliases):
                canonical_to_row[(m.article, name)] = number
        names.append(group.members[0].canonical)
    words: dict[object, list[int]] = {}
    counts: dict[object, list[int]] = {}
    label: dict[object, str] = {}
    first: dict[object, tuple[int, int]] = {}
    for i, doc in enumerate(docs):
        for q in doc.quotes or []:
            name = speaker_label("quoted", q.speaker, q.source)
            row = canonical_to_row.get((i, q.speaker)) if q.speaker else None
            k: object = ("actor", row) if row is not None else ("text", name.lower())
            label.setdefault(k, names[row] if row is not None else name)
            first.setdefault(k, (i, q.start))
            words.setdefault(k, [0] * len(docs))[i] += count_words(q.content.text)
            counts.setdefault(k, [0] * len(docs))[i] += 1
    order = sorted(words, key=lambda k: (-sum(words[k]), first[k]))
    return [SpeakerRow(speaker=label[k], words=words[k], attributions=counts[k]) for k in order]


def _dated_sentences(doc: Document) -> list[tuple[int, int, list[tuple[int, int, str]]]]:
    """(start, end, [(date start, date end, value)]) of each sentence giving a date: its ISO value, or its
    words when it cannot be resolved (no publication date: "April 13" stays "april 13")."""
    dated = [t for t in doc.times or [] if t.label == "DATE"]
    out = []
    for s in doc.sentences or []:
        inside = [
            (t.start, t.end, t.value or " ".join(t.text.lower().split()))
            for t in dated
            if s.start <= t.start and t.end <= s.end
        ]
        if inside:
            out.append((s.start, s.end, inside))
    return out


def _dates(docs: Sequence[Document], embedder: Embedder, threshold: float) -> list[DateDifference]:
    per_doc = [_dated_sentences(d) for d in docs]
    vectors = [embedder.embed([d.text[s:e] for s, e, _ in sents]) for d, sents in zip(docs, per_doc)]
    found: list[DateDifference] = []
    for a in range(len(docs)):
        for b in range(a + 1, len(docs)):
            if not per_doc[a] or not per_doc[b]:
                continue
            sims = similarity(vectors[a], vectors[b])
            for x, (sa, ea, dates_a) in enumerate(per_doc[a]):
                y = int(np.argmax(sims[x]))
                if sims[x, y] < threshold or int(np.argmax(sims[:, y])) != x:
                    continue  # mutual best matches only
                sb, eb, dates_b = per_doc[b][y]
                if {v for *_, v in dates_a} == {v for *_, v in dates_b}:
                    continue
                found.append(
                    DateDifference(
                        statements=[_statement(a, docs[a], sa, ea, dates_a), _statement(b, docs[b], sb, eb, dates_b)],
                        similarity=round(float(sims[x, y]), 4),
                    )
                )
    return found


def _statement(article: int, doc: Document, start: int, end: int, dates: list[tuple[int, int, str]]) -> DatedStatement:
    return DatedStatement(
        evidence=_evidence(article, doc, start, end),
        dates=[_evidence(article, doc, s, e) for s, e, _ in dates],
        values=[v for *_, v in dates],
    )
