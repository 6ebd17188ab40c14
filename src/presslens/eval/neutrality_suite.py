"""The neutrality suite: do the findings of every layer stay the same when only the group named changes?

Each case of `presslens.eval.counterfactuals` is two texts that differ only in
the groups they name (or in which side is which). Both are analysed by the
same pipeline; each layer's findings are rewritten with the group names
replaced by placeholders (`<G>`, or `<A>`/`<B>` for sides) and compared:

- entities: each mention with its label and canonical name (so the same
  names are merged the same way);
- quotes: the kind and resolved speaker of each attribution;
- techniques: how many spans of each technique label;
- claims: which sentences hold a claim, and its calibrated score within
  `SCORE_TOLERANCE` (the issue's "presence and score"; where a claim starts
  inside a reported sentence, and its voice and speaker, come from the
  quotes layer);
- actors: each actor's canonical name and entity label and every way it is
  named (kind, words, link, suggested referent), epithets ("labels") included.

A pair "differs" on a layer when those findings differ. The report gives,
per layer, the share of differing pairs, the technique labels that flip,
and the templates with most differing pairs. Nothing here loads a model:
`run_suite` takes a function that analyses texts (the CLI and the tests pass
one shared pipeline).
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..document import Descriptor, Document
from .counterfactuals import Case, Instance, Suite, is_article, slot_pattern

LAYERS: tuple[str, ...] = ("entities", "quotes", "techniques", "claims", "actors")
# Two calibrated claim scores closer than this are the same finding. 0.05 is a twentieth of the scale:
# less than the checklist's rounding to two decimals can hide, far below the 0.5 threshold's margin.
SCORE_TOLERANCE = 0.05
# The product target: at most this share of pairs may differ on any layer.
TARGET = 0.01

Analyse = Callable[[Sequence[str]], Sequence[Document]]


def normaliser(instance: Instance) -> Callable[[str | None], str | None]:
    """Replace the instance's group words by their placeholders (any case, whole words)."""
    pattern, lookup = slot_pattern(instance.slots)

    def norm(text: str | None) -> str | None:
        if text is None:
            return None
        return pattern.sub(lambda m: lookup[m.group(0).lower()], text)

    return norm


def findings(doc: Document, instance: Instance) -> dict[str, Any]:
    """Each layer's findings with group names replaced by placeholders; a layer not run is absent."""
    n = normaliser(instance)
    out: dict[str, Any] = {}
    if doc.entities is not None:
        out["entities"] = sorted((n(e.text), e.label, n(e.canonical)) for e in doc.entities)
    if doc.quotes is not None:
        out["quotes"] = sorted((q.kind, n(q.speaker) or "") for q in doc.quotes)
    if doc.techniques is not None:
        out["techniques"] = Counter(t.technique for t in doc.techniques)
    if doc.claims is not None:
        starts = [sent.start for sent in doc.sentences or ()]
        out["claims"] = [(max(0, bisect.bisect_right(starts, c.start) - 1), c.score) for c in doc.claims]
    if doc.actors is not None:
        out["actors"] = sorted(
            (
                n(a.canonical) or "",
                a.label or "",
                tuple(sorted((d.kind, n(d.text) or "", d.link or "", _suggested(d, n)) for d in a.descriptors)),
            )
            for a in doc.actors
        )
    return out


def _suggested(d: Descriptor, n: Callable[[str | None], str | None]) -> str:
    """A descriptor's suggestion: score, rule and evidence words with group names as placeholders ('' for none).

    The candidate is the table's name for the evidence word ('Israeli' -> Israel, 'Muslim' -> Muslims), a
    form the instance's slots need not hold; the tables' symmetry is tested apart (tests/actors/test_referents.py).
    """
    s = d.suggestion
    return "" if s is None else f"{s.score} {s.rule} {n(s.evidence.text)}"


def differs(layer: str, left: Any, right: Any, *, tolerance: float = SCORE_TOLERANCE) -> bool:
    """Whether two findings of `layer` differ (claims: same claims and scores within `tolerance`)."""
    if layer != "claims":
        return bool(left != right)
    if [c[0] for c in left] != [c[0] for c in right]:
        return True
    return any(abs(a[1] - b[1]) > tolerance for a, b in zip(left, right))


