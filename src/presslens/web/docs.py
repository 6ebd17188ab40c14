"""The API's documentation page, `/docs`, rendered on the server from its own OpenAPI schema.

Why not Swagger UI: FastAPI's docs page loads its script and styles from a
CDN and runs an inline script, which the server's policy forbids (no
network at view time, no inline script). This page is plain HTML with the
report's stylesheet: every route with its summary, parameters, request body
and responses, the schemas they name, and a curl example. The machine-
readable schema stays at `/openapi.json`.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

_METHOD_ORDER = ("get", "post", "put", "patch", "delete")


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _type(schema: dict[str, Any]) -> str:
    """A short name for a schema: `Document`, `array of string`, `string | null`."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f'<a href="#schema-{_e(name)}">{_e(name)}</a>'
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"array of {_type(schema.get('items', {}))}"
    if "enum" in schema:
        return "one of " + ", ".join(f"<code>{_e(v)}</code>" for v in schema["enum"])
    if "const" in schema:
        return f"<code>{_e(schema['const'])}</code>"
    kind = schema.get("type", "any")
    bounds = [f"{k} {schema[k]}" for k in ("minimum", "maximum", "minLength", "maxLength", "minItems") if k in schema]
    return _e(kind) + (f" ({_e(', '.join(bounds))})" if bounds else "")


def render_docs(openapi: dict[str, Any], *, base: str = "http://127.0.0.1:8000") -> str:
    """The whole page for an OpenAPI document."""
    info = openapi.get("info", {})
    routes = []
    for path, item in openapi.get("paths", {}).items():
        for method in _METHOD_ORDER:
            if method in item:
                routes.append(_route(path, method, item[method], base))
    schemas = openapi.get("components", {}).get("schemas", {})
    schema_html = "".join(_schema(name, schema) for name, schema in sorted(schemas.items()))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{_e(info.get("title", "API"))} \u2014 API</title><link rel="icon" href="data:,">'
        '<link rel="stylesheet" href="/static/report.css"><link rel="stylesheet" href="/static/web.css"></head>'
        f'<body class="api-docs"><header class="top"><h1>{_e(info.get("title", ""))} API '
        f'<span class="version">{_e(info.get("version", ""))}</span></h1>'
        f'<p>{_e(info.get("description", ""))}</p>'
        '<nav class="top-nav"><a href="/">Web page</a> <a href="/openapi.json">OpenAPI schema (JSON)</a></nav>'
        "</header><main>"
        f'<section class="panel"><h2>Routes</h2>{"".join(routes)}</section>'
        f'<section class="panel"><h2>Schemas</h2>{schema_html}</section></main></body></html>'
    )


def _route(path: str, method: str, op: dict[str, Any], base: str) -> str:
    anchor = f"{method}-{path.strip('/').replace('/', '-')}"
    params = op.get("parameters", [])
    rows = "".join(
        f"<tr><td class=\"short\"><code>{_e(p['name'])}</code></td><td class=\"short\">{_e(p.get('in', ''))}</td>"
        f"<td class=\"name\">{_type(p.get('schema', {}))}{' (required)' if p.get('required') else ''}</td>"
        f"<td class=\"long\">{_e(p.get('description', ''))}</td></tr>"
        for p in params
    )
    param_html = (
        '<div class="scroll"><table><thead><tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
        if rows
        else ""
    )
    body = op.get("requestBody", {}).get("content", {})
    body_html = "".join(
        f"<p><strong>Body</strong> (<code>{_e(mime)}</code>): {_type(c.get('schema', {}))}</p>" for mime, c in body.items()
    )
    responses = "".join(
        f"<li><code>{_e(status)}</code> {_e(r.get('description', ''))}"
        + "".join(f" \u2014 {_type(c.get('schema', {}))}" for c in r.get("content", {}).values() if c.get("schema"))
        + "</li>"
        for status, r in op.get("responses", {}).items()
    )
    example = _curl(path, method, body, base)
    return (
        f'<article class="route" id="{_e(anchor)}"><h3><span class="method">{_e(method.upper())}</span> '
        f"<code>{_e(path)}</code> \u2014 {_e(op.get('summary', ''))}</h3>"
        f'<p>{_e(op.get("description", ""))}</p>{param_html}{body_html}'
        f"<p><strong>Responses</strong></p><ul>{responses}</ul>"
        f'<pre class="example"><code>{_e(example)}</code></pre></article>'
    )


def _curl(path: str, method: str, body: dict[str, Any], base: str) -> str:
    url = base + path
    if method == "get":
        return f"curl {url}"
    if "application/json" in body:
        if body["application/json"].get("schema", {}).get("$ref", "").endswith("/Document"):
            return f"curl -X {method.upper()} {url} -H 'Content-Type: application/json' -d @result.json"
        examples: dict[str, Any] = body["application/json"].get("examples") or {}
        sample = next(iter(examples.values())).get("value") if examples else None
        data = json.dumps(sample if sample is not None else {"text": "The minister said the plan was a disaster."})
        return f"curl -X {method.upper()} {url} -H 'Content-Type: application/json' -d '{data}'"
    return (
        f"curl -X {method.upper()} '{url}?filename=article.html' "
        "-H 'Content-Type: application/octet-stream' --data-binary @article.html"
    )


def _schema(name: str, schema: dict[str, Any]) -> str:
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    rows = "".join(
        f"<tr><td class=\"short\"><code>{_e(k)}</code>{'*' if k in required else ''}</td>"
        f"<td class=\"name\">{_type(v)}</td><td class=\"long\">{_e(v.get('description', ''))}</td></tr>"
        for k, v in props.items()
    )
    table = (
        '<div class="scroll"><table><thead><tr><th>field</th><th>type</th><th>meaning</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
        if rows
        else f"<p>{_type(schema)}</p>"
    )
    return (
        f'<article class="schema" id="schema-{_e(name)}"><h3>{_e(name)}</h3>'
        f'<p>{_e(schema.get("description", ""))}</p>{table}</article>'
    )
