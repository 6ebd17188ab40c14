"""How the learned head's spans change the rules' attributions (`presslens.quotes.merge`)."""

from __future__ import annotations

import pytest

from presslens.quotes.merge import MergeSettings, merge_attributions
from presslens.quotes.spans import RawAttribution

SPEECH = frozenset({"say", "tell", "add", "according"})
NEVER = frozenset({"decline", "call"})


@pytest.fixture(scope="module")
def nlp():
    from presslens.parse.spacy_model import load_spacy

    return load_spacy()


def at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return (start, start + len(part))


def merged(nlp, text, raws, tagged, **settings):
    return merge_attributions(
        raws, tagged, nlp(text), speech_lemmas=SPEECH, never_alone=NEVER, settings=MergeSettings(**settings)
    )


def test_the_head_sets_the_content_boundaries(nlp):
    text = "The minister said the port would reopen on Monday, as strikers gathered outside."
    rule = RawAttribution(
        content=[at(text, "the port would reopen on Monday, as strikers gathered outside")],
        cue=at(text, "said"), source=at(text, "The minister"), source_head=1,
    )
    head = {"source": [at(text, "The minister")], "cue": [at(text, "said")],
            "content": [at(text, "the port would reopen on Monday")]}
    (out,) = merged(nlp, text, [rule], head)
    assert text[slice(*out.content[0])] == "the port would reopen on Monday"
    assert out.cue == rule.cue and out.source == rule.source and out.source_head == 1


def test_what_the_head_does_not_count_as_speech_is_dropped(nlp):
    text = "Prime Minister Sara Lind called the election on Monday."
    rule = RawAttribution(content=[at(text, "the election")], cue=at(text, "called"), source=at(text, "Sara Lind"))
    head = {"source": [], "cue": [], "content": []}
    assert merged(nlp, text, [rule], head) == []
    assert merged(nlp, text, [rule], head, keep="all") == [rule]


def test_keep_direct_keeps_quotations_in_marks(nlp):
    text = 'Lind said: "We will win." Berg called it a stunt.'
    direct = RawAttribution(content=[at(text, '"We will win."')], cue=at(text, "said"), source=at(text, "Lind"),
                            kind="direct")
    indirect = RawAttribution(content=[at(text, "it a stunt")], cue=at(text, "called"), source=at(text, "Berg"))
    out = merged(nlp, text, [direct, indirect], {"source": [], "cue": [], "content": []}, keep="direct")
    assert out == [direct]


def test_indirect_speech_the_rules_missed_is_added_with_its_cue_and_source(nlp):
    text = "Egyptian mediators were working on a ceasefire, diplomats said."
    head = {"source": [at(text, "diplomats")], "cue": [at(text, "said")],
            "content": [at(text, "Egyptian mediators were working on a ceasefire")]}
    (out,) = merged(nlp, text, [], head)
    assert out.content == [at(text, "Egyptian mediators were working on a ceasefire")]
    assert out.cue == at(text, "said") and out.source == at(text, "diplomats")
    assert out.source_head is not None and nlp(text)[out.source_head].text == "diplomats"


def test_nothing_is_added_without_a_speech_cue_in_the_sentence(nlp):
    text = "The port reopened on Monday. Officials said little."
    head = {"source": [], "cue": [at(text, "said")], "content": [at(text, "The port reopened on Monday")]}
    assert merged(nlp, text, [], head) == []


def test_a_cue_that_is_never_speech_by_itself_adds_nothing(nlp):
    text = "The spokeswoman declined to comment on the talks."
    head = {"source": [at(text, "The spokeswoman")], "cue": [at(text, "declined")],
            "content": [at(text, "to comment on the talks")]}
    assert merged(nlp, text, [], head) == []
    assert merged(nlp, text, [], head, add=False) == []


def test_a_head_source_running_into_the_content_is_not_taken(nlp):
    text = "Police said the driver, a local man, fled."
    rule = RawAttribution(content=[at(text, "the driver, a local man, fled")], cue=at(text, "said"),
                          source=at(text, "Police"), source_head=0)
    head = {"source": [at(text, "Police said the driver")], "cue": [at(text, "said")],
            "content": [at(text, "the driver, a local man, fled")]}
    (out,) = merged(nlp, text, [rule], head)
    assert out.source == at(text, "Police")


def test_the_same_rule_for_either_side(nlp):
    outs = []
    for side, other in (("Israeli", "Palestinian"), ("Palestinian", "Israeli")):
        text = f"{side} officials were ready to talk, {other} negotiators told reporters."
        head = {"source": [at(text, f"{other} negotiators")], "cue": [at(text, "told")],
                "content": [at(text, f"{side} officials were ready to talk")]}
        (out,) = merged(nlp, text, [], head)
        words = [text[s:e] for s, e in (*out.content, out.cue, out.source)]
        outs.append([w.replace(side, "SIDE").replace(other, "OTHER") for w in words])
    assert outs[0] == outs[1] == ["SIDE officials were ready to talk", "told", "OTHER negotiators"]


def test_content_never_ends_inside_a_noun_phrase(nlp):
    # Why: a head cutting "denied the | report" for one name and not for its mirror is a neutrality
    # flip, and no annotator draws that boundary.
    text = "Leyla Mammadova denied the report on Monday."
    rule = RawAttribution(content=[at(text, "the report")], cue=at(text, "denied"), source=at(text, "Leyla Mammadova"),
                          source_head=1)
    head = {"source": [at(text, "Leyla Mammadova")], "cue": [at(text, "denied")], "content": [at(text, "the")]}
    (out,) = merged(nlp, text, [rule], head)
    assert text[slice(*out.content[0])] == "the report"


def test_the_cue_never_ends_on_a_preposition(nlp):
    text = '"The dam is safe," Ann Lee said on Monday.'
    rule = RawAttribution(content=[at(text, '"The dam is safe,"')], cue=at(text, "said"), source=at(text, "Ann Lee"),
                          source_head=6)
    head = {"source": [at(text, "Ann Lee")], "cue": [at(text, "said on")], "content": [at(text, '"The dam is safe,"')]}
    (out,) = merged(nlp, text, [rule], head)
    assert text[slice(*out.cue)] == "said"
