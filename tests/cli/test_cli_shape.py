"""The public shape of the command line (issue 10): examples in every help, exit codes, shared options."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from presslens.cli import get_app
from tests.cli.helpers import flat
from tests.fakes import fake_load, refuse_load

runner = CliRunner()


def run(*args: str, input: bytes | str | None = None):
    return runner.invoke(get_app(), list(args), input=input)


def _commands() -> Iterator[tuple[str, object]]:
    """Every command and group of the app, by its full name."""
    root = typer.main.get_command(get_app())

    def walk(name: str, command: object) -> Iterator[tuple[str, object]]:
        yield name, command
        for sub_name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(f"{name} {sub_name}", sub)

    yield from walk("presslens", root)


def test_cli_every_command_has_an_example_in_its_help():
    missing = [name for name, command in _commands() if not re.search(r"^\s*Examples?:", command.help or "", re.M)]
    assert missing == []
    assert len(list(_commands())) > 10  # the walk reached the sub-commands


def test_cli_help_documents_the_exit_codes():
    result = run("--help")
    assert result.exit_code == 0
    text = flat(result.output)
    assert "Exit status: 0 success; 1 failure" in text and "2 usage error" in text and "130 interrupted" in text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2021-05-20garbage", "'2021-05-20garbage' is not a date like 2021-05-20"),
        ("20210520", "'20210520' is not a date like 2021-05-20"),
        ("2021-02-30", "'2021-02-30' is not a calendar date"),
    ],
)
def test_cli_published_is_strict_and_a_usage_error(value, message):
    result = run("analyze", "-", "--published", value, input="Text.")
    assert result.exit_code == 2
    assert message in flat(result.output)


@pytest.mark.parametrize("command", ["analyze", "claims", "pipeline"])
def test_cli_unknown_disable_is_a_usage_error_listing_valid_names(monkeypatch, command):
    for module in ("analyze", "claims", "pipeline"):
        monkeypatch.setattr(f"presslens.cli.{module}.load_pipeline", refuse_load)
    args = [command, "--disable", "sentiment"] + ([] if command == "pipeline" else ["-"])
    result = run(*args, input="Text.")
    assert result.exit_code == 2
    text = flat(result.output)
    assert "cannot disable 'sentiment'" in text and "valid layers:" in text and "techniques" in text


def test_cli_unknown_encoding_is_a_usage_error(monkeypatch):
    monkeypatch.setattr("presslens.cli.analyze.load_pipeline", refuse_load)
    result = run("analyze", "-", "--encoding", "klingon-8", input="Text.")
    assert result.exit_code == 2
    assert "unknown text encoding 'klingon-8'" in flat(result.output)


def test_cli_unknown_format_is_a_usage_error_listing_formats():
    result = run("analyze", "-", "--format", "xml", input="Text.")
    assert result.exit_code == 2
    assert "use one of text, json, jsonl, html" in flat(result.output)


def test_cli_max_bytes_must_be_positive():
    assert run("analyze", "-", "--max-bytes", "0", input="Text.").exit_code == 2


@pytest.mark.usefixtures("fake_pipeline")


def test_cli_failed_document_exits_1_and_the_rest_is_written(tmp_path: Path):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(
        "\n".join(json.dumps({"id": i, "text": t}) for i, t in [("a", "Fine."), ("b", "A boom."), ("c", "Also fine.")]),
        encoding="utf-8",
    )
    result = run("analyze", str(corpus), "--format", "jsonl")
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "c"]
    assert "presslens: error: b: stage fake-techniques.v1 failed: RuntimeError: cannot handle boom" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("fake_pipeline")


def test_cli_missing_input_exits_1():
    result = run("analyze", "/no/such.txt")
    assert result.exit_code == 1
    assert "/no/such.txt: no such file or folder" in result.stderr


@pytest.mark.usefixtures("fake_pipeline")


def test_cli_interrupt_exits_130_with_one_line():
    result = run("analyze", "-", input="Please ctrl-c now.")
    assert result.exit_code == 130
    assert result.stderr.strip() == "presslens: interrupted"


@pytest.mark.usefixtures("fake_pipeline")


def test_cli_encoding_option_forces_the_codec(tmp_path: Path):
    article = tmp_path / "cafe.txt"
    article.write_bytes("Le café ouvre.".encode())
    detected = json.loads(run("analyze", str(article), "--format", "json").stdout)
    forced = json.loads(run("analyze", str(article), "--format", "json", "--encoding", "cp1252").stdout)
    assert detected["text"] == "Le café ouvre."
    assert forced["text"] == "Le cafÃ© ouvre."


def test_cli_pipeline_prints_the_stages_table(monkeypatch):
    calls = []

    def load(*args, disable=(), **kwargs):
        calls.append(tuple(disable))
        return fake_load(disable=disable)

    monkeypatch.setattr("presslens.cli.pipeline.load_pipeline", load)
    result = run("pipeline", "--disable", "techniques")
    assert result.exit_code == 0, result.output
    assert calls == [("techniques",)]
    header = result.stdout.splitlines()[2]
    assert [c.strip() for c in header.strip("┃ ").split("┃")] == ["stage", "requires", "uses", "assigns", "description"]
    assert "fake-claims.v1" in result.stdout and "a sentence with a number" in flat(result.stdout)
    assert "fake-techniques.v1" not in result.stdout and "techniques" in result.stdout  # voices.v1 uses them


def test_cli_pipeline_honours_disable(monkeypatch):
    monkeypatch.setattr("presslens.cli.pipeline.load_pipeline", fake_load)
    result = run("pipeline", "--disable", "claims")
    assert result.exit_code == 0, result.output
    assert "fake-claims.v1" not in result.stdout


@pytest.mark.slow
def test_cli_pipeline_real_stages_without_techniques():
    result = run("pipeline", "--disable", "techniques")
    assert result.exit_code == 0, result.output
    assert "parse.v1" in result.stdout and "claims.v1" in result.stdout
    assert "techniques.v1" not in result.stdout


def test_cli_shape_a_command_inside_a_group_is_named_in_full():
    result = CliRunner().invoke(get_app(), ["info"])
    assert result.exit_code == 2
    assert "Did you mean 'presslens store info'?" in flat(result.output)


def _leaf_commands(group, path=()):
    import typer.main

    command = typer.main.get_command(group) if not hasattr(group, "list_commands") else group
    for name in command.list_commands(None):
        sub = command.get_command(None, name)
        if hasattr(sub, "list_commands"):
            yield from _leaf_commands(sub, (*path, name))
        else:
            yield (*path, name), sub


def test_cli_shape_no_default_points_into_the_source_tree_tests():
    import typer.main

    found = [
        (" ".join(path), param.name, str(param.default))
        for path, command in _leaf_commands(typer.main.get_command(get_app()))
        for param in command.params
        if "tests/" in str(param.default)
    ]
    assert found == []


@pytest.fixture
def one_actor(monkeypatch):
    """`presslens actors` with a pipeline whose one stage makes the text's first nine characters an actor."""
    from presslens.document import Actor, Descriptor
    from presslens.pipeline import Pipeline, StageSpec

    class OneActor:
        def __call__(self, doc):
            d = Descriptor.of(doc.text, 0, 9, kind="name", head="", link="name", voice="author")
            return doc.with_layer("actors", [Actor(canonical=doc.text[:9], label="PERSON", descriptors=[d])])

    spec = StageSpec("fake-actors.v1", OneActor, assigns=("actors",), order=1)
    monkeypatch.setattr("presslens.pipeline.load_pipeline", lambda stages: Pipeline().add_spec(spec))


