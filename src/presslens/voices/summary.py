"""The per-article voices summary: each speaker's quoted and paraphrased words, and their techniques.

Why: a reader should see at once which charged words come from a quoted
politician, which from the outlet's paraphrase of him, and which from the
outlet's own voice. `summarize(doc)` groups the `quotes` layer by speaker
(direct content -> quoted; indirect -> paraphrased; in mixed content the part
inside quotation marks is quoted and the rest paraphrased) and counts the
`techniques` layer by the voice and speaker each technique span carries,
against the author's own voice. `render(doc)` turns it into plain rows for the
terminal summary and the HTML report.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from ..document import Document, Part, Quote, VoiceSummary
from .quotemarks import quoted_regions

AUTHOR = "author"
UNNAMED = "unnamed"
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _split_mixed(text: str, quote: Quote, regions: list[tuple[int, int]]) -> tuple[list[Part], list[Part]]:
    """(quoted parts, paraphrased parts) of one quote's content."""
    start, end = quote.content.start, quote.content.end
    if quote.kind == "direct":
        return [quote.content], []
    if quote.kind == "indirect":
        return [], [quote.content]
    quoted: list[Part] = []
    paraphrased: list[Part] = []
    cursor = start
    for r_start, r_end in regions:
        if r_end <= start or r_start >= end:
            continue
        s, e = max(start, r_start), min(end, r_end)
        _add(text, paraphrased, cursor, s)
        _add(text, quoted, s, e)
        cursor = e
    _add(text, paraphrased, cursor, end)
    return quoted, paraphrased


def _add(text: str, parts: list[Part], start: int, end: int) -> None:
    while start < end and not text[start].isalnum() and text[start] not in "\"\u201c\u201d'":
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(ch.isalnum() for ch in text[start:end]):
        parts.append(Part.of(text, start, end))


def summarize(doc: Document) -> Document:
    """Return `doc` with `voices` set: the author first, then speakers by words attributed to them.

    Techniques are counted when the `techniques` layer is present. Without the `quotes`
    layer (quotes.v1 disabled) nobody's voice can be told apart, so `doc` is returned
    unchanged and `voices` stays absent rather than claiming every word is the author's.
    """
    if doc.quotes is None:
        return doc
    text = doc.text
    regions = [(r.start, r.end) for r in quoted_regions(text)]
    quoted: dict[str, list[Part]] = defaultdict(list)
    paraphrased: dict[str, list[Part]] = defaultdict(list)
    count: Counter[str] = Counter()
    covered = [False] * len(text)
    for quote in doc.quotes:
        speaker = quote.speaker or UNNAMED
        count[speaker] += 1
        q, p = _split_mixed(text, quote, regions)
        quoted[speaker].extend(q)
        paraphrased[speaker].extend(p)
        for i in range(quote.content.start, quote.content.end):
            covered[i] = True
    techniques: dict[str, Counter[str]] = defaultdict(Counter)
    for tech in doc.techniques or []:
        who = AUTHOR if tech.voice == "author" else (tech.speaker or UNNAMED)
        techniques[who][tech.technique] += 1
    author_text = "".join(" " if c else ch for ch, c in zip(text, covered))
    voices = [
        VoiceSummary(
            speaker=AUTHOR,
            attributions=0,
            words=_words(author_text),
            quoted_words=0,
            paraphrased_words=0,
            techniques=dict(techniques.get(AUTHOR, {})),
        )
    ]
    speakers = set(count) | {s for s in techniques if s != AUTHOR}
    rows = []
    for speaker in speakers:
        qw = sum(_words(p.text) for p in quoted[speaker])
        pw = sum(_words(p.text) for p in paraphrased[speaker])
        rows.append(
            VoiceSummary(
                speaker=speaker,
                attributions=count[speaker],
                words=qw + pw,
                quoted_words=qw,
                paraphrased_words=pw,
                quoted=quoted[speaker],
                paraphrased=paraphrased[speaker],
                techniques=dict(techniques.get(speaker, {})),
            )
        )
    rows.sort(key=lambda v: (v.speaker == UNNAMED, -v.words, v.speaker))
    data = {**doc.__dict__, "voices": voices + rows}
    return Document.model_validate(data).with_parsed(doc.parsed)


def render(doc: Document, *, max_examples: int = 3, max_chars: int = 120) -> list[dict[str, Any]]:
    """Plain rows for reports: speaker, counts, technique counts and a few example quotations.

    Computes the summary when `doc.voices` is absent (and the quotes layer is present).
    """
    voices = doc.voices
    if voices is None:
        if doc.quotes is None:
            return []
        voices = summarize(doc).voices or []
    rows = []
    for v in voices:
        rows.append(
            {
                "speaker": v.speaker,
                "attributions": v.attributions,
                "words": v.words,
                "quoted_words": v.quoted_words,
                "paraphrased_words": v.paraphrased_words,
                "techniques": dict(sorted(v.techniques.items(), key=lambda kv: (-kv[1], kv[0]))),
                "technique_total": sum(v.techniques.values()),
                "quoted_examples": [_clip(p.text, max_chars) for p in v.quoted[:max_examples]],
                "paraphrased_examples": [_clip(p.text, max_chars) for p in v.paraphrased[:max_examples]],
            }
        )
    return rows


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
