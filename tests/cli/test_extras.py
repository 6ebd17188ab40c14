"""A command whose optional extra is not installed says which extra to install, in one line; the rest work.

Each case runs the CLI in a fresh interpreter with the extra's modules blocked
(`sys.modules[name] = None` makes their import fail as if not installed).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from presslens.errors import MissingExtraError, PresslensError
from presslens.optional import lazy_module, missing_extra, require

_RUN = """
import sys
for name in {blocked!r}:
    sys.modules[name] = None
sys.argv = ["presslens", *{argv!r}]
from presslens.cli import main
main()
"""


def _cli(blocked: list[str], argv: list[str]) -> subprocess.CompletedProcess[str]:
    code = _RUN.format(blocked=blocked, argv=argv)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("blocked", "argv", "extra"),
    [
        (["duckdb"], ["batch", "--store", "{tmp}/c.duckdb", "{tmp}/a.txt"], "corpus"),
        (["duckdb"], ["store", "info", "--store", "{tmp}/a.txt"], "corpus"),
        (["fastapi", "starlette", "uvicorn"], ["serve", "--port", "0"], "web"),
    ],
)
def test_command_without_its_extra_names_the_extra_in_one_line(tmp_path, blocked, argv, extra):
    (tmp_path / "a.txt").write_text("The minister said the port would reopen.", encoding="utf-8")
    result = _cli(blocked, [arg.replace("{tmp}", str(tmp_path)) for arg in argv])
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"pip install 'presslens[{extra}]'" in lines[0]
    assert "Traceback" not in result.stderr


def test_commands_that_need_no_extra_work_without_any():
    blocked = ["duckdb", "fastapi", "starlette", "uvicorn", "dask", "distributed", "torch", "transformers"]
    result = _cli(blocked, ["pipeline"])
    assert result.returncode == 0, result.stderr
    assert "techniques" in result.stdout


def test_require_and_lazy_module_raise_missing_extra_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(MissingExtraError) as raised:
        require("duckdb")
    assert raised.value.extra == "corpus"
    assert isinstance(raised.value, PresslensError) and isinstance(raised.value, ImportError)
    with pytest.raises(MissingExtraError):
        lazy_module("duckdb").connect(":memory:")
    assert missing_extra(ModuleNotFoundError("no", name="numpy")) is None
    assert require("json").dumps([]) == "[]"
