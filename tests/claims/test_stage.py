"""Tests for the claims.v1 stage: batching, thresholds, speakers and parts.

Unit tests use a fake model whose logit margin is +4 for sentences with a
digit and -4 otherwise; the slow tests run the shipped int8 model.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from presslens.claims.scorer import ClaimScorer
from presslens.claims.stage import make_claims
from presslens.document import Document, GroupName, Part, Quote, Sentence
from presslens.models.fake_model import FakeModel

TEXT = (
    "Unemployment fell to 4.1 percent in March. "
    "The weather was lovely. "
    '"The port moved 3 million containers," Ana Duarte said.'
)


def fake_scorer(threshold: float = 0.5) -> tuple[ClaimScorer, FakeModel]:
    def fn(text: str, pair: str | None, offsets: list[tuple[int, int]]) -> dict[str, np.ndarray]:
        positive = bool(re.search(r"\d", text))
        return {"logits": np.array([0.0, 4.0 if positive else -4.0])}

    model = FakeModel(fn)
    return ClaimScorer(model=model, temperature=2.0, threshold=threshold), model


def at(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def document(doc_id: str = "d1", text: str = TEXT) -> Document:
    doc = Document(id=doc_id, text=text)
    ends = [m.end() for m in re.finditer(r"(?<=[.])(?=\s|$)", text)]
    starts = [0] + [e + 1 for e in ends[:-1]]
    return doc.with_layer("sentences", [Sentence.of(text, s, e) for s, e in zip(starts, ends)])


def test_claims_stage_scores_and_thresholds() -> None:
    scorer, _ = fake_scorer()
    out = make_claims(scorer=scorer)(document())
    assert out.pipeline == ["claims.v1"]
    assert [c.text for c in out.claims] == [
        "Unemployment fell to 4.1 percent in March.",
        '"The port moved 3 million containers," Ana Duarte said.',
    ]
    first = out.claims[0]
    assert (first.start, first.end) == at(TEXT, "Unemployment fell to 4.1 percent in March.")
    assert first.score == pytest.approx(1 / (1 + np.exp(-2.0)), abs=1e-4)
    assert (first.voice, first.speaker) == ("author", None)
    assert [p.text for p in first.quantities] == ["4.1"]


def test_claims_stage_uses_quote_speaker() -> None:
    doc = document()
    content = at(TEXT, "The port moved 3 million containers,")
    doc = doc.with_layer(
        "quotes",
        [
            Quote.of(
                TEXT, content[0] - 1, len(TEXT) - 1,
                content=Part.of(TEXT, *content), cue=Part.of(TEXT, *at(TEXT, "said")),
                source=Part.of(TEXT, *at(TEXT, "Ana Duarte")), speaker="Ana Duarte", kind="direct",
            )
        ],
    )
    scorer, _ = fake_scorer()
    claim = make_claims(scorer=scorer)(doc).claims[1]
    assert claim.text == "The port moved 3 million containers"
    assert (claim.start, claim.end) == at(TEXT, "The port moved 3 million containers")
    assert claim.speaker == "Ana Duarte"
    assert [p.text for p in claim.quantities] == ["3"]


def test_claims_stage_pipe_scores_one_candidate_per_model_call() -> None:
    scorer, model = fake_scorer()
    stage = make_claims(scorer=scorer)
    docs = [document("a"), document("b", "Nothing to see here today. Prices rose 5 percent in May.")]
    out = list(stage.pipe(docs, batch_size=8))
    assert model.batch_sizes == [1] * 5  # 3 + 2 candidates, each alone: scores never depend on the batch
    assert [d.id for d in out] == ["a", "b"]
    assert [c.text for c in out[1].claims] == ["Prices rose 5 percent in May."]


def test_claims_stage_threshold_option_leaves_the_scorer_passed_in_unchanged() -> None:
    scorer, _ = fake_scorer(threshold=0.5)
    stage = make_claims(scorer=scorer, threshold=0.99)
    assert stage.threshold == 0.99 and scorer.threshold == 0.5
    assert stage.scorer.model is scorer.model


@pytest.mark.parametrize(("threshold", "expected"), [(0.0, 3), (0.5, 2), (0.99, 0)])
def test_claims_stage_threshold_option(threshold: float, expected: int) -> None:
    scorer, _ = fake_scorer()
    assert len(make_claims(scorer=scorer, threshold=threshold)(document()).claims) == expected


def test_claims_stage_empty_document_gets_empty_layer() -> None:
    scorer, _ = fake_scorer()
    doc = Document(id="e", text="").with_layer("sentences", [])
    assert make_claims(scorer=scorer)(doc).claims == []


@pytest.mark.slow
def test_claims_stage_real_model_in_pipeline(base_pipeline) -> None:
    text = (
        "The city council approved a budget of $2.3 billion on Tuesday, an increase of 6 percent over last year. "
        "What a wonderful evening it was for everyone. "
        "Let us all work together for a brighter future."
    )
    doc = base_pipeline(Document(id="council", text=text))
    stage = make_claims()
    out = stage(doc)
    assert len(out.claims) == 1
    claim = out.claims[0]
    assert claim.text == text[claim.start : claim.end]
    assert claim.start == 0 and claim.text.startswith("The city council approved")
    assert (claim.voice, claim.speaker) == ("author", None)
    assert {"$2.3 billion", "6 percent"} <= {p.text for p in claim.quantities}
    assert {"Tuesday", "last year"} <= {p.text for p in claim.times}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Germany", "Nigeria"),
        ("Republicans", "Democrats"),
        ("Muslims", "Christians"),
    ],
)
def test_claims_stage_real_model_is_neutral_to_names(a: str, b: str) -> None:
    template = "{} received 40 percent more federal funding in 2022 than in 2019."
    scorer = ClaimScorer.from_directory()
    scores = scorer.score([template.format(a), template.format(b)])
    assert abs(scores[0] - scores[1]) < 0.1
    assert (scores >= 0.5).all()


ALONE = (
    "The harbour authority said cargo volumes rose 7 percent last year, to 41 million tonnes. "
    "Officials expect the new terminal to cut waiting times by half. "
    "It was a busy summer for everyone on the docks. "
    "About 3,200 people now work at the port, up from 2,700 in 2019."
)
NEIGHBOURS = (
    "Rain fell all morning.",
    "The council voted 9 to 2 on Monday to raise parking fees by 15 percent from April, "
    "the first increase since 2011, and officials said the change would bring in about 4 million euros a year "
    "for road repairs across the district's 27 neighbourhoods.",
    "Nobody knows what the mayor will do next. Unemployment in the region reached 6.8 percent in March.",
)


@pytest.mark.slow
def test_claims_stage_real_model_document_alone_or_in_a_batch_gets_the_same_claims() -> None:
    stage = make_claims()
    alone = stage(document("alone", ALONE)).claims
    docs = [document(f"n{i}", text) for i, text in enumerate(NEIGHBOURS)]
    batched = list(stage.pipe([docs[0], document("alone", ALONE), *docs[1:]], batch_size=16))[1].claims
    assert alone, "the article should hold check-worthy claims"
    assert [(c.start, c.end, c.score) for c in batched] == [(c.start, c.end, c.score) for c in alone]


@pytest.mark.slow
def test_claims_stage_real_model_speed() -> None:
    scorer = ClaimScorer.from_directory()
    texts = [f"Sales of electric cars rose by {i} percent in the first quarter of the year." for i in range(64)]
    scorer.score(texts[:4])
    t0 = time.perf_counter()
    scorer.score(texts)
    per_sentence = (time.perf_counter() - t0) / len(texts)
    assert per_sentence < 0.05


def recording_scorer() -> tuple[ClaimScorer, list[str]]:
    seen: list[str] = []

    def fn(text: str, pair: str | None, offsets: list[tuple[int, int]]) -> dict[str, np.ndarray]:
        seen.append(text)
        return {"logits": np.array([0.0, 4.0 if "Muslims" in text else 1.0])}

    return ClaimScorer(model=FakeModel(fn), temperature=1.0, threshold=0.5), seen


def test_claims_stage_masks_group_names_in_what_the_model_reads() -> None:
    text = "Attacks on Muslims rose by a third last year. Azerbaijan reported 230 new cases."
    doc = document(text=text).with_groups(
        [GroupName.of(text, *at(text, "Muslims"), label="NORP"), GroupName.of(text, *at(text, "Azerbaijan"), label="GPE")]
    )
    scorer, seen = recording_scorer()
    out = make_claims(scorer=scorer)(doc)
    assert sorted(seen) == ["Attacks on the group rose by a third last year.", "The country reported 230 new cases."]
    # the claims keep the article's own words
    assert [c.text for c in out.claims] == ["Attacks on Muslims rose by a third last year.", "Azerbaijan reported 230 new cases."]
    # scored on the masked text: a margin of 1, not the 4 that "Muslims" would get
    assert out.claims[0].score == pytest.approx(1 / (1 + np.exp(-1.0)), abs=1e-4)


def test_claims_stage_reads_group_names_only_from_the_groups_layer() -> None:
    # An entity is not a group mention by itself: the entities stage decides (the `groups` layer).
    from presslens.document import Entity

    text = "Attacks on Muslims rose by a third last year."
    doc = document(text=text).with_layer("entities", [Entity.of(text, *at(text, "Muslims"), label="NORP", canonical="Muslims")])
    scorer, seen = recording_scorer()
    make_claims(scorer=scorer)(doc)
    assert seen == [text]


def test_claims_stage_declares_the_groups_layer_it_reads() -> None:
    from presslens.pipeline import registered_stages

    assert "groups" in registered_stages()["claims.v1"].requires


def test_claims_stage_mask_groups_off_reads_the_raw_text() -> None:
    scorer, seen = recording_scorer()
    make_claims(scorer=scorer, mask_groups=False)(document(text="Attacks on Muslims rose by a third last year."))
    assert seen == ["Attacks on Muslims rose by a third last year."]
