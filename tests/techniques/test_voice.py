from __future__ import annotations

import pytest

from presslens.document import Part, Quote
from presslens.techniques.voice import quoted_regions, voice_for

TEXT = 'The mayor called it “a shameful betrayal” on Monday. She said the plan was a disgraceful scam.'


def _quote(kind: str, content: str, speaker: str = "Jane Doe") -> Quote:
    start = TEXT.index(content)
    end = start + len(content)
    return Quote.of(
        TEXT, start, end, content=Part.of(TEXT, start, end), cue=None, source=None, speaker=speaker, kind=kind
    )


def _span(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def test_voice_quoted_regions_find_double_quotes():
    regions = quoted_regions(TEXT)
    assert [TEXT[a:b] for a, b in regions] == ["“a shameful betrayal”"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [("shameful betrayal", "quoted"), ("disgraceful scam", "author"), ("The mayor", "author")],
)
def test_voice_without_quotes_layer_uses_quotation_marks(words, expected):
    got = voice_for(TEXT, *_span(words), None)
    assert got.voice == expected and got.speaker is None


@pytest.mark.parametrize(
    ("kind", "content", "words", "expected"),
    [
        ("direct", "a shameful betrayal", "shameful betrayal", "quoted"),
        ("indirect", "the plan was a disgraceful scam", "disgraceful scam", "paraphrased"),
        ("mixed", "it “a shameful betrayal” on Monday", "shameful betrayal", "quoted"),
        ("mixed", "it “a shameful betrayal” on Monday", "on Monday", "paraphrased"),
    ],
)
def test_voice_from_quotes_layer_takes_kind_and_speaker(kind, content, words, expected):
    got = voice_for(TEXT, *_span(words), [_quote(kind, content)])
    assert got.voice == expected
    assert got.speaker == "Jane Doe"


def test_voice_outside_every_quote_is_author():
    got = voice_for(TEXT, *_span("The mayor"), [_quote("indirect", "the plan was a disgraceful scam")])
    assert got.voice == "author" and got.speaker is None
