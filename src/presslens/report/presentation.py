"""How findings are shown to people, in one place: names, colours, short codes, definitions.

Why one module: the HTML report, the corpus report and any web page must
name, colour and explain a technique the same way, or a reader who learns
"amber LL = loaded language" in one view is misled in the next. Everything
here is plain data plus a few small HTML fragments (the legend, a technique
chip, the stylesheet) that any page can drop in; nothing reads a Document.

Use it like this::

    from presslens.report import presentation as p

    p.technique_name("Name_Calling,Labeling")     # 'Name calling, labeling'
    p.technique_code("Name_Calling,Labeling")     # 'NC' (the tag shown beside a passage)
    p.technique_colour("Name_Calling,Labeling")   # '#f4a3a8' (same in every view)
    p.TECHNIQUES["Doubt"].definition               # one line, for a tooltip
    p.legend_html()                                # <section id="legend"> with all definitions
    p.technique_chip_html("Doubt")                 # coloured code + linked name
    p.stylesheet()                                 # CSS for all of the above (and the report)

Colour is never the only cue: every technique also has a two-letter `code`
printed beside its passages and in the charts, and every colour keeps body
text at WCAG AA contrast (`contrast_ratio`, checked by a test).

The definitions and example sentences are written for presslens; the
examples are invented and name no real person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from importlib import resources

from ..document import TECHNIQUE_LABELS

__all__ = [
    "CLAIM_COLOUR",
    "ENTITY_TYPES",
    "INK",
    "LAYER_STYLES",
    "QUOTE_INK",
    "SCORES",
    "TECHNIQUES",
    "TERMS",
    "VOICE_NAMES",
    "Definition",
    "LayerStyle",
    "contrast_ratio",
    "definition_id",
    "entity_type",
    "legend_html",
    "score_word",
    "stylesheet",
    "technique",
    "technique_chip_html",
    "technique_class",
    "technique_code",
    "technique_colour",
    "technique_css",
    "technique_name",
]

INK = "#1b1b1b"  # body text
QUOTE_INK = "#5b2180"  # text of quoted and paraphrased words (AA on every technique colour)
CLAIM_COLOUR = "#b4491a"  # wavy underline of claims, their marks in the strip


@dataclass(frozen=True)
class Definition:
    """One thing a reader may need explained: a technique or a term of the report.

    `key` is the exact label in the JSON contract ("Name_Calling,Labeling") or
    the term's key ("claim"); `code` is the short tag shown beside passages;
    `colour` is set for techniques only.
    """

    key: str
    name: str
    code: str
    definition: str
    example: str
    colour: str | None = None

    @property
    def anchor(self) -> str:
        """The id of this entry in `legend_html()`, for links: `#` + anchor."""
        return definition_id(self.key)


def _technique(key: str, name: str, code: str, colour: str, definition: str, example: str) -> Definition:
    return Definition(key, name, code, definition, example, colour)


# In TECHNIQUE_LABELS order. Colours: fourteen light hues far enough apart to tell
# side by side, each light enough for body text and quote text at WCAG AA.
_TECHNIQUES: tuple[Definition, ...] = (
    _technique(
        "Loaded_Language", "Loaded language", "LL", "#f6c85f",
        "Words chosen for the feelings they stir rather than for what they report.",
        "The council's reckless scheme will gut our beloved parks.",
    ),
    _technique(
        "Name_Calling,Labeling", "Name calling, labeling", "NC", "#f4a3a8",
        "A label pinned on a person or group so that readers judge the label, not what was done.",
        "The so-called experts behind the plan are career meddlers.",
    ),
    _technique(
        "Repetition", "Repetition", "RP", "#b8d98b",
        "The same word or message said again and again until it sticks.",
        "Jobs, jobs, jobs: this budget is about jobs, and only jobs.",
    ),
    _technique(
        "Doubt", "Doubt", "DO", "#9ecae1",
        "Questioning a person's honesty or competence to discredit them instead of their argument.",
        "Can we really trust a minister who has changed her mind twice this year?",
    ),
    _technique(
        "Exaggeration,Minimisation", "Exaggeration, minimisation", "EM", "#fdae6b",
        "Making something look far bigger, or far smaller, than the facts support.",
        "A two-euro fee rise is the greatest robbery in the town's history.",
    ),
    _technique(
        "Appeal_to_fear-prejudice", "Appeal to fear, prejudice", "FP", "#e4a9df",
        "Seeking support by raising alarm, or by playing on hostility already felt towards a group.",
        "If the bridge plan fails, no family in this town will be safe at night.",
    ),
    _technique(
        "Flag-Waving", "Flag-waving", "FW", "#c9b8f0",
        "Justifying a position by appeal to national or group pride rather than by its merits.",
        "Every true patriot will back the new harbour fund.",
    ),
    _technique(
        "Causal_Oversimplification", "Causal oversimplification", "CO", "#8fd3c7",
        "Pinning an outcome with many causes on a single one.",
        "Rents went up for one reason only: the new cycle lanes.",
    ),
    _technique(
        "Appeal_to_Authority", "Appeal to authority", "AA", "#dcc59e",
        "Treating a claim as settled because someone important said it, without the evidence.",
        "The plan is bound to work: a famous economist called it brilliant.",
    ),
    _technique(
        "Slogans", "Slogans", "SL", "#ffe680",
        "A short, catchy phrase standing in for an argument.",
        "Clean streets, safe streets!",
    ),
    _technique(
        "Whataboutism,Straw_Men,Red_Herring", "Whataboutism, straw man, red herring", "WS", "#a9c4f5",
        "Dodging criticism by pointing at the critic's faults, attacking a distorted version of "
        "their view, or changing the subject.",
        "Why ask about our budget when the last council wasted millions?",
    ),
    _technique(
        "Black-and-White_Fallacy", "Black-and-white fallacy", "BW", "#d3d3c4",
        "Offering two options as the only ones when others exist.",
        "Either we close the library or we raise taxes for every family.",
    ),
    _technique(
        "Thought-terminating_Cliches", "Thought-terminating cliché", "TC", "#f7b6d6",
        "A stock phrase that ends a discussion instead of answering it.",
        "Rules are rules, and that is the end of it.",
    ),
    _technique(
        "Bandwagon,Reductio_ad_hitlerum", "Bandwagon, reductio ad Hitlerum", "BR", "#a6e3a1",
        "Urging a view because everyone holds it, or rejecting it because a despised group holds it.",
        "Every other town has already signed up, so we should too.",
    ),
)
TECHNIQUES: dict[str, Definition] = {d.key: d for d in _TECHNIQUES}
assert tuple(TECHNIQUES) == TECHNIQUE_LABELS, "presentation must cover the 14 labels in model order"

TERMS: dict[str, Definition] = {
    d.key: d
    for d in (
        Definition(
            "claim", "Check-worthy claim", "claim",
            "A statement of fact that can be verified and would matter if it were wrong; "
            "opinions, questions and predictions are not claims.",
            "Unemployment in the region fell to 4% last year.",
        ),
        Definition(
            "direct", "Direct quote", "direct",
            "A speaker's own words, inside quotation marks.",
            'The mayor said: "We will reopen the pool in May."',
        ),
        Definition(
            "indirect", "Indirect quote", "indirect",
            "A speaker's words reported in the writer's words, without quotation marks.",
            "The mayor said the pool would reopen in May.",
        ),
        Definition(
            "mixed", "Mixed quote", "mixed",
            "A report in the writer's words with some of the speaker's own words in quotation marks.",
            'The mayor said the pool would reopen "no later than May".',
        ),
        Definition(
            "voice", "Voice", "voice",
            "Whose words a passage is: the author's (the outlet's own), a speaker's quoted inside "
            "quotation marks, or a speaker's paraphrased without them.",
            'Officials called the fee "unfair": the word unfair is in the officials\' quoted voice, '
            "the rest in the author's.",
        ),
    )
}

# What a score means, per layer that has one.
SCORES: dict[str, str] = {
    "techniques": (
        "How likely it is that a trained annotator would mark this passage with this technique, "
        "from 0 to 1: of passages scored 0.3, roughly 3 in 10 are. Calibrated on held-out "
        "annotated news; low scores are leads to read, not verdicts."
    ),
    "claims": (
        "How likely the sentence is a check-worthy factual claim, from 0 to 1; only sentences at 0.5 "
        "or above are listed. Calibrated on political debate transcripts, so in news read it as a "
        "ranking: check the highest first."
    ),
}

VOICE_NAMES: dict[str, str] = {
    "author": "the author's own words",
    "quoted": "quoted (inside quotation marks)",
    "paraphrased": "paraphrased (without quotation marks)",
}

# spaCy/OntoNotes entity labels as a reader says them; the label itself stays in JSON.
ENTITY_TYPES: dict[str, str] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "location",
    "FAC": "facility",
    "NORP": "group",
    "EVENT": "event",
    "LAW": "law",
    "PRODUCT": "product",
    "WORK_OF_ART": "work",
    "LANGUAGE": "language",
}


@dataclass(frozen=True)
class LayerStyle:
    """How a layer is marked in the article: a colour and the cue that is not colour."""

    colour: str
    cue: str


LAYER_STYLES: dict[str, LayerStyle] = {
    "sentences": LayerStyle("#e6e0cc", "alternate sentences shaded"),
    "entities": LayerStyle("#2b6cb0", "solid underline"),
    "times": LayerStyle("#2f7d4f", "dashed box"),
    "quotes": LayerStyle(QUOTE_INK, "purple italic words; speaker in bold"),
    "techniques": LayerStyle("#d69e2e", "coloured background and a code tag (LL, NC, ...) after the passage"),
    "candidates": LayerStyle(
        "#8a6d3b", "dashed underline and a code tag with a question mark (AF?); off until switched on: low precision"
    ),
    "claims": LayerStyle(CLAIM_COLOUR, "wavy underline and a 'claim' tag after the sentence"),
}


def technique(label: str) -> Definition:
    """The definition of a PTC `label`; ValueError naming the valid labels for anything else."""
    try:
        return TECHNIQUES[label]
    except KeyError:
        raise ValueError(f"unknown technique {label!r}; valid: {', '.join(TECHNIQUE_LABELS)}") from None


def technique_name(label: str) -> str:
    """The readable name: "Appeal_to_fear-prejudice" -> "Appeal to fear, prejudice"."""
    return technique(label).name


def technique_code(label: str) -> str:
    """The two-letter tag: "Loaded_Language" -> "LL"."""
    return technique(label).code


def technique_colour(label: str) -> str:
    """The one colour of a technique (`#rrggbb`), the same in every view."""
    colour = technique(label).colour
    assert colour is not None
    return colour


def definition_id(key: str) -> str:
    """The legend entry id of a technique label or term key: "def-LL", "def-claim"."""
    return f"def-{TECHNIQUES[key].code}" if key in TECHNIQUES else f"def-{key}"


def entity_type(label: str) -> str:
    """"GPE" -> "place"; an unknown label is shown as it is, in lower case."""
    return ENTITY_TYPES.get(label, label.lower())


def score_word(score: float) -> str:
    """A word for a 0..1 score, said beside the number: high (>= 0.7), medium (>= 0.4) or low."""
    return "high" if score >= 0.7 else "medium" if score >= 0.4 else "low"


def _luminance(colour: str) -> float:
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb` colours (AA asks 4.5 for text, 3 for graphics)."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


# ---------------------------------------------------------------------------------------------
# HTML fragments any page can use. Every string is escaped; none comes from an article.


def technique_css() -> str:
    """CSS classes `.t0` ... `.t13` (by TECHNIQUE_LABELS index): background of passages, chips and tags."""
    return "\n".join(f".t{i} {{ --tc: {d.colour}; }}" for i, d in enumerate(_TECHNIQUES))


def technique_class(label: str) -> str:
    """The CSS class carrying a technique's colour ("t0" ... "t13")."""
    technique(label)
    return f"t{TECHNIQUE_LABELS.index(label)}"


