"""A deadline for the head of each HTTP request, which uvicorn does not set.

Why: uvicorn times out an idle keep-alive connection, but a client that
sends its request line and headers a byte at a time holds a connection
(a file descriptor, a slot of the event loop's attention) for as long as
it likes; a few hundred of them starve the server (a "slowloris"). This
protocol closes any connection whose request head has not fully arrived
`head_timeout` seconds after the connection opened or the last response
ended. The body has its own deadline in `security.BodyLimit`.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, closing connections whose request head arrives too slowly."""

    head_timeout: float = 10.0
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # the head is complete: the request is the app's now

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection gets its own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if (self.cycle is None or self.cycle.response_complete) and not self.transport.is_closing():
            self.transport.close()


def timed_protocol(head_timeout: float) -> type[TimedH11Protocol]:
    """`TimedH11Protocol` with this deadline, as the class uvicorn's `http=` option takes."""
    return type("TimedH11Protocol", (TimedH11Protocol,), {"head_timeout": head_timeout})
