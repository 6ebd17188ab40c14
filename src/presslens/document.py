"""The one data model every stage annotates: a `Document` and its typed span layers.

Why this shape: users must be able to check every finding against the exact
characters of the article, so every annotation is a `(start, end)` pair of
Python string offsets (code points, `end` exclusive) into `Document.text`, the
exact analysed string. Each span also carries its `text`, but only as a
convenience copy for JSON readers: a `Document` refuses any span whose `text`
is not `Document.text[start:end]`, so the two can never drift apart.

Layers are optional. A layer that no stage has produced is `None` and is
absent from the JSON output (not an empty list), so downstream users can tell
"nothing found" from "not analysed".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

SCHEMA_VERSION = "2.1"
_SURROGATE = re.compile("[\ud800-\udfff]")


def unpaired_surrogate_at(value: str) -> int | None:
    """Offset of the first lone surrogate in `value` (legal in a JSON string, never in UTF-8), else None.

    The one check every entry point shares (the `Document` model, the readers, the API):
    such a character cannot be written by any output, and a JSON round trip would merge two
    of them into one character and shift every offset after it.
    """
    match = _SURROGATE.search(value)
    return None if match is None else match.start()


def surrogate_problem(value: str) -> str | None:
    """What is wrong with `value` when it holds a lone surrogate, in the words every entry point uses; else None.

    The one check and the one message of the library, the readers and the web API (which put the
    field's name before it).
    """
    at = unpaired_surrogate_at(value)
    if at is None:
        return None
    return (
        f"holds an unpaired surrogate {value[at]!r} at character {at}; a character from \\ud800 to \\udfff must be "
        "half of a high-low pair (a JSON escape like \\ud83d\\ude00): fix or remove it, or decode the source "
        "with errors='replace'"
    )


def surrogate_field(fields: dict[str, Any]) -> str | None:
    """The message `<field> holds an unpaired surrogate ...` for the first of `fields` holding one, else None.

    For the entry points that check several fields (a JSONL record, a web request, an HTML page's
    text and metadata) before building a `Document`, so the message names the field.
    """
    for field, value in fields.items():
        problem = surrogate_problem(value) if isinstance(value, str) else None
        if problem is not None:
            return f"{field} {problem}"
    return None


def text_id(text: str) -> str:
    """The id of a text given without one: "text-" and the start of its sha256.

    The library, the web API and its page name an unnamed text alike; two texts get different ids
    (and file names when saved), the same text always the same one.
    """
    return "text-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


DateSource = Literal["metadata", "url", "text", "feed", "given"]
"""Where a publication date came from (see `Document.published_from`)."""

# Layer names are part of the JSON contract: never rename them.
SENTENCES = "sentences"
TOKENS = "tokens"
ENTITIES = "entities"
TIMES = "times"
QUOTES = "quotes"
TECHNIQUES = "techniques"
CLAIMS = "claims"
VOICES = "voices"
ACTORS = "actors"
LAYERS: tuple[str, ...] = (SENTENCES, TOKENS, ENTITIES, TIMES, QUOTES, TECHNIQUES, CLAIMS, VOICES, ACTORS)
# Layers written to JSON by default; tokens are opt-in because they dominate output size.
DEFAULT_OUTPUT_LAYERS: tuple[str, ...] = (SENTENCES, ENTITIES, TIMES, QUOTES, TECHNIQUES, CLAIMS, VOICES, ACTORS)
# The spaCy parse that the parse stage makes and later stages read. Stages declare it like a
# layer (requires=(PARSE, ...)) so the dependency is visible, but it lives only in memory.
PARSE = "parse"
# The mentions that name a group (country, people, religion, party, organisation, place): a span
# layer made once by the entities stage and read by every stage that must treat groups alike
# (techniques and claims mask them). Declared like a layer, kept in memory like the parse.
GROUPS = "groups"
# One pass of the shared MiniLM encoder over the article (token probabilities of the technique
# channels and token vectors for the attribution head): made once by the encoder stage and read
# by the quotes and techniques stages, so the article is encoded once. Kept in memory like the parse.
ENCODER_PASS = "encoder_pass"
# Layers that live only in memory: never written out, never stored, made again when needed.
MEMORY_LAYERS: tuple[str, ...] = (PARSE, GROUPS, ENCODER_PASS)

# Which lane of the techniques layer a span is in (see Technique.lane).
TechniqueLane = Literal["shown", "candidate"]
TechniqueLabel = Literal[
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Doubt",
    "Exaggeration,Minimisation",
    "Appeal_to_fear-prejudice",
    "Flag-Waving",
    "Causal_Oversimplification",
    "Appeal_to_Authority",
    "Slogans",
    "Whataboutism,Straw_Men,Red_Herring",
    "Black-and-White_Fallacy",
    "Thought-terminating_Cliches",
    "Bandwagon,Reductio_ad_hitlerum",
]
# The 14 PTC labels in the order the technique model's head outputs them.
TECHNIQUE_LABELS: tuple[str, ...] = get_args(TechniqueLabel)
# Whose voice a finding is in: the outlet's own words, a source's words inside quotation
# marks, or a source's words reported without them. `speaker` beside it is the canonical
# name of a named source, and null both for the author and for an unnamed source.
Voice = Literal["author", "quoted", "paraphrased"]
QuoteKind = Literal["direct", "indirect", "mixed"]
# How a quote's speaker was found: a name in the source ("Jane Roe said"), a name in
# apposition ("the mayor, Jane Roe,"), the noun a "who said" hangs on, a pronoun or a definite
# description resolved to the most recent compatible referent, the possessor of "his spokesman",
# the last speaker for "the letter", or turn-taking ("..., she added"; quotations that go on).
SpeakerResolution = Literal[
    "name", "apposition", "relative", "pronoun", "description", "possessor", "document", "continuation"
]
# How an article refers to an actor (see `Descriptor`), and the evidence that links a reference to it.
DescriptorKind = Literal["name", "apposition", "description", "label"]
LinkKind = Literal["name", "apposition", "title", "coreference", "modifier", "role", "repeat"]
# Which table said what a modifier stands for (`Suggestion.rule`, `presslens.actors.referents`).
SuggestionRule = Literal["metonym", "demonym"]


VOICE_DESCRIPTION = (
    "author: the outlet's own words; quoted: a source's words inside quotation marks; "
    "paraphrased: a source's words reported without them."
)
SPEAKER_DESCRIPTION = (
    "Canonical name of the source speaking; null for the author and for a source "
    "not resolved to a named actor."
)
SOURCE_DESCRIPTION = (
    "The source as the article names it (the quote's source span, e.g. 'ICE officials'); "
    "null for the author and when the quote names no source."
)


_S = TypeVar("_S", bound="Span")


class Span(BaseModel):
    """A character span into `Document.text`; `end` is exclusive.

    Build spans with `Span.of(text, start, end, ...)` so that `text` is sliced
    from the document rather than typed twice.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0, description="Offset of the first character (code points).")
    end: int = Field(ge=0, description="Offset one past the last character (exclusive).")
    text: str = Field(description="Copy of document.text[start:end], for convenience.")

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"span text {self.text!r} has length {len(self.text)}, "
                f"but start={self.start} and end={self.end} give {self.end - self.start}"
            )
        return self

    @classmethod
    def of(cls: type[_S], text: str, start: int, end: int, **fields: Any) -> _S:
        """Create a span whose `text` is sliced from the document `text`."""
        if not 0 <= start <= end <= len(text):
            raise ValueError(
                f"span ({start}, {end}) lies outside a text of {len(text)} characters"
            )
        return cls(start=start, end=end, text=text[start:end], **fields)

    def sub_spans(self) -> list[Span]:
        """Spans nested inside this item (quote parts, claim parts), for validation."""
        return []


