"""Zip archives (DOCX, XLSX) checked from their directory before any member is inflated: no member,
and not all together, may inflate beyond the limits, nor at a ratio only a zip bomb has.

Python's zipfile never returns more than a member's declared size and checks its CRC at the end, so
the declared sizes checked here also bound what reading can inflate."""

from __future__ import annotations

import zipfile
from pathlib import Path

from planparse.errors import UnreadableInputError
from planparse.options import Limits

# Members smaller than this are not held to the ratio (a short XML file of repeated tags packs well).
RATIO_FLOOR = 1024 * 1024

# What the zip module raises on a damaged archive: NotImplementedError where damage made a member's
# version or compression method one it does not know.
ZIP_ERRORS = (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


def check_zip(path: Path, limits: Limits) -> None:
    """Raise UnreadableInputError when the archive would inflate beyond the limits."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except ZIP_ERRORS as error:
        raise UnreadableInputError(f"{path.name}: the file is damaged (not a readable zip archive); "
                                   "export the plan again") from error
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.max_member_bytes:
            raise UnreadableInputError(
                f"{path.name}: the part {info.filename} would inflate to {_mb(info.file_size)}, more than "
                f"the limit of {_mb(limits.max_member_bytes)}; the file is damaged or not a plan")
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise UnreadableInputError(
                f"{path.name}: the part {info.filename} would inflate {info.file_size // max(info.compress_size, 1):,}"
                f" times (a zip bomb?); the file is damaged or not a plan")
    if total > limits.max_total_bytes:
        raise UnreadableInputError(f"{path.name}: its parts would inflate to {_mb(total)}, more than the limit of "
                                   f"{_mb(limits.max_total_bytes)}; the file is damaged or not a plan")
