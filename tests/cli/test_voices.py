from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from presslens.cli import get_app

runner = CliRunner()

TEXT = '"The dam is safe," Ann Lee said on Monday.\n\nBo Kim said the levee was weak.\n'
ANN = (
    "T1\tContent 0 18\t\"The dam is safe,\"\n"
    "T2\tSource 19 26\tAnn Lee\n"
    "T3\tCue 27 31\tsaid\n"
    "E1\tAttribution:T3 Source:T2 Cue:T3 Content:T1\n"
    "T4\tSource 44 50\tBo Kim\n"
    "T5\tCue 51 55\tsaid\n"
    "T6\tContent 56 74\tthe levee was weak\n"
    "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6\n"
)


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "one.txt").write_text(TEXT, encoding="utf-8", newline="")
    (tmp_path / "attributions" / "one_ab12.ann").write_text(ANN, encoding="utf-8")
    return tmp_path


def test_voices_fixture_offsets_are_right():
    assert TEXT[0:18] == '"The dam is safe,"' and TEXT[56:74] == "the levee was weak"
    assert TEXT[19:26] == "Ann Lee" and TEXT[44:50] == "Bo Kim"


@pytest.mark.slow
def test_voices_eval_polnear_prints_both_systems(corpus):
    result = runner.invoke(get_app(), ["eval", "polnear", str(corpus)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "1 texts, 2 gold attributions" in out
    assert "presslens quotes.v1" in out and "textacy 0.13 direct_quotations" in out
    assert "all     content P 1.000 R 1.000 F1 1.000 | source acc 1.000 (2/2)" in out
    assert "textacy crashed on 0 of 1 texts" in out
    # exact match over token tags, and the wrong-speaker rate (both speakers named and right)
    assert "exact   source P 1.000 R 1.000 F1 1.000 (2/2/2) cue P 1.000 R 1.000 F1 1.000 (2/2/2)" in out
    assert "speaker wrong-speaker rate 0.000 (0/2 checked named speakers" in out


def test_voices_eval_polnear_rejects_a_folder_without_corpus(tmp_path):
    result = runner.invoke(get_app(), ["eval", "polnear", str(tmp_path)])
    assert result.exit_code == 1
    assert "text/ and attributions/" in result.output


@pytest.mark.slow
def test_voices_train_quote_cues_writes_a_lexicon(tmp_path):
    text = "Ann said it rained. Bo said it snowed. Cy said it cleared. Di walked home.\n"
    ann = []
    for n, (start, end) in enumerate((m.span() for m in re.finditer("said", text)), 1):
        ann.append(f"T{n}\tCue {start} {end}\tsaid")
        ann.append(f"T{n + 10}\tContent {end + 1} {text.index('.', end)}\tx")
        ann.append(f"E{n}\tCue:T{n} Content:T{n + 10}")
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "t.txt").write_text(text, encoding="utf-8", newline="")
    (tmp_path / "attributions" / "t_a1.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    out = tmp_path / "lex.tsv"
    result = runner.invoke(get_app(), ["train", "quote-cues", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    # "said" is a cue 3 times out of 3; "walked" never is
    assert lines == ["lemma\tpos\tcue\tseen", "say\tVERB\t3\t3"]


def test_voices_eval_polnear_says_textacy_is_not_installed_rather_than_crashed(corpus, monkeypatch):
    from presslens.pipeline import Pipeline

    monkeypatch.setattr("presslens.eval.polnear.load_pipeline", lambda stages: Pipeline())  # no spaCy
    monkeypatch.setattr("presslens.eval.textacy_peer.textacy_installed", lambda: False)
    result = runner.invoke(get_app(), ["eval", "polnear", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "textacy is not installed, so the peer was not scored; pip install textacy" in result.output
    assert "crashed" not in result.output and "textacy 0.13 direct_quotations" not in result.output
