"""Who is speaking at a span: the one function techniques, claims and the summary share."""

from __future__ import annotations

import pytest

from presslens.document import Part, Quote
from presslens.voices.speaking import Speakers, speaker_label

TEXT = 'The mayor called it “a shameful betrayal” on Monday. She said the plan was a disgraceful scam.'


def _quote(kind: str, content: str, speaker: str | None = "Jane Doe") -> Quote:
    start = TEXT.index(content)
    end = start + len(content)
    return Quote.of(
        TEXT, start, end, content=Part.of(TEXT, start, end), cue=None, source=None, speaker=speaker, kind=kind
    )


def _span(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def test_speaking_marks_are_the_quoted_regions_of_the_quotes_layer():
    assert [TEXT[a:b] for a, b in Speakers(TEXT, None).marks] == ["“a shameful betrayal”"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [("shameful betrayal", "quoted"), ("disgraceful scam", "author"), ("The mayor", "author")],
)
def test_speaking_without_quotes_layer_uses_quotation_marks(words, expected):
    got = Speakers(TEXT, None).at(*_span(words))
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
def test_speaking_from_quotes_layer_takes_kind_and_speaker(kind, content, words, expected):
    got = Speakers(TEXT, [_quote(kind, content)]).at(*_span(words))
    assert got.voice == expected
    assert got.speaker == "Jane Doe"


def test_speaking_outside_every_quote_is_the_author_with_no_speaker():
    got = Speakers(TEXT, [_quote("indirect", "the plan was a disgraceful scam")]).at(*_span("The mayor"))
    assert got.voice == "author" and got.speaker is None
    assert got.label == "author"


def test_speaking_unnamed_source_has_no_speaker_and_one_label():
    got = Speakers(TEXT, [_quote("indirect", "the plan was a disgraceful scam", speaker=None)]).at(
        *_span("disgraceful scam")
    )
    assert (got.voice, got.speaker) == ("paraphrased", None)
    assert got.label == "unnamed source" == speaker_label("quoted", None)


def test_speaking_keeps_the_source_as_written_for_an_unnamed_speaker():
    content = "the plan was a disgraceful scam"
    start = TEXT.index(content)
    src = TEXT.index("She")
    quote = Quote.of(
        TEXT, src, start + len(content), content=Part.of(TEXT, start, start + len(content)), cue=None,
        source=Part.of(TEXT, src, src + 3), speaker=None, kind="indirect",
    )
    got = Speakers(TEXT, [quote]).at(*_span("disgraceful scam"))
    assert (got.voice, got.speaker, got.source and got.source.text) == ("paraphrased", None, "She")
    assert got.label == "She"


def test_speaking_nested_contents_take_the_first_quote_in_layer_order():
    outer = _quote("indirect", "She said the plan was a disgraceful scam", speaker="Outer")
    inner = _quote("direct", "a disgraceful scam", speaker="Inner")
    assert Speakers(TEXT, [outer, inner]).at(*_span("disgraceful")).speaker == "Outer"
    assert Speakers(TEXT, [inner, outer]).at(*_span("disgraceful")).speaker == "Inner"
    assert Speakers(TEXT, [inner, outer]).at(*_span("the plan")).speaker == "Outer"
