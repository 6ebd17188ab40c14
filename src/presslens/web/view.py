"""What the web page shows beside an article, made by the same code as the HTML report.

Why on the server: names, colours, codes, definitions and the two charts
live in `presslens.report.presentation` and `presslens.report.svg`, and the
counts, actors, voices rows and claims checklist in `report.summary`,
`report.voices` and `report.checklist`. The page asks for them here
(`GET /v1/presentation`, `POST /v1/view`) instead of re-implementing them in
JavaScript, so the page, the HTML report and the corpus report can never
name or colour a technique differently. The page itself only turns spans
into highlighted text.

Chart markup is built by `report.svg`, which escapes every string; the
page still parses it into nodes and keeps only the SVG and HTML elements
and attributes that the charts use.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..actors.summary import naming_rows
from ..document import TECHNIQUE_LABELS, Document
from ..report import presentation as p
from ..report.checklist import checklist_rows
from ..report.findings import (
    CANDIDATES_NOTE,
    claim_words,
    finding_lanes,
    finding_notes,
    recall_sentence,
    technique_words,
)
from ..report.summary import LAYER_TITLES, actors, layer_counts, technique_counts, techniques_by_speaker
from ..report.svg import Bar, position_strip, technique_bars
from ..report.voices import render as voice_rows
from ..techniques.shipped import shipped_display_facts
from .schemas import ViewClaim

# Anchors in the page's highlighted text, as the report names them for its first article.
_ANCHOR = "#d0-{layer}-{index}"


def presentation() -> dict[str, Any]:
    """Names, codes, colour classes, definitions and examples of the 14 techniques and the terms,
    what scores mean, how each layer is marked: everything the page says about a finding."""
    return {
        "techniques": [
            {
                "label": label,
                "name": d.name,
                "code": d.code,
                "colour": d.colour,
                "class": p.technique_class(label),
                "anchor": d.anchor,
                "definition": d.definition,
                "example": d.example,
            }
            for label, d in ((label, p.technique(label)) for label in TECHNIQUE_LABELS)
        ],
        "terms": {
            key: {"name": d.name, "anchor": d.anchor, "definition": d.definition, "example": d.example}
            for key, d in p.TERMS.items()
        },
        "scores": dict(p.SCORES),
        "voice_names": dict(p.VOICE_NAMES),
        "entity_types": dict(p.ENTITY_TYPES),
        "layers": {
            name: {"title": LAYER_TITLES[name], "colour": style.colour, "cue": style.cue}
            for name, style in p.LAYER_STYLES.items()
        },
    }


def view(doc: Document) -> dict[str, Any]:
    """Counts, charts, techniques found (shown, then the candidates lane with its measured precision, and what the
    shown spans miss), voices, actors, how they are named and the claims checklist of one document."""
    facts = shipped_display_facts()
    return {
        "counts": layer_counts(doc),
        "charts": {"bars": _bars(doc), "strip": _strip(doc)},
        "techniques": None
        if doc.techniques is None
        else [{"label": label, "count": n} for label, n in technique_counts(doc.techniques)],
        "candidates": [
            {"label": label, "count": n, "precision": facts.candidate_precision.get(label)}
            for label, n in technique_counts(doc.techniques or [], lane="candidate")
        ],
        "candidates_note": CANDIDATES_NOTE,
        "recall_note": recall_sentence(facts),
        "voices": None if doc.voices is None else voice_rows(doc),
        "actors": None if doc.entities is None else _actors(doc),
        "naming": None if doc.actors is None else _naming(doc),
        "claims": None if doc.claims is None else _claims(doc),
        "notes": _notes(doc),
    }


def _notes(doc: Document) -> dict[str, list[str]]:
    """One line per finding, shown when a reader hovers or focuses it, by layer (`report.findings`, the
    words of the report's hover titles); `technique_labels` and `claim_labels` are the full descriptions
    read out for each tag."""
    return {
        **finding_notes(doc),
        "technique_labels": [technique_words(t) for t in doc.techniques or []],
        "claim_labels": [claim_words(c) for c in doc.claims or []],
    }


def _bars(doc: Document) -> str:
    if doc.techniques is None:
        return ""
    rows = techniques_by_speaker(doc)
    return technique_bars(
        [
            Bar(r.label, r.counts, {k: _ANCHOR.format(layer="tec", index=i) for k, i in r.first.items()})
            for r in rows
        ],
        caption="Technique spans per voice: the author's own words, then each speaker",
    )


def _strip(doc: Document) -> str:
    lanes = finding_lanes(doc, lambda layer, i: _ANCHOR.format(layer=layer, index=i))
    if not lanes:
        return ""
    return position_strip(
        len(doc.text), lanes, caption="Where techniques, quotes and claims fall in the article, from start to end"
    )


def _actors(doc: Document) -> list[dict[str, Any]]:
    return [
        {
            "canonical": a.canonical,
            "label": a.label,
            "type": p.entity_type(a.label),
            "mentions": a.mentions,
            "variants": sorted(a.variants),
        }
        for a in actors(doc.entities or [])
        if a.label in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
    ][:40]


def _naming(doc: Document) -> list[dict[str, Any]]:
    """The rows of the report's "How actors are named" table (`actors.summary.naming_rows`)."""
    return [
        {"actor": r.actor, "names": list(r.names), "descriptions": list(r.descriptions)} for r in naming_rows(doc)
    ][:40]


def _claims(doc: Document) -> list[dict[str, Any]]:
    """The claims checklist's rows (`report.checklist`), highest score first, each with its index in
    the claims layer and the fields `ViewClaim` shows."""
    claims = doc.claims or []
    rows = checklist_rows((doc, c) for c in claims)
    order = sorted(range(len(claims)), key=lambda i: -claims[i].score)
    return [
        {"index": i, **{k: v for k, v in asdict(rows[i]).items() if k in ViewClaim.model_fields}} for i in order
    ]
