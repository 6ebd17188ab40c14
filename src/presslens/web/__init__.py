"""The web app and REST API: `presslens serve`, or `create_app(Settings(...))` under any ASGI server.

    app.py       the FastAPI app factory: routes under /v1, the page at /, docs at /docs
    schemas.py   request and response bodies (the OpenAPI schema); the one error shape
    service.py   requests -> Documents -> analysis -> the JSON contract, without HTTP
    view.py      what the page shows beside an article, from the report's own code
    limits.py    Settings (sizes, workers, queue, timeout, key) and the bounded worker pool
    security.py  body limit, security headers and CSP, request log without content, API key
    docs.py      the /docs page rendered from the OpenAPI schema (no CDN, no script)
    static/      the page: index.html, app.js, web.css, the sample article

docs/web.md describes the routes, limits and security for operators.
"""

from __future__ import annotations

from .app import create_app, get_pipeline
from .limits import Settings

__all__ = ["Settings", "create_app", "get_pipeline"]
