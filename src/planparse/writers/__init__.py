"""Writers: one per output format, each taking a Plan and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planparse.errors import UsageError
from planparse.model import Plan
from planparse.writers.json_writer import write_json

Writer = Callable[[Plan, Path], None]

WRITERS: dict[str, Writer] = {
    "json": write_json,
}
PLANNED_FORMATS = ("xlsx", "docx", "csv")


def writer_for(name: str) -> Writer:
    if name in WRITERS:
        return WRITERS[name]
    if name in PLANNED_FORMATS:
        raise UsageError(f"output format '{name}' is not implemented yet; available: {', '.join(WRITERS)}")
    raise UsageError(f"unknown output format '{name}'; available: {', '.join(WRITERS)}")
