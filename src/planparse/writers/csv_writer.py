"""CSV for other systems: one row per measure, UTF-8 with a byte order mark so Excel shows æøå right,
separated by semicolons for Norwegian plans (what Norwegian Excel expects) and commas for English ones."""

from __future__ import annotations

import csv
from pathlib import Path

from planparse.language import Language, labels
from planparse.model import Plan, PlanWarning
from planparse.writers.atomic import atomic_path
from planparse.writers.rows import FlatColumns, measure_rows

# A spreadsheet opening the file would run a value starting with these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _defused(value: str) -> str:
    """A value a spreadsheet will not run: a leading formula character gets a ' in front (OWASP)."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def default_delimiter(language: Language) -> str:
    return "," if language is Language.ENGLISH else ";"


def write_csv(plan: Plan, target: Path, language: Language | None = None, delimiter: str | None = None
              ) -> list[PlanWarning]:
    language = language or plan.written_in()
    with atomic_path(target) as temporary, temporary.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, delimiter=delimiter or default_delimiter(language))
        columns = FlatColumns.of(plan, labels(language))
        out.writerow([_defused(name) for name in columns.header()])  # a column named "=HYPERLINK(…)" too
        for row in measure_rows(plan):
            out.writerow([_defused(value) for value in columns.values(row)])
    return []
