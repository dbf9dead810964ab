"""The page served for real (uvicorn in a thread) and the system's Chromium, as the browser tests and
the README's screenshot use them. Playwright drives Debian's chromium package: no browser download."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium_path() -> str | None:
    """The browser to drive: $PLANPARSE_CHROMIUM, or the first Chromium on the PATH."""
    chosen = os.environ.get("PLANPARSE_CHROMIUM")
    if chosen:
        return chosen
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def served(**settings: object) -> Iterator[str]:
    """The page on a free port of 127.0.0.1, for as long as the block runs; yields its address."""
    import uvicorn

    from planparse.web.app import Settings, create_app

    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    app = create_app(Settings(**settings))  # type: ignore[arg-type]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the page did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