def test_cli_actors_json_escapes_line_separators_like_every_jsonl_writer(tmp_path, one_actor):
    article = tmp_path / "a.txt"
    article.write_text("Ivo\u2028Marek spoke.", encoding="utf-8")
    result = run("actors", str(article), "-f", "json")
    assert result.exit_code == 0, result.output
    assert "\u2028" not in result.stdout and "\\u2028" in result.stdout
    assert json.loads(result.stdout)["actors"][0]["canonical"] == "Ivo\u2028Marek"


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_cli_actors_format_writes_one_object_per_article(tmp_path, one_actor, fmt):
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(f"Ivo Marek {name} spoke.", encoding="utf-8")
    out = tmp_path / "actors.out"
    result = run("actors", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["a", "b"]
    assert rows[0]["actors"][0]["canonical"] == "Ivo Marek"


def test_cli_actors_text_is_the_default_format(tmp_path, one_actor):
    article = tmp_path / "a.txt"
    article.write_text("Ivo Marek spoke.", encoding="utf-8")
    assert run("actors", str(article)).stdout == run("actors", str(article), "-f", "text").stdout
    assert "Ivo Marek [PERSON]" in run("actors", str(article)).stdout


def test_cli_actors_json_flag_is_a_deprecated_alias_of_format_json(tmp_path, one_actor):
    article = tmp_path / "a.txt"
    article.write_text("Ivo Marek spoke.", encoding="utf-8")
    old = run("actors", str(article), "--json")
    assert old.exit_code == 0, old.output
    assert old.stdout == run("actors", str(article), "-f", "json").stdout
    assert "--json is deprecated; use -f json" in old.stderr
    assert "--json" not in flat(run("actors", "--help").output)


def test_cli_actors_json_flag_with_another_format_is_a_usage_error(tmp_path, one_actor):
    article = tmp_path / "a.txt"
    article.write_text("Ivo Marek spoke.", encoding="utf-8")
    result = run("actors", str(article), "--json", "-f", "text")
    assert result.exit_code == 2
    assert "give only -f text" in flat(result.output)


def test_cli_actors_unknown_format_is_a_usage_error_naming_the_formats():
    result = run("actors", "a.txt", "-f", "csv")
    assert result.exit_code == 2
    assert "use one of text, json, jsonl" in flat(result.output)
