"""A technique span that runs across a change of voice is cut there (issue 25 point 5: the author's voice)."""

from __future__ import annotations

from presslens.document import Part, Quote
from presslens.techniques.stage import by_voice
from presslens.voices.speaking import Speakers


def _at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _quote(text: str, whole: str, content: str, cue: str, source: str, kind: str) -> Quote:
    return Quote.of(
        text, *_at(text, whole), content=Part.of(text, *_at(text, content)), cue=Part.of(text, *_at(text, cue)),
        source=Part.of(text, *_at(text, source)), speaker="Dana Ruiz", kind=kind,
    )


def _parts(text: str, quotes: list[Quote], span: str) -> list[tuple[str, str]]:
    return [(text[a:b], voice.voice) for a, b, voice in by_voice(text, *_at(text, span), Speakers(text, quotes))]


PARAPHRASE = (
    "Dana Ruiz called for calm to end the brutal attacks on the villages amid a savage and deadly campaign of terror."
)


def test_the_outlets_framing_after_a_paraphrase_is_the_authors():
    quote = _quote(PARAPHRASE, "Dana Ruiz called for calm to end the brutal attacks on the villages",
                   "calm to end the brutal attacks on the villages", "called for", "Dana Ruiz", "indirect")
    span = "the brutal attacks on the villages amid a savage and deadly campaign of terror"
    assert _parts(PARAPHRASE, [quote], span) == [
        ("the brutal attacks on the villages", "paraphrased"),
        ("amid a savage and deadly campaign of terror", "author"),
    ]


def test_a_part_of_one_or_two_words_is_not_cut_off():
    quote = _quote(PARAPHRASE, "Dana Ruiz called for calm to end the brutal attacks on the villages amid a savage",
                   "calm to end the brutal attacks on the villages amid a savage", "called for", "Dana Ruiz", "indirect")
    # the content ends one word before the span does: the span keeps one voice, by its middle
    assert _parts(PARAPHRASE, [quote], "the villages amid a savage and") == [
        ("the villages amid a savage and", "paraphrased"),
    ]


def test_reporting_words_between_two_quotations_are_left_out():
    text = '"They burned our fields and poisoned our wells," she said, adding "these savage thugs will pay for it."'
    first = _quote(text, '"They burned our fields and poisoned our wells," she said',
                   '"They burned our fields and poisoned our wells,"', "said", "she", "direct")
    second = _quote(text, 'she said, adding "these savage thugs will pay for it."',
                    '"these savage thugs will pay for it."', "adding", "she", "direct")
    span = 'burned our fields and poisoned our wells," she said, adding "these savage thugs will pay'
    assert _parts(text, [first, second], span) == [
        ("burned our fields and poisoned our wells", "quoted"),
        ("these savage thugs will pay", "quoted"),
    ]


def test_a_span_inside_one_voice_is_unchanged():
    quote = _quote(PARAPHRASE, "Dana Ruiz called for calm to end the brutal attacks on the villages",
                   "calm to end the brutal attacks on the villages", "called for", "Dana Ruiz", "indirect")
    assert _parts(PARAPHRASE, [quote], "brutal attacks") == [("brutal attacks", "paraphrased")]
    assert _parts(PARAPHRASE, [], "savage and deadly") == [("savage and deadly", "author")]