def strip_span(
    text: str, start: int, end: int, *, drop: str | Callable[[str], bool] = str.isspace
) -> tuple[int, int]:
    """Offsets of `text[start:end]` with edge characters removed, so a span cites words, not spaces.

    `drop` says which edge characters go: a predicate (white space by default,
    `lambda c: not c.isalnum()` for letters and digits only) or a string of
    characters (quotation marks and punctuation for claims and attributions).
    """
    dropped = drop.__contains__ if isinstance(drop, str) else drop
    while start < end and dropped(text[start]):
        start += 1
    while end > start and dropped(text[end - 1]):
        end -= 1
    return start, end


class Sentence(Span):
    """One sentence as segmented by the parse stage."""


class GroupName(Span):
    """A mention that names a group, with the entity label that says which kind (GPE, NORP, ORG, LOC).

    An in-memory layer (`GROUPS`), never part of the JSON output.
    """

    label: str


class Token(Span):
    """One token with its coarse part of speech (opt-in output layer)."""

    pos: str


class Entity(Span):
    """A named-entity mention with the canonical name of the actor it refers to."""

    label: str = Field(description="spaCy/OntoNotes label: PERSON, ORG, GPE, NORP, ...")
    canonical: str = Field(
        description="One name per actor within the article: variants, surnames and titles merged."
    )


