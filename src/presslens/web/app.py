"""The FastAPI app: the REST API under /v1, the web page at /, its documentation at /docs.

Build it with `create_app(settings)`; `presslens serve` runs it with uvicorn.
The models load once, in the app's lifespan, before the first request is
answered; every route that does work (analysis, HTML extraction, parsing a
posted document for /v1/view and /v1/report) runs it in the bounded worker
pool (`limits.WorkQueue`), under its queue limit and timeout, and never on
the event loop. Routes only parse the request, hand the work
to `service` and `view`, and turn errors into the one JSON error shape.

Tests replace the models with `app.dependency_overrides[get_pipeline]`:
when that dependency is overridden, the lifespan loads nothing.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..document import SCHEMA_VERSION, Document
from ..errors import ConfigError, InputError, StageError
from ..fetch import Fetcher, FetchError
from ..pipeline import Pipeline
from ..report import presentation as p
from ..report.html import render_report
from ..techniques.stage import MIN_SCORE_MEANING
from . import view as page_view
from .docs import render_docs
from .limits import Busy, Settings, TimedOut, WorkQueue
from .schemas import (
    ArticleIn,
    BatchIn,
    BatchOut,
    ErrorResponse,
    Health,
    LayerName,
    Version,
    View,
    error_body,
)
from .security import REPORT_CSP, BodyLimit, Guard, Unauthorized, redact_input, require_api_key
from .service import Options, TooLarge, analyse, analyse_batch, build_document, document_from_bytes

logger = logging.getLogger("presslens.web")

STATIC = resources.files("presslens.web").joinpath("static")
# Content types a page on another site can send without the browser asking first (CORS
# "simple" requests); the upload refuses them, so only this page and real clients can post files.
_SIMPLE_TYPES = ("", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data")

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in (
        (401, "The API key is missing or wrong (only when the server was started with one)."),
        (413, "The body, an article or the batch is over the server's limit."),
        (422, "The request or an article is invalid (the message says which field and why)."),
        (503, "Every worker is busy and the queue is full; retry after the Retry-After header's seconds."),
        (504, "The analysis took longer than the server's timeout."),
    )
}

# The same, spelled out for a route whose success is not JSON (its errors still are).
_JSON_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {
        "description": spec["description"],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
    }
    for status, spec in _ERRORS.items()
}


def get_pipeline(request: Request) -> Pipeline:
    """The pipeline loaded at start-up (tests override this dependency with a light one)."""
    return request.app.state.pipeline


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_queue(request: Request) -> WorkQueue:
    return request.app.state.queue


def get_fetcher(request: Request) -> Fetcher:
    """The server's fetcher for articles given as an address (tests may override it)."""
    return request.app.state.fetcher


def analysis_options(
    layers: Annotated[
        list[LayerName] | None,
        Query(description="Layers to compute and return (repeat the parameter); default: every layer but tokens."),
    ] = None,
    min_score: Annotated[
        float | None,
        Query(
            ge=0.0, le=1.0,
            description=f"{MIN_SCORE_MEANING} The same option as `presslens analyze --min-score`; "
            "the voices summary counts the spans shown.",
        ),
    ] = None,
    threshold: Annotated[
        float | None,
        Query(ge=0.0, le=1.0, deprecated=True, description="Old name of `min_score`, with its meaning."),
    ] = None,
) -> Options:
    names = [layer.value for layer in layers or ()]
    return Options(layers=tuple(dict.fromkeys(names)) or None, min_score=min_score if min_score is not None else threshold)


PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
QueueDep = Annotated[WorkQueue, Depends(get_queue)]
FetcherDep = Annotated[Fetcher, Depends(get_fetcher)]
OptionsDep = Annotated[Options, Depends(analysis_options)]

_ANALYZE_EXAMPLE = {
    "text": 'Union leader Marta Okonkwo-Reyes said on Monday that the offer was "an insult".',
    "title": "Dock strike",
    "published": "2026-03-10",
}


