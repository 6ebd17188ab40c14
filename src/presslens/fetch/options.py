"""How presslens fetches: timeouts, size cap, redirects, politeness, in one value.

Why one frozen value: the CLI, the batch runner and the web server all fetch
with the same rules, and the server's stricter ones (no private addresses)
must travel with every fetch, redirects included, not be re-checked by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The default size cap, the same as for files (io.decoding.DEFAULT_MAX_BYTES; a test checks they agree).
# Not imported from there: presslens.io imports this package.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def user_agent() -> str:
    """The honest User-Agent: what is asking and which version, so a site can tell and block it."""
    from .. import __version__

    return f"presslens/{__version__} (news analysis; obeys robots.txt)"


# The token robots.txt rules name ("User-agent: presslens").
ROBOTS_AGENT = "presslens"


@dataclass(frozen=True)
class FetchOptions:
    """Rules for fetching pages.

    `connect_timeout`/`read_timeout`: seconds to connect, and to wait for each
    piece of the body; `total_timeout`: seconds for a whole page, so a server
    that drips one byte at a time cannot hold a run. `max_bytes`: the same
    size cap as for files (`--max-bytes`). `delay`: seconds between two
    requests to one host (`--delay`; a robots.txt Crawl-delay that is longer
    wins). `hosts`: how many hosts are fetched from at once. `cache`: the
    folder of fetched pages (None: no cache); `refresh`: fetch again even when
    cached. `allow_private`: whether private, loopback and link-local
    addresses may be fetched (the web server refuses them by default).
    """

    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 60.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    delay: float = 1.0
    hosts: int = 4
    obey_robots: bool = True
    cache: Path | None = None
    refresh: bool = False
    allow_private: bool = True