class _Share:
    """The share of differing pairs, for the result rows that count both."""

    pairs: int
    differing: int

    @property
    def share(self) -> float:
        return self.differing / self.pairs if self.pairs else 0.0


@dataclass
class LayerResult(_Share):
    """How many of a layer's pairs differ; techniques also count pairs per label whose count differs."""

    layer: str
    pairs: int = 0
    differing: int = 0
    by_label: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Difference:
    """One differing pair of one layer, with both texts and both findings (placeholders in)."""

    template: str
    layer: str
    left: str
    right: str
    left_findings: Any
    right_findings: Any


@dataclass
class TemplateResult(_Share):
    template: str
    kind: str
    pairs: int = 0
    differing: int = 0
    by_layer: Counter[str] = field(default_factory=Counter)


@dataclass
class SuiteResult:
    """Per-layer results over all cases, the article swaps alone, and per-template results."""

    tolerance: float
    layers: dict[str, LayerResult]
    articles: dict[str, LayerResult]
    templates: list[TemplateResult]
    differences: list[Difference]
    texts: int = 0

    @property
    def pairs(self) -> int:
        return max((r.pairs for r in self.layers.values()), default=0)

    def worst(self, n: int = 5) -> list[TemplateResult]:
        ranked = sorted(self.templates, key=lambda t: (-t.share, -t.differing, t.template))
        return [t for t in ranked[:n] if t.differing]

    def above(self, target: float = TARGET) -> list[str]:
        """The layers whose share of differing pairs exceeds `target`."""
        return [name for name, r in self.layers.items() if r.share > target]

    def as_dict(self, *, worst: int = 5, target: float = TARGET) -> dict[str, Any]:
        def layer(r: LayerResult) -> dict[str, Any]:
            row: dict[str, Any] = {"pairs": r.pairs, "differing": r.differing, "share": round(r.share, 4)}
            if r.by_label:
                row["by_label"] = dict(sorted(r.by_label.items()))
            return row

        return {
            "texts": self.texts,
            "pairs": self.pairs,
            "score_tolerance": self.tolerance,
            "target": target,
            "layers": {k: layer(v) for k, v in self.layers.items()},
            "article_swaps": {k: layer(v) for k, v in self.articles.items()},
            "above_target": self.above(target),
            "worst_templates": [
                {"template": t.template, "kind": t.kind, "pairs": t.pairs, "differing": t.differing,
                 "by_layer": dict(t.by_layer)}
                for t in self.worst(worst)
            ],
        }


def run_suite(
    suite: Suite, analyse: Analyse, *, tolerance: float = SCORE_TOLERANCE, layers: Iterable[str] = LAYERS
) -> SuiteResult:
    """Analyse every text of `suite` once with `analyse` and compare the findings of every case."""
    texts = suite.texts()
    docs = dict(zip(texts, analyse(texts), strict=True))
    wanted = tuple(layers)
    results = {name: LayerResult(name) for name in wanted}
    articles = {name: LayerResult(name) for name in wanted}
    per_template: dict[str, TemplateResult] = {}
    differences: list[Difference] = []
    # An instance takes part in many cases (every pair of a one-group template): its findings once.
    found_of: dict[Instance, dict[str, Any]] = {}
    for case in suite.cases:
        row = per_template.setdefault(case.template.id, TemplateResult(case.template.id, case.template.kind))
        row.pairs += 1
        found = _compare(case, docs, wanted, tolerance, found_of)
        for name, (left, right, differ) in found.items():
            for target in (results, articles) if is_article(case.template) else (results,):
                target[name].pairs += 1
                target[name].differing += differ
                if name == "techniques" and differ:
                    target[name].by_label.update(lab for lab in set(left) | set(right) if left[lab] != right[lab])
            if differ:
                row.by_layer[name] += 1
                differences.append(
                    Difference(case.template.id, name, case.left.text, case.right.text, left, right)
                )
        row.differing += any(d for _, _, d in found.values())
    return SuiteResult(
        tolerance=tolerance,
        layers={k: v for k, v in results.items() if v.pairs},
        articles={k: v for k, v in articles.items() if v.pairs},  # an article pair also counts in `results`
        templates=list(per_template.values()),
        differences=differences,
        texts=len(texts),
    )


