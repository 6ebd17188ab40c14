from __future__ import annotations

from presslens.quotes.cues import NOT_CUES, learn_lexicon, load_lexicon, load_noun_cues, write_lexicon


def test_cues_learn_keeps_frequent_and_reliable_lemmas():
    examples = [("say", "VERB", True)] * 5 + [("say", "VERB", False)]
    examples += [("make", "VERB", True)] * 3 + [("make", "VERB", False)] * 20
    examples += [("warn", "VERB", True)] * 2 + [("claim", "NOUN", True)] * 3
    rows = learn_lexicon(examples, min_count=3, min_share=0.4)
    assert rows == [("say", "VERB", 5, 6), ("claim", "NOUN", 3, 3)]


def test_cues_lexicon_round_trips(tmp_path):
    path = tmp_path / "lex.tsv"
    write_lexicon([("say", "VERB", 5, 6), ("claim", "NOUN", 3, 3)], path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == ["lemma\tpos\tcue\tseen", "say\tVERB\t5\t6", "claim\tNOUN\t3\t3"]


def test_cues_shipped_lexicon_has_speech_verbs_and_no_auxiliaries():
    lexicon = load_lexicon()
    assert {"say", "tell", "add", "write", "argue"} <= lexicon
    assert not lexicon & NOT_CUES
    assert "criticism" in load_noun_cues()
