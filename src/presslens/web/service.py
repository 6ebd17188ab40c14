"""What the API does, without HTTP: build documents from requests, analyse them, shape the result.

Why apart from the routes: the routes only parse a request, hand this
module's functions to the worker pool and turn errors into responses (the
STYLE's "no logic in route functions"); these functions are plain and are
tested on their own. Documents are built exactly as the readers build them
(`presslens.io`: the same decoding, the same HTML extraction, the same
checks), so an article gives the same result over HTTP as on the command line.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ..api import parse_published
from ..document import DEFAULT_OUTPUT_LAYERS, TECHNIQUES, Document, surrogate_field, text_id
from ..errors import ConfigError, InputError, StageError
from ..fetch import Fetcher
from ..io.decoding import require_text
from ..io.html import parse_html
from ..io.pages import page_document
from ..io.readers import HTML_SUFFIXES, TEXT_SUFFIXES, Kind
from ..io.readers import document_from_bytes as read_bytes
from ..io.web import page_to_document
from ..pipeline import Pipeline
from .schemas import ArticleIn

logger = logging.getLogger("presslens.web")



class TooLarge(Exception):
    """A document or batch over a configured limit (answered 413); `code` names which limit."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class Options:
    """What to compute and show: `layers` (None: the default output layers) and `min_score`, the
    meaning it has everywhere (`presslens analyze --min-score`, the `techniques.v1` option): technique
    spans scored at or above it, from 0 (every span found) to 1; None: each technique's display threshold.
    The voices and actors layers are computed from the spans shown."""

    layers: tuple[str, ...] | None = None
    min_score: float | None = None

    @property
    def output_layers(self) -> tuple[str, ...]:
        return self.layers if self.layers else DEFAULT_OUTPUT_LAYERS