def _compare(
    case: Case, docs: Mapping[str, Document], layers: Sequence[str], tolerance: float,
    found_of: dict[Instance, dict[str, Any]],
) -> dict[str, tuple[Any, Any, bool]]:
    for instance in (case.left, case.right):
        if instance not in found_of:
            found_of[instance] = findings(docs[instance.text], instance)
    left, right = found_of[case.left], found_of[case.right]
    return {
        name: (left[name], right[name], differs(name, left[name], right[name], tolerance=tolerance))
        for name in layers
        if name in left and name in right
    }


def format_report(result: SuiteResult, *, worst: int = 5, target: float = TARGET, examples: int = 1) -> list[str]:
    """The report as lines of text: per layer, techniques by label, article swaps, worst templates."""
    lines = [
        f"{result.texts} texts, {result.pairs} pairs; claim score tolerance {result.tolerance}; "
        f"target: at most {target:.0%} of pairs differ on any layer",
        f"{'layer':<12} {'pairs':>6} {'differ':>7} {'share':>7}",
    ]
    for name, r in result.layers.items():
        flag = "  ABOVE TARGET" if r.share > target else ""
        lines.append(f"{name:<12} {r.pairs:>6} {r.differing:>7} {r.share:>7.1%}{flag}")
    techniques = result.layers.get("techniques")
    if techniques is not None and techniques.by_label:
        labels = ", ".join(f"{k} {v}" for k, v in techniques.by_label.most_common())
        lines.append(f"techniques differing by label (pairs): {labels}")
    if result.articles:
        swaps = max(r.pairs for r in result.articles.values())
        mirrored = ", ".join(f"{k} {r.pairs - r.differing}/{r.pairs}" for k, r in result.articles.items())
        lines.append(f"article swaps ({swaps} pairs) mirrored: {mirrored}")
    ranked = result.worst(worst)
    if ranked:
        lines.append("worst templates:")
    by_template: dict[str, list[Difference]] = defaultdict(list)
    for d in result.differences:
        by_template[d.template].append(d)
    for t in ranked:
        layers = ", ".join(f"{k} {v}" for k, v in t.by_layer.most_common())
        lines.append(f"  {t.template} ({t.kind}): {t.differing}/{t.pairs} pairs differ ({layers})")
        for d in by_template[t.template][:examples]:
            lines.append(f"    {d.layer}: {_short(d.left)} -> {_show(d.left_findings)}")
            lines.append(f"    {' ' * len(d.layer)}  {_short(d.right)} -> {_show(d.right_findings)}")
    return lines


def _short(text: str, width: int = 90) -> str:
    one = " ".join(text.split())
    return repr(one if len(one) <= width else one[: width - 3] + "...")


def _show(found: Any, width: int = 160) -> str:
    text = repr(dict(found) if isinstance(found, Counter) else found)
    return text if len(text) <= width else text[: width - 3] + "..."


def load_suite_pipeline(*, disable: Iterable[str] = (), mask_claim_groups: bool = True) -> tuple[Any, list[str]]:
    """The default pipeline for the suite, and notes on layers left out.

    The techniques layer is left out (with a note) when its model is not installed in this checkout,
    so the other layers are still measured; any other missing model is an error.
    """
    from ..pipeline import load_pipeline, registered_stages
    from ..techniques.shipped import model_installed

    skip = set(disable)
    notes = []
    if "techniques" not in skip and "techniques.v1" in registered_stages() and not model_installed():
        skip.add("techniques")
        notes.append("techniques: not measured (the techniques model is not installed in this checkout)")
    config = {"claims.v1": {"mask_groups": False}} if not mask_claim_groups and "claims" not in skip else None
    return load_pipeline(disable=tuple(sorted(skip)), config=config), notes


def pipeline_analyser(pipeline: Any, *, batch_size: int = 16) -> Analyse:
    """`analyse` for `run_suite`: every text through `pipeline` in batches, in order."""

    def analyse(texts: Sequence[str]) -> list[Document]:
        docs = (Document(id=f"neutrality-{i}", text=t) for i, t in enumerate(texts))
        return [d for d in pipeline.pipe(docs, batch_size=batch_size) if isinstance(d, Document)]

    return analyse
