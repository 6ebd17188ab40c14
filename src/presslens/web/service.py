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
from ..document import DEFAULT_OUTPUT_LAYERS, TECHNIQUES, VOICES, Document
from ..errors import ConfigError, InputError, StageError
from ..fetch import Fetcher
from ..io.decoding import declared_charset, decode_bytes, require_text, unpaired_surrogate
from ..io.html import parse_html
from ..io.web import page_to_document
from ..pipeline import Pipeline
from ..voices.summary import summarize
from .schemas import ArticleIn

logger = logging.getLogger("presslens.web")

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")


class TooLarge(Exception):
    """A document or batch over a configured limit (answered 413); `code` names which limit."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class Options:
    """What to compute and show: `layers` (None: the default output layers) and the technique
    display `threshold` (spans scored below it are left out, and the voices summary counts only
    the spans kept)."""

    layers: tuple[str, ...] | None = None
    threshold: float = 0.0

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
    article: ArticleIn, *, max_chars: int, default_id: str = "text", fetcher: Fetcher | None = None
) -> Document:
    """The `Document` for one request article, checked as the readers check files.

    InputError for an empty text, an unpaired surrogate or an HTML page with
    no article; ConfigError for a publication date that is not YYYY-MM-DD;
    TooLarge past `max_chars` (the HTML page itself is bounded by the body limit).
    An article given only as a `url` is fetched with `fetcher` (FetchError,
    an InputError, when it cannot be, or when the address is refused).
    """
    doc_id = article.id or default_id
    for field in ("id", "title", "source", "url"):
        _check_surrogates(doc_id, field, getattr(article, field))
    published = _published(doc_id, article.published)
    if article.fetches:
        return _fetched_document(article, published, max_chars=max_chars, fetcher=fetcher)
    if article.html is not None:
        _check_surrogates(doc_id, "html", article.html)
        page = parse_html(doc_id, article.html)
        check_length(doc_id, page.text, max_chars)
        return Document(
            id=doc_id,
            text=page.text,
            title=article.title if article.title is not None else page.title,
            source=article.source if article.source is not None else page.site,
            url=article.url if article.url is not None else page.url,
            published=published or page.published,
        )
    text = article.text
    assert text is not None  # ArticleIn holds exactly one of text and html
    _check_surrogates(doc_id, "text", text)
    check_length(doc_id, text, max_chars)
    require_text(doc_id, text)
    return Document(
        id=doc_id, text=text, title=article.title, source=article.source, url=article.url, published=published
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
    """An uploaded .txt or .html file, decoded and extracted as `presslens analyze FILE` reads it.

    The kind comes from the file name's extension, else from the content type,
    else from the first bytes (a page starts with `<!doctype html` or `<html`).
    """
    name = PurePosixPath(filename or "upload").name or "upload"
    suffix = PurePosixPath(name).suffix.lower()
    doc_id = PurePosixPath(name).stem or "upload"
    if suffix == ".jsonl":
        raise InputError(name, "a JSONL file holds several articles: send them to /v1/analyze/batch")
    if suffix and suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise InputError(name, f"unsupported file type {suffix!r}; upload a .txt, .html or .htm file")
    mime = (content_type or "").split(";")[0].strip().lower()
    head = data[:512].lstrip().lower()
    is_html = suffix in HTML_SUFFIXES or (
        not suffix and (mime in ("text/html", "application/xhtml+xml") or head.startswith((b"<!doctype html", b"<html")))
    )
    when = _published(doc_id, published)
    if is_html:
        html, encoding = decode_bytes(name, data, max_bytes=max_bytes, declared=declared_charset(data))
        page = parse_html(name, html)
        check_length(name, page.text, max_chars)
        return Document(
            id=doc_id, text=page.text, title=page.title, source=page.site, url=page.url,
            published=page.published or when, encoding=encoding,
        )
    text, encoding = decode_bytes(name, data, max_bytes=max_bytes)
    check_length(name, text, max_chars)
    return Document(id=doc_id, text=text, published=when, encoding=encoding)


def _published(doc_id: str, value: str | None) -> dt.date | None:
    try:
        return parse_published(value)
    except ConfigError as err:
        raise ConfigError(f"{doc_id}: published: {err}") from None


def _check_surrogates(doc_id: str, field: str, value: str | None) -> None:
    bad = unpaired_surrogate(value) if value is not None else None
    if bad is not None:
        raise InputError(
            doc_id,
            f"{field} holds an unpaired surrogate {bad}; a JSON escape from \\ud800 to \\udfff must be a "
            "high-low pair (like \\ud83d\\ude00): fix or remove it",
        )


def pipeline_for(pipeline: Pipeline, layers: Sequence[str] | None) -> Pipeline:
    """The stages of `pipeline` needed for `layers`: those assigning them and, in turn, every
    layer those stages require or use, so a layer comes out exactly as in a full run."""
    if not layers:
        return pipeline
    needed = set(layers)
    keep: set[str] = set()
    for spec, _ in reversed(pipeline.stages):
        if needed & set(spec.assigns):
            keep.add(spec.name)
            needed |= set(spec.requires) | set(spec.uses)
    return Pipeline(stages=[(spec, stage) for spec, stage in pipeline.stages if spec.name in keep])


def shape(doc: Document, options: Options) -> dict[str, Any]:
    """The JSON contract of an analysed document, after the display threshold."""
    if options.threshold > 0 and doc.techniques is not None:
        kept = [t for t in doc.techniques if t.score >= options.threshold]
        if len(kept) != len(doc.techniques):
            doc = doc.with_layer(TECHNIQUES, kept)
            if doc.voices is not None:
                doc = doc.with_layer(VOICES, summarize(doc) or [])
    return doc.to_dict(layers=options.output_layers)


def analyse(pipeline: Pipeline, doc: Document, options: Options, *, log_content: bool = False) -> dict[str, Any]:
    """Analyse one document (in a worker thread) and return its JSON contract."""
    if log_content:
        _log_document(doc)
    return shape(pipeline_for(pipeline, options.layers)(doc), options)


def analyse_batch(
    pipeline: Pipeline, items: Sequence[Document | Exception], options: Options, *, log_content: bool = False
) -> list[dict[str, Any] | Exception]:
    """Analyse the documents among `items` in one `pipe` pass; errors stay in their place."""
    docs = [item for item in items if isinstance(item, Document)]
    if log_content:
        for doc in docs:
            _log_document(doc)
    results = iter(pipeline_for(pipeline, options.layers).pipe(docs, on_error="return"))
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

