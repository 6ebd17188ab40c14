from __future__ import annotations

import pytest

from presslens.eval.attribution_scores import (
    AttributionScores,
    GoldAttribution,
    PredictedAttribution,
    gold_speaker_words,
    is_direct,
    tag_spans,
    word_tokens,
)

TEXT = 'Ann Lee said "the dam is safe," and Bo Kim said the levee was weak.'


def _span(part: str) -> tuple[tuple[int, int], ...]:
    start = TEXT.index(part)
    return ((start, start + len(part)),)


GOLD = [
    GoldAttribution(content=_span('"the dam is safe,"'), cue=_span("said"), source=_span("Ann Lee")),
    GoldAttribution(content=_span("the levee was weak"), cue=((TEXT.rindex("said"), TEXT.rindex("said") + 4),),
                    source=_span("Bo Kim")),
]


def test_attribution_scores_perfect_prediction():
    scores = AttributionScores()
    pred = [PredictedAttribution(g.content, g.cue, g.source, kind=k) for g, k in zip(GOLD, ("direct", "indirect"))]
    scores.add(TEXT, GOLD, pred)
    o = scores.overall
    assert (o.precision, o.recall, o.f1, o.source_accuracy, o.cue_accuracy) == (1.0, 1.0, 1.0, 1.0, 1.0)
    d = scores.direct
    assert (d.n_pred, d.n_gold, d.f1) == (1, 1, 1.0)


def test_attribution_scores_partial_overlap_and_wrong_source():
    scores = AttributionScores()
    half = TEXT.index("the levee")
    pred = [PredictedAttribution(((half, half + 9),), source=_span("Ann Lee"), kind="indirect")]  # "the levee"
    scores.add(TEXT, GOLD, pred)
    o = scores.overall
    assert o.precision == 1.0
    assert o.recall == pytest.approx((0 + 9 / len("the levee was weak")) / 2)
    assert (o.matched, o.source_ok, o.source_n, o.cue_ok) == (1, 0, 1, 0)


def test_attribution_scores_empty_prediction_scores_zero():
    scores = AttributionScores()
    scores.add(TEXT, GOLD, [])
    assert (scores.overall.precision, scores.overall.recall, scores.overall.f1) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("part", "direct"),
    [('"the dam is safe,"', True), ("the levee was weak", False), ('said "the dam is safe,"', False)],
)
def test_attribution_scores_is_direct(part, direct):
    assert is_direct(TEXT, _span(part)) is direct


def test_attribution_scores_exact_match_counts_only_identical_token_spans():
    scores = AttributionScores()
    shifted = TEXT.index("levee")  # "levee was weak": one token short of the gold content
    pred = [
        PredictedAttribution(GOLD[0].content, GOLD[0].cue, GOLD[0].source, kind="direct"),
        PredictedAttribution(((shifted, shifted + len("levee was weak")),), GOLD[1].cue, GOLD[1].source,
                             kind="indirect"),
    ]
    scores.add(TEXT, GOLD, pred)
    assert (scores.exact["content"].matched, scores.exact["content"].n_pred, scores.exact["content"].n_gold) == (
        1, 2, 2)
    assert scores.exact["source"].f1 == 1.0
    assert scores.exact["cue"].f1 == 1.0


