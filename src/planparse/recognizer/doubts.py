"""Readings planparse doubts, said where they are: a measure that starts in lower case or stops
mid-sentence (a line of another measure, or a measure cut in two), a heading that ends in "og" or ","
(a heading wrapped and read as two), a measure far longer than measures are (several read as one), a
timing that says more than when, a period column whose label looks like a cut year. Each is a warning at its
place, so a plan read wrong never looks as clean as one read right."""

from __future__ import annotations

import re
from collections.abc import Iterator

from planparse.model import Area, Goal, Measure, Plan, PlanWarning
from planparse.vocabulary import Vocabulary

# A measure longer than this (characters) is more than measures are: perhaps several read as one.
MEASURE_MAX = 700
# A timing of more words than this says more than when.
TIMING_WORDS_MAX = 8
# A period label of one to three digits is a year cut by its cell's wrap ("202" over "5").
_BROKEN_LABEL = re.compile(r"^\d{1,3}$")
_ENDS_OPEN = (",", "-", "–", "&", "/", "+", "(")


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _last_word(text: str) -> str:
    words = text.rstrip().split()
    return words[-1].casefold() if words else ""


def _ends_open(text: str, vocabulary: Vocabulary) -> bool:
    stripped = text.rstrip()
    return stripped.endswith(_ENDS_OPEN) or _last_word(stripped) in vocabulary.continuation_words


def _starts_lower(text: str) -> bool:
    letter = next((char for char in text.lstrip("•●▪-–—*·(\"'«“ ") if not char.isspace()), "")
    return letter.isalpha() and letter.islower()


def _measure_doubts(measure: Measure, vocabulary: Vocabulary, lower_usual: bool = False,
                    open_usual: bool = False) -> Iterator[PlanWarning]:
    """What is doubtful about one measure; `lower_usual` and `open_usual` say its goal's measures mostly
    start in lower case or end open (a list written so), which then says nothing."""
    name = f"«{_short(measure.text)}»"
    if _starts_lower(measure.text) and not lower_usual:
        yield PlanWarning(code="measure-starts-lower", location=measure.location,
                          message=f"the measure {name} starts in lower case: it may be the rest of the one "
                                  "above, read apart")
    if _ends_open(measure.text, vocabulary) and not open_usual:
        yield PlanWarning(code="measure-ends-open", location=measure.location,
                          message=f"the measure {name} stops mid-sentence: its rest may have been read as "
                                  "another measure or a note")
    if len(measure.text) > MEASURE_MAX:
        yield PlanWarning(code="measure-long", location=measure.location,
                          message=f"the measure {name} is {len(measure.text)} characters long: several measures "
                                  "or a note may have been read as one")
    timing = measure.timing
    if timing is not None and len(timing.text.split()) > TIMING_WORDS_MAX:
        yield PlanWarning(code="timing-long", location=measure.location,
                          message=f"the timing of {name} reads {_short(timing.text)!r}, more than a time: a "
                                  "measure's text may have been read into it")


# A heading whose letters and digits are this share digits, in more than a few numbers, is a line of
# figures (a target, a key figure: "2009- 0 kWh, 2014 – 15000 kWh") taken for a heading; a span of
# years ("2025–2026") is two numbers, a heading that names a time.
FIGURES_SHARE = 0.5
FIGURES_MIN = 8
NUMBERS_MIN = 3
_NUMBER = re.compile(r"\d+")


def _mostly_figures(text: str) -> bool:
    digits = sum(char.isdigit() for char in text)
    letters = sum(char.isalpha() for char in text)
    return (digits >= FIGURES_MIN and digits >= FIGURES_SHARE * (digits + letters)
            and len(_NUMBER.findall(text)) >= NUMBERS_MIN)


def _heading_doubts(what: str, text: str, holder: Area | Goal, vocabulary: Vocabulary) -> Iterator[PlanWarning]:
    if text and _mostly_figures(text):
        yield PlanWarning(code="heading-of-figures", location=holder.location,
                          message=f"the {what} is named «{_short(text)}», mostly figures: a line of targets or key "
                                  f"figures may have been taken for a heading, and the {what}s around it misread")
    if text and _ends_open(text, vocabulary):
        yield PlanWarning(code="heading-ends-open", location=holder.location,
                          message=f"the {what} «{_short(text)}» ends in {_last_word(text)!r}: a heading wrapped "
                                  "over two lines may have been read as two")
    if text and vocabulary.label_kind(text) is not None:
        yield PlanWarning(code="heading-is-label", location=holder.location,
                          message=f"the {what} is named «{_short(text)}», a word that labels a part of a plan: its "
                                  f"own name may stand elsewhere (above it, or in the table of contents)")


def doubts(plan: Plan, vocabulary: Vocabulary) -> list[PlanWarning]:
    """Every doubtful reading in the plan, at its place."""
    found: list[PlanWarning] = []
    for area in plan.areas:
        found.extend(_heading_doubts("area", area.title, area, vocabulary))
        for goal in area.goals:
            found.extend(_heading_doubts("goal", goal.text, goal, vocabulary))
            lower = sum(_starts_lower(m.text) for m in goal.measures) * 2 > len(goal.measures)
            open_ = sum(_ends_open(m.text, vocabulary) for m in goal.measures) * 2 > len(goal.measures)
            for measure in goal.measures:
                found.extend(_measure_doubts(measure, vocabulary, lower, open_))
    found.extend(_gridless_cards(plan))
    found.extend(_repeated_numbers(plan))
    for period in plan.periods:
        if _BROKEN_LABEL.match(period.label.strip()):
            found.append(PlanWarning(code="period-label-broken",
                                     message=f"the period column {period.label!r} may be a label its cell wrapped "
                                             "and cut; check the table's header"))
    return found


def _repeated_numbers(plan: Plan) -> Iterator[PlanWarning]:
    """Measures numbered alike under a numbering of several levels ("1.5" twice): a heading printed
    again (on the next page, reworded), or two measures read where there is one."""
    seen: dict[str, Measure] = {}
    for measure in plan.measures():
        label = measure.label
        if not label or "." not in label.strip("."):
            continue
        if label in seen:
            yield PlanWarning(code="measure-number-repeated", location=measure.location,
                              message=f"«{_short(measure.text)}» is numbered {label}, as «{_short(seen[label].text)}» "
                                      "is: one of them may be a heading printed again, or part of the other")
        else:
            seen[label] = measure


def _gridless_cards(plan: Plan) -> Iterator[PlanWarning]:
    """Measures with no schedule among measures of their goal that mostly have one (a card whose grid
    of periods was not found, or a row whose marks were lost)."""
    for goal in plan.goals():
        with_schedule = sum(1 for m in goal.measures if any(mark.raw for mark in m.schedule.values()))
        if with_schedule * 2 <= len(goal.measures) or with_schedule == len(goal.measures):
            continue
        for measure in goal.measures:
            if not any(mark.raw for mark in measure.schedule.values()):
                yield PlanWarning(code="schedule-missing", location=measure.location,
                                  message=f"«{_short(measure.text)}» has no period marked while most measures of its "
                                          "goal have: its marks may not have been read")
