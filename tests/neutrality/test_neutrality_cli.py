"""`presslens eval neutrality` with a fake pipeline: report, JSON, exit status above the target."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli import get_app
from presslens.document import Claim, Sentence

SUITE = Path(__file__).resolve().parents[1] / "data" / "neutrality"
runner = CliRunner()


class FakePipeline:
    """Claims only: every sentence is a claim; its score drops by `drop` when it names Iran."""

    def __init__(self, drop: float) -> None:
        self.drop = drop

    def pipe(self, docs, *, batch_size: int = 16):
        for doc in docs:
            text = doc.text
            score = 0.9 - (self.drop if "Iran" in text else 0.0)
            yield doc.with_layer("sentences", [Sentence.of(text, 0, len(text))]).with_layer(
                "claims", [Claim.of(text, 0, len(text), score=score, voice="author")]
            )


@pytest.fixture
def fake(monkeypatch):
    def install(drop: float) -> None:
        monkeypatch.setattr(
            "presslens.eval.neutrality_suite.load_suite_pipeline",
            lambda **kwargs: (FakePipeline(drop), ["techniques: not measured (fake)"]),
        )

    return install


def test_neutrality_cli_prints_each_layer_and_passes_at_target(fake):
    fake(0.01)  # within the 0.05 tolerance
    result = runner.invoke(get_app(), ["eval", "neutrality", str(SUITE)])
    assert result.exit_code == 0, result.output
    assert "techniques: not measured (fake)" in result.output
    assert "claims" in result.output and "0.0%" in result.output
    assert "target: at most 1% of pairs differ" in result.output


def test_neutrality_cli_fails_above_target_and_names_the_layer(fake):
    fake(0.2)
    result = runner.invoke(get_app(), ["eval", "neutrality", str(SUITE), "--worst", "1"])
    assert result.exit_code == 1
    assert "ABOVE TARGET" in result.output and "worst templates:" in result.output
    assert "neutrality above the 1% target on: claims" in result.output


def test_neutrality_cli_json_and_looser_options(fake):
    fake(0.2)
    result = runner.invoke(get_app(), ["eval", "neutrality", str(SUITE), "--json", "--tolerance", "0.3"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["layers"]["claims"]["differing"] == 0 and data["score_tolerance"] == 0.3
    assert data["notes"] == ["techniques: not measured (fake)"]


def test_neutrality_cli_bad_values_are_usage_errors(fake, tmp_path):
    fake(0.0)
    assert runner.invoke(get_app(), ["eval", "neutrality", str(SUITE), "--target", "2"]).exit_code == 2
    missing = runner.invoke(get_app(), ["eval", "neutrality", str(tmp_path)])
    assert missing.exit_code == 1 and "groups.json" in missing.output
