"""The README's examples run: its Python example prints what the README shows, its commands work."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
from typing import Any

import pytest

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _python_example() -> tuple[str, str]:
    """The first ```python block and the plain ``` block right after it (its output)."""
    match = re.search(r"```python\n(.*?)```\s*\n```\n(.*?)```", README, re.S)
    assert match, "the README lost its Python example followed by its output"
    return match.group(1), match.group(2)


@pytest.mark.slow
def test_readme_python_example_prints_what_the_readme_shows():
    code, expected = _python_example()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue() == expected


def _front_door() -> Any:
    """scripts/front_door.py, the CI check that runs the README's first command on every supported Python."""
    spec = importlib.util.spec_from_file_location("front_door", REPO / "scripts" / "front_door.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_starts_with_the_two_setup_commands():
    first, second = _front_door().readme_commands(README)
    assert first.startswith("scripts/setup && .venv/bin/presslens analyze examples/")
    assert first.endswith("-o report.html")
    assert second == "scripts/test"


def test_ci_runs_the_readme_test_command_and_the_test_command_checks_the_front_door():
    """CI = the README's test command, and that command runs the front-door check the README's first command feeds."""
    ci_lines = [line for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    _, second = _front_door().readme_commands(README)
    assert ci_lines[-1] == f"exec {second}"
    test_script = (REPO / "scripts" / "test").read_text(encoding="utf-8")
    assert "scripts/front_door.py" in test_script


def test_front_door_reads_the_first_two_bash_blocks_whatever_their_layout():
    text = "# x\n\n```bash\nscripts/setup &&\n  run --it\n```\n\n```console\n$ other\n```\n```bash\nscripts/test\n```\n"
    assert _front_door().readme_commands(text) == ("scripts/setup && run --it", "scripts/test")


def _console_commands() -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", README, re.S)
    return [line[2:] for block in blocks for line in block.splitlines() if line.startswith("$ ")]


def test_readme_lists_console_commands():
    assert len(_console_commands()) >= 5


@pytest.mark.slow
@pytest.mark.parametrize("command", _console_commands())
def test_readme_console_command_runs(command, tmp_path, monkeypatch):
    """Each `$ presslens ...` line runs from a copy of the repository's example and test data."""
    import shlex
    import shutil

    from typer.testing import CliRunner

    from presslens.cli import get_app

    for folder in ("examples", "tests/data"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    stdin = None
    if " | " in command:
        feed, command = command.split(" | ", 1)
        assert feed.startswith("cat "), feed
        stdin = (tmp_path / feed[4:].strip()).read_text(encoding="utf-8")
    argv = shlex.split(command)
    assert argv[0] == "presslens"
    result = CliRunner().invoke(get_app(), argv[1:], input=stdin)
    assert result.exit_code == 0, result.output


def test_readme_fetch_commands_run_against_the_local_test_site(tmp_path, monkeypatch, test_site):
    """Issue 27: the README's address and feed commands work against the test site (light pipelines, its port)."""
    import shlex

    from typer.testing import CliRunner

    from presslens.cli import get_app
    from tests.fakes import FakePipeline, fake_load

    section = README.split("## Read the news where it is", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "the README lost its fetching example"
    lines = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    commands = [line for line in lines if line.startswith("presslens ")]
    assert any("analyze http" in c for c in commands) and any("--feed" in c for c in commands)
    monkeypatch.setattr("presslens.cli.analyze.load_pipeline", fake_load)
    monkeypatch.setattr("presslens.cli.corpus.pipeline_factory", lambda disable: FakePipeline(disable=tuple(disable)))
    monkeypatch.setenv("PRESSLENS_CACHE", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    port = test_site.server_address[1]
    for command in commands:
        args = shlex.split(command.replace("127.0.0.1:8765", f"127.0.0.1:{port}"))[1:]
        result = CliRunner().invoke(get_app(), [*args, "--delay", "0"] if args[0] in ("analyze", "batch") else args)
        errors = [line for line in result.stderr.splitlines() if line.startswith("presslens: error:")]
        if "missing" in command:
            assert result.exit_code == 1 and len(errors) == 3, result.output
        else:
            assert result.exit_code == 0, (command, result.output)
