"""Timing in words read once the plan's period is known: each measure's Frist or Tidsplan understood."""

from __future__ import annotations

from planparse.model import Area, Period, PlanWarning
from planparse.recognizer.periods import read_timing


def read_timings(areas: list[Area], span: Period | None, warnings: list[PlanWarning]) -> list[Area]:
    """The areas with every measure's timing read; timing that says no time is kept as written, warned of."""
    for area in areas:
        for goal in area.goals:
            for index, measure in enumerate(goal.measures):
                timing = measure.timing
                if timing is None or timing.understood:
                    continue
                read = read_timing(timing.text, span, timing.label)
                goal.measures[index] = measure.model_copy(update={"timing": read})
                if not read.understood:
                    warnings.append(PlanWarning(
                        code="unknown-timing", location=measure.location,
                        message=f"the timing {read.text!r} of «{measure.text[:60]}» names no time planparse "
                                "understands; kept as written"))
    return areas
