from __future__ import annotations

from presslens.voices.cues import NOT_CUES, learn_lexicon, load_lexicon, write_lexicon


def test_cues_learn_keeps_frequent_and_reliable_lemmas():
    examples = [("say", True)] * 5 + [("say", False)] + [("make", True)] * 3 + [("make", False)] * 20
    examples += [("warn", True)] * 2
    rows = learn_lexicon(examples, min_count=3, min_share=0.4)
    assert rows == [("say", 5, 6)]


def test_cues_lexicon_round_trips(tmp_path):
    path = tmp_path / "lex.tsv"
    write_lexicon([("say", 5, 6), ("tell", 3, 3)], path)
    assert path.read_text(encoding="utf-8").splitlines() == ["lemma\tcue\tseen", "say\t5\t6", "tell\t3\t3"]


def test_cues_shipped_lexicon_has_speech_verbs_and_no_auxiliaries():
    lexicon = load_lexicon()
    assert {"say", "tell", "add", "write", "argue"} <= lexicon
    assert not lexicon & NOT_CUES