def technique_chip_html(label: str, *, link: bool = True) -> str:
    """The technique's code on its colour, then its name, linked to its legend entry.

    The name's title attribute holds the definition, so it is one hover away;
    the link makes it one click (or one Enter) away.
    """
    d = technique(label)
    chip = f'<span class="chip {technique_class(label)}" aria-hidden="true">{d.code}</span>'
    name = escape(d.name)
    if link:
        name = f'<a href="#{d.anchor}" title="{escape(d.definition, quote=True)}">{name}</a>'
    return f'<span class="tname">{chip}{name}</span>'


def legend_html(*, techniques: Iterable[str] | None = None, heading: str = "How to read this report") -> str:
    """The legend: each technique (all 14, or `techniques` in that order) with its code, colour,
    definition and an example; then the terms (claim, quote kinds, voice) and what scores mean.

    Entries have ids `definition_id(key)`, so passages and tables link to them.
    """
    labels = list(TECHNIQUE_LABELS if techniques is None else techniques)
    items = []
    for label in labels:
        d = technique(label)
        items.append(
            f'<div class="entry" id="{d.anchor}"><dt>'
            f'<span class="chip {technique_class(label)}">{d.code}</span> {escape(d.name)}</dt>'
            f'<dd>{escape(d.definition)} <span class="example">For example: {escape(d.example)}</span></dd></div>'
        )
    terms = "".join(
        f'<div class="entry" id="{d.anchor}"><dt>{escape(d.name)}</dt>'
        f'<dd>{escape(d.definition)} <span class="example">For example: {escape(d.example)}</span></dd></div>'
        for d in TERMS.values()
    )
    scores = "".join(
        f'<div class="entry" id="def-score-{key}"><dt>Score of a {"technique" if key == "techniques" else "claim"}</dt>'
        f"<dd>{escape(text)}</dd></div>"
        for key, text in SCORES.items()
    )
    return (
        f'<section class="legend" id="legend" aria-labelledby="legend-h"><h2 id="legend-h">{escape(heading)}</h2>'
        '<h3>Persuasion techniques</h3>'
        "<p>The 14 techniques of the Propaganda Techniques Corpus (PTC). Each is marked in the article by "
        "its colour and by its two-letter code after the passage. A code with a question mark (LL?) and a "
        "dashed underline mark a candidate: a passage flagged for a technique the model got right less than 30% "
        "of the time when tested, hidden until the Candidates switch is on. A passage without a mark may still "
        "use a technique: the shown spans find about a quarter of those trained annotators mark.</p>"
        f'<dl class="defs techniques">{"".join(items)}</dl>'
        f'<h3>Quotes, voices and claims</h3><dl class="defs">{terms}</dl>'
        f'<h3>Scores</h3><dl class="defs">{scores}</dl></section>'
    )


def stylesheet() -> str:
    """The report's CSS (report.css) followed by the technique colours: one `<style>` for any page."""
    css = resources.files("presslens.report").joinpath("report.css").read_text(encoding="utf-8")
    return f"{css}\n{technique_css()}\n"
