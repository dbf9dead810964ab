"""One flat row per measure, shared by the tabular outputs (Excel, CSV) so they agree column by column,
with the column names in the plan's language."""

from __future__ import annotations

from dataclasses import dataclass

from planparse.language import Labels
from planparse.model import Area, Goal, Location, Measure, Plan
from planparse.own_formats import ROLE_SEPARATOR


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

    names: Labels
    periods: tuple[str, ...]  # the labels of the plan's periods, one column each
    extras: tuple[str, ...]
    labels: bool = False  # a column for the IDs the plan gives its measures
    timing: bool = False  # a column for timing in words, and one for the years it touches
    follow_up: bool = False  # status, comment and last updated, for following the plan up

    @classmethod
    def of(cls, plan: Plan, names: Labels, follow_up: bool = False) -> FlatColumns:
        measures = plan.measures()
        return cls(names, tuple(plan.period_labels()), tuple(extra_columns(plan)),
                   any(m.label for m in measures), any(m.timing for m in measures),
                   follow_up or any(m.follow_up for m in measures))

    def header(self) -> list[str]:
        n = self.names
        return [n.measure_id, n.area_number, n.area, n.goal_number, n.goal, *([n.label] if self.labels else []),
                n.measure, *self.periods, *([n.timing, n.years] if self.timing else []), n.responsible,
                *self.extras, *([n.status, n.comment, n.updated] if self.follow_up else []), n.source]

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
        follow = measure.follow_up
        follow_up = [follow.status or "", follow.comment or "", follow.updated or ""] if follow else ["", "", ""]
        return [measure.id or "", row.area.number or "", row.area.title, row.goal.number or "", row.goal.text,
                *([measure.label or ""] if self.labels else []), text, *marks, *timing,
                role_separator.join(measure.responsible), *extras, *(follow_up if self.follow_up else []),
                describe_location(measure.location, self.names)]


def describe_location(location: Location, names: Labels) -> str:
    """Where a measure was read, for people: "side 3" or "tabell 2, rad 4"."""
    page, table, row = names.where
    if location.page is not None:
        return f"{page} {location.page}"
    parts = []
    if location.table is not None:
        parts.append(f"{table} {location.table}")
    if location.row is not None:
        parts.append(f"{row} {location.row}")
    return ", ".join(parts)
