"""What the server accepts and how much work it takes on: settings, and the bounded worker pool.

Why a pool with a queue limit: analysing an article is CPU work of about a
second, so it must not run on the event loop (every other request would
wait), and a burst of requests must not pile up without bound (each would
wait minutes and time out anyway). Work runs in a fixed number of threads;
at most `max_queue` more requests wait for one, and any further request is
answered at once with 503 and a `Retry-After` estimated from recent
analysis times. A request that waits longer than `timeout` seconds is
answered 504; work that already started finishes and is thrown away (a
thread cannot be stopped), and its slot is freed only then, so the count of
busy slots never lies.
"""

from __future__ import annotations

import asyncio
import math
import os
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import ConfigError
from ..fetch import FetchOptions

API_KEY_ENV = "PRESSLENS_API_KEY"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")

_T = TypeVar("_T")


@dataclass(frozen=True)
class Settings:
    """How the server limits and protects itself; `presslens serve` sets each from an option.

    Sizes: `max_body_bytes` bounds any request body (HTTP 413 past it),
    `max_chars` the text of one article (413), `max_batch` the documents of
    one batch request (413). Work: `workers` analysis threads, `max_queue`
    requests waiting beyond them (503 past it), `timeout` seconds per request
    (504). `read_timeout` seconds to receive a request's head and its body
    (slower clients are cut off: the head by `connection.TimedH11Protocol`,
    the body with 408 by `security.BodyLimit`). `api_key`, when set, is required on every /v1 route but
    /v1/health. `allowed_hosts`, when set, are the only Host headers answered
    (a server on loopback refuses other names, against DNS rebinding).
    `log_content` logs what users submit; off, nothing they send is logged.
    `allow_private_addresses` lets the server fetch pages on private,
    loopback and link-local addresses (off: refused, against server-side
    request forgery); `fetch_delay` spaces its requests to one site.
    """

    max_body_bytes: int = 5 * 1024 * 1024
    max_chars: int = 200_000
    max_batch: int = 16
    workers: int = 1
    max_queue: int = 16
    timeout: float = 120.0
    read_timeout: float = 30.0
    api_key: str | None = None
    allowed_hosts: tuple[str, ...] | None = None
    log_content: bool = False
    allow_private_addresses: bool = False
    fetch_delay: float = 1.0

    def fetch_options(self) -> FetchOptions:
        """How this server fetches a page given as an address: within its limits and timeout, no cache."""
        return FetchOptions(
            max_bytes=self.max_body_bytes,
            total_timeout=max(1.0, self.timeout / 2),  # leave the other half for the analysis
            delay=self.fetch_delay,
            allow_private=self.allow_private_addresses,
            cache=None,
        )

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_chars", "max_batch", "workers"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ConfigError(f"{name} must be a whole number of at least 1, got {value!r}")
        if not isinstance(self.max_queue, int) or self.max_queue < 0:
            raise ConfigError(f"max_queue must be a whole number of at least 0, got {self.max_queue!r}")
        for name in ("timeout", "read_timeout"):
            if not getattr(self, name) > 0:
                raise ConfigError(f"{name} must be a positive number of seconds, got {getattr(self, name)!r}")
        if self.api_key is not None and not self.api_key.strip():
            raise ConfigError("the API key is empty; give a long random string, or none to leave the API open")

    @classmethod
    def from_env(cls, **values: Any) -> Settings:
        """Settings with `api_key` taken from $PRESSLENS_API_KEY unless given."""
        if values.get("api_key") is None:
            values["api_key"] = os.environ.get(API_KEY_ENV) or None
        return cls(**values)


class Busy(Exception):
    """Every worker is busy and the queue is full: answer 503 with `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"the server is busy; retry in {retry_after} s")


class TimedOut(Exception):
    """A request waited or ran longer than the timeout (answered 504)."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        super().__init__(f"the analysis took longer than {timeout:g} s")


class WorkQueue:
    """A fixed pool of analysis threads with a bounded number of waiting requests.

    Use from the event loop only: `await queue.run(fn, *args)`. Counters are
    touched on the loop's thread alone, so they need no lock.
    """

    def __init__(self, *, workers: int, max_queue: int, timeout: float) -> None:
        self.workers = workers
        self.capacity = workers + max_queue
        self.timeout = timeout
        self.pending = 0  # submitted and not finished: running or waiting
        self.completed = 0
        self.rejected = 0
        self._seconds = 1.0  # moving average of one job's duration, for Retry-After
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="presslens-web")

    def retry_after(self) -> int:
        """Seconds until a slot is likely free: the queue ahead, at the recent pace."""
        return max(1, math.ceil(self._seconds * (self.pending + 1) / self.workers))

    async def run(self, fn: Callable[..., _T], *args: Any) -> _T:
        """Run `fn(*args)` in a worker thread; Busy when full, TimedOut past the timeout."""
        if self.pending >= self.capacity:
            self.rejected += 1
            raise Busy(self.retry_after())
        loop = asyncio.get_running_loop()
        self.pending += 1
        job: Future[_T] = self._executor.submit(self._timed, fn, *args)
        job.add_done_callback(lambda _: loop.call_soon_threadsafe(self._release))
        waiting = asyncio.wrap_future(job, loop=loop)
        # The result of work abandoned after a timeout is read here, so it is never reported unread.
        waiting.add_done_callback(lambda f: f.cancelled() or f.exception())
        try:
            return await asyncio.wait_for(asyncio.shield(waiting), self.timeout)
        except TimeoutError:
            job.cancel()  # frees the slot at once if the job never started; else it finishes unread
            raise TimedOut(self.timeout) from None

    def _timed(self, fn: Callable[..., _T], *args: Any) -> _T:
        started = time.perf_counter()
        try:
            return fn(*args)
        finally:
            self._seconds = 0.8 * self._seconds + 0.2 * (time.perf_counter() - started)

    def _release(self) -> None:
        self.pending -= 1
        self.completed += 1

    def close(self) -> None:
        """Stop taking work; jobs not started are dropped, running ones finish."""
        self._executor.shutdown(wait=False, cancel_futures=True)
