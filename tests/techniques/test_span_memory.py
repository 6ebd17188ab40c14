"""The memory of identical training spans: hashed keys, group-neutral keys, mixing, file round trip."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from presslens.document import TECHNIQUE_LABELS
from presslens.errors import ModelError
from presslens.techniques.predict import TechniqueTagger
from presslens.techniques.settings import TaggerSettings
from presslens.techniques.span_memory import MEMORY_FILE, build_memory, load_memory, span_key
from tests.techniques.fakes import fake_classify, fake_encoder_model

LOADED, NAME_CALLING = TECHNIQUE_LABELS[0], TECHNIQUE_LABELS[1]


def test_span_key_ignores_case_spacing_and_edge_punctuation():
    a = 'He called it "a Disgraceful   betrayal".'
    b = "a disgraceful betrayal"
    assert span_key(a, 12, a.index("l\"") + 1) == span_key(b, 0, len(b))
    assert span_key(b, 0, len(b)) != span_key("a disgraceful surrender", 0, 23)


def test_span_key_holds_no_text():
    text = "the cowardly traitors"
    key = span_key(text, 0, len(text))
    assert len(key) == 16 and "traitor" not in key


def test_group_names_inside_a_span_do_not_change_the_key():
    one = "the godless Ruritanian invaders"
    two = "the godless Freedonian invaders"
    m1 = [(one.index("Ruritanian"), one.index("Ruritanian") + len("Ruritanian"))]
    m2 = [(two.index("Freedonian"), two.index("Freedonian") + len("Freedonian"))]
    assert span_key(one, 0, len(one), m1) == span_key(two, 0, len(two), m2)
    # unmasked, the two spans are different texts
    assert span_key(one, 0, len(one)) != span_key(two, 0, len(two))


def test_memory_counts_and_mixes_towards_the_training_labels():
    text = "a disgraceful betrayal and a disgraceful betrayal"
    gold = [(0, 22, NAME_CALLING), (27, 49, NAME_CALLING), (2, 13, LOADED)]
    memory = build_memory([(text, gold, [])]).with_weight(0.5)
    assert len(memory) == 2
    model = np.zeros(14)
    model[0] = 1.0
    mixed = memory.mix(model, span_key(text, 0, 22))
    assert mixed[0] == pytest.approx(0.5) and mixed[1] == pytest.approx(0.5)
    assert memory.mix(model, span_key("never seen", 0, 10)) is model
    assert memory.with_weight(0.9).mix(model, span_key(text, 0, 22)).argmax() == 1


def test_memory_file_round_trip_and_bad_labels(tmp_path):
    text = "the cowardly traitors"
    memory = build_memory([(text, [(4, 21, LOADED)], [])]).with_weight(0.7)
    memory.save(tmp_path / MEMORY_FILE)
    back = load_memory(tmp_path / MEMORY_FILE)
    assert back.weight == 0.7 and back.counts.keys() == memory.counts.keys()
    assert "cowardly" not in (tmp_path / MEMORY_FILE).read_text()
    raw = json.loads((tmp_path / MEMORY_FILE).read_text())
    raw["labels"] = list(reversed(raw["labels"]))
    (tmp_path / MEMORY_FILE).write_text(json.dumps(raw))
    with pytest.raises(ModelError, match="re-export"):
        load_memory(tmp_path / MEMORY_FILE)


def test_tagger_uses_the_memory_for_known_spans(tokenizer):
    text = "critics said the cowardly traitors lied again"
    span = (text.index("cowardly"), text.index("traitors") + len("traitors"))
    plain = TechniqueTagger(fake_encoder_model(tokenizer), fake_classify, settings=TaggerSettings(threshold=0.5))
    memory = build_memory([(text, [(*span, NAME_CALLING)], [])]).with_weight(0.9)
    remembered = dataclasses.replace(plain, memory=memory)
    assert [d.technique for d in plain.detect(text)] == [LOADED]
    found = remembered.detect(text)
    assert [(d.start, d.end) for d in found] == [span]
    assert found[0].technique == NAME_CALLING
