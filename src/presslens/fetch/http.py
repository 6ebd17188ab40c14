"""One HTTP GET, done carefully: timeouts, a streamed size cap, redirects followed by hand and recorded.

Why redirects by hand: each hop must pass the same checks as the first
address (http(s) only, no private address for the web server, robots.txt),
and the study must record where the page really came from (`Fetched.redirects`).

Why stream the body: `Content-Length` may be missing or wrong, so the cap is
counted on the bytes read, and the transfer stops the moment it is passed.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin

import httpx

from ..errors import InputError
from .address import check_url
from .options import FetchOptions, user_agent

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(InputError):
    """A page could not be fetched; `reason` says why in one line (status, timeout, size, robots.txt...).

    `status` is the HTTP status of an error answer (404, 500), else None.
    """

    def __init__(self, name: str, reason: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__(name, reason)


@dataclass(frozen=True)
class Fetched:
    """The bytes of one fetched page and what the server said about them."""

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    fetched_at: dt.datetime
    redirects: list[str] = field(default_factory=list)
    content_language: str | None = None
    from_cache: bool = False


def new_client(options: FetchOptions) -> httpx.Client:
    """The client every fetch of a run shares: explicit timeouts, our User-Agent, no automatic redirects."""
    timeout = httpx.Timeout(connect=options.connect_timeout, read=options.read_timeout, write=10.0, pool=10.0)
    return httpx.Client(
        timeout=timeout,
        follow_redirects=False,
        headers={"User-Agent": user_agent(), "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"},
        trust_env=False,  # a proxy set in the environment must not silently see or change what a study reads
    )


def get(
    client: httpx.Client,
    url: str,
    options: FetchOptions,
    *,
    check: Callable[[str], object] = check_url,
    name: str | None = None,
) -> Fetched:
    """GET `url`, following at most `options.max_redirects` redirects; FetchError for any failure.

    `check(address)` runs before every request (the first and each redirect):
    it raises InputError for an address that must not be fetched.
    """
    name = name or url
    started = time.monotonic()
    redirects: list[str] = []
    address = url
    while True:
        try:
            check(address)
        except InputError as err:
            where = "" if address == url else f"redirected to {address}, which "
            raise FetchError(name, where + err.reason) from None
        status, headers, body = _request(client, address, options, name, started)
        if status in _REDIRECTS and "location" in headers:
            if len(redirects) >= options.max_redirects:
                raise FetchError(name, f"more than {options.max_redirects} redirects ({' -> '.join([url, *redirects])})")
            address = urljoin(address, headers["location"])
            if address in redirects or address == url:
                raise FetchError(name, f"redirect loop ({' -> '.join([url, *redirects, address])})")
            redirects.append(address)
            continue
        break
    if status >= 400 or status < 200:
        raise FetchError(name, f"the server answered HTTP {status} {_phrase(status)}" + _via(redirects), status=status)
    content_type, charset = _content_type(headers.get("content-type", ""))
    return Fetched(
        url=url,
        final_url=address,
        status=status,
        content_type=content_type,
        charset=charset,
        body=body,
        fetched_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        redirects=redirects,
        content_language=headers.get("content-language"),
    )


def _request(
    client: httpx.Client, address: str, options: FetchOptions, name: str, started: float
) -> tuple[int, dict[str, str], bytes]:
    try:
        with client.stream("GET", address) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            if response.status_code in _REDIRECTS or response.status_code >= 400:
                return response.status_code, headers, b""
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > options.max_bytes:
                raise FetchError(
                    name, f"the page is {int(declared):,} bytes (Content-Length), over the size limit of "
                    f"{options.max_bytes:,} bytes; raise it with --max-bytes if this really is one article",
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_raw():
                size += len(chunk)
                if size > options.max_bytes:
                    raise FetchError(
                        name, f"the page is over the size limit of {options.max_bytes:,} bytes (stopped reading); "
                        "raise it with --max-bytes if this really is one article",
                    )
                if time.monotonic() - started > options.total_timeout:
                    raise FetchError(name, f"the page took more than {options.total_timeout:g} s to arrive (stopped)")
                chunks.append(chunk)
            return response.status_code, headers, _decoded(b"".join(chunks), headers, name, options.max_bytes)
    except httpx.TimeoutException as err:
        what = "connecting" if isinstance(err, httpx.ConnectTimeout) else "waiting for the server"
        limit = options.connect_timeout if isinstance(err, httpx.ConnectTimeout) else options.read_timeout
        raise FetchError(name, f"timed out {what} (after {limit:g} s){_at(address, name)}") from None
    except httpx.HTTPError as err:
        raise FetchError(name, f"could not be fetched: {type(err).__name__}: {err or 'no detail'}{_at(address, name)}") from None


def _decoded(raw: bytes, headers: dict[str, str], name: str, max_bytes: int) -> bytes:
    """The body without its transfer compression (gzip, deflate), read from raw bytes so the cap counted the wire.

    The unpacked body is capped too: a few kilobytes of gzip can unpack to gigabytes.
    """
    encoding = headers.get("content-encoding", "identity").lower().strip()
    if encoding in ("", "identity"):
        return raw
    import zlib

    if encoding in ("gzip", "x-gzip"):
        unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        unpacker = zlib.decompressobj()
    else:
        raise FetchError(name, f"the server sent an unsupported Content-Encoding {encoding!r}")
    try:
        body = unpacker.decompress(raw, max_bytes + 1)
    except zlib.error as err:
        raise FetchError(name, f"the {encoding} body is damaged ({err})") from None
    if len(body) > max_bytes:
        raise FetchError(
            name, f"the page unpacks to over the size limit of {max_bytes:,} bytes (stopped unpacking); "
            "raise it with --max-bytes if this really is one article",
        )
    if not unpacker.eof:
        raise FetchError(name, f"the {encoding} body is damaged (incomplete or truncated stream)")
    return body


def _content_type(header: str) -> tuple[str, str | None]:
    message = Message()
    message["content-type"] = header or "application/octet-stream"
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else None


def _phrase(status: int) -> str:
    try:
        import http

        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _via(redirects: list[str]) -> str:
    return f" (after redirects to {redirects[-1]})" if redirects else ""


def _at(address: str, name: str) -> str:
    return "" if address == name else f" at {address}"
