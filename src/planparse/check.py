"""What is wrong or unfinished in a plan, each problem with where it was read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import Enum

from pydantic import Field
from pydantic.json_schema import SkipJsonSchema
from rapidfuzz import fuzz

from planparse.model import Location, MarkKind, Measure, Plan, StrictModel

# Text people leave for what is not decided yet.
PLACEHOLDER = re.compile(r"\?{2,}|\b[Xx]{2,}\b|\bTB[AD]\b|\bN\.?N\.?(?=\s|$)|\[\s*\]|<[^<>\n]{1,40}>|\.{4,}|_{3,}")
LOW_COVERAGE = 0.9
# Reading warnings that are no fault of the plan: unknown marks and timing are reported with their
# measure named; a caption above a table, a table of notes and a summary table are kept as notes.
NOT_PROBLEMS = frozenset({"unknown-mark", "unknown-timing", "summary-table", "text-above-header",
                          "table-not-measures", "profile-left-out"})
# How alike (0-100) two roles' spellings must be to be asked about as one role written two ways.
ALIAS_LIKENESS = 88.0


class ProblemKind(str, Enum):
    PLACEHOLDER = "placeholder"
    NO_YEAR = "no-year-marked"
    NO_RESPONSIBLE = "no-responsible"
    OUTSIDE_PERIOD = "mark-outside-period"
    DUPLICATE = "duplicate-measure"
    EMPTY_GOAL = "goal-without-measures"
    UNKNOWN_MARK = "unknown-mark"
    UNKNOWN_TIMING = "unknown-timing"
    READING = "reading-warning"
    LOW_COVERAGE = "text-not-placed"
    POSSIBLE_ALIAS = "possible-alias"
    OCR_UNSURE = "ocr-unsure"


class Problem(StrictModel):
    kind: ProblemKind
    message: str
    location: Location
    # What the message says, as data (the measure's text, the placeholder, the count, a warning's code),
    # for saying it in other words, as the page does in its languages. Not part of the JSON, which has
    # the message, nor of its JSON Schema (the HTTP API's document).
    facts: SkipJsonSchema[dict[str, str]] = Field(default_factory=dict, exclude=True)
    first: SkipJsonSchema[Location | None] = Field(default=None, exclude=True)  # a duplicate's first place

    def describe(self) -> str:
        return f"{self.location.describe()}: {self.message}"


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _placeholders(text: str, what: str, location: Location, facts: dict[str, str] | None = None) -> Iterator[Problem]:
    """Placeholders in `text`; `facts` say where (in: title, area, goal, measure, role or column, and the
    measure and column when in a role or column)."""
    for match in PLACEHOLDER.finditer(text):
        yield Problem(kind=ProblemKind.PLACEHOLDER, location=location,
                      message=f"placeholder {match.group(0)!r} in {what} «{_short(text)}»",
                      facts={"placeholder": match.group(0), "text": _short(text), **(facts or {})})


def _has_time(measure: Measure) -> bool:
    return bool(measure.marked_years()) or (measure.timing is not None and (measure.timing.ongoing
                                                                             or measure.timing.understood))


def _plan_wide(plan: Plan) -> tuple[list[Problem], bool, bool]:
    """What holds for the whole plan, said once: no measure names anyone responsible, or any time. Also
    whether each is so (then it is not said again at every measure)."""
    measures = plan.measures()
    no_one = bool(measures) and not any(m.responsible for m in measures)
    no_time = bool(measures) and not any(_has_time(m) for m in measures)
    problems = []
    if no_one:
        problems.append(Problem(kind=ProblemKind.NO_RESPONSIBLE, location=Location(),
                                facts={"count": str(len(measures))},
                                message=f"the plan names no one responsible for any of its {len(measures)} measures"))
    if no_time:
        problems.append(Problem(kind=ProblemKind.NO_YEAR, location=Location(),
                                facts={"count": str(len(measures))},
                                message=f"the plan marks no period and gives no time for any of its {len(measures)} "
                                        "measures"))
    return problems, no_one, no_time


def _measure_problems(plan: Plan, no_one: bool = False, no_time: bool = False) -> Iterator[Problem]:
    period = plan.period
    years = {p.label: p.years() for p in plan.periods if p.years()}
    for label in {label for m in plan.measures() for label in m.schedule}:
        if label not in years and label.isdigit() and len(label) == 4:
            years[label] = [int(label)]
    for goal in plan.goals():
        seen: dict[str, Location] = {}
        for measure in goal.measures:
            where, name = measure.location, f"«{_short(measure.text)}»"
            this = {"measure": _short(measure.text)}
            yield from _placeholders(measure.text, "measure", where, {"in": "measure"})
            for role in measure.responsible:
                yield from _placeholders(role, f"a responsible role of {name}", where, {"in": "role", **this})
            for column, value in measure.extra.items():
                yield from _placeholders(value, f"column {column!r} of {name}", where,
                                         {"in": "column", "column": column, **this})
            timing = measure.timing
            if timing is not None and not timing.understood:
                yield Problem(kind=ProblemKind.UNKNOWN_TIMING, location=where, facts={"timing": timing.text, **this},
                              message=f"the timing {timing.text!r} of {name} names no time planparse understands")
            elif not no_time and not measure.marked_years() and not (timing is not None and timing.ongoing):
                yield Problem(kind=ProblemKind.NO_YEAR, location=where, facts=this,
                              message=f"no period marked and no time given for {name}")
            if not measure.responsible and not no_one:
                yield Problem(kind=ProblemKind.NO_RESPONSIBLE, location=where, facts=this,
                              message=f"no one responsible for {name}")
            for label, mark in measure.schedule.items():
                what = f"year {label}" if label.isdigit() else f"period {label!r}"
                if mark.kind is MarkKind.UNKNOWN:
                    yield Problem(kind=ProblemKind.UNKNOWN_MARK, location=where,
                                  facts={"label": label, "mark": mark.raw, **this},
                                  message=f"{what} of {name} holds {mark.raw!r}, not a known mark")
                elif period is not None and mark.is_marked and label in years and not (
                        period.start <= min(years[label]) and max(years[label]) <= period.end):
                    yield Problem(kind=ProblemKind.OUTSIDE_PERIOD, location=where,
                                  facts={"label": label, "start": str(period.start), "end": str(period.end), **this},
                                  message=f"{name} is marked for {label}, outside {period.start}–{period.end}")
            if period is not None and timing is not None and timing.understood and timing.years and not (
                    period.start <= timing.years[0] and timing.years[-1] <= period.end):
                yield Problem(kind=ProblemKind.OUTSIDE_PERIOD, location=where,
                              facts={"timing": timing.text, "start": str(period.start), "end": str(period.end), **this},
                              message=f"{name} is timed {timing.text!r}, outside {period.start}–{period.end}")
            key = " ".join(measure.text.casefold().split())
            if key in seen:
                yield Problem(kind=ProblemKind.DUPLICATE, location=where, first=seen[key],
                              facts={"goal": _short(goal.text), **this},
                              message=f"{name} stands twice under the goal «{_short(goal.text)}» "
                                      f"(first at {seen[key].describe()})")
            seen.setdefault(key, measure.location)


def _possible_aliases(plan: Plan) -> Iterator[Problem]:
    """Roles that may be one role written two ways (Ledelse and Ledelsen, Prosjektleder and
    Prosjektledere), each with the line for a roles.toml that makes them one."""
    counts: dict[str, int] = {}
    for measure in plan.measures():
        for role in measure.responsible:
            counts[role] = counts.get(role, 0) + 1
    roles = sorted(counts, key=lambda r: (-counts[r], r))
    for index, role in enumerate(roles):
        for other in roles[index + 1:]:
            a, b = role.casefold(), other.casefold()
            shorter, longer = sorted((a, b), key=len)
            suffixed = longer.startswith(shorter) and len(longer) - len(shorter) <= 2 and len(shorter) >= 4
            if suffixed or fuzz.ratio(a, b) >= ALIAS_LIKENESS:
                yield Problem(kind=ProblemKind.POSSIBLE_ALIAS, location=Location(),
                              facts={"role": role, "role_count": str(counts[role]), "other": other,
                                     "other_count": str(counts[other])},
                              message=f"«{role}» ({counts[role]}) and «{other}» ({counts[other]}) may be one role; "
                                      f'if so, put this in a roles.toml and use --aliases: "{role}" = ["{other}"]')


# Confidence (0-100) of a measure's least sure word below which check asks for the scan to be looked at.
UNSURE_MEASURE = 70.0


def _unsure_readings(plan: Plan) -> Iterator[Problem]:
    """Measures read by OCR from a scan it was unsure of, and a word for the whole plan when many were."""
    read = [m for m in plan.measures() if m.confidence is not None]
    unsure = [m for m in read if m.confidence is not None and m.confidence < UNSURE_MEASURE]
    for measure in unsure:
        yield Problem(kind=ProblemKind.OCR_UNSURE, location=measure.location,
                      facts={"confidence": f"{measure.confidence:.0f}", "measure": _short(measure.text)},
                      message=f"read from a scan, and the OCR was unsure ({measure.confidence:.0f}%) of the row "
                              f"of «{_short(measure.text)}»; check it against the scan")
    if read and len(unsure) > len(read) / 4:
        yield Problem(kind=ProblemKind.OCR_UNSURE, location=Location(),
                      facts={"unsure": str(len(unsure)), "count": str(len(read))},
                      message=f"{len(unsure)} of {len(read)} measures were read from the scan with low confidence; "
                              "a sharper scan (300 dpi, straight, no shadows) reads better")


def check_plan(plan: Plan) -> list[Problem]:
    """Every problem found in the plan, in the order of the plan."""
    problems: list[Problem] = []
    problems.extend(_placeholders(plan.title, "the title", Location(), {"in": "title"}))
    for area in plan.areas:
        problems.extend(_placeholders(area.title, "an area", area.location, {"in": "area"}))
        for goal in area.goals:
            problems.extend(_placeholders(goal.text, "a goal", goal.location, {"in": "goal"}))
            if not goal.measures:
                problems.append(Problem(kind=ProblemKind.EMPTY_GOAL, location=goal.location,
                                        facts={"goal": _short(goal.text)},
                                        message=f"the goal «{_short(goal.text)}» has no measures"))
    wide, no_one, no_time = _plan_wide(plan)
    problems.extend(wide)
    problems.extend(_measure_problems(plan, no_one, no_time))
    for warning in plan.warnings:
        if warning.code not in NOT_PROBLEMS:
            problems.append(Problem(kind=ProblemKind.READING, location=warning.location, message=warning.message,
                                    facts={"code": warning.code}))
    problems.extend(_possible_aliases(plan))
    problems.extend(_unsure_readings(plan))
    if plan.coverage is not None and plan.coverage.share < LOW_COVERAGE:
        share = plan.coverage.share
        problems.append(Problem(kind=ProblemKind.LOW_COVERAGE, location=Location(),
                                facts={"share": f"{share * 100:.0f}"},
                                message=f"only {share:.0%} of the document's text was placed in the plan"))
    return problems


def coverage_line(plan: Plan) -> str:
    if plan.coverage is None:
        return "text placed in the plan: not measured (read from planparse's own output)"
    coverage = plan.coverage
    return (f"text placed in the plan: {coverage.share:.1%} ({coverage.placed_characters} of "
            f"{coverage.read_characters} characters)")
