"""The learned attribution head's pure parts: units, tags, vectors, BIO decoding."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from presslens.quotes.learned import (
    _viterbi,
    bio_tags,
    decode,
    rule_fragments,
    spans_from_tags,
    unit_vectors,
    viterbi_bio,
    word_units,
)
from presslens.quotes.spans import RawAttribution


def _valid(path: tuple[int, ...]) -> bool:
    return path[0] != 2 and all(not (a == 0 and b == 2) for a, b in zip(path, path[1:]))


@pytest.mark.parametrize("seed", range(40))
def test_viterbi_finds_the_best_well_formed_sequence(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 8))
    logp = np.log(rng.dirichlet([1.0, 1.0, 1.0], size=n))
    best = max(
        (p for p in itertools.product(range(3), repeat=n) if _valid(p)),
        key=lambda p: sum(logp[k, p[k]] for k in range(n)),
    )
    assert _viterbi(logp.tolist()) == list(best)
    assert viterbi_bio(logp) == list(best)


def test_decoding_never_opens_a_span_with_inside():
    # argmax says I right after O: decoding must give a well-formed span instead
    logp = np.log(np.array([[0.9, 0.05, 0.05], [0.3, 0.3, 0.4], [0.2, 0.1, 0.7], [0.98, 0.01, 0.01]]))
    tags = viterbi_bio(logp)
    assert _valid(tuple(tags))
    assert tags[1:3] == [1, 2]


def test_sure_outside_stretches_are_outside():
    logp = np.log(np.array([[1 - 2e-6, 1e-6, 1e-6]] * 5))
    assert viterbi_bio(logp) == [0] * 5


def test_units_tags_and_spans_round_trip():
    text = "The mayor said: \"We rebuild.\""
    units = word_units(text)
    assert [text[s:e] for s, e in units][:4] == ["The", "mayor", "said", ":"]
    content = (text.index('"'), len(text))
    tags = bio_tags(units, [content])
    assert spans_from_tags(units, tags.tolist()) == [content]


def test_units_are_the_exact_match_scorers_tokens():
    from presslens.eval.attribution_scores import word_tokens

    text = 'He said: "We\u2019ll rebuild \u2014 twice," at 5.30pm in S\u00e3o Paulo\u2026\n\nOK?'
    assert word_units(text) == word_tokens(text)


def test_later_fragments_overwrite_earlier_ones():
    text = "a b c d e"
    units = word_units(text)
    tags = bio_tags(units, [(0, 9), (4, 5)])  # "a b c d e", then "c" inside it
    assert tags.tolist() == [1, 2, 1, 2, 2]


def test_unit_vectors_average_the_pieces_that_overlap_each_unit():
    # "unbelievable" as two pieces, "!" as one
    offsets = np.array([[0, 2], [2, 12], [12, 13]])
    vectors = np.array([[1.0, 0.0], [3.0, 2.0], [5.0, 5.0]], dtype=np.float32)
    out, has = unit_vectors([(0, 12), (12, 13), (14, 15)], offsets, vectors)
    assert out.tolist() == [[2.0, 1.0], [5.0, 5.0], [0.0, 0.0]]
    assert has.tolist() == [1.0, 1.0, 0.0]


def test_rule_fragments_list_one_entry_per_content_piece_in_reading_order():
    late = RawAttribution(content=[(40, 50)], cue=(30, 34), source=(20, 29))
    split = RawAttribution(content=[(0, 10), (60, 70)], cue=(12, 16), source=(17, 19))
    frags = rule_fragments([late, split])
    assert frags["content"] == [(0, 10), (40, 50), (60, 70)]
    assert frags["cue"] == [(12, 16), (30, 34), (12, 16)]


def test_decode_gives_character_spans_per_role():
    text = "Officials said talks failed"
    units = word_units(text)
    logits = np.full((len(units), 3, 3), -5.0)
    logits[:, :, 0] = 5.0  # O everywhere ...
    logits[0, 0] = [-5, 5, -5]  # ... but "Officials" is a source
    logits[1, 1] = [-5, 5, -5]  # "said" a cue
    logits[2, 2] = [-5, 5, -5]  # "talks failed" the content
    logits[3, 2] = [-5, -5, 5]
    spans = decode(units, logits)
    assert spans == {"source": [(0, 9)], "cue": [(10, 14)], "content": [(15, 27)]}


def test_names_read_alike_leave_no_trace_of_which_name():
    # Why: a head that reads a person's name can keep an attribution for one name and drop it for its
    # mirror; with `neutral_names` every proper-noun word is the same input whatever name it is.
    from presslens.quotes.learned import Vocabularies, read_names_alike

    vocab = Vocabularies(pos=("NOUN", "PROPN", "VERB"), dep=("nsubj",), ent=("PERSON", "WORK_OF_ART"))
    propn, noun = 2, 1

    def inputs(name_vectors: list[float], name_ent: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        vectors = np.asarray([name_vectors, name_vectors, [0.5, 0.5]], dtype=np.float32)
        has = np.ones(3, dtype=np.float32)
        cats = np.asarray([[propn, 1, name_ent, 4], [propn, 1, name_ent, 4], [noun, 0, 0, 4]], dtype=np.int64)
        return vectors, has, cats

    one, other = inputs([0.9, -0.3], 1), inputs([-0.2, 0.7], 2)  # PERSON for one name, WORK_OF_ART for the other
    for arrays in (one, other):
        read_names_alike(*arrays, vocab)
    for a, b in zip(one, other):
        assert np.array_equal(a, b)
    assert one[0][2].tolist() == [0.5, 0.5] and one[1].tolist() == [0.0, 0.0, 1.0]  # other words untouched


def test_syntax_rows_mark_the_cue_verbs_subtrees():
    from presslens.parse.spacy_model import load_spacy
    from presslens.quotes.cues import load_lexicon
    from presslens.quotes.learned import syntax_rows

    doc = load_spacy()("The harbour master, who retired last year, said on Monday that the port would reopen.")
    rows = syntax_rows(doc, load_lexicon())
    by_word = {t.text: rows[t.i] for t in doc}
    assert by_word["port"][0] == 1 and by_word["reopen"][0] == 1  # what was said: the complement
    assert by_word["master"][1] == 1 and by_word["master"][0] == 0  # who said it: the subject
    assert by_word["Monday"][2] == 1  # when: an adjunct of the cue verb
    assert by_word["retired"][3] == 1 and by_word["harbour"][3] == 0  # the relative clause inside the source
    assert by_word["said"][4] == 1.0 and 0 < by_word["port"][4] < by_word["that"][4]  # nearer the cue, higher
    plain = load_spacy()("The harbour reopened on Monday.")
    assert not syntax_rows(plain, load_lexicon()).any()  # no cue verb, nothing marked
