"""Read the PolNeAR attribution corpus (brat standoff) into gold attributions.

Why a reader of its own: PolNeAR is the only open corpus that marks indirect
speech and paraphrase beside direct quotes, with source, cue and content
spans, so it is what the quotes layer is learned and measured on.

Format (see ../shared/data/polnear/ORIGINAL-README.md): `text/<name>.txt`
and `attributions/<name>_<annotator>.ann`. `T` lines are spans
(`T3<TAB>Content 115 290;300 310<TAB>text`, fragments separated by `;`),
`E` lines tie one attribution's `Source`, `Cue`, `Content` (and sometimes
`Content2`) together. Offsets are code points into the text read as UTF-8
with `newline=''`; the reader checks every span against the text.

`evaluate_polnear` runs presslens (base, entities, the encoder pass and
quotes: the rules corrected by the learned head, as shipped) and the textacy
peer on the same texts; the scores are defined in `attribution_scores`.

Choice of annotator: a few texts have one `.ann` file per annotator; the
reader takes the first file in sorted file-name order, so every run scores
against the same gold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..document import Document, Quote
from ..errors import InputError, StageError
from ..pipeline import Pipeline, load_pipeline
from .attribution_scores import AttributionScores, Fragments, GoldAttribution, PredictedAttribution


@dataclass(frozen=True)
class PolnearText:
    """One article with its gold attributions (from one annotator)."""

    name: str
    text: str
    annotator: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def read_polnear(directory: str | Path) -> list[PolnearText]:
    """Read every article of one PolNeAR compartment (`train/` or `dev/`), sorted by name."""
    root = Path(directory)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(
            str(root),
            "not a PolNeAR compartment: expected the folders text/ and attributions/ inside it "
            "(e.g. ../shared/data/polnear/dev)",
        )
    ann_files: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        name, _, _annotator = ann.stem.rpartition("_")
        ann_files.setdefault(name, []).append(ann)
    texts: list[PolnearText] = []
    for txt in sorted(text_dir.glob("*.txt")):
        files = ann_files.get(txt.stem)
        if not files:
            continue
        with open(txt, encoding="utf-8", newline="") as handle:
            text = handle.read()
        first = files[0]
        texts.append(
            PolnearText(
                name=txt.stem,
                text=text,
                annotator=first.stem.rpartition("_")[2],
                attributions=parse_ann(first.read_text(encoding="utf-8"), text, source=str(first)),
            )
        )
    if not texts:
        raise InputError(str(root), "no article in text/ has an annotation file in attributions/")
    return texts


def parse_ann(ann: str, text: str, *, source: str = "<ann>") -> list[GoldAttribution]:
    """Parse one brat file; attributions without a content span are skipped (nothing to match)."""
    spans: dict[str, tuple[str, Fragments]] = {}
    events: list[list[tuple[str, str]]] = []
    for lineno, line in enumerate(ann.splitlines(), 1):
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            label, _, offsets = parts[1].partition(" ")
            frags = _fragments(offsets, text, source, lineno)
            if frags is not None:
                spans[parts[0]] = (label, frags)
        elif line.startswith("E"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            pairs = [a.split(":", 1) for a in parts[1].split() if ":" in a]
            events.append([(role, ref) for role, ref in pairs])
    out: list[GoldAttribution] = []
    for args in events:
        roles: dict[str, list[tuple[int, int]]] = {"Content": [], "Cue": [], "Source": []}
        for role, ref in args:
            key = role.rstrip("0123456789")
            if key in roles and ref in spans:
                roles[key].extend(spans[ref][1])
        if roles["Content"]:
            out.append(
                GoldAttribution(
                    content=tuple(sorted(roles["Content"])),
                    cue=tuple(sorted(roles["Cue"])),
                    source=tuple(sorted(roles["Source"])),
                )
            )
    return out


def _fragments(offsets: str, text: str, source: str, lineno: int) -> Fragments | None:
    frags: list[tuple[int, int]] = []
    for piece in offsets.split(";"):
        nums = piece.split()
        if len(nums) != 2 or not all(n.isdigit() for n in nums):
            return None
        start, end = int(nums[0]), int(nums[1])
        if not 0 <= start <= end <= len(text):
            raise InputError(
                f"{source}:{lineno}",
                f"span ({start}, {end}) lies outside the text of {len(text)} characters; "
                "read the text with newline='' and check the file pair",
            )
        frags.append((start, end))
    return tuple(frags)


@dataclass
class PolnearEvaluation:
    """Scores of presslens and of the textacy peer on the same texts (`textacy` None: not installed)."""

    presslens: AttributionScores
    textacy: AttributionScores | None


def quotes_to_predictions(quotes: list[Quote]) -> list[PredictedAttribution]:
    """The `quotes` layer as scorer input (one prediction per content piece)."""
    return [
        PredictedAttribution(
            content=((q.content.start, q.content.end),),
            cue=((q.cue.start, q.cue.end),) if q.cue is not None else (),
            source=((q.source.start, q.source.end),) if q.source is not None else (),
            kind=q.kind,
            speaker=q.speaker,
        )
        for q in quotes
    ]


# What ships: the rules corrected by the learned head on the shared encoder pass.
SHIPPED_STAGES = ["parse.v1", "entities.v1", "encoder.v1", "quotes.v1"]
# The attribution rules alone (no encoder pass, so no learned head).
RULES_STAGES = ["parse.v1", "entities.v1", "quotes.v1"]


def evaluate_polnear(
    texts: list[PolnearText], *, pipeline: Pipeline | None = None, batch_size: int = 8
) -> PolnearEvaluation:
    """Run the quotes pipeline and textacy on every text and score both against the gold.

    textacy crashes (it raises on unbalanced quotation marks, among others) are
    counted in `textacy.crashes` and scored as texts with no predictions; when
    textacy is not installed, only presslens is scored (`textacy` is None).
    """
    from .textacy_peer import textacy_attributions, textacy_installed

    pipe = pipeline if pipeline is not None else load_pipeline(SHIPPED_STAGES)
    ours = AttributionScores()
    peer = AttributionScores() if textacy_installed() else None
    docs = (Document(id=t.name, text=t.text) for t in texts)
    for gold, doc in zip(texts, pipe.pipe(docs, batch_size=batch_size)):
        if isinstance(doc, StageError):
            raise doc
        ours.add(gold.text, gold.attributions, quotes_to_predictions(doc.quotes or []))
        if peer is None:
            continue
        try:
            predicted = textacy_attributions(doc.parsed)
        except Exception:  # the peer's failures are data for the report, not ours to fix
            peer.crashes += 1
            predicted = []
        peer.add(gold.text, gold.attributions, predicted)
    return PolnearEvaluation(presslens=ours, textacy=peer)
