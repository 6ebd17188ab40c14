"""`presslens compare` end to end on the test pair (real spaCy, claims, techniques and encoder: slow)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli import get_app
from tests.conftest import REPO

pytestmark = pytest.mark.slow

PAIR = [str(REPO / "tests/data/compare/kell_norland.txt"), str(REPO / "tests/data/compare/kell_vessaria.txt")]
SAMPLE = Path("/work/shared/samples/000_3e4a754f6ef9631a.txt")


@pytest.fixture(scope="module")
def kell() -> dict:
    result = CliRunner().invoke(get_app(), ["compare", *PAIR, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _uses(row: dict, article: int) -> dict[str, str]:
    return {u["text"]: u["kind"] for u in row["uses"][article]}


def test_end_to_end_labels_differ_by_side(kell):
    rows = {r["actor"]: r for r in kell["actors"]}
    assert _uses(rows["Vessarian"], 0)["The Vessarian terrorists"] == "label"
    assert _uses(rows["Norland"], 1)["The Norland occupiers"] == "label"
    assert "the occupiers" in {u["text"] for u in kell["unlinked"][1]}


def test_end_to_end_shared_and_one_sided_claims(kell):
    shared = [[c["evidence"]["text"] for c in s["claims"]] for s in kell["shared_claims"]]
    assert any("two rocket launchers" in a and "two rocket launchers" in b for a, b in shared)
    assert any("three homes in Tarn" in c["evidence"]["text"] for c in kell["one_sided_claims"])


def test_end_to_end_each_side_quotes_other_people(kell):
    words = {s["speaker"]: s["words"] for s in kell["speakers"]}
    assert words["Arto Lind"][0] > 0 and words["Arto Lind"][1] == 0
    assert words["Edda Ruv"][0] == 0 and words["Edda Ruv"][1] > 0


def test_end_to_end_dates_differ(kell):
    values = [[s["values"] for s in d["statements"]] for d in kell["dates"]]
    assert [["2025-03-03"], ["2025-03-02"]] in values


def test_end_to_end_html_and_explain(tmp_path):
    out = tmp_path / "cmp.html"
    result = CliRunner().invoke(get_app(), ["compare", *PAIR, "-o", str(out), "--explain"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "The Norland occupiers" in page and "How each actor is named" in page
    assert "same-name" in result.output


@pytest.mark.skipif(not SAMPLE.is_file(), reason="the shared sample article is not on this machine")
def test_end_to_end_sample_against_its_neutral_rewrite():
    neutral = str(REPO / "tests/data/compare/letter_neutral.txt")
    result = CliRunner().invoke(get_app(), ["compare", str(SAMPLE), neutral, "--format", "json"])
    data = json.loads(result.stdout)
    rows = {r["actor"]: r for r in data["actors"]}
    assert rows["Ismail Haniyeh"]["matched_by"] == ["transliteration"]
    assert "the Zionist regime" in _uses(rows["Zionist"], 0) and rows["Zionist"]["names"][1] is None


@pytest.mark.xfail(
    reason="the models are not name-neutral: spaCy tags 'The Sorvand occupiers' but not 'The Norland terrorists' "
    "as an entity phrase, and the claims classifier scores the same sentence differently with the names swapped; "
    "the comparison logic itself is (test_build.py::test_neutrality_...)",
    strict=False,
)
def test_end_to_end_neutrality_with_the_real_models():
    from presslens.compare import compare
    from presslens.compare.encoder import SentenceEncoder
    from presslens.document import Document
    from presslens.pipeline import load_pipeline
    from tests.compare.builders import NAMES, SIDE_A, SIDE_B
    from tests.compare.test_build import _swap

    nlp, encoder = load_pipeline(), SentenceEncoder.from_directory()

    def run(names: dict[str, str]) -> dict:
        docs = [nlp(Document(id=i, text=t.format(**names))) for i, t in (("a", SIDE_A), ("b", SIDE_B))]
        return compare(docs, embedder=encoder).to_dict()

    swapped = {"A": NAMES["B"], "B": NAMES["A"], "PA": NAMES["PB"], "PB": NAMES["PA"]}
    assert json.loads(_swap(json.dumps(run(NAMES)))) == run(swapped)
