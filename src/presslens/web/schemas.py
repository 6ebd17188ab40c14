"""Request and response bodies of the REST API, as pydantic models (they make the OpenAPI schema).

The analysis itself answers with the JSON contract (`presslens.Document`,
schema/presslens-document.schema.json) unchanged, so a result from the API,
the CLI and the Python library is the same document. Every error, whatever
its status, has one shape: `{"error": {"status", "code", "message",
"fields"}}` (`ErrorResponse`).
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..document import LAYERS, Document

# Layers a client may ask for (`?layers=`): every layer of the contract.
LayerName = Enum("LayerName", {name: name for name in LAYERS}, type=str)  # type: ignore[misc]

_ID = Field(default=None, max_length=200, description="Your id for the article; 'text' (or the file name) when absent.")


class ArticleIn(BaseModel):
    """One article to analyse: its plain `text`, an HTML page in `html` (main text and metadata
    extracted by trafilatura, as `presslens analyze page.html` does), or only a `url`, which the
    server fetches and reads as `presslens analyze URL` does (private, loopback and link-local
    addresses are refused unless the server allows them). The other fields describe it and
    override what the page says about itself."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = _ID
    text: str | None = Field(default=None, description="The article as plain text; offsets in the result index it.")
    html: str | None = Field(default=None, description="An HTML page holding the article (instead of `text`).")
    title: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, description="Outlet or publisher.", max_length=2000)
    url: str | None = Field(
        default=None, max_length=2000,
        description="The article's address; given without `text` or `html`, the server fetches the page.",
    )
    published: str | None = Field(
        default=None,
        description="Publication date YYYY-MM-DD; relative dates ('last Monday') are resolved against it.",
        examples=["2026-03-10"],
    )

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if (self.text is not None and self.html is not None) or (self.text is None and self.html is None and not self.url):
            raise ValueError(
                "give the article as exactly one of 'text' (plain text) or 'html' (a web page), "
                "or only a 'url' (an address the server fetches)"
            )
        return self

    @property
    def fetches(self) -> bool:
        """Whether the server must fetch the page at `url` (neither text nor html was given)."""
        return self.text is None and self.html is None


class BatchIn(BaseModel):
    """Several articles in one request (at most the server's batch limit, `GET /v1/health`)."""

    model_config = ConfigDict(extra="forbid")

    documents: list[ArticleIn] = Field(min_length=1, description="The articles, analysed in this order.")


class ErrorDetail(BaseModel):
    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(
        description="Stable machine-readable reason: invalid_request, invalid_document, invalid_option, "
        "body_too_large, document_too_long, batch_too_large, unauthorized, not_found, method_not_allowed, "
        "unsupported_media_type, invalid_host, busy, timeout, stage_failed, fetch_failed, internal_error."
    )
    message: str = Field(description="What failed and how to fix it, in one sentence for people.")
    fields: list[dict[str, str]] = Field(
        default_factory=list, description="For invalid_request: each field in error ('loc') and why ('message')."
    )


class ErrorResponse(BaseModel):
    """The one error shape of every response that is not a success."""

    error: ErrorDetail


class BatchItem(BaseModel):
    """One article of a batch: its analysed document, or the error that stopped it."""

    index: int = Field(description="Position of the article in the request.")
    id: str
    document: Document | None = None
    error: ErrorDetail | None = None


class BatchOut(BaseModel):
    results: list[BatchItem]


class Limits(BaseModel):
    max_body_bytes: int
    max_chars: int
    max_batch: int
    timeout_s: float


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    auth_required: bool = Field(description="Whether /v1 routes need the API key (X-API-Key or Bearer).")
    content_logged: bool = Field(description="Whether the operator logs what is submitted (--log-content).")
    workers: int
    busy: int = Field(description="Requests being analysed or waiting for a worker.")
    capacity: int = Field(description="Requests the server takes on at once before answering 503.")
    limits: Limits


class Version(BaseModel):
    presslens: str
    api: str = "v1"
    schema_version: str = Field(description="Version of the JSON contract the analysis answers with.")
    stages: list[str] = Field(description="The versioned stages that analyse each article, in order.")


class ViewTechnique(BaseModel):
    label: str
    count: int


class ViewCandidate(BaseModel):
    label: str
    count: int
    precision: float | None = Field(
        description="Share of this lane's spans of the technique that matched an annotation in cross-validation."
    )


class ViewActor(BaseModel):
    canonical: str
    label: str
    type: str
    mentions: int
    variants: list[str]


class ViewNaming(BaseModel):
    actor: str = Field(description="The actor's canonical name, or the row of descriptions linked to no named actor.")
    names: list[str]
    descriptions: list[str] = Field(description="Each description or label, with its kind and who uses it.")


class ViewVoice(BaseModel):
    speaker: str
    attributions: int
    words: int
    quoted_words: int
    paraphrased_words: int
    techniques: dict[str, int]
    quoted_examples: list[str]
    paraphrased_examples: list[str]


class ViewClaim(BaseModel):
    index: int = Field(description="Position of the claim in the document's claims layer.")
    claim: str
    speaker: str
    score: float
    quantities: list[str]
    times: list[str]
    entities: list[str]


class ViewCharts(BaseModel):
    bars: str = Field(description="Inline SVG: technique spans per voice (presslens.report.svg.technique_bars).")
    strip: str = Field(description="HTML with inline SVG: where findings fall (presslens.report.svg.position_strip).")


class View(BaseModel):
    """What the web page shows beside an analysed document, computed as the HTML report computes it."""

    counts: dict[str, int | None] = Field(description="Items per shown layer; null for a layer not produced.")
    charts: ViewCharts
    techniques: list[ViewTechnique] | None = Field(description="Techniques shown (lane shown), most spans first.")
    candidates: list[ViewCandidate] = Field(
        description="The switchable candidates lane: techniques of low measured precision and low-scored epithets."
    )
    candidates_note: str = Field(description="What the candidates lane is, in the page's words.")
    recall_note: str = Field(description="How much the shown spans find (measured recall): 'none shown' is not 'none there'.")
    voices: list[ViewVoice] | None
    actors: list[ViewActor] | None
    naming: list[ViewNaming] | None = Field(
        description="How the article names each actor it describes or labels (actors layer); null without it."
    )
    claims: list[ViewClaim] | None
    notes: dict[str, list[str]] = Field(
        description="By layer, one line per finding (in layer order) for the page's hover and focus detail."
    )


def error_body(status: int, code: str, message: str, fields: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """The JSON of an error response."""
    return {"error": {"status": status, "code": code, "message": message, "fields": fields or []}}
