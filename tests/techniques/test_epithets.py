"""Epithets of the actors layer as Name_Calling spans (issue 26): the same rule for every side."""

from __future__ import annotations

import pytest

from presslens.document import Actor, Descriptor, Document
from presslens.techniques.epithets import epithet_ranges, trim_leading, uncovered
from presslens.techniques.settings import ChannelSettings, TaggerSettings
from presslens.techniques.stage import TechniquesStage
from tests.techniques.fakes import build_tokenizer, fake_channel_tagger

TEXT = '"we will never surrender," she told reporters. the cowardly traitors lied again.'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the criminal leaders", "criminal leaders"),
        ("The Zionist enemy", "Zionist enemy"),
        ("their brutal regime", "brutal regime"),
        ("all the occupiers", "occupiers"),
        ("Hamas terrorists", "Hamas terrorists"),
        ("the", "the"),  # nothing would be left: kept whole
        ("theocratic regime", "theocratic regime"),  # "the" only as a word
    ],
)
def test_epithets_trim_leading_drops_determiners(text, expected):
    start = trim_leading(text, 0, len(text))
    assert text[start:] == expected


def _descriptor(text: str, phrase: str, kind: str) -> Descriptor:
    start = text.index(phrase)
    return Descriptor.of(text, start, start + len(phrase), kind=kind, head=phrase.split()[-1], link=None, voice="author")


def test_epithets_ranges_are_the_labels_of_the_actors_layer():
    text = "The minister met the criminal leaders and the delegation."
    actors = [
        Actor(
            canonical=None, label=None,
            descriptors=[_descriptor(text, "the criminal leaders", "label"), _descriptor(text, "the delegation", "description")],
        )
    ]
    doc = Document(id="d", text=text).with_layer("actors", actors)
    start = text.index("criminal leaders")
    assert epithet_ranges(doc) == [(start, start + len("criminal leaders"))]
    assert epithet_ranges(Document(id="d", text=text)) == []


def test_epithets_uncovered_drops_ranges_a_span_overlaps():
    assert uncovered([(0, 5), (10, 15), (20, 25)], [(3, 8), (25, 30)]) == [(10, 15), (20, 25)]


def _settings(**kw) -> TaggerSettings:
    channels = [ChannelSettings(threshold=0.5, display=0.5) for _ in range(14)]
    channels[1] = ChannelSettings(threshold=0.999, display=0.5)  # Name_Calling never decoded on its own
    return TaggerSettings(threshold=0.5, quotes=False, channels=tuple(channels), **kw)


def _range(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def test_epithets_scored_by_the_name_calling_channel():
    tagger = fake_channel_tagger(build_tokenizer(), _settings(epithet_floor=0.2))
    found = tagger.detect(TEXT, epithets=[_range("cowardly traitors"), _range("reporters")], hidden_epithets=True)
    epithets = {TEXT[d.start : d.end]: d for d in found if d.evidence == "epithet"}
    assert set(epithets) == {"cowardly traitors", "reporters"}
    assert epithets["cowardly traitors"].technique == "Name_Calling,Labeling"
    assert epithets["cowardly traitors"].lane == "shown" and epithets["cowardly traitors"].score > 0.9
    assert epithets["reporters"].lane == "hidden" and epithets["reporters"].score < 0.2
    # under the candidate floor an epithet is left out of the recall-oriented set unless asked for
    plain = tagger.detect(TEXT, epithets=[_range("cowardly traitors"), _range("reporters")])
    assert {TEXT[d.start : d.end] for d in plain if d.evidence == "epithet"} == {"cowardly traitors"}


def test_epithets_a_decoded_name_calling_span_wins():
    tagger = fake_channel_tagger(build_tokenizer(), TaggerSettings(
        threshold=0.5, quotes=False, channels=tuple(ChannelSettings(threshold=0.5) for _ in range(14))
    ))
    found = tagger.detect(TEXT, epithets=[_range("the cowardly traitors")])
    assert [d.evidence for d in found if d.technique == "Name_Calling,Labeling"] == ["channel"]


def test_epithets_stage_reads_the_actors_layer():
    tagger = fake_channel_tagger(build_tokenizer(), _settings(epithet_floor=0.2))
    actors = [Actor(canonical=None, label=None, descriptors=[_descriptor(TEXT, "the cowardly traitors", "label")])]
    doc = Document(id="d", text=TEXT).with_layer("actors", actors)
    names = [t.text for t in TechniquesStage(tagger=tagger)(doc).techniques if t.technique == "Name_Calling,Labeling"]
    assert names == ["cowardly traitors"]
    off = TechniquesStage(tagger=tagger, epithets=False)(doc).techniques
    assert all(t.technique != "Name_Calling,Labeling" for t in off)


def test_epithets_lanes_candidate_technique_and_switch():
    channels = [ChannelSettings(threshold=0.5, display=0.5) for _ in range(14)]
    channels[9] = ChannelSettings(threshold=0.5, display=0.1, candidate=True, precision=0.12)  # Slogans
    tagger = fake_channel_tagger(build_tokenizer(), TaggerSettings(threshold=0.5, quotes=False, channels=tuple(channels)))
    doc = Document(id="d", text=TEXT)
    lanes = {(t.text, t.technique): t.lane for t in TechniquesStage(tagger=tagger)(doc).techniques}
    assert lanes[("we will never surrender", "Slogans")] == "candidate"
    assert lanes[("surrender", "Loaded_Language")] == "shown"
    without = TechniquesStage(tagger=tagger, candidates=False)(doc).techniques
    assert all(t.lane == "shown" for t in without) and "Slogans" not in {t.technique for t in without}
    assert Document.from_dict(TechniquesStage(tagger=tagger)(doc).to_dict()).techniques[0].lane in ("shown", "candidate")
