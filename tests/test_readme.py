"""The README's examples run: its Python example prints what the README shows, its commands work."""

from __future__ import annotations

import contextlib
import io
import re

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


def test_readme_starts_with_the_two_setup_commands():
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    assert blocks[0].startswith("scripts/setup && .venv/bin/presslens analyze examples/")
    assert blocks[1].strip() == "scripts/test"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test" in ci


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
