"""The actors layer shaped for reports: per actor, its names and the descriptions and labels used for it.

Pure over a `Document`, so the terminal summary and the HTML report show the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Descriptor, Document

UNLINKED = "not linked to a named actor"


@dataclass(frozen=True)
class NamingRow:
    """One actor (or the unlinked row): distinct names, and each description or label with who uses it."""

    actor: str
    label: str
    names: tuple[str, ...]
    descriptions: tuple[str, ...]
    labels: int


def _said(d: Descriptor) -> str:
    if d.voice == "author":
        return d.kind
    return f"{d.kind}, {d.voice}" + (f" by {d.speaker}" if d.speaker else "")


def naming_rows(doc: Document) -> list[NamingRow]:
    """Actors that the article describes or labels (not only names), then the unlinked row; [] without the layer."""
    rows: list[NamingRow] = []
    for actor in doc.actors or []:
        names = tuple(dict.fromkeys(" ".join(d.text.split()) for d in actor.descriptors if d.kind == "name"))
        described: dict[str, tuple[str, str]] = {}  # lower-cased words -> (first form, how)
        for d in actor.descriptors:
            if d.kind != "name":
                words = " ".join(d.text.split())
                described.setdefault(words.lower(), (words, _said(d)))
        if not described:
            continue
        rows.append(
            NamingRow(
                actor=actor.canonical or UNLINKED,
                label=actor.label or "",
                names=names,
                descriptions=tuple(f"{text} ({how})" for text, how in described.values()),
                labels=sum(1 for d in actor.descriptors if d.kind == "label"),
            )
        )
    return rows
