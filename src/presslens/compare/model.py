"""The JSON contract of `presslens compare`: articles on one event side by side.

Every list that holds one entry per article is in the order the articles
were given (`articles[i]`); every finding keeps its character span into its
own article's text, so each difference can be checked against the words.
The schema is `schema/presslens-comparison.schema.json` (`comparison_schema()`).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..document import DescriptorKind, Suggestion, Voice

COMPARISON_VERSION = "1.1"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ArticleRef(_Frozen):
    """One compared article."""

    id: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    words: int = Field(ge=0, description="Whitespace-separated words in the text.")


class Evidence(_Frozen):
    """Where a finding is: character offsets into the text of `articles[article]`."""

    article: int = Field(ge=0)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class NameUse(_Frozen):
    """One way an article refers to an actor (descriptors with the same words merged)."""

    text: str = Field(description="The words, as the first occurrence has them.")
    kind: DescriptorKind
    count: int = Field(ge=1)
    voices: list[Voice] = Field(description="Voices it occurs in (author, quoted, paraphrased).")
    speakers: list[str] = Field(default_factory=list, description="Named sources who use it.")
    spans: list[Evidence]
    suggestion: Suggestion | None = Field(
        default=None, description="The first occurrence's suggested referent (a modifier that names a group), if any."
    )


class ActorRow(_Frozen):
    """One actor across the articles: the names and labels each article uses."""

    actor: str = Field(description="Display name: the canonical name in the first article that names the actor.")
    label: str | None
    names: list[str | None] = Field(description="Canonical name in each article; null where the article does not name the actor.")
    matched_by: list[str] = Field(default_factory=list, description="Merge rules that joined the articles' actors (see `rules`).")
    uses: list[list[NameUse]] = Field(description="Per article, every reference to the actor.")
    suggested: list[list[NameUse]] = Field(
        default_factory=list,
        description="Per article that does not name the actor: its labels and descriptions whose `suggestion` is "
        "this actor ('named differently': 'the Zionist regime' for Israel). A suggestion, not a match.",
    )


class ClaimRef(_Frozen):
    """A claim of one article, with who makes it."""

    evidence: Evidence
    voice: Voice
    speaker: str | None = None
    score: float = Field(ge=0.0, le=1.0)


class SharedClaim(_Frozen):
    """A claim made in several articles, matched by meaning."""

    claims: list[ClaimRef] = Field(description="One claim per article that makes it, in article order.")
    similarity: float = Field(description="Lowest cosine similarity between the claims joined (sentence encoder).")


class TechniqueRate(_Frozen):
    """Technique spans per 1,000 words in the article's own voice and in quoted voices."""

    article: int = Field(ge=0)
    author_words: int = Field(ge=0)
    quoted_words: int = Field(ge=0, description="Words of sources, quoted and paraphrased.")
    author_spans: int = Field(ge=0)
    quoted_spans: int = Field(ge=0)
    author_per_1000: float | None = Field(description="Spans per 1,000 author words; null with no author words.")
    quoted_per_1000: float | None = Field(description="Spans per 1,000 source words; null with no source words.")
    by_technique: dict[str, list[int]] = Field(
        default_factory=dict, description="Technique label -> [spans in the author's voice, spans in quoted voices]."
    )


class SpeakerRow(_Frozen):
    """One speaker and the words each article gives them."""

    speaker: str = Field(description="Canonical name (as in the first article quoting them), the source as worded, or 'unnamed source'.")
    words: list[int] = Field(description="Words attributed to the speaker in each article (0: not quoted).")
    attributions: list[int] = Field(description="Quotes of the speaker in each article.")


class DatedStatement(_Frozen):
    """A sentence of one article that dates the event, with the dates it gives."""

    evidence: Evidence = Field(description="The sentence.")
    dates: list[Evidence]
    values: list[str] = Field(description="ISO values of the dates (as in the times layer).")


class DateDifference(_Frozen):
    """Sentences of several articles about the same event (matched by meaning) that give different dates."""

    statements: list[DatedStatement]
    similarity: float


class MergeRule(_Frozen):
    name: str
    description: str


class Comparison(_Frozen):
    """Several articles on one event side by side."""

    comparison_version: str = COMPARISON_VERSION
    articles: list[ArticleRef]
    threshold: float = Field(description="Cosine similarity at or above which two claims count as the same claim.")
    date_threshold: float = Field(
        description="Cosine similarity at or above which two dated sentences (mutual best matches) count as the same event."
    )
    rules: list[MergeRule] = Field(description="How actors were matched across articles (`presslens compare --explain`).")
    actors: list[ActorRow] = Field(description="Actors in order of first reference, first article first.")
    unlinked: list[list[NameUse]] = Field(description="Per article, descriptions and labels the text links to no named actor.")
    shared_claims: list[SharedClaim]
    one_sided_claims: list[ClaimRef] = Field(description="Claims that only one article makes.")
    techniques: list[TechniqueRate]
    speakers: list[SpeakerRow] = Field(description="Speakers, most words first.")
    dates: list[DateDifference]
    missing: list[str] = Field(default_factory=list, description="Layers absent from some article, so not compared.")

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def comparison_schema() -> dict[str, Any]:
    """JSON Schema of `presslens compare --format json` (kept in schema/ and checked by a test)."""
    schema = Comparison.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "presslens comparison"
    schema["description"] = (
        "Several articles on one event side by side. Lists with one entry per article follow `articles`; "
        "every evidence span is (start, end) code-point offsets into that article's text, end exclusive."
    )
    return schema
