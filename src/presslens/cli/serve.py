"""`presslens serve`: the web page and the REST API on one port (`presslens.web`).

Why loopback by default: the server analyses whatever it is sent and has no
accounts, so it is for one person's machine until the operator chooses to
expose it, and then with an API key (`--api-key` or $PRESSLENS_API_KEY).
Logs go to stderr and name no article: a line per request (method, path,
status, time) unless `--log-content` asks for what users submit.
"""

from __future__ import annotations

import ipaddress
import logging
import sys
from typing import Annotated

import typer

from ..errors import ConfigError
from ..pipeline import Pipeline
from ._apps import app
from ._options import Disable


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def fetch_notice(allow_private: bool) -> str:
    """What the server says at start about the addresses it fetches (the SSRF guard)."""
    if allow_private:
        return ("presslens: warning: --allow-private-addresses: articles given as an address may be fetched from "
                "private, loopback and link-local addresses; anyone who can use this server can make it read them")
    return ("presslens: articles given as an address are fetched, except on private, loopback and link-local "
            "addresses, which are refused (start with --allow-private-addresses to allow them)")


def _loopback_names(host: str) -> tuple[str, ...]:
    """The Host names a loopback server answers: the usual ones and the address it was started on.

    Why the address too: `serve --host 127.0.0.2` is reached as
    http://127.0.0.2:PORT/, and refusing that Host would refuse every request.
    """
    from ..web.limits import LOOPBACK_HOSTS

    bare = host.strip("[]").lower()
    own = (bare, f"[{bare}]") if ":" in bare else (bare,)
    return tuple(dict.fromkeys((*LOOPBACK_HOSTS, *own)))


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on. 0.0.0.0 exposes the server to the network: set an API key.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Articles analysed at once (threads sharing one copy of the models).")] = 1,
    max_queue: Annotated[
        int, typer.Option("--max-queue", min=0, help="Requests that may wait for a worker; more are answered 503 with Retry-After.")
    ] = 16,
    timeout: Annotated[float, typer.Option("--timeout", min=1.0, help="Seconds a request may wait and run before a 504.")] = 120.0,
    read_timeout: Annotated[
        float,
        typer.Option("--read-timeout", min=1.0, help="Seconds a client may take to send a request's headers, and its body (408)."),
    ] = 30.0,
    max_body: Annotated[int, typer.Option("--max-body", min=1, metavar="BYTES", help="Largest request body (413 past it).")] = 5 * 1024 * 1024,
    max_chars: Annotated[
        int, typer.Option("--max-chars", min=1, help="Longest article text in characters (413 past it).")
    ] = 200_000,
    max_batch: Annotated[int, typer.Option("--max-batch", min=1, help="Most articles in one batch request (413 past it).")] = 16,
    api_key: Annotated[
        str | None,
        typer.Option(
            "--api-key", envvar="PRESSLENS_API_KEY", show_envvar=True,
            help="Require this key on the API (X-API-Key or Authorization: Bearer); the page asks for it.",
        ),
    ] = None,
    log_content: Annotated[
        bool, typer.Option("--log-content", help="Log each submitted article (off: nothing users send is logged).")
    ] = False,
    disable: Disable = None,
    allow_private_addresses: Annotated[
        bool,
        typer.Option(
            "--allow-private-addresses",
            help="Let the server fetch pages on private, loopback and link-local addresses (refused by default: "
            "anyone who can use the server could otherwise make it read your network).",
        ),
    ] = False,
) -> None:
    """Serve the web page and the REST API: paste, upload or drop an article and read every layer highlighted.

    Loads the models once, then answers on http://HOST:PORT/ (the page), /v1/... (the API) and /docs.

    Example: presslens serve --port 8000
    """
    import uvicorn

    from ..web import Settings, create_app
    from ..web.connection import timed_protocol

    loopback = _is_loopback(host)
    if not loopback and api_key is None:
        print(
            f"presslens: warning: serving on {host} without an API key: anyone who can reach this address "
            "can use it; set --api-key or PRESSLENS_API_KEY",
            file=sys.stderr,
        )
    try:
        settings = Settings(
            max_body_bytes=max_body, max_chars=max_chars, max_batch=max_batch, workers=workers,
            max_queue=max_queue, timeout=timeout, read_timeout=read_timeout, api_key=api_key, log_content=log_content,
            allowed_hosts=_loopback_names(host) if loopback else None, allow_private_addresses=allow_private_addresses,
        )
    except ConfigError as err:
        raise typer.BadParameter(str(err)) from None
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("presslens.web").setLevel(logging.INFO)

    def load() -> Pipeline:
        from ..api import load_pipeline

        return load_pipeline(disable=tuple(disable or ()))

    print(fetch_notice(allow_private_addresses), file=sys.stderr)
    shown = f"[{host}]" if ":" in host else host
    print(f"presslens: loading the models, then serving on http://{shown}:{port}/ (Ctrl-C stops)", file=sys.stderr, flush=True)
    uvicorn.run(
        create_app(settings, load=load),
        host=host.strip("[]"),
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=5,
        http=timed_protocol(read_timeout),
    )
