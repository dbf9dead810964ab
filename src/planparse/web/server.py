"""The page's HTTP server: uvicorn's h11 protocol, with a client that is too slow timed out. A request
head must arrive within HEAD_SECONDS of the connection opening (or of the last answer on it), so a
client that sends a byte now and then (slowloris) cannot hold connections open for ever; a body that
stops arriving is the Guard's to time out (BODY_SECONDS)."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

# Seconds a client has to send a request's head: a browser sends it at once.
HEAD_SECONDS = 10.0


class TimedH11Protocol(H11Protocol):
    """h11 as uvicorn speaks it, closing a connection whose request head is late."""

    head_seconds = HEAD_SECONDS

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._wait_for_head()

    def _wait_for_head(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        self._head_timer = self.loop.call_later(self.head_seconds, self._head_late)

    def _head_late(self) -> None:
        answering = self.cycle is not None and not self.cycle.response_complete
        if not answering and not self.transport.is_closing():
            self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._wait_for_head()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        super().connection_lost(exc)


def run(app: Any, host: str, port: int) -> None:
    """Serve `app` until Ctrl-C."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning", http=TimedH11Protocol)
