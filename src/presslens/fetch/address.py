"""Which addresses may be fetched: http(s) only, and no private network for the web server.

Why: a server that fetches any address a visitor pastes can be made to read
its own admin pages, the cloud metadata service (169.254.169.254) or the
office network (server-side request forgery). So, unless the server was
started with `--allow-private-addresses`, every host name is resolved and
refused when any of its addresses is private, loopback, link-local, multicast
or reserved, on the first request and on every redirect.

Known limit: the name is resolved here and again by the HTTP client, so a
DNS server that answers differently the second time (DNS rebinding) is not
stopped; run the server behind an egress firewall when that matters.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from ..errors import InputError

SCHEMES = ("http", "https")


def is_url(value: str) -> bool:
    """Whether an input names a web address (http:// or https://) rather than a file."""
    return value[:8].lower().startswith(("http://", "https://"))


def check_url(url: str) -> str:
    """The host of `url`, or InputError when it is not an http(s) address with a host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise InputError(url, f"is not an http:// or https:// address (scheme {parts.scheme or 'none'!r})")
    if not parts.hostname:
        raise InputError(url, "has no host name; give a full address such as https://example.org/story")
    return parts.hostname


def check_public(url: str) -> None:
    """InputError when `url`'s host is, or resolves to, a private, loopback or link-local address."""
    host = check_url(url)
    port = urlsplit(url).port or 80
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as err:
        raise InputError(url, f"the host {host!r} cannot be resolved ({err})") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global or address.is_multicast:
            raise InputError(
                url,
                f"resolves to {address}, a private, loopback or link-local address, which this server does not "
                "fetch (start it with --allow-private-addresses to allow that)",
            )
