"""What check finds, as the page says it: in the page's language, made from each problem's facts (not
from its English message), with what the person at the page can do about it there, in the original
or in the downloaded workbook."""

from __future__ import annotations

from dataclasses import dataclass

from planparse.check import Problem, ProblemKind
from planparse.language import Language
from planparse.model import Location, Plan
from planparse.web.texts import PROBLEM_KINDS, PROBLEM_TEXTS

# Reading warnings said by one text: a damaged PDF's pages.
_PDF_CODES = frozenset({"pdf-damaged", "pdf-repaired", "page-unreadable"})


@dataclass(frozen=True)
class ShownProblem:
    """One problem as the page shows it."""

    kind: str  # the kind's code (check.ProblemKind's value)
    heading: str  # the kind, in the page's language
    where: str  # the place, in the page's language
    text: str
    advice: str
    key: str  # the place as a key (shown at the measure or goal read there)
    measure_id: str | None  # the measure read there, to open


def place_key(location: Location) -> str:
    """A location as a key: problems are shown at the measure or goal read at the same place."""
    return location.model_dump_json()


def where_said(location: Location, texts: dict[str, str]) -> str:
    """A location in the page's language: "side 3", "tabell 2, rad 4", or the whole plan."""
    parts = [texts[name].format(n=value) for name, value in (("page", location.page), ("table", location.table),
                                                             ("row", location.row), ("column", location.column))
             if value is not None]
    if not parts and location.block is not None:
        parts.append(texts["block"].format(n=location.block))
    return ", ".join(parts) or texts["whole_plan"]


def _keys(problem: Problem, at_measure: bool) -> tuple[str, str]:
    """The keys of the problem's text and its advice."""
    kind, facts = problem.kind, problem.facts
    if kind is ProblemKind.PLACEHOLDER:
        return f"placeholder.{facts.get('in', 'measure')}", "placeholder/advice"
    if kind in (ProblemKind.NO_YEAR, ProblemKind.NO_RESPONSIBLE) and "count" in facts:
        return f"{kind.value}.plan", f"{kind.value}/advice"
    if kind is ProblemKind.OUTSIDE_PERIOD and "timing" in facts:
        return "mark-outside-period.timing", "mark-outside-period/advice"
    if kind is ProblemKind.OCR_UNSURE and "count" in facts:
        return "ocr-unsure.plan", "ocr-unsure.plan/advice"
    if kind is ProblemKind.READING:
        code = facts.get("code", "")
        advice = ("reading-warning.pdf/advice" if code in _PDF_CODES else
                  "reading-warning.measure/advice" if at_measure else "reading-warning/advice")
        return f"reading-warning.{code}", advice
    return kind.value, f"{kind.value}/advice"


def shown_problem(problem: Problem, language: Language, measures: dict[str, str] | None = None) -> ShownProblem:
    """`problem` as the page says it in `language`; `measures` are the plan's measure ids by place."""
    texts = PROBLEM_TEXTS[language]
    key = place_key(problem.location)
    measure_id = (measures or {}).get(key) if problem.location.page or problem.location.table else None
    text_key, advice_key = _keys(problem, measure_id is not None)
    values = dict(problem.facts)
    if problem.first is not None:
        values["first"] = where_said(problem.first, texts)
    template = texts.get(text_key, texts["reading-warning"])
    try:
        text = template.format(**values)
    except (KeyError, IndexError):  # facts missing (a problem made elsewhere): the kind's general words
        text = texts["reading-warning"]
    return ShownProblem(kind=problem.kind.value, heading=PROBLEM_KINDS[language].get(problem.kind.value,
                                                                                   problem.kind.value),
                        where=where_said(problem.location, texts), text=text, advice=texts[advice_key], key=key,
                        measure_id=measure_id)


def measures_by_place(plan: Plan) -> dict[str, str]:
    """The id of the (first) measure read at each place."""
    found: dict[str, str] = {}
    for measure in plan.measures():
        if measure.id is not None:
            found.setdefault(place_key(measure.location), measure.id)
    return found


def shown_problems(problems: list[Problem], plan: Plan, language: Language) -> list[ShownProblem]:
    measures = measures_by_place(plan)
    return [shown_problem(problem, language, measures) for problem in problems]
