"""The techniques commands: argument errors without a model, SemEval files with the shipped one."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli import get_app
from presslens.techniques.shipped import model_installed

runner = CliRunner()

ARTICLE = (
    "Harbour council vote\n\nThe mayor called the plan a disgraceful betrayal of every honest worker.\n"
    "Critics said the vote was held on Tuesday.\n"
)


def _articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "article501.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["eval", "ptc", "--articles", "ARTS", "--labels", "LABELS", "--split", "fifth"], 2, "--split 'fifth'"),
        (["semeval", "si", "MISSING", "-o", "OUT"], 1, "no such directory"),
    ],
)
def test_techniques_cli_bad_arguments_raise_presslens_errors(tmp_path, args, code, message):
    """A PresslensError is one line on stderr: exit 2 for a bad option value (ConfigError), 1 for bad input."""
    folder = _articles(tmp_path)
    labels = tmp_path / "labels.tsv"
    labels.write_text("501\tDoubt\t0\t7\n")
    mapping = {"ARTS": str(folder), "LABELS": str(labels), "MISSING": str(tmp_path / "none"), "OUT": str(tmp_path / "o.tsv")}
    result = runner.invoke(get_app(), [mapping.get(a, a) for a in args])
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.skipif(not model_installed(), reason="the techniques model is not installed")
def test_techniques_cli_semeval_si_and_tc_files(tmp_path):
    folder = _articles(tmp_path)
    si_out = tmp_path / "si.tsv"
    result = runner.invoke(get_app(), ["semeval", "si", str(folder), "-o", str(si_out)])
    assert result.exit_code == 0, result.output
    for line in si_out.read_text().splitlines():
        aid, start, end = line.split("\t")
        assert aid == "501" and 0 <= int(start) < int(end) <= len(ARTICLE)
    start = ARTICLE.index("disgraceful betrayal")
    template = tmp_path / "template.tsv"
    template.write_text(f"501\t?\t{start}\t{start + 20}\n501\t?\t{start}\t{start + 20}\n")
    tc_out = tmp_path / "tc.tsv"
    result = runner.invoke(get_app(), ["semeval", "tc", str(folder), str(template), "-o", str(tc_out)])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in tc_out.read_text().splitlines()]
    assert [(r[0], r[2], r[3]) for r in rows] == [("501", str(start), str(start + 20))] * 2
    assert rows[0][1] != rows[1][1]  # a repeated span gets the next-ranked technique


def test_techniques_cli_display_table_totals_every_technique(capsys):
    """The "all techniques" row sums the per-technique stats, candidates lane included; no shown span gives P 0,
    not a division by zero."""
    from presslens.cli.techniques import _print_display
    from presslens.eval.ptc import PRF
    from presslens.eval.ptc_predict import CorpusScores, DisplayStats

    prf = PRF(0.0, 0.0, 0.0, 0, 0)
    display = {
        "Doubt": DisplayStats(
            pred_lengths=[10, 150], shown_lengths=[150], gold_lengths=[20], shown_right=1, gold_found=1,
            candidate_lengths=[10], candidate_right=1,
        ),
        "Loaded_Language": DisplayStats(pred_lengths=[4], gold_lengths=[120, 6]),
    }
    scores = CorpusScores(prf, 0.0, {}, display=display, scored=[(0.75, True), (0.15, False), (0.05, False)])
    _print_display(scores)
    lines = capsys.readouterr().out.splitlines()
    assert lines[4] == f"{'Loaded_Language':38} {'4':>18} {'-':>6} {'63':>5} {0:6d} {0.0:6.4f} {0.0:6.4f} {0:6d} {0.0:6.4f}"
    assert lines[5] == (
        f"{'all techniques':38} {'10':>18} {'150':>6} {'20':>5} {1:6d} {1.0:6.4f} {1 / 3:6.4f} {1:6d} {1.0:6.4f}"
    )
    assert lines[6] == "spans over 100 characters: predicted 33.3%, gold 33.3%"
    assert "  0.7-0.8      1       0.750  1.000" in lines


def test_techniques_cli_semeval_si_shows_progress_on_stderr(tmp_path, monkeypatch):
    class NoSpans:
        def detect(self, text, masks):
            return []

    monkeypatch.setattr("presslens.cli.techniques._tagger", lambda model, settings: NoSpans())
    folder = _articles(tmp_path)
    result = runner.invoke(get_app(), ["semeval", "si", str(folder), "-o", str(tmp_path / "si.tsv"), "--no-mask-groups"])
    assert result.exit_code == 0, result.output
    assert "presslens: 1/1 articles" in result.stderr


def test_techniques_cli_counted_progress_prints_a_line_per_tenth():
    import io

    from rich.console import Console

    from presslens.cli._output import counted_progress

    out = io.StringIO()
    with counted_progress("articles", console=Console(file=out, force_terminal=False)) as progress:
        for done in range(1, 101):
            progress(done, 100)
    assert out.getvalue().splitlines() == [f"presslens: {n}/100 articles" for n in range(10, 101, 10)]
