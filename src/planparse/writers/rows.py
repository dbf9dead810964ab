"""One flat row per measure, shared by the tabular outputs (Excel, CSV) so they agree column by column."""

from __future__ import annotations

from dataclasses import dataclass

from planparse.model import Area, Goal, Location, Measure, Plan
from planparse.own_formats import (
    AREA,
    AREA_NUMBER,
    GOAL,
    GOAL_NUMBER,
    LABEL,
    MEASURE,
    RESPONSIBLE,
    ROLE_SEPARATOR,
    SOURCE,
    TIMING,
    YEARS,
)


@dataclass(frozen=True)
class MeasureRow:
    area: Area
    goal: Goal
    measure: Measure


def measure_rows(plan: Plan) -> list[MeasureRow]:
    return [MeasureRow(area, goal, measure) for area in plan.areas for goal in area.goals for measure in goal.measures]


def extra_columns(plan: Plan) -> list[str]:
    """Names of the further columns any table of the plan had, in the order first met."""
    names: dict[str, None] = {}
    for measure in plan.measures():
        names.update(dict.fromkeys(measure.extra))
    return list(names)


@dataclass(frozen=True)
class FlatColumns:
    """The columns of the flat table of a plan: worked out once, used for the header and every row."""

    periods: tuple[str, ...]  # the labels of the plan's periods, one column each
    extras: tuple[str, ...]
    labels: bool = False  # a column for measure IDs
    timing: bool = False  # a column for timing in words, and one for the years it touches

    @classmethod
    def of(cls, plan: Plan) -> FlatColumns:
        measures = plan.measures()
        return cls(tuple(plan.period_labels()), tuple(extra_columns(plan)),
                   any(m.label for m in measures), any(m.timing for m in measures))

    def header(self) -> list[str]:
        return [AREA_NUMBER, AREA, GOAL_NUMBER, GOAL, *([LABEL] if self.labels else []), MEASURE, *self.periods,
                *([TIMING, YEARS] if self.timing else []), RESPONSIBLE, *self.extras, SOURCE]

    def values(self, row: MeasureRow, paragraph_separator: str = " ",
               role_separator: str = ROLE_SEPARATOR) -> list[str]:
        """The row's values as text, in the order of `header()`; the separators join a measure's
        paragraphs and its roles within one cell."""
        measure = row.measure
        marks = [measure.schedule[p].raw if p in measure.schedule else "" for p in self.periods]
        extras = [measure.extra.get(name, "") for name in self.extras]
        text = paragraph_separator.join(measure.paragraphs) if measure.paragraphs else measure.text
        timing = [measure.timing.text if measure.timing else "",
                  ", ".join(str(y) for y in measure.marked_years()) if measure.timing else ""] if self.timing else []
        return [row.area.number or "", row.area.title, row.goal.number or "", row.goal.text,
                *([measure.label or ""] if self.labels else []), text, *marks, *timing,
                role_separator.join(measure.responsible), *extras, describe_location(measure.location)]


def describe_location(location: Location) -> str:
    """Where a measure was read, for people: "side 3" or "tabell 2, rad 4"."""
    if location.page is not None:
        return f"side {location.page}"
    parts = []
    if location.table is not None:
        parts.append(f"tabell {location.table}")
    if location.row is not None:
        parts.append(f"rad {location.row}")
    return ", ".join(parts)
