"""The per-article voices summary: each speaker's quoted and paraphrased words, and their techniques.

Why: a reader should see at once which charged words come from a quoted
politician, which from the outlet's paraphrase of him, and which from the
outlet's own voice. `summarize(doc)` groups the `quotes` layer by speaker
(direct content -> quoted; indirect -> paraphrased; in mixed content the part
inside quotation marks is quoted and the rest paraphrased) and counts the
`techniques` layer by the voice and speaker each technique span carries,
against the author's own voice. The reports render it (`presslens.report.voices`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..document import Document, Part, Quote, TechniqueLabel, VoiceSummary
from ..quotes.quotemarks import SortedRegions, quoted_regions

_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


def count_words(text: str) -> int:
    """Words as every presslens count reads them (voices, corpus rates, comparisons): runs of
    letters and digits, a hyphen or apostrophe inside a word keeping it one word."""
    return len(_WORD.findall(text))


def _split_mixed(text: str, quote: Quote, regions: SortedRegions) -> tuple[list[Part], list[Part]]:
    """(quoted parts, paraphrased parts) of one quote's content.

    Only the regions from the first that ends inside the content are visited (by
    bisection), not every region of the article per quote.
    """
    start, end = quote.content.start, quote.content.end
    if quote.kind == "direct":
        return [quote.content], []
    if quote.kind == "indirect":
        return [], [quote.content]
    quoted: list[Part] = []
    paraphrased: list[Part] = []
    cursor = start
    for k in range(regions.first_ending_after(start), len(regions)):
        r_start, r_end = regions[k].start, regions[k].end
        if r_start >= end:
            break
        if r_end <= start:
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


def summarize(doc: Document) -> list[VoiceSummary] | None:
    """The voices of `doc`: the author first, then named speakers by words attributed to them,
    then the unnamed sources together.

    Techniques are counted when the `techniques` layer is present. Without the `quotes`
    layer (quotes.v1 disabled) nobody's voice can be told apart, so the result is None
    (the layer stays absent) rather than claiming every word is the author's.
    """
    if doc.quotes is None:
        return None
    text = doc.text
    regions = SortedRegions(quoted_regions(text))
    # Keyed by speaker name; None gathers every source not resolved to a named actor.
    quoted: dict[str | None, list[Part]] = defaultdict(list)
    paraphrased: dict[str | None, list[Part]] = defaultdict(list)
    count: Counter[str | None] = Counter()
    covered = [False] * len(text)
    for quote in doc.quotes:
        speaker = quote.speaker
        count[speaker] += 1
        q, p = _split_mixed(text, quote, regions)
        quoted[speaker].extend(q)
        paraphrased[speaker].extend(p)
        for i in range(quote.content.start, quote.content.end):
            covered[i] = True
    techniques: dict[str | None, Counter[TechniqueLabel]] = defaultdict(Counter)
    author_techniques: Counter[TechniqueLabel] = Counter()
    for tech in doc.techniques or []:
        if tech.lane != "shown":
            continue  # the candidates lane is not counted (low measured precision)
        if tech.voice == "author":
            author_techniques[tech.technique] += 1
        else:
            techniques[tech.speaker][tech.technique] += 1
    author_text = "".join(" " if c else ch for ch, c in zip(text, covered))
    voices = [
        VoiceSummary(
            voice="author",
            speaker=None,
            attributions=0,
            words=count_words(author_text),
            quoted_words=0,
            paraphrased_words=0,
            techniques=dict(author_techniques),
        )
    ]
    speakers = set(count) | set(techniques)
    rows = []
    for speaker in speakers:
        qw = sum(count_words(p.text) for p in quoted[speaker])
        pw = sum(count_words(p.text) for p in paraphrased[speaker])
        rows.append(
            VoiceSummary(
                voice="source",
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
    rows.sort(key=lambda v: (v.speaker is None, -v.words, v.speaker or ""))
    return voices + rows
