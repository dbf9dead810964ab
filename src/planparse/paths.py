"""File names as text a person can read, whatever bytes a name from another system holds."""

from __future__ import annotations

from pathlib import Path


def file_name(path: Path) -> str:
    """A file's name as text: bytes that are not UTF-8 shown as �."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def shown(path: Path) -> str:
    """A whole path as text a terminal can show."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
