"""Writers: one per output format, each taking a Plan (and the options that shape it) and nothing else.
The formats are one table: a name, the suffix of its files, and the writer (imported when used)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from planparse.errors import UsageError
from planparse.language import Language

if TYPE_CHECKING:  # the model is imported by the writers themselves, when one is used
    from planparse.model import Plan, PlanWarning


Report = Literal["plan", "status"]
REPORTS: tuple[Report, ...] = ("plan", "status")


@dataclass(frozen=True)
class WriteOptions:
    template: Path | None = None  # a Word template whose styles, headers and footers the report takes
    language: Language | None = None  # the outputs' language; the plan's own when None
    delimiter: str | None = None  # the CSV's; ";" for Norwegian plans and "," for English ones when None
    report: Report = "plan"  # the report (docx, pdf): the plan itself, or how its follow-up stands
    today: datetime.date | None = None  # the day a status report is made for; today when None



Writer = Callable[["Plan", Path, WriteOptions], "list[PlanWarning]"]


def _json(plan: Plan, target: Path, options: WriteOptions) -> list[PlanWarning]:
    from planparse.writers.json_writer import write_json

    return write_json(plan, target)


def _xlsx(plan: Plan, target: Path, options: WriteOptions) -> list[PlanWarning]:
    from planparse.writers.xlsx_writer import write_xlsx

    return write_xlsx(plan, target, options.language)


def _docx(plan: Plan, target: Path, options: WriteOptions) -> list[PlanWarning]:
    if options.report == "status":
        from planparse.writers.status_docx import write_status_docx

        return write_status_docx(plan, target, options.template, options.language, options.today)
    from planparse.writers.docx_writer import write_docx

    return write_docx(plan, target, options.template, options.language)


def _pdf(plan: Plan, target: Path, options: WriteOptions) -> list[PlanWarning]:
    from planparse.writers.pdf_writer import write_pdf

    return write_pdf(plan, target, options, _docx)


def _csv(plan: Plan, target: Path, options: WriteOptions) -> list[PlanWarning]:
    from planparse.writers.csv_writer import write_csv

    return write_csv(plan, target, options.language, options.delimiter)


@dataclass(frozen=True)
class OutputFormat:
    name: str
    suffix: str
    write: Writer
    description: str


def _cleaned(write: Writer) -> Writer:
    """The writer given the plan with every string of it cleaned, however the plan was made."""
    def cleaned_write(plan: Plan, target: Path, options: WriteOptions) -> list[PlanWarning]:
        return write(plan.cleaned(), target, options)

    return cleaned_write


OUTPUT_FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("json", ".json", _cleaned(_json), "the whole plan, for other systems"),
    OutputFormat("xlsx", ".xlsx", _cleaned(_xlsx), "a workbook to follow the plan up"),
    OutputFormat("docx", ".docx", _cleaned(_docx), "a report"),
    OutputFormat("csv", ".csv", _cleaned(_csv), "one row per measure"),
    OutputFormat("pdf", ".pdf", _cleaned(_pdf), "the report as PDF, for publishing (needs LibreOffice)"),
)
WRITERS: dict[str, Writer] = {entry.name: entry.write for entry in OUTPUT_FORMATS}


def output_format(name: str) -> OutputFormat:
    for entry in OUTPUT_FORMATS:
        if name in (entry.name, entry.suffix):
            return entry
    raise UsageError(f"unknown output format '{name}'; available: {', '.join(e.name for e in OUTPUT_FORMATS)}")


def writer_for(name: str) -> Writer:
    return output_format(name).write