class TimeExpression(Span):
    """A date or relative time expression, normalised when possible."""

    label: Literal["DATE", "TIME"]
    value: str | None = Field(
        description=(
            "ISO 8601 value resolved against the publication date: YYYY-MM-DD for a day, "
            "YYYY-Www for a week, YYYY-MM for a month, YYYY for a year; "
            "a time of day adds THH:MM. null when it cannot be resolved."
        )
    )
    anchored: bool = Field(
        description="True when a relative expression was resolved against a known publication date."
    )


class Part(Span):
    """A part of a larger finding (a quote's cue, a claim's quantity)."""


class Quote(Span):
    """One attribution: who (source) says (cue) what (content). The span covers all parts."""

    content: Part
    cue: Part | None
    source: Part | None
    speaker: str | None = Field(description="Canonical name of the speaking actor, when resolved.")
    kind: QuoteKind
    resolved_by: SpeakerResolution | None = Field(
        default=None,
        description="How the speaker was resolved: name (a name in the source), apposition, relative "
        "(the noun a 'who said' hangs on), pronoun, description ('the minister'), possessor ('his spokesman'), "
        "document ('the letter': its last speaker) or continuation ('..., she added'; a quotation that goes on). "
        "Null when the speaker is null: the source is unnamed or the evidence too weak to name one.",
    )

    def sub_spans(self) -> list[Span]:
        return [p for p in (self.content, self.cue, self.source) if p is not None]


class Technique(Span):
    """A span using one of the 14 propaganda techniques of the PTC corpus."""

    technique: TechniqueLabel
    score: float = Field(ge=0.0, le=1.0)
    voice: Voice = Field(description=VOICE_DESCRIPTION)
    speaker: str | None = Field(default=None, description=SPEAKER_DESCRIPTION)
    source: Part | None = Field(default=None, description=SOURCE_DESCRIPTION)
    lane: TechniqueLane = Field(
        default="shown",
        description=(
            "shown: at its technique's display threshold, for readers; candidate: a switchable lane of spans "
            "whose technique (or rule) was right less than 30% of the time at that threshold in "
            "cross-validation (see the techniques MODEL_CARD.md), or, with --min-score/--all-spans, under it."
        ),
    )

    def sub_spans(self) -> list[Span]:
        return [self.source] if self.source is not None else []


class Claim(Span):
    """A check-worthy factual claim with the parts a fact-checker must verify."""

    score: float = Field(ge=0.0, le=1.0)
    voice: Voice = Field(description=VOICE_DESCRIPTION)
    speaker: str | None = Field(default=None, description=SPEAKER_DESCRIPTION)
    source: Part | None = Field(default=None, description=SOURCE_DESCRIPTION)
    quantities: list[Part] = Field(default_factory=list)
    entities: list[Part] = Field(default_factory=list)
    times: list[Part] = Field(default_factory=list)

    def sub_spans(self) -> list[Span]:
        return [*([self.source] if self.source is not None else []), *self.quantities, *self.entities, *self.times]


