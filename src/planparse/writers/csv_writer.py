"""CSV for other systems: one row per measure, UTF-8 with a byte order mark so Excel shows æøå right."""

from __future__ import annotations

import csv
from pathlib import Path

from planparse.model import Plan, PlanWarning
from planparse.writers.atomic import atomic_path
from planparse.writers.rows import FlatColumns, measure_rows

# A spreadsheet opening the file would run a value starting with these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _defused(value: str) -> str:
    """A value a spreadsheet will not run: a leading formula character gets a ' in front (OWASP)."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def write_csv(plan: Plan, target: Path) -> list[PlanWarning]:
    with atomic_path(target) as temporary, temporary.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        columns = FlatColumns.of(plan)
        out.writerow(columns.header())
        for row in measure_rows(plan):
            out.writerow([_defused(value) for value in columns.values(row)])
    return []
