"""The plan at a glance on a terminal: areas, goals and measures with a year grid and roles."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from planparse.followup import ORDER, Standing, counts, standing_name, status_text, statuses
from planparse.language import Language, counted, labels
from planparse.model import MarkKind, Measure, Plan

Style = Callable[..., str]
GRID_CELL = 5  # characters per period column
TIMING_WIDTH = 18  # characters for timing in words
MARK_COLOURS = {MarkKind.PLANNED: "green", MarkKind.TENTATIVE: "yellow", MarkKind.UNKNOWN: "red"}
STATUS_WIDTH = 26  # characters for a measure's status, with --status
STATUS_COLOURS = {Standing.NOT_STARTED: None, Standing.IN_PROGRESS: "blue", Standing.DONE: "green",
                  Standing.POSTPONED: "yellow", Standing.OTHER: "magenta", Standing.NONE: None}


def _plain(text: str, **_: object) -> str:
    return text


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _grid(measure: Measure, labels: list[str], style: Style) -> str:
    cells = []
    for label in labels:
        mark = measure.schedule.get(label)
        raw = mark.raw if mark and mark.raw else "·"
        cell = raw[:GRID_CELL - 1].center(GRID_CELL)
        colour = MARK_COLOURS.get(mark.kind) if mark else None
        cells.append(style(cell, fg=colour, bold=True) if colour else style(cell, dim=True))
    return "".join(cells)


def _matches(text: str, wanted: str | None) -> bool:
    return wanted is None or wanted.casefold() in text.casefold()


def render_plan(plan: Plan, width: int | None = 120, style: Style = _plain, *, area: str | None = None,
                role: str | None = None, language: Language | None = None, status: bool = False,
                today: datetime.date | None = None) -> str:
    """Text lines showing the plan; `style` colours them (click.style on a terminal). `width` None shows
    every text whole (for a pipe); `area` and `role` keep the areas and measures whose title or roles
    hold that text. With `status`, each measure's follow-up status stands where the period grid
    would, overdue on `today` said, and the count of each status under the title."""
    names = labels(language or plan.written_in())
    periods = [] if status else plan.period_labels()
    standing = {id(row.measure): row for row in statuses(plan, today)} if status else {}
    shown = [(a, [(g, [m for m in g.measures if any(_matches(r, role) for r in m.responsible) or role is None])
                  for g in a.goals]) for a in plan.areas if _matches(a.title, area)]
    measures = [m for _, goals in shown for _, ms in goals for m in ms]
    timed = any(m.timing for m in measures)
    timing_width = (TIMING_WIDTH if timed else 0) + (STATUS_WIDTH if status else 0)
    if width is None:  # whole texts: columns as wide as the longest
        roles_width = max((len(", ".join(m.responsible)) for m in measures), default=10)
        text_width = max((len(m.text) for m in measures), default=20)
        fit = _plain_fit
    else:
        roles_width = max(16, width // 4)
        text_width = max(20, width - 6 - GRID_CELL * len(periods) - timing_width - roles_width - 2)
        fit = _fit
    line_width = width or 6 + text_width + GRID_CELL * len(periods) + timing_width + 2 + roles_width
    lines = [style(plan.title, bold=True)]
    facts = [plan.organisation or "", f"{plan.period.start}–{plan.period.end}" if plan.period else "",
             counted(names.plan_facts, areas=len(plan.areas), goals=len(plan.goals()), measures=len(plan.measures())),
             ", ".join(shape.value for shape in plan.shapes)]
    lines.append(style(" · ".join(f for f in facts if f), dim=True))
    if status:
        rows = [standing[id(m)] for m in measures]
        total = counts(rows)
        late = sum(1 for row in rows if row.overdue)
        lines.append(" · ".join([f"{standing_name(kind, names)}: {total[kind]}" for kind in ORDER if total[kind]]
                                + ([f"{names.overdue}: {late}"] if late else [])))
    header = names.timing.ljust(TIMING_WIDTH) if timed else ""
    header += " " + names.status.ljust(STATUS_WIDTH - 1) if status else ""
    lines.append(" " * (6 + text_width) + "".join(label[:GRID_CELL - 1].center(GRID_CELL) for label in periods)
                 + header + "  " + names.responsible)
    for shown_area, goals in shown:
        lines.append("")
        title = f"{shown_area.number + ' ' if shown_area.number else ''}{shown_area.title}"
        lines.append(style(title, bold=True, fg="blue"))
        if shown_area.responsible:
            lines.append("  " + style(f"{names.responsible}: {', '.join(shown_area.responsible)}", dim=True))
        for goal, goal_measures in goals:
            if role is not None and not goal_measures:
                continue
            label = f"{goal.number} " if goal.number else ""
            lines.append("  " + style(fit(label + goal.text, line_width - 2), bold=True))
            if goal.responsible:
                lines.append("    " + style(f"{names.responsible}: {', '.join(goal.responsible)}", dim=True))
            if not goal.measures:
                lines.append("      " + style(names.no_measures, fg="red"))
            for measure in goal_measures:
                text = fit(measure.text, text_width).ljust(text_width)
                roles = fit(", ".join(measure.responsible), roles_width) or style(names.no_one, fg="red")
                timing = ""
                if timed:
                    timing = (fit(measure.timing.text, TIMING_WIDTH - 1) if measure.timing else "").ljust(TIMING_WIDTH)
                if status:
                    row = standing[id(measure)]
                    said = " " + fit(status_text(row, names), STATUS_WIDTH - 2).ljust(STATUS_WIDTH - 1)
                    colour = "red" if row.overdue else STATUS_COLOURS[row.standing]
                    timing += style(said, fg=colour) if colour else style(said, dim=row.standing is Standing.NONE)
                lines.append(f"    • {text}{_grid(measure, periods, style)}{timing}  {roles}")
            for note in goal.notes:
                lines.append("      " + style(fit(f"{names.note}: {note}", line_width - 6), dim=True))
    if plan.warnings:
        lines.append("")
        count = len(plan.warnings)
        lines.append(style(f"{count} warning{'s' if count != 1 else ''} (planparse check lists them)", fg="yellow"))
    return "\n".join(lines)


def _plain_fit(text: str, width: int) -> str:
    return text
