"""Prove the README's front door on every supported Python found on this machine (CI runs this).

Why: the set-up once broke on a fresh machine while CI, reusing its own
environment, stayed green. So for each interpreter that `scripts/pythons`
finds, in a throwaway copy of the checkout (what a fresh clone holds):

1. the README's first command, read from the README itself, with PYTHON set
   to that interpreter: its venv starts with the interpreter's bundled pip;
   it must write a presslens `report.html`;
2. a plain `pip install .` (no lock, the bundled pip resolving the ranges in
   pyproject.toml) in a clean venv, which must analyse the bundled example.

Usage: python3 scripts/front_door.py [--python PATH ...]   (exit 1 if any step fails)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/harbour_strike.txt"
REPORT_MARK = "presslens"


def readme_commands(readme: str) -> tuple[str, str]:
    """The README's two front-door commands: the first two ```bash blocks (set up + example, set up + tests)."""
    blocks = re.findall(r"^```bash\n(.*?)^```", readme, flags=re.MULTILINE | re.DOTALL)
    if len(blocks) < 2:
        raise SystemExit("README.md must start with two ```bash blocks: the set-up-and-run and the test command")
    first, second = (" ".join(block.split()) for block in blocks[:2])
    return first, second


def supported_pythons() -> list[tuple[str, str]]:
    """(version, path) of each supported interpreter found, newest first."""
    out = subprocess.run([str(ROOT / "scripts" / "pythons")], capture_output=True, text=True, check=True).stdout
    return [tuple(line.split(" ", 1)) for line in out.splitlines() if line.strip()]  # type: ignore[misc]


def fresh_copy(dest: Path) -> Path:
    """The checkout's tracked and not-ignored files, as a fresh clone (with local changes) would hold them."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def run_step(title: str, command: list[str], cwd: Path, env: dict[str, str]) -> bool:
    started = time.monotonic()
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        print(f"front door: FAIL {title} (exit {proc.returncode}, {seconds:.0f} s)", flush=True)
        print(_tail(proc.stdout + proc.stderr), flush=True)
        return False
    print(f"front door: ok   {title} ({seconds:.0f} s)", flush=True)
    return True


def check_python(version: str, python: str, readme_command: str, workdir: Path) -> bool:
    checkout = fresh_copy(workdir / f"py{version}" / "presslens")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env.update(PYTHON=python, HF_HUB_OFFLINE="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    ok = run_step(f"Python {version}: README first command", ["bash", "-c", readme_command], checkout, env)
    report = checkout / "report.html"
    if ok and not (report.is_file() and REPORT_MARK in report.read_text(encoding="utf-8", errors="replace")):
        print(f"front door: FAIL Python {version}: the README command wrote no presslens report.html", flush=True)
        ok = False
    venv = workdir / f"py{version}" / "plain-venv"
    plain = (
        f"'{python}' -m venv '{venv}' && '{venv}/bin/python' -m pip install --quiet . "
        f"&& '{venv}/bin/presslens' analyze {EXAMPLE} --published 2026-03-10 --format json -o plain.json "
        f"&& grep -q '\"quotes\"' plain.json"
    )
    return run_step(f"Python {version}: plain pip install . and analyze", ["bash", "-c", plain], checkout, env) and ok


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="append", help="check only this interpreter (repeatable)")
    args = parser.parse_args()
    readme_command, _ = readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    if args.python:
        pythons = [
            (subprocess.run([p, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                            capture_output=True, text=True, check=True).stdout.strip(), p)
            for p in args.python
        ]
    else:
        pythons = supported_pythons()
    if not pythons:
        print("front door: FAIL no supported Python (3.11, 3.12, 3.13) found", flush=True)
        return 1
    print(f"front door: {readme_command}", flush=True)
    with tempfile.TemporaryDirectory(prefix="presslens-front-door-") as tmp:
        results = [check_python(version, path, readme_command, Path(tmp)) for version, path in pythons]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
