"""The plan at a glance on a terminal: areas, goals and measures with a year grid and roles."""

from __future__ import annotations

from collections.abc import Callable

from planparse.model import MarkKind, Measure, Plan

Style = Callable[..., str]
GRID_CELL = 5  # characters per period column
TIMING_WIDTH = 18  # characters for timing in words
MARK_COLOURS = {MarkKind.PLANNED: "green", MarkKind.TENTATIVE: "yellow", MarkKind.UNKNOWN: "red"}


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


def render_plan(plan: Plan, width: int = 120, style: Style = _plain) -> str:
    """Text lines showing the plan; `style` colours them (click.style on a terminal)."""
    labels = plan.period_labels()
    timed = any(m.timing for m in plan.measures())
    timing_width = TIMING_WIDTH if timed else 0
    roles_width = max(16, width // 4)
    text_width = max(20, width - 6 - GRID_CELL * len(labels) - timing_width - roles_width - 2)
    lines = [style(plan.title, bold=True)]
    facts = [plan.organisation or "", f"{plan.period.start}–{plan.period.end}" if plan.period else "",
             f"{len(plan.areas)} areas, {len(plan.goals())} goals, {len(plan.measures())} measures",
             "shape: " + ", ".join(shape.value for shape in plan.shapes) if plan.shapes else ""]
    lines.append(style(" · ".join(f for f in facts if f), dim=True))
    lines.append(" " * (6 + text_width) + "".join(label[:GRID_CELL - 1].center(GRID_CELL) for label in labels)
                 + ("Tidsplan".ljust(timing_width) if timed else "") + "  Ansvarlig")
    for area in plan.areas:
        lines.append("")
        lines.append(style(f"{area.number + ' ' if area.number else ''}{area.title}", bold=True, fg="blue"))
        if area.responsible:
            lines.append("  " + style(f"Ansvarlig: {', '.join(area.responsible)}", dim=True))
        for goal in area.goals:
            label = f"{goal.number} " if goal.number else ""
            lines.append("  " + style(_fit(label + goal.text, width - 2), bold=True))
            if goal.responsible:
                lines.append("    " + style(f"Ansvarlig: {', '.join(goal.responsible)}", dim=True))
            if not goal.measures:
                lines.append("      " + style("(no measures)", fg="red"))
            for measure in goal.measures:
                text = _fit(measure.text, text_width).ljust(text_width)
                roles = _fit(", ".join(measure.responsible), roles_width) or style("(no one)", fg="red")
                timing = _fit(measure.timing.text, timing_width - 1).ljust(timing_width) if measure.timing else (
                    " " * timing_width)
                lines.append(f"    • {text}{_grid(measure, labels, style)}{timing}  {roles}")
            for note in goal.notes:
                lines.append("      " + style(_fit(f"note: {note}", width - 6), dim=True))
    if plan.warnings:
        lines.append("")
        lines.append(style(f"{len(plan.warnings)} warnings (planparse check lists them)", fg="yellow"))
    return "\n".join(lines)