def test_tag_spans_reads_fragments_back_as_bio_spans():
    text = "Ann Lee said the dam is safe."
    tokens = word_tokens(text)
    assert [text[s:e] for s, e in tokens][:3] == ["Ann", "Lee", "said"]
    # two adjacent fragments stay two spans (each starts with B); whitespace around a fragment is ignored
    assert tag_spans(tokens, [(0, 8), (8, 12)]) == {(0, 1), (2, 2)}
    # a nested fragment overwrites the tags of the outer one, and the outer I tags after it
    # read as continuing it, as the tag sequence alone says
    assert tag_spans(tokens, [(13, 29), (17, 20)]) == {(3, 3), (4, 7)}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Ann Lee", frozenset({"ann", "lee"})),
        ("Sen. Ann Lee, who chairs the panel,", frozenset({"ann", "lee"})),
        ("Lee's spokesman", frozenset({"lee"})),
        ("a police officer", frozenset()),
        ("officials", frozenset()),
        ("the senator", None),
        ("he", None),
        ("who", None),
        # a possessive "her" starts a description, not a pronoun source
        ("her senior adviser, Jake Sullivan,", frozenset({"jake", "sullivan"})),
        ("her campaign", None),
        ("her", None),
        # "X himself" is X; a candidate's camp or campaign speaks for the candidate, as "X's team" does
        ("Cruz himself", frozenset({"cruz"})),
        ("Ann Lee herself", frozenset({"ann", "lee"})),
        ("Clinton camp", frozenset({"clinton"})),
        ("The Sanders campaign", frozenset({"sander"})),
        ("His campaign", None),
        ("A Twitter spokesman, Christopher Abboud,", frozenset({"christopher", "abboud"})),
        ("Republican voters", frozenset()),
    ],
)
def test_gold_speaker_words_reads_names_unnamed_and_uncheckable_sources(source, expected):
    assert gold_speaker_words(source, ((0, len(source)),)) == expected


def _at_in(text: str):
    """`at(part, nth)`: the fragments of the nth occurrence of `part` in `text`."""

    def at(part: str, nth: int = 0) -> tuple[tuple[int, int], ...]:
        start = -1
        for _ in range(nth + 1):
            start = text.index(part, start + 1)
        return ((start, start + len(part)),)

    return at


def test_wrong_speaker_rate_follows_pronouns_and_counts_named_unnamed_sources():
    text = ('A police officer said the road was closed. "Nobody was hurt," he said. '
            'Ann Lee said the dam is safe. "It will hold," she said.')
    at = _at_in(text)

    gold = [
        GoldAttribution(at("the road was closed"), at("said"), at("A police officer")),
        GoldAttribution(at('"Nobody was hurt,"'), at("said", 1), at("he")),
        GoldAttribution(at("the dam is safe"), at("said", 2), at("Ann Lee")),
        GoldAttribution(at('"It will hold,"'), at("said", 3), at("she")),
    ]
    pred = [
        PredictedAttribution(gold[1].content, gold[1].cue, gold[1].source, speaker="Ann Lee"),  # wrong: unnamed
        PredictedAttribution(gold[2].content, gold[2].cue, gold[2].source, speaker="Ann Lee"),
        PredictedAttribution(gold[3].content, gold[3].cue, gold[3].source, speaker="Lee"),
        PredictedAttribution(gold[0].content, gold[0].cue, gold[0].source, speaker=None),  # abstains: not checked
    ]
    scores = AttributionScores()
    scores.add(text, gold, pred)
    assert (scores.speakers.checked, scores.speakers.wrong, scores.speakers.unnamed_gold) == (3, 1, 1)


def test_a_source_led_by_a_possessive_her_is_not_chained_to_the_previous_speaker():
    text = 'Ann Lee said the dam is safe. Her adviser, Jake Sullivan, said it would hold. "Fine," her aide said.'
    at = _at_in(text)

    gold = [
        GoldAttribution(at("the dam is safe"), at("said"), at("Ann Lee")),
        GoldAttribution(at("it would hold"), at("said", 1), at("Her adviser, Jake Sullivan,")),
        GoldAttribution(at('"Fine,"'), at("said", 2), at("her aide")),
    ]
    pred = [
        PredictedAttribution(gold[1].content, gold[1].cue, gold[1].source, speaker="Jake Sullivan"),
        PredictedAttribution(gold[2].content, gold[2].cue, gold[2].source, speaker="Ann Lee"),  # not checkable
    ]
    scores = AttributionScores()
    scores.add(text, gold, pred)
    assert (scores.speakers.checked, scores.speakers.wrong) == (1, 0)
