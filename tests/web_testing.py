"""The page through Starlette's test client, as the page's and the HTTP API's tests use it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from starlette.testclient import TestClient

from planparse.web.app import Settings, create_app

HOST = "testserver"


def settings(**changes: object) -> Settings:
    """The page's settings for a test: the test client's host allowed, and the changes given."""
    values: dict[str, object] = {"allowed_hosts": (HOST,)}
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]


def web_client(**changes: object) -> Iterator[TestClient]:
    """A test client of the page made with `settings(**changes)`, for a fixture to yield from."""
    with TestClient(create_app(settings(**changes)), base_url=f"http://{HOST}") as test_client:
        yield test_client


def cli_message(path: Path) -> str:
    """The one line the command line answers a file it cannot read with, as the page and the API must."""
    result = subprocess.run([sys.executable, "-m", "planparse", "convert", str(path), "-o", str(path.parent / "out")],
                            capture_output=True, text=True, timeout=120)
    lines = [line for line in result.stderr.splitlines() if line.startswith("planparse: ") and "converted" not in line]
    assert result.returncode in (3, 4) and lines
    return lines[0].removeprefix("planparse: ")
