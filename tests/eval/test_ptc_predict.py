from __future__ import annotations

import pytest

from presslens.errors import InputError
from presslens.eval.ptc_predict import evaluate_corpus, predict_si, predict_tc
from presslens.eval.semeval_io import LabelledSpan

TEXT = "The minister called the plan a disgraceful betrayal of our great nation. Critics said it was fine."
START = TEXT.index("disgraceful")
END = TEXT.index(" of our")


def test_semeval_predict_si_rows(fake_tagger):
    rows = predict_si(fake_tagger, {"7": TEXT, "8": "Critics said it was fine."})
    assert rows == [LabelledSpan("7", START, END, "Loaded_Language")]
    assert TEXT[rows[0].start : rows[0].end] == "disgraceful betrayal"


def test_semeval_predict_tc_labels_template_rows_in_order(fake_tagger):
    critics = (TEXT.index("Critics"), TEXT.index(" said"))
    template = [
        LabelledSpan("7", START, END),
        LabelledSpan("7", *critics),
        LabelledSpan("7", START, END),
    ]
    out = predict_tc(fake_tagger, {"7": TEXT}, template)
    assert [(r.start, r.end) for r in out] == [(r.start, r.end) for r in template]
    assert out[0].technique == "Loaded_Language"
    assert out[1].technique == "Name_Calling,Labeling"
    assert out[2].technique not in {None, "Loaded_Language"}  # the repeat gets the next-ranked label


def test_semeval_predict_tc_unknown_article_is_an_input_error(fake_tagger):
    with pytest.raises(InputError, match="not in the articles folder"):
        predict_tc(fake_tagger, {"7": TEXT}, [LabelledSpan("9", 0, 3)])


def test_semeval_predict_evaluate_corpus_perfect_on_fake(fake_tagger):
    gold = [LabelledSpan("7", START, END, "Loaded_Language"), LabelledSpan("99", 0, 4, "Doubt")]
    scores = evaluate_corpus(fake_tagger, {"7": TEXT}, gold)  # article 99 is not scored
    assert scores.si.f1 == 1.0 and scores.tc_micro_f1 == 1.0
    assert scores.per_technique["Loaded_Language"].f1 == 1.0
    assert scores.tc_per_technique["Loaded_Language"] == (1, 1)
    assert scores.n_articles == 1


def test_semeval_predict_evaluate_corpus_display_stats_per_technique():
    from presslens.techniques.settings import ChannelSettings, TaggerSettings
    from tests.techniques.fakes import build_tokenizer, fake_channel_tagger

    text = "the cowardly traitors lied again. critics said it was fine."
    channels = tuple(ChannelSettings(threshold=0.5, display=0.0) for _ in range(14))
    tagger = fake_channel_tagger(build_tokenizer(), TaggerSettings(quotes=False, channels=channels))
    s = text.index("cowardly")
    gold = [LabelledSpan("1", s, s + len("cowardly traitors"), "Name_Calling,Labeling")]
    scores = evaluate_corpus(tagger, {"1": text}, gold)
    named, loaded = scores.display["Name_Calling,Labeling"], scores.display["Loaded_Language"]
    assert named.pred_lengths == [len("cowardly traitors")] and named.gold_lengths == [len("cowardly traitors")]
    assert (named.precision, named.recall) == (1.0, 1.0)
    assert loaded.shown_lengths == [len("cowardly traitors")] and loaded.precision == 0.0
    assert len(scores.scored) == 2
