"""Asking for more time: a reader about to do slow work it can foresee (OCR of a page) says so here,
without knowing who runs it; the process that holds it to a time limit (isolation.py) listens."""

from __future__ import annotations

from collections.abc import Callable

_listener: Callable[[float], None] | None = None


def listen(listener: Callable[[float], None] | None) -> None:
    """Where requests for more time go in this process (None: nowhere)."""
    global _listener
    _listener = listener


def allow_more_time(seconds: float) -> None:
    """The time limit of the file being read is extended by `seconds`; does nothing where nothing
    holds this process to a limit."""
    if _listener is not None:
        _listener(seconds)