def check_length(doc_id: str, text: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise TooLarge(
            "document_too_long",
            f"{doc_id}: the article has {len(text):,} characters, over this server's limit of {max_chars:,}; "
            "send a shorter text, or ask the operator to raise --max-chars",
        )


def build_document(
    article: ArticleIn, *, max_chars: int, default_id: str | None = None, fetcher: Fetcher | None = None
) -> Document:
    """The `Document` for one request article, checked as the readers check files.

    An article without an id gets `default_id`, else an id made from its text (`document.text_id`).
    InputError for an empty text, an unpaired surrogate or an HTML page with
    no article; ConfigError for a publication date that is not YYYY-MM-DD;
    TooLarge past `max_chars` (the HTML page itself is bounded by the body limit).
    An article given only as a `url` is fetched with `fetcher` (FetchError,
    an InputError, when it cannot be, or when the address is refused).
    """
    name = article.id or default_id or "text"  # names the article in errors until its text is known
    for field in ("id", "title", "source", "url"):
        _check_surrogates(name, field, getattr(article, field))
    published = _published(name, article.published)
    if article.fetches:
        return _fetched_document(article, published, max_chars=max_chars, fetcher=fetcher)
    if article.html is not None:
        _check_surrogates(name, "html", article.html)
        page = parse_html(name, article.html)
        check_length(name, page.text, max_chars)
        # The page's document as the readers build it; what the request gives overrides what the page says.
        given: dict[str, Any] = {key: getattr(article, key) for key in ("title", "source", "url")
                                 if getattr(article, key) is not None}
        doc = page_document(article.id or default_id or text_id(page.text), page, encoding=None, published=None,
                            **given)
        return doc if published is None else doc.model_copy(update={"published": published, "published_from": "given"})
    text = article.text
    assert text is not None  # ArticleIn holds exactly one of text and html
    _check_surrogates(name, "text", text)
    check_length(name, text, max_chars)
    require_text(name, text)
    return Document(
        id=article.id or default_id or text_id(text), text=text, title=article.title, source=article.source,
        url=article.url, published=published,
    )


def _fetched_document(
    article: ArticleIn, published: dt.date | None, *, max_chars: int, fetcher: Fetcher | None
) -> Document:
    """The page at `article.url`, fetched and read as `presslens analyze URL` reads it."""
    assert article.url is not None
    if fetcher is None:
        raise InputError(article.url, "this server does not fetch addresses; send the page's text or HTML instead")
    page = fetcher.fetch(article.url)
    doc = page_to_document(page, max_bytes=fetcher.options.max_bytes, published=published)
    check_length(article.url, doc.text, max_chars)
    update = {key: getattr(article, key) for key in ("id", "title", "source") if getattr(article, key) is not None}
    return Document.model_validate({**doc.model_dump(), **update}) if update else doc


def document_from_bytes(
    data: bytes,
    *,
    filename: str | None,
    content_type: str | None,
    published: str | None,
    max_bytes: int,
    max_chars: int,
) -> Document:
    """An uploaded .txt or .html file, read by the readers' own `document_from_bytes`, as
    `presslens analyze FILE` reads it.

    The kind comes from the file name's extension, else from the content type,
    else from the first bytes (a page starts with `<!doctype html` or `<html`).
    """
    name = PurePosixPath(filename or "upload").name or "upload"
    suffix = PurePosixPath(name).suffix.lower()
    doc_id = PurePosixPath(name).stem or "upload"
    if suffix == ".jsonl":
        raise InputError(name, "a JSONL file holds several articles: send them to /v1/analyze/batch")
    if suffix and suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise InputError(name, f"unsupported file type {suffix!r}; upload a .txt, .html or .htm file")
    mime = (content_type or "").split(";")[0].strip().lower()
    kind: Kind | None = None  # unknown: the reader looks at the first bytes
    if suffix in HTML_SUFFIXES or (not suffix and mime in ("text/html", "application/xhtml+xml")):
        kind = "html"
    elif suffix in TEXT_SUFFIXES:
        kind = "text"
    doc = read_bytes(
        name, data, doc_id=doc_id, kind=kind, published=_published(doc_id, published), max_bytes=max_bytes
    )
    check_length(name, doc.text, max_chars)
    return doc


def _published(doc_id: str, value: str | None) -> dt.date | None:
    try:
        return parse_published(value)
    except ConfigError as err:
        raise ConfigError(f"{doc_id}: published: {err}") from None


def _check_surrogates(doc_id: str, field: str, value: str | None) -> None:
    problem = surrogate_field({field: value})
    if problem is not None:
        raise InputError(doc_id, problem)


def shape(doc: Document, options: Options) -> dict[str, Any]:
    """The JSON contract of an analysed document, with the layers asked for."""
    return doc.to_dict(layers=options.output_layers)


def for_request(pipeline: Pipeline, options: Options) -> Pipeline:
    """The stages the request's layers need, the techniques stage showing spans at `min_score` if given."""
    chosen = pipeline.select(layers=options.layers)
    if options.min_score is None:
        return chosen
    for spec, stage in chosen.stages:
        with_min_score = getattr(stage, "with_min_score", None)
        if TECHNIQUES in spec.assigns and with_min_score is not None:
            return chosen.replace(spec.name, with_min_score(options.min_score))
    return chosen


def analyse(pipeline: Pipeline, doc: Document, options: Options, *, log_content: bool = False) -> dict[str, Any]:
    """Analyse one document (in a worker thread) and return its JSON contract."""
    if log_content:
        _log_document(doc)
    return shape(for_request(pipeline, options)(doc), options)


def analyse_batch(
    pipeline: Pipeline, items: Sequence[Document | Exception], options: Options, *, log_content: bool = False
) -> list[dict[str, Any] | Exception]:
    """Analyse the documents among `items` in one `pipe` pass; errors stay in their place."""
    docs = [item for item in items if isinstance(item, Document)]
    if log_content:
        for doc in docs:
            _log_document(doc)
    results = iter(for_request(pipeline, options).pipe(docs, on_error="return"))
    out: list[dict[str, Any] | Exception] = []
    for item in items:
        if isinstance(item, Exception):
            out.append(item)
            continue
        result = next(results)
        out.append(result if isinstance(result, StageError) else shape(result, options))
    return out


def _log_document(doc: Document) -> None:
    """Only when the operator asked for it (`presslens serve --log-content`)."""
    logger.info(
        "content: id=%r title=%r url=%r published=%s chars=%d text=%r",
        doc.id, doc.title, doc.url, doc.published, len(doc.text), doc.text,
    )

