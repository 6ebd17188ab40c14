"""How the server protects itself and its users: body limit, headers, errors without internals, key.

- `BodyLimit` reads at most `max_body_bytes` of any request body before the
  app sees it and answers 413 past it (the declared Content-Length is
  checked first, so a large upload is refused before it is read); a body
  that has not fully arrived within `read_timeout` seconds is answered 408.
- `Guard` (outermost) answers only the Host names it is given (a server on
  loopback refuses others, against DNS rebinding), sets the security headers on every response (a strict
  Content-Security-Policy: scripts and styles only from this server, no
  inline script, no plugins, no framing, Trusted Types so the page cannot put
  a plain string into `innerHTML`), logs one line per request without its
  content (method, path without query, status, time), and turns any failure
  that escaped the handlers into a 500 in the one error shape: never a stack
  trace, never the exception's message, which may quote the article.
- `require_api_key`: when the operator set a key, every /v1 route except
  /v1/health needs it (`X-API-Key: KEY` or `Authorization: Bearer KEY`),
  compared in constant time. An empty `X-API-Key:` header counts as absent,
  so it cannot override a valid bearer key.
- The request log writes the path with every character outside printable
  ASCII escaped (`log_safe`): a `%0a` in a URL must not forge a log line, a
  `%1b` must not reach the operator's terminal, a `%00` must not write a NUL.
- `redact_input` removes what the client sent from validation messages
  (the docs promise a 422 never echoes input).
"""

from __future__ import annotations

import ast
import asyncio
import hmac
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import Request

from .schemas import error_body

logger = logging.getLogger("presslens.web")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The page's policy: every script and style from this server, no inline script or style
# attribute, data only to this server, and DOM sinks only through the page's one policy.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
    "require-trusted-types-for 'script'; trusted-types presslens-charts"
)
# A downloaded HTML report carries its CSS inline and has no script at all.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


async def send_error(send: Send, status: int, code: str, message: str, headers: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    """Answer with the one JSON error shape, from ASGI middleware (before any route runs)."""
    body = json.dumps(error_body(status, code, message)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *headers],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413, reading no more than that."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, read_timeout: float = 30.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout = read_timeout

    def _too_large(self, size: str) -> str:
        return (
            f"the request body is {size}, over this server's limit of {self.max_bytes:,} bytes; "
            "send one article at a time, or ask the operator to raise --max-body"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await send_error(send, 400, "invalid_request", "the Content-Length header is not a number")
                return
            if int(declared) > self.max_bytes:
                await send_error(send, 413, "body_too_large", self._too_large(f"{int(declared):,} bytes"))
                return
        chunks: list[bytes] = []
        size = 0
        deadline = asyncio.get_running_loop().time() + self.read_timeout
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - asyncio.get_running_loop().time()))
            except TimeoutError:
                await send_error(
                    send, 408, "request_timeout",
                    f"the request body did not arrive within {self.read_timeout:g} s; send it at once",
                    ((b"connection", b"close"),),
                )
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await send_error(send, 413, "body_too_large", self._too_large(f"over {self.max_bytes:,} bytes"))
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class Guard:
    """Security headers on every response, a content-free request log, and a 500 for the unexpected."""

    def __init__(self, app: ASGIApp, *, allowed_hosts: tuple[str, ...] | None = None) -> None:
        self.app = app
        self.allowed_hosts = None if allowed_hosts is None else frozenset(h.lower() for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", PAGE_CSP.encode()))
                if scope["path"].startswith("/v1/") and b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in names)
                message["headers"] = headers
            await send(message)

        try:
            host = _host(scope)
            if self.allowed_hosts is not None and host not in self.allowed_hosts:
                await send_error(
                    send_with_headers, 400, "invalid_host",
                    f"this server answers only as {', '.join(sorted(self.allowed_hosts))}; open it by that name",
                )
                return
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # a bug: answer 500 without internals, log the type and where only
            where = _where(exc)
            logger.error("%s %s failed: %s at %s", log_safe(scope["method"]), log_safe(scope["path"]), type(exc).__name__, where)
            if status == 0:
                await send_error(
                    send_with_headers, 500, "internal_error",
                    "the server failed on this request; the operator's log names the error (not your text)",
                )
        finally:
            logger.info(
                "%s %s %s %.3fs", log_safe(scope["method"]), log_safe(scope["path"]), status or "-",
                time.perf_counter() - started,
            )


def log_safe(value: str, limit: int = 300) -> str:
    """`value` for one log line: printable ASCII kept, anything else as a visible escape, at most `limit` characters.

    Why: ASGI servers hand the path percent-decoded, so `/%0a...` arrives as
    a line break that would forge a log line, `%1b` as an escape sequence for
    the terminal that shows the log, `%00` as a NUL in the file.
    """
    out = "".join(ch if " " <= ch <= "~" and ch != "\\" else ch.encode("unicode_escape").decode("ascii") for ch in value[:limit])
    return out + ("…" if len(value) > limit else "")


_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def redact_input(message: str, submitted: Any) -> str:
    """`message` without what the client sent: each quoted value taken from `submitted` becomes '…'.

    Validation messages of the library quote the value at fault (useful on
    the command line, where the user typed it); over HTTP the docs promise
    that input is never echoed, so any quoted part that occurs in a string
    of the submitted value, and any such string itself, is cut out.
    """
    leaves = [s for s in _strings(submitted) if s]
    if not leaves:
        return message

    def quoted(match: re.Match[str]) -> str:
        try:
            value = ast.literal_eval(match.group(0))
        except (ValueError, SyntaxError):
            return match.group(0)
        sent = isinstance(value, str) and value and any(value in leaf for leaf in leaves)
        return "'…'" if sent else match.group(0)

    message = _QUOTED.sub(quoted, message)
    for leaf in sorted(leaves, key=len, reverse=True):
        if len(leaf) >= 8:
            message = message.replace(leaf, "…")
    return message


def _strings(value: Any, depth: int = 0) -> list[str]:
    """Every string value inside a JSON value (not the keys, which are the API's names), to some depth."""
    if isinstance(value, str):
        return [value]
    if depth > 8:
        return []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v, depth + 1)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v, depth + 1)]
    return []


def _host(scope: Scope) -> str:
    """The Host header without its port ("[::1]:8000" -> "[::1]")."""
    raw = dict(scope["headers"]).get(b"host", b"").decode("latin-1").strip().lower()
    if raw.startswith("["):
        return raw[: raw.find("]") + 1]
    return raw.rsplit(":", 1)[0] if raw.count(":") == 1 else raw


def _where(exc: BaseException) -> str:
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb is not None else "?"


class Unauthorized(Exception):
    """No key, or the wrong one, on a route that needs it (answered 401)."""


def require_api_key(request: Request) -> None:
    """A FastAPI dependency: passes when no key is configured or the request carries the key."""
    expected: str | None = request.app.state.settings.api_key
    if expected is None:
        return
    given = (request.headers.get("x-api-key") or "").strip() or None
    if given is None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        given = token.strip() if scheme.lower() == "bearer" else None
    if given is None or not hmac.compare_digest(given.encode(), expected.encode()):
        raise Unauthorized()