class VoiceSummary(BaseModel):
    """One voice of an article: a speaker (or the author) with what they say and the techniques in it.

    Derived from the `quotes` and `techniques` layers by `presslens.voices.summary.summarize`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    voice: Literal["author", "source"] = Field(
        description="author: the outlet's own words; source: what one speaker (or the unnamed sources) says."
    )
    speaker: str | None = Field(
        description="Canonical name of the speaker; null for the author and for sources not resolved "
        "to a named actor (all of them together in one row)."
    )
    attributions: int = Field(ge=0, description="Attributions (quote items) in this voice.")
    words: int = Field(ge=0, description="Words in this voice (for the author: words outside every quote).")
    quoted_words: int = Field(ge=0)
    paraphrased_words: int = Field(ge=0)
    quoted: list[Part] = Field(default_factory=list, description="Content inside quotation marks.")
    paraphrased: list[Part] = Field(default_factory=list, description="Content reported without quotation marks.")
    techniques: dict[TechniqueLabel, int] = Field(default_factory=dict, description="Technique label -> spans in this voice.")

    def sub_spans(self) -> list[Span]:
        return [*self.quoted, *self.paraphrased]


class Suggestion(BaseModel):
    """A candidate referent for a label or description, from a word inside it: a suggestion, not a link."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    candidate: str = Field(
        description="Canonical name the phrase plausibly stands for: the article's own name for that group "
        "when it names it, else the name in the lexicon ('Israel' for 'the Zionist regime')."
    )
    score: float = Field(
        ge=0.0, le=1.0,
        description="0.9 when the article itself names the candidate, 0.6 when only the lexicon does (set by hand).",
    )
    rule: SuggestionRule = Field(
        description="metonym: a seat of government or ideology word ('Kremlin', 'Kyiv', 'Zionist'); "
        "demonym: a people, adjective or party word ('Israeli', 'Tory')."
    )
    evidence: Part = Field(description="The modifier words inside the phrase that name the candidate.")


class Descriptor(Span):
    """One way the article refers to an actor: a name, an apposition, a description or a label."""

    kind: DescriptorKind = Field(
        description=(
            "name: a named mention ('Haniyah'); apposition: a noun phrase set beside a name "
            "('head of the movement' in 'X, head of the movement,'); description: a role or group noun "
            "phrase naming the actor without its name ('the Hamas leader'); label: an epithet, a description "
            "with an evaluative noun or adjective ('the Zionist enemy', 'the occupiers')."
        )
    )
    head: str = Field(description="Lower-cased lemma of the phrase's head noun ('' for names).")
    link: LinkKind | None = Field(
        description=(
            "Evidence for the link to the actor: name (the mention itself), apposition, title (a role written "
            "before the name: 'Army spokesman Ivo Marek'), coreference (the resolved source of a quote, or "
            "'its'/'their' whose clause has the actor as subject: 'the government said its troops'), modifier "
            "(the actor's name modifies a group or state noun: 'the Israeli government'), role (the same "
            "person leads both: 'head of X' and 'the Y leader' make X the description of Y), repeat (the same "
            "phrase, or the same role or group noun earlier, linked to one actor only); "
            "null when the text does not support a link."
        )
    )
    voice: Voice = Field(description=VOICE_DESCRIPTION)
    speaker: str | None = Field(default=None, description=SPEAKER_DESCRIPTION)
    source: Part | None = Field(default=None, description=SOURCE_DESCRIPTION)
    suggestion: Suggestion | None = Field(
        default=None,
        description="A suggested referent, separate from `link`: the group a modifier inside the phrase stands "
        "for ('Kremlin' in 'the Kremlin regime' -> Russia), when it differs from the linked actor; null otherwise.",
    )

    def sub_spans(self) -> list[Span]:
        parts: list[Span] = [self.source] if self.source is not None else []
        return parts + ([self.suggestion.evidence] if self.suggestion is not None else [])


