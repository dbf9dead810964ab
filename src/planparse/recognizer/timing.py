"""Timing in words read once the plan's period is known: each measure's Frist or Tidsplan understood."""

from __future__ import annotations

from planparse.model import Area, Period, PlanWarning, Timing
from planparse.recognizer.periods import names_time, read_timing, time_in_text
from planparse.recognizer.text import split_number


def timed_by_headings(areas: list[Area]) -> list[Area]:
    """Measures under an area or goal whose heading names a time ("Januari", "Høst 2025") happen then,
    where they say no time of their own."""
    for area in areas:
        area_time = split_number(area.title)[1] if names_time(area.title) else None
        for goal in area.goals:
            time = split_number(goal.text)[1] if goal.text and names_time(goal.text) else area_time
            if time is None:
                continue
            goal.measures = [measure if measure.timing is not None else measure.model_copy(
                update={"timing": Timing(text=time, understood=False)}) for measure in goal.measures]
    return areas


def timed_in_text(areas: list[Area]) -> list[Area]:
    """Measures that say no time of their own but name a day or a month in their text ("Foreldremøte:
    Onsdag 18. april") happen then; their text stays as written."""
    for area in areas:
        for goal in area.goals:
            for index, measure in enumerate(goal.measures):
                if measure.timing is not None or any(mark.raw for mark in measure.schedule.values()):
                    continue
                named = time_in_text(measure.text)
                if named is not None:
                    goal.measures[index] = measure.model_copy(update={"timing": Timing(text=named, understood=False)})
    return areas


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
