"""`presslens eval actors` scoring on hand-built documents, and its numbers on the annotated set (slow)."""

from __future__ import annotations

import json

import pytest

from presslens.document import ACTORS, Actor, Descriptor, Document
from presslens.errors import InputError
from presslens.eval.actors import ActorScores, Passage, evaluate, load_passages, score_passage
from tests.conftest import REPO

TEXT = "Maria Solis, the mayor of Brenton, opened the bridge. The invaders left."


def _d(phrase: str, kind: str = "description") -> Descriptor:
    start = TEXT.index(phrase)
    return Descriptor.of(TEXT, start, start + len(phrase), kind=kind, head="", link=None, voice="author")


def _passage(tmp_path, links) -> Passage:
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"id": "p", "text": TEXT, "links": links}) + "\n", encoding="utf-8")
    return load_passages(path)[0]


def test_eval_right_link_counts_for_precision_and_recall(tmp_path):
    passage = _passage(tmp_path, [["the mayor of Brenton", 1, "Maria Solis"], ["The invaders", 1, None]])
    doc = Document(id="p", text=TEXT).with_layer(
        ACTORS,
        [
            Actor(canonical="Maria Solis", label="PERSON", descriptors=[_d("Maria Solis", "name"), _d("the mayor of Brenton")]),
            Actor(canonical=None, label=None, descriptors=[_d("The invaders", "label")]),
        ],
    )
    scores = ActorScores()
    score_passage(passage, doc, scores)
    assert (scores.correct_links, scores.predicted_links, scores.found_gold_links, scores.gold_links) == (1, 1, 1, 1)
    assert scores.detected == 2 and scores.gold_unlinked == 1


def test_eval_link_to_the_wrong_actor_is_an_error(tmp_path):
    passage = _passage(tmp_path, [["the mayor of Brenton", 1, "Maria Solis"], ["The invaders", 1, None]])
    doc = Document(id="p", text=TEXT).with_layer(
        ACTORS, [Actor(canonical="Brenton", label="GPE", descriptors=[_d("the mayor of Brenton"), _d("The invaders", "label")])]
    )
    scores = ActorScores()
    score_passage(passage, doc, scores)
    assert (scores.correct_links, scores.predicted_links, scores.found_gold_links) == (0, 2, 0)
    assert scores.precision == 0.0 and scores.recall == 0.0


def test_eval_refuses_a_phrase_missing_from_the_text(tmp_path):
    with pytest.raises(InputError, match="not in the text"):
        _passage(tmp_path, [["the governor", 1, "Maria Solis"]])


def test_eval_annotated_sets_have_enough_passages():
    assert len(load_passages(REPO / "tests/data/actors/passages.jsonl")) >= 30
    assert len(load_passages(REPO / "tests/data/actors/heldout.jsonl")) >= 10


@pytest.mark.slow
def test_eval_actors_numbers_on_the_held_out_passages():
    from presslens.pipeline import load_pipeline

    nlp = load_pipeline(["parse.v1", "entities.v1", "quotes.v1", "actors.v1"])
    scores = evaluate(load_passages(REPO / "tests/data/actors/heldout.jsonl"), nlp)
    assert scores.precision >= 0.9 and scores.recall >= 0.8
