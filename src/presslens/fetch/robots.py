"""robots.txt, read once per site and obeyed (RFC 9309).

Why these rules: a 4xx answer means "no rules" (allowed), while a 5xx answer
or no answer means the site cannot say, and RFC 9309 asks a crawler to
assume everything is disallowed then. The file is fetched with the same
client, timeouts and a 500 KiB cap; a Crawl-delay longer than `--delay` wins.
"""

from __future__ import annotations

import threading
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import httpx

from .http import FetchError, get
from .options import ROBOTS_AGENT, FetchOptions

ROBOTS_MAX_BYTES = 500 * 1024


@dataclass(frozen=True)
class Rules:
    """What one site's robots.txt allows; `unreachable` holds why it could not be read (then nothing is)."""

    parser: urllib.robotparser.RobotFileParser | None
    unreachable: str | None = None

    def allows(self, url: str) -> bool:
        if self.unreachable is not None:
            return False
        return self.parser is None or self.parser.can_fetch(ROBOTS_AGENT, url)

    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        value = self.parser.crawl_delay(ROBOTS_AGENT)
        return float(value) if value is not None else None


def parse_rules(text: str) -> Rules:
    """Rules from the text of a robots.txt (pure; the tests feed it strings)."""
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(text.splitlines())
    return Rules(parser)


class RobotsCache:
    """Each site's rules, fetched the first time a page of it is asked for (thread-safe)."""

    def __init__(self, client: httpx.Client, options: FetchOptions, check: Callable[[str], object]) -> None:
        self._client = client
        self._options = replace(options, max_bytes=ROBOTS_MAX_BYTES)
        self._check = check
        self._rules: dict[str, Rules] = {}
        self._lock = threading.Lock()

    def known(self, url: str) -> bool:
        """Whether the rules of `url`'s site are already read (no request needed)."""
        with self._lock:
            return _origin(url) in self._rules

    def rules(self, url: str) -> Rules:
        origin = _origin(url)
        with self._lock:
            if origin not in self._rules:
                self._rules[origin] = self._fetch(origin + "/robots.txt")
            return self._rules[origin]

    def check(self, url: str) -> None:
        """FetchError when the site's robots.txt disallows `url` for presslens."""
        rules = self.rules(url)
        if rules.unreachable is not None:
            raise FetchError(
                url, f"its robots.txt could not be read ({rules.unreachable}), so the site is treated as "
                "disallowing everything (RFC 9309); retry later, or --ignore-robots if you may",
            )
        if not rules.allows(url):
            raise FetchError(url, "robots.txt disallows it for presslens; not fetched (--ignore-robots overrides)")

    def _fetch(self, address: str) -> Rules:
        try:
            page = get(self._client, address, self._options, check=self._check)
        except FetchError as err:
            if err.status is not None and 400 <= err.status < 500:
                return Rules(None)  # no robots.txt: everything is allowed
            return Rules(None, unreachable=err.reason)
        return parse_rules(page.body.decode("utf-8", errors="replace"))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