class Actor(BaseModel):
    """Every way one article refers to one actor; the row with `canonical` null lists unlinked descriptions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    canonical: str | None = Field(
        description="The actor's canonical name in this article (as in `entities`); null for the row of "
        "descriptions and labels the text links to no named actor."
    )
    label: str | None = Field(description="Entity label of the actor (PERSON, ORG, GPE, NORP, ...); null for the unlinked row.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other canonical names the text itself equates with this one ('Al-Quds (Jerusalem)').",
    )
    descriptors: list[Descriptor] = Field(default_factory=list, description="Every reference, in text order.")

    def sub_spans(self) -> list[Span]:
        return [span for d in self.descriptors for span in (d, *d.sub_spans())]


class Document(BaseModel):
    """An article and its annotation layers.

    `text` is never changed after creation: stages add layers with
    `with_layer`, which returns a new document and validates the new spans.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: str = SCHEMA_VERSION
    id: str
    text: str
    title: str | None = None
    source: str | None = Field(default=None, description="Outlet or publisher.")
    url: str | None = Field(default=None, description="The page's address: as given when fetched, else as the page names it.")
    published: dt.date | None = None
    published_from: DateSource | None = Field(
        default=None,
        description="Where `published` came from: metadata (the page's meta tags, JSON-LD or time elements), "
        "url (a date in its address), text (a dateline), feed (the feed item), given (the user); "
        "null when unknown or not recorded.",
    )
    authors: list[str] | None = Field(
        default=None, description="The byline: author names as the page or feed gives them; null when it names none."
    )
    canonical_url: str | None = Field(default=None, description="The address the page declares as its own (rel=canonical).")
    site_name: str | None = Field(default=None, description="The site's name as the page declares it (og:site_name).")
    final_url: str | None = Field(
        default=None, description="Where a fetched page was read after redirects (null when not fetched)."
    )
    redirects: list[str] | None = Field(
        default=None, description="Each address a fetch was redirected through, in order (null when not fetched)."
    )
    fetched_at: dt.datetime | None = Field(
        default=None, description="When the page's bytes were fetched (UTC; a cached copy keeps its time)."
    )
    language: str = "en"
    encoding: str | None = Field(
        default=None,
        description="Character encoding the input bytes were decoded from (null for text given as a string).",
    )
    pipeline: list[str] = Field(
        default_factory=list, description="Versioned names of the stages that produced the layers."
    )

    sentences: list[Sentence] | None = None
    tokens: list[Token] | None = None
    entities: list[Entity] | None = None
    times: list[TimeExpression] | None = None
    quotes: list[Quote] | None = None
    techniques: list[Technique] | None = None
    claims: list[Claim] | None = None
    voices: list[VoiceSummary] | None = Field(
        default=None, description="Per-speaker summary derived from quotes and techniques (absent if not computed)."
    )
    actors: list[Actor] | None = Field(
        default=None,
        description="How the article names each actor: names, appositions, descriptions and labels, with voices.",
    )

    # Runtime-only cache of the parsed spaCy Doc shared by stages; never serialised.
    _parsed: Any = PrivateAttr(default=None)
    # The in-memory `groups` layer (see GROUPS); never serialised.
    _groups: list[GroupName] | None = PrivateAttr(default=None)
    # The in-memory `encoder_pass` layer (see ENCODER_PASS); never serialised.
    _encoder_pass: Any = PrivateAttr(default=None)

    @field_validator("id", "text", "title", "source", "url", "canonical_url", "site_name", "final_url")
    @classmethod
    def _no_surrogates(cls, value: str | None) -> str | None:
        """Refuse unpaired surrogates (see `unpaired_surrogate_at`)."""
        problem = None if value is None else surrogate_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("authors", "redirects")
    @classmethod
    def _no_surrogates_in_lists(cls, value: list[str] | None) -> list[str] | None:
        for item in value or ():
            problem = surrogate_problem(item)
            if problem is not None:
                raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _spans_match_text(self) -> Document:
        for name in LAYERS:
            items = getattr(self, name)
            if items is None:
                continue
            for item in items:
                spans = (item, *item.sub_spans()) if isinstance(item, Span) else item.sub_spans()
                for span in spans:
                    self._check_span(name, span)
        return self

    def _check_span(self, layer: str, span: Span) -> None:
        if span.end > len(self.text):
            raise ValueError(
                f"{layer} span ({span.start}, {span.end}) ends past the text "
                f"({len(self.text)} characters) of document {self.id!r}"
            )
        if self.text[span.start : span.end] != span.text:
            raise ValueError(
                f"{layer} span ({span.start}, {span.end}) of document {self.id!r} says "
                f"{span.text!r} but the text there is {self.text[span.start:span.end]!r}"
            )

    @property
    def parsed(self) -> Any:
        """The spaCy Doc of this text, when the parse stage has run in this process."""
        return self._parsed

    @property
    def groups(self) -> list[GroupName] | None:
        """The mentions that name a group (layer `groups`), when the entities stage has run in this process."""
        return self._groups

    @property
    def encoder_pass(self) -> Any:
        """The shared encoder's pass over this text (layer `encoder_pass`), when the encoder stage has run in this process."""
        return self._encoder_pass

    def _keep_memory(self, new: Document) -> Document:
        new._parsed = self._parsed
        new._groups = self._groups
        new._encoder_pass = self._encoder_pass
        return new

    def with_layer(self, name: str, items: list[Any], *, stage: str | None = None) -> Document:
        """Return a copy with layer `name` set to `items` (validated against the text)."""
        if name not in LAYERS:
            raise ValueError(f"unknown layer {name!r}; valid layers: {', '.join(LAYERS)}")
        update: dict[str, Any] = {name: list(items)}
        if stage is not None and stage not in self.pipeline:
            update["pipeline"] = [*self.pipeline, stage]
        data = {**self.__dict__, **update}
        return self._keep_memory(type(self).model_validate(data))

    def with_parsed(self, parsed: Any) -> Document:
        """Return a copy that carries the spaCy Doc for later stages."""
        new = self._keep_memory(self.model_copy())
        new._parsed = parsed
        return new

    def with_groups(self, groups: Iterable[GroupName], *, stage: str | None = None) -> Document:
        """Return a copy with the in-memory `groups` layer set (spans checked against the text)."""
        items = list(groups)
        for span in items:
            self._check_span(GROUPS, span)
        update = {"pipeline": [*self.pipeline, stage]} if stage is not None and stage not in self.pipeline else {}
        new = self._keep_memory(self.model_copy(update=update))
        new._groups = items
        return new

    def with_encoder_pass(self, encoder_pass: Any, *, stage: str | None = None) -> Document:
        """Return a copy carrying the shared encoder's pass over this text (the in-memory `encoder_pass` layer)."""
        update = {"pipeline": [*self.pipeline, stage]} if stage is not None and stage not in self.pipeline else {}
        new = self._keep_memory(self.model_copy(update=update))
        new._encoder_pass = encoder_pass
        return new

    def only_layers(self, keep: Iterable[str]) -> Document:
        """A copy showing only the layers in `keep` (the in-memory parse, groups and encoder pass too if listed).

        The pipeline hands each stage this view of the document, so a stage can
        only read what it declared.
        """
        keep = set(keep)
        hidden = {name: None for name in LAYERS if name not in keep and getattr(self, name) is not None}
        new = self.model_copy(update=hidden) if hidden else self.model_copy()
        new._parsed = self._parsed if PARSE in keep else None
        new._groups = self._groups if GROUPS in keep else None
        new._encoder_pass = self._encoder_pass if ENCODER_PASS in keep else None
        return new

    def with_layers_from(self, other: Document, layers: Iterable[str], *, stage: str) -> Document:
        """A copy with `layers` (and the in-memory ones, if listed) taken from `other`, recording `stage`.

        `other` must be a document of the same text whose layers were validated
        when they were added (`with_layer`), so they are not checked again.
        """
        layers = set(layers)
        update: dict[str, Any] = {name: getattr(other, name) for name in LAYERS if name in layers}
        if stage not in self.pipeline:
            update["pipeline"] = [*self.pipeline, stage]
        new = self.model_copy(update=update)
        new._parsed = other._parsed if PARSE in layers else self._parsed
        new._groups = other._groups if GROUPS in layers else self._groups
        new._encoder_pass = other._encoder_pass if ENCODER_PASS in layers else self._encoder_pass
        return new

    def present_layers(self) -> list[str]:
        return [name for name in LAYERS if getattr(self, name) is not None]

    def to_dict(self, *, layers: tuple[str, ...] = DEFAULT_OUTPUT_LAYERS) -> dict[str, Any]:
        """The JSON contract: metadata plus every present layer listed in `layers`."""
        data = self.model_dump(mode="json", exclude=set(LAYERS))
        for name in LAYERS:
            if name in layers and getattr(self, name) is not None:
                data[name] = [item.model_dump(mode="json") for item in getattr(self, name)]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Read a document back from its JSON contract form."""
        return cls.model_validate(data)


def json_schema() -> dict[str, Any]:
    """JSON Schema of the output contract (kept in schema/ and checked by a test)."""
    schema = Document.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "presslens document"
    schema["description"] = (
        "One analysed article. Every span is (start, end) code-point offsets into `text`, "
        "end exclusive. A layer that was not produced is absent, not an empty list."
    )
    return schema
