from __future__ import annotations

import pytest

from presslens.document import Document, Part, Quote
from presslens.techniques.predict import TechniqueTagger
from presslens.techniques.settings import TaggerSettings
from presslens.techniques.shipped import Calibration
from presslens.techniques.stage import TechniquesStage
from tests.techniques.fakes import build_tokenizer, fake_classify, fake_encoder_model


@pytest.fixture
def fake_tagger() -> TechniqueTagger:
    tokenizer = build_tokenizer()
    return TechniqueTagger(fake_encoder_model(tokenizer), fake_classify, settings=TaggerSettings(threshold=0.5))

TEXT = 'The minister said “we will never surrender” to the cowardly traitors. Critics said it was fine.'


def _doc(quotes=None) -> Document:
    return Document(id="t1", text=TEXT, quotes=quotes)


def test_techniques_stage_assigns_layer_with_voice(fake_tagger):
    stage = TechniquesStage(tagger=fake_tagger, calibration=Calibration())
    out = stage(_doc())
    got = [(t.start, t.end, t.text, t.technique, t.voice, t.speaker) for t in out.techniques]
    s1 = TEXT.index("surrender")
    s2 = TEXT.index("cowardly")
    assert got == [
        (s1, s1 + len("surrender"), "surrender", "Loaded_Language", "quoted", None),
        (s2, s2 + len("cowardly traitors"), "cowardly traitors", "Loaded_Language", "author", None),
    ]
    assert all(0.0 <= t.score <= 1.0 for t in out.techniques)
    assert "techniques.v1" in out.pipeline


def test_techniques_stage_uses_quotes_layer_speaker(fake_tagger):
    start = TEXT.index("we will")
    end = TEXT.index("”")
    quote = Quote.of(
        TEXT, start - 1, end + 1, content=Part.of(TEXT, start, end), cue=None, source=None,
        speaker="Ann Minister", kind="direct",
    )
    out = TechniquesStage(tagger=fake_tagger)(_doc([quote]))
    voices = {t.text: (t.voice, t.speaker) for t in out.techniques}
    assert voices == {"surrender": ("quoted", "Ann Minister"), "cowardly traitors": ("author", None)}


def test_techniques_stage_pipe_keeps_order(fake_tagger):
    stage = TechniquesStage(tagger=fake_tagger)
    docs = [Document(id=str(i), text=t) for i, t in enumerate(["Critics said it was fine.", TEXT])]
    out = list(stage.pipe(docs, batch_size=2))
    assert [d.id for d in out] == ["0", "1"]
    assert out[0].techniques == [] and len(out[1].techniques) == 2


def test_techniques_stage_calibration_is_monotone():
    cal = Calibration(a=1.2, b=-0.5)
    scores = [cal(p, 0.8) for p in (0.3, 0.5, 0.7, 0.9)]
    assert scores == sorted(scores) and all(0 < s < 1 for s in scores)
