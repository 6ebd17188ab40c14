"""`presslens actors`: how an article names each actor; `presslens eval actors`: link precision and recall."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..batch import analyze_paths
from ..document import Document
from ..errors import InputError, PresslensError
from ..io import DEFAULT_MAX_BYTES
from ..io.writers import write_jsonl_line
from ..report.text import clip, printable
from ._apps import CommandError, app, error_line, eval_app
from ._options import Encoding, MaxBytes, Output, Paths, Published, format_choice
from ._output import check_output, open_output

STAGES = ["parse.v1", "entities.v1", "encoder.v1", "quotes.v1", "actors.v1"]


def actors_text(doc: Document) -> str:
    """One block per actor: every reference with its kind, voice and speaker (article strings made printable)."""
    lines = [printable(doc.title or doc.id)]
    for actor in doc.actors or []:
        head = printable(actor.canonical) if actor.canonical else "Not linked to a named actor"
        alias = f" (also: {', '.join(printable(a) for a in actor.aliases)})" if actor.aliases else ""
        lines.append(f"  {head} [{actor.label or '-'}]{alias}")
        for d in actor.descriptors:
            voice = "" if d.voice == "author" else f"  {d.voice}{' by ' + printable(d.speaker) if d.speaker else ''}"
            link = f" <{d.link}>" if d.link and d.link != "name" else ""
            lines.append(f"    {d.kind:<11} {printable(clip(d.text, 70))}{link}{voice}  @{d.start}")
    return "\n".join(lines) + "\n"


FORMATS = ("text", "json", "jsonl")
"""text: one block per actor; json and jsonl: the actors layer, one object per article and line
(jsonl keeps its complete lines in the -o file if the run stops, as `analyze -f jsonl` does)."""


def _resolve_format(fmt: str | None, *, as_json: bool) -> str:
    """`-f`, or `json` for the deprecated `--json`; the two disagreeing is a usage error."""
    if not as_json:
        return fmt or FORMATS[0]
    if fmt not in (None, "json"):
        raise typer.BadParameter(f"--json asks for json but -f asks for {fmt}; give only -f {fmt}",
                                 param_hint="'-f' / '--format'")
    print("presslens: --json is deprecated; use -f json", file=sys.stderr)
    return "json"


@app.command()
def actors(
    paths: Paths,
    output: Output = None,
    fmt: Annotated[
        str | None,
        format_choice(FORMATS, help="text: one block per actor (the default); json: the actors layer, one object per article "
                      "and line; jsonl: the same, kept line by line if the run stops."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", hidden=True, help="Deprecated: use -f json.")] = False,
    published: Published = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    encoding: Encoding = None,
) -> None:
    """How each article names each actor: names, appositions, descriptions and labels, with voices.

    Example: presslens actors article.txt -f jsonl -o actors.jsonl
    """
    from ..pipeline import load_pipeline

    kind = _resolve_format(fmt, as_json=as_json)
    check_output(output, paths)
    pipeline = load_pipeline(STAGES)
    failed = 0
    with open_output(output, streams=kind == "jsonl") as target:
        for item in analyze_paths(paths, pipeline=pipeline, published=published, max_bytes=max_bytes, encoding=encoding):
            if isinstance(item, PresslensError):
                error_line(str(item))
                failed += 1
                continue
            if kind != "text":
                row = {"id": item.id, "actors": [a.model_dump(mode="json") for a in item.actors or []]}
                write_jsonl_line(target.stream, row)  # the one JSON encoder: U+2028 and controls escaped
            else:
                target.stream.write(actors_text(item))
            target.document_done()
    if failed:
        raise CommandError(f"{failed} article(s) could not be analysed")


@eval_app.command("actors")
def eval_actors(
    passages: Annotated[Path, typer.Argument(help="JSONL of hand-annotated passages {id, text, links}.")],
    show_errors: Annotated[bool, typer.Option("--errors", help="List wrong and missed links.")] = False,
) -> None:
    """Precision and recall of descriptor-to-actor links on hand-annotated passages.

    Example: presslens eval actors tests/data/actors/passages.jsonl --errors
    """
    from ..eval.actors import evaluate, load_passages
    from ..pipeline import load_pipeline

    if not passages.is_file():
        raise InputError(str(passages), "no such file; give a JSONL file of annotated passages")
    items = load_passages(passages)
    if not items:
        raise InputError(str(passages), "has no passages")
    scores = evaluate(items, load_pipeline(STAGES))
    print(
        f"passages {scores.passages}  gold links {scores.gold_links} (+{scores.gold_unlinked} unlinked)  "
        f"predicted links {scores.predicted_links}"
    )
    print(
        f"link precision {scores.precision:.3f} ({scores.correct_links}/{scores.predicted_links})  "
        f"recall {scores.recall:.3f} ({scores.found_gold_links}/{scores.gold_links})  F1 {scores.f1:.3f}  "
        f"descriptor detection {scores.detection:.3f}"
    )
    if show_errors:
        for line in scores.errors:
            print("  " + printable(line))
