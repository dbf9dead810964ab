"""How far the reading of a file has come: a reader says which page it is reading, without knowing
who listens; the process that runs it (isolation.py's child sends it to its parent; the page and the
command line show it) listens."""

from __future__ import annotations

from collections.abc import Callable

# A page's number (1-based), the pages of the file, and whether the page is read by OCR.
Listener = Callable[[int, int, bool], None]

_listener: Listener | None = None


def listen(listener: Listener | None) -> Listener | None:
    """Where this process's page reports go (None: nowhere); returns the listener it replaces."""
    global _listener
    before, _listener = _listener, listener
    return before


def reading_page(number: int, pages: int, ocr: bool) -> None:
    """Page `number` of `pages` is being read (by OCR when `ocr`); does nothing when no one listens."""
    if _listener is not None:
        _listener(number, pages, ocr)
