"""How a plan's follow-up stands: each measure's status (as people write it in the workbook's
Oppfølging column) told as one of the workbook's four, and whether the measure is overdue by its
timing. The status report, `show --status` and the page all count with this."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from enum import Enum

from planparse.language import Labels
from planparse.model import Area, Goal, Measure, Plan


class Standing(str, Enum):
    """A measure's status, told from what was written: the workbook's four, another, or none."""

    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    POSTPONED = "postponed"
    OTHER = "other"
    NONE = "none"


# The words each status is written with, in the three languages (the workbook's own list first).
# A status is told by its first words, so "Fullført i mars" is done and "Pågår, forsinket" in progress.
_WORDS: dict[Standing, tuple[str, ...]] = {
    Standing.NOT_STARTED: ("ikke startet", "ikkje starta", "ikke påbegynt", "ikkje påbyrja", "ikke begynt",
                           "not started", "planlagt", "planned", "to do", "todo"),
    Standing.IN_PROGRESS: ("pågår", "pågående", "i gang", "igangsatt", "igangsett", "startet", "starta",
                           "påbegynt", "påbyrja", "in progress", "ongoing", "started", "underway", "under arbeid"),
    Standing.DONE: ("fullført", "ferdig", "gjennomført", "avsluttet", "avslutta", "utført", "levert", "done",
                    "completed", "complete", "finished", "delivered"),
    Standing.POSTPONED: ("utsatt", "utsett", "forsinket", "forseinka", "stoppet", "stansa", "avlyst",
                         "postponed", "delayed", "on hold", "paused", "cancelled", "canceled"),
}
_SEPARATORS = re.compile(r"[\s,.;:–—-]+")
ORDER = (Standing.NOT_STARTED, Standing.IN_PROGRESS, Standing.DONE, Standing.POSTPONED, Standing.OTHER,
         Standing.NONE)


def standing(status: str | None) -> Standing:
    """The status a text says: the longest known phrase it starts with; OTHER when none; NONE when empty."""
    if status is None or not status.strip():
        return Standing.NONE
    words = " ".join(_SEPARATORS.split(status.casefold())).strip()
    best: tuple[int, Standing] | None = None
    for kind, phrases in _WORDS.items():
        for phrase in phrases:
            if (words == phrase or words.startswith(phrase + " ")) and (best is None or len(phrase) > best[0]):
                best = (len(phrase), kind)
    return best[1] if best else Standing.OTHER


def due_date(measure: Measure) -> datetime.date | None:
    """When a measure is due: its timing's end where it says one, else the end of the last year it is
    marked in; None for an ongoing measure or one with no time."""
    timing = measure.timing
    if timing is not None and timing.ongoing:
        return None
    if timing is not None and timing.understood and timing.end is not None:
        return timing.end
    years = measure.marked_years() or (timing.years if timing is not None else [])
    return datetime.date(max(years), 12, 31) if years else None


@dataclass(frozen=True)
class MeasureStatus:
    area: Area
    goal: Goal
    measure: Measure
    standing: Standing
    due: datetime.date | None
    overdue: bool  # due before the day of the report, and not done


def statuses(plan: Plan, today: datetime.date | None = None) -> list[MeasureStatus]:
    """Every measure of the plan with how it stands on `today` (the day it is asked, by default)."""
    today = today or datetime.date.today()
    out = []
    for area in plan.areas:
        for goal in area.goals:
            for measure in goal.measures:
                kind = standing(measure.follow_up.status if measure.follow_up else None)
                due = due_date(measure)
                out.append(MeasureStatus(area, goal, measure, kind, due,
                                         due is not None and due < today and kind is not Standing.DONE))
    return out


def counts(rows: list[MeasureStatus]) -> Counter[Standing]:
    return Counter(row.standing for row in rows)


def has_follow_up(plan: Plan) -> bool:
    """Whether anyone has written a status, a comment or a date for any measure of the plan."""
    return any(m.follow_up is not None and (m.follow_up.status or m.follow_up.comment or m.follow_up.updated)
               for m in plan.measures())


def standing_name(kind: Standing, names: Labels) -> str:
    """A status as the outputs name it: the workbook's four in their language, "other" or "not given"."""
    four = (Standing.NOT_STARTED, Standing.IN_PROGRESS, Standing.DONE, Standing.POSTPONED)
    if kind in four:
        return names.statuses[four.index(kind)]
    return names.status_other if kind is Standing.OTHER else names.status_none


def status_text(row: MeasureStatus, names: Labels) -> str:
    """A measure's status as written (or as told, where nothing was written), overdue said after it."""
    follow = row.measure.follow_up
    text = follow.status if follow is not None and follow.status else standing_name(row.standing, names)
    return f"{text} ({names.overdue})" if row.overdue else text