def create_app(settings: Settings | None = None, *, load: Callable[[], Pipeline] | None = None) -> FastAPI:
    """The app; `load` builds the pipeline at start-up (default: every layer, `presslens.load_pipeline`)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if get_pipeline not in app.dependency_overrides:
            started = time.perf_counter()
            app.state.pipeline = await run_in_threadpool(load or _default_load)
            logger.info(
                "ready: %s loaded in %.1f s; %d worker(s), %d more may wait",
                ", ".join(app.state.pipeline.names), time.perf_counter() - started, settings.workers, settings.max_queue,
            )
        app.state.queue = WorkQueue(workers=settings.workers, max_queue=settings.max_queue, timeout=settings.timeout)
        # One fetcher for the server's life: robots.txt read once per site, requests to a site spaced.
        app.state.fetcher = Fetcher(settings.fetch_options())
        try:
            yield
        finally:
            app.state.queue.close()
            app.state.fetcher.close()

    app = FastAPI(
        title="presslens",
        version=__version__,
        description="Who is speaking, how they persuade and what is claimed in news articles, with evidence "
        "spans. Every result is the presslens JSON contract (schema_version "
        f"{SCHEMA_VERSION}); every error is {{\"error\": {{status, code, message, fields}}}}.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, read_timeout=settings.read_timeout)
    app.add_middleware(Guard, allowed_hosts=settings.allowed_hosts)
    _add_error_handlers(app)
    app.include_router(_api())
    _add_page(app)
    return app


def _default_load() -> Pipeline:
    from ..api import load_pipeline

    return load_pipeline()


def _api() -> APIRouter:
    open_router = APIRouter(prefix="/v1", tags=["service"])
    presentation_body = page_view.presentation()  # the same for every request: built once
    api = APIRouter(prefix="/v1", dependencies=[Depends(require_api_key)], responses={401: _ERRORS[401]})

    @open_router.get("/health", response_model=Health, summary="Is the server up, how busy, what limits")
    async def health(settings: SettingsDep, queue: QueueDep) -> dict[str, Any]:
        """Answers without the API key, so a load balancer can probe it."""
        return {
            "status": "ok",
            "auth_required": settings.api_key is not None,
            "content_logged": settings.log_content,
            "workers": queue.workers,
            "busy": queue.pending,
            "capacity": queue.capacity,
            "limits": {
                "max_body_bytes": settings.max_body_bytes,
                "max_chars": settings.max_chars,
                "max_batch": settings.max_batch,
                "timeout_s": settings.timeout,
            },
        }

    @api.get("/version", response_model=Version, tags=["service"], summary="Versions of presslens, the contract and the stages")
    async def version(pipeline: PipelineDep) -> dict[str, Any]:
        return {"presslens": __version__, "api": "v1", "schema_version": SCHEMA_VERSION, "stages": pipeline.names}

    @api.post(
        "/analyze",
        tags=["analysis"],
        summary="Analyse one article (text or HTML page)",
        response_model=None,
        responses={200: {"model": Document, "description": "The JSON contract of the analysed article."}, **_ERRORS},
        openapi_extra={"requestBody": {"content": {"application/json": {"examples": {"text": {"value": _ANALYZE_EXAMPLE}}}}}},
    )
    async def analyze(
        article: ArticleIn, options: OptionsDep, pipeline: PipelineDep, settings: SettingsDep, queue: QueueDep,
        fetcher: FetcherDep,
    ) -> JSONResponse:
        """Every span is (start, end) code-point offsets into `text`, end exclusive; a layer not computed is absent.

        An article given only as a `url` is fetched (within the same worker slot and timeout) and read
        as `presslens analyze URL` reads it."""
        result = await queue.run(_analyse_article, pipeline, article, options, settings, fetcher)
        return JSONResponse(result)

    @api.post(
        "/analyze/batch",
        tags=["analysis"],
        summary="Analyse several articles in one request",
        response_model=BatchOut,
        responses=_ERRORS,
        openapi_extra={
            "requestBody": {
                "content": {"application/json": {"examples": {"two": {"value": {"documents": [
                    _ANALYZE_EXAMPLE, {"id": "page-2", "html": "<html><body><p>The port reopened on Friday.</p></body></html>"}
                ]}}}}}
            }
        },
    )
    async def analyze_batch(
        batch: BatchIn, options: OptionsDep, pipeline: PipelineDep, settings: SettingsDep, queue: QueueDep,
        fetcher: FetcherDep,
    ) -> JSONResponse:
        """One result per article, in order: its document, or the error that stopped it (the others go on)."""
        if len(batch.documents) > settings.max_batch:
            raise TooLarge(
                "batch_too_large",
                f"the batch has {len(batch.documents)} documents, over this server's limit of {settings.max_batch}; "
                "split it, or ask the operator to raise --max-batch",
            )
        results = await queue.run(_analyse_batch, pipeline, batch.documents, options, settings, fetcher)
        return JSONResponse({"results": results})

    @api.post(
        "/analyze/file",
        tags=["analysis"],
        summary="Analyse an uploaded .txt or .html file (raw bytes)",
        response_model=None,
        responses={
            200: {"model": Document, "description": "The JSON contract of the analysed article."},
            415: {"model": ErrorResponse, "description": "The body was not sent as a file."},
            **_ERRORS,
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "description": "The file's bytes, decoded as `presslens analyze FILE` decodes them.",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                    "text/html": {"schema": {"type": "string"}},
                },
            }
        },
    )
    async def analyze_file(
        request: Request,
        options: OptionsDep,
        pipeline: PipelineDep,
        settings: SettingsDep,
        queue: QueueDep,
        filename: Annotated[
            str | None,
            Query(max_length=255, description="The file's name: its extension (.txt, .html, .htm) says how to read it."),
        ] = None,
        published: Annotated[
            str | None, Query(description="Publication date YYYY-MM-DD, for a file that carries none.")
        ] = None,
    ) -> JSONResponse:
        """Send the bytes as the body with Content-Type application/octet-stream (or text/html)."""
        mime = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if mime in _SIMPLE_TYPES:
            raise UnsupportedMediaType(
                f"send the file's bytes with Content-Type application/octet-stream or text/html, not {mime or 'none'} "
                "(curl: -H 'Content-Type: application/octet-stream' --data-binary @FILE)"
            )
        data = await request.body()
        result = await queue.run(_analyse_file, pipeline, data, filename, mime, published, options, settings)
        return JSONResponse(result)

    @api.get("/presentation", tags=["page"], summary="Names, codes, colours and definitions of every finding")
    async def presentation() -> dict[str, Any]:
        """What the web page (and the HTML report) call each technique and term, and how each layer is marked."""
        return presentation_body

    @api.post(
        "/view", tags=["page"], response_model=View, responses=_ERRORS, summary="What the page shows beside an article",
        openapi_extra=_DOCUMENT_BODY,
    )
    async def view(request: Request, queue: QueueDep) -> JSONResponse:
        """Counts, the two charts, techniques found, voices, actors and the claims checklist of an analysed
        document (a result of /v1/analyze, or a saved JSON result), as the HTML report computes them."""
        _require_json(request)
        body = await request.body()
        return JSONResponse(await queue.run(_view, body))

    @api.post(
        "/report",
        tags=["page"],
        response_class=HTMLResponse,
        responses={
            200: {"content": {"text/html": {"schema": {"type": "string"}}}, "description": "The self-contained HTML report."},
            **_JSON_ERRORS,
        },
        summary="The HTML report of an analysed document",
        openapi_extra=_DOCUMENT_BODY,
    )
    async def report(request: Request, queue: QueueDep) -> HTMLResponse:
        """The same report as `presslens analyze --format html`, as a file to save (no script; inline CSS)."""
        _require_json(request)
        body = await request.body()
        name, html = await queue.run(_report, body)
        return HTMLResponse(
            html,
            headers={
                "content-disposition": f'attachment; filename="presslens-{name}.html"',
                "content-security-policy": REPORT_CSP,
            },
        )

    router = APIRouter()
    router.include_router(open_router)
    router.include_router(api)
    return router


def _analyse_article(
    pipeline: Pipeline, article: ArticleIn, options: Options, settings: Settings, fetcher: Fetcher
) -> dict[str, Any]:
    doc = build_document(article, max_chars=settings.max_chars, fetcher=fetcher)
    return analyse(pipeline, doc, options, log_content=settings.log_content)


def _analyse_file(
    pipeline: Pipeline, data: bytes, filename: str | None, mime: str, published: str | None, options: Options,
    settings: Settings,
) -> dict[str, Any]:
    """Decode and extract the upload (HTML extraction is work too: it runs in the pool), then analyse it."""
    doc = document_from_bytes(
        data, filename=filename, content_type=mime, published=published,
        max_bytes=settings.max_body_bytes, max_chars=settings.max_chars,
    )
    return analyse(pipeline, doc, options, log_content=settings.log_content)


# /v1/view and /v1/report read a whole analysed document: parsing and checking it is work for the pool.
_DOCUMENT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}},
    }
}


def _require_json(request: Request) -> None:
    mime = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if mime and mime != "application/json" and not mime.endswith("+json"):  # none at all: read as JSON, as FastAPI does
        raise RequestValidationError(
            [{"loc": ("body",), "msg": "send the document as JSON with Content-Type: application/json", "type": "model_attributes_type"}]
        )


def _parse_document(body: bytes) -> Document:
    """The posted document, checked as FastAPI checks a body (a mistake is the same 422)."""
    try:
        return Document.model_validate_json(body)
    except ValidationError as err:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e.get("loc", ()))} for e in err.errors(include_url=False)]
        ) from None


def _view(body: bytes) -> dict[str, Any]:
    return page_view.view(_parse_document(body))


def _report(body: bytes) -> tuple[str, str]:
    document = _parse_document(body)
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", document.id).strip("-.")[:80] or "article"
    return name, render_report([document], title=f"presslens report: {document.title or document.id}")


def _analyse_batch(
    pipeline: Pipeline, articles: list[ArticleIn], options: Options, settings: Settings, fetcher: Fetcher
) -> list[dict[str, Any]]:
    items: list[Document | Exception] = []
    for i, article in enumerate(articles):
        try:
            items.append(build_document(article, max_chars=settings.max_chars, default_id=f"doc-{i}", fetcher=fetcher))
        except (InputError, ConfigError, TooLarge) as err:
            items.append(err)
    out = []
    results = analyse_batch(pipeline, items, options, log_content=settings.log_content)
    for i, (article, result) in enumerate(zip(articles, results, strict=True)):
        doc_id = article.id or f"doc-{i}"
        if isinstance(result, Exception):
            status, code, message = error_parts(result)
            out.append({"index": i, "id": doc_id, "error": error_body(status, code, message)["error"]})
        else:
            out.append({"index": i, "id": doc_id, "document": result})
    return out


class UnsupportedMediaType(Exception):
    """An upload sent as a form or plain text (answered 415)."""


def error_parts(err: Exception) -> tuple[int, str, str]:
    """Status, code and message for an expected failure; the message never carries a stack trace."""
    if isinstance(err, TooLarge):
        return 413, err.code, str(err)
    if isinstance(err, FetchError):
        return 422, "fetch_failed", str(err)
    if isinstance(err, InputError):
        return 422, "invalid_document", str(err)
    if isinstance(err, ConfigError):
        return 422, "invalid_option", str(err)
    if isinstance(err, StageError):
        logger.error("stage %s failed on a document: %s", err.stage, type(err.cause).__name__)
        return 500, "stage_failed", f"{err.doc_id}: the {err.stage} stage failed on this article; the operator's log names the error"
    if isinstance(err, Busy):
        return 503, "busy", f"every worker is busy and the queue is full; retry in {err.retry_after} s"
    if isinstance(err, TimedOut):
        return 504, "timeout", f"the analysis took longer than this server's limit of {err.timeout:g} s; send a shorter article"
    if isinstance(err, Unauthorized):
        return 401, "unauthorized", "this server needs its API key: send it as X-API-Key: KEY or Authorization: Bearer KEY"
    if isinstance(err, UnsupportedMediaType):
        return 415, "unsupported_media_type", str(err)
    raise err


def _add_error_handlers(app: FastAPI) -> None:
    async def expected(request: Request, err: Exception) -> JSONResponse:
        status, code, message = error_parts(err)
        headers = {}
        if isinstance(err, Busy):
            headers["retry-after"] = str(err.retry_after)
        if isinstance(err, Unauthorized):
            headers["www-authenticate"] = 'Bearer realm="presslens"'
        return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)

    for kind in (TooLarge, InputError, ConfigError, StageError, Busy, TimedOut, Unauthorized, UnsupportedMediaType):
        app.add_exception_handler(kind, expected)

    async def invalid(request: Request, err: Exception) -> JSONResponse:
        assert isinstance(err, RequestValidationError)
        fields = [
            {
                "loc": ".".join(str(x) for x in e.get("loc", ())),
                "message": redact_input(str(e.get("msg", "")).removeprefix("Value error, "), e.get("input")),
            }
            for e in err.errors()
        ]
        first = fields[0] if fields else {"loc": "request", "message": "invalid"}
        message = f"the request does not match the API: {first['loc']}: {first['message']}"
        if len(fields) > 1:
            message += f" (and {len(fields) - 1} more; see fields)"
        return JSONResponse(error_body(422, "invalid_request", message, fields), status_code=422)

    app.add_exception_handler(RequestValidationError, invalid)

    async def http_error(request: Request, err: Exception) -> JSONResponse:
        assert isinstance(err, StarletteHTTPException)
        codes = {400: "invalid_request", 404: "not_found", 405: "method_not_allowed"}
        code = codes.get(err.status_code, "http_error")
        message = {
            400: "the request body could not be read: send UTF-8 JSON with Content-Type: application/json",
            404: f"nothing at {request.url.path}; the API is under /v1 (see /docs), the web page at /",
            405: f"{request.method} is not allowed on {request.url.path} (see /docs)",
        }.get(err.status_code, str(err.detail))
        return JSONResponse(error_body(err.status_code, code, message), status_code=err.status_code, headers=err.headers)

    app.add_exception_handler(StarletteHTTPException, http_error)


def _add_page(app: FastAPI) -> None:
    """The web page, its assets and the API documentation: no data, so no key needed."""
    template = STATIC.joinpath("index.html").read_text(encoding="utf-8")
    page = template.replace("<!--LEGEND-->", p.legend_html(heading="How to read the results"), 1)
    css = p.stylesheet()

    @app.get("/", include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse(page)

    @app.get("/static/report.css", include_in_schema=False)
    async def report_css() -> Response:
        return Response(css, media_type="text/css; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        base = f"{request.url.scheme}://{request.url.netloc}"
        return HTMLResponse(render_docs(app.openapi(), base=base))

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
