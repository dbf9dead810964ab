"""Writers: one per output format, each taking a Plan (and the options that shape it) and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planparse.errors import UsageError
from planparse.model import Plan, PlanWarning


@dataclass(frozen=True)
class WriteOptions:
    template: Path | None = None  # a Word template whose styles, headers and footers the report takes


Writer = Callable[[Plan, Path, WriteOptions], list[PlanWarning]]


def _json(plan: Plan, target: Path, options: WriteOptions) -> list[PlanWarning]:
    from planparse.writers.json_writer import write_json

    return write_json(plan, target)


def _xlsx(plan: Plan, target: Path, options: WriteOptions) -> list[PlanWarning]:
    from planparse.writers.xlsx_writer import write_xlsx

    return write_xlsx(plan, target)


def _docx(plan: Plan, target: Path, options: WriteOptions) -> list[PlanWarning]:
    from planparse.writers.docx_writer import write_docx

    return write_docx(plan, target, options.template)


def _csv(plan: Plan, target: Path, options: WriteOptions) -> list[PlanWarning]:
    from planparse.writers.csv_writer import write_csv

    return write_csv(plan, target)


WRITERS: dict[str, Writer] = {"json": _json, "xlsx": _xlsx, "docx": _docx, "csv": _csv}


def writer_for(name: str) -> Writer:
    if name in WRITERS:
        return WRITERS[name]
    raise UsageError(f"unknown output format '{name}'; available: {', '.join(WRITERS)}")
