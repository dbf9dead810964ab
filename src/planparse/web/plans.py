"""A plan on the page: the plan as read (bounded however large it is, with the check's problems at
the measures and goals they were found at, its follow-up and its roles), each measure with where it
was read (the PDF's page drawn with the measure's box), its outputs to download, and its removal.

Routes: GET /plans/{id}, POST /plans/{id}/remove, GET /plans/{id}/files/{name},
GET /plans/{id}/measures/{measure_id}.png, GET /plans/{id}/measures/{measure_id}."""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from planparse.check import check_plan
from planparse.errors import InternalError, PlanparseError
from planparse.followup import ORDER, counts, has_follow_up, standing_name, status_text, statuses
from planparse.language import Language, labels
from planparse.model import Goal, Location, Measure, Plan
from planparse.web.common import Download, language_of, message, render, saved_download, state
from planparse.web.corrections import correction_context
from planparse.web.problems import ShownProblem, place_key, shown_problems
from planparse.web.profiles import profile_context
from planparse.web.render import page_picture_isolated
from planparse.web.store import StoredPlan
from planparse.writers import OUTPUT_FORMATS, WriteOptions

# The outputs of every format (workbook first, as people follow a plan up in it), then the status report;
# each format's text on the page by its key.
_KEYS = {"xlsx": "workbook", "docx": "report", "pdf": "report_pdf", "json": "json", "csv": "csv"}
DOWNLOADS: tuple[Download, ...] = (
    *(Download(entry.name, entry.suffix, _KEYS[entry.name])
      for entry in sorted(OUTPUT_FORMATS, key=lambda entry: list(_KEYS).index(entry.name))),
    Download("docx", "-status.docx", "status_docx", "status"),
    Download("pdf", "-status.pdf", "status_pdf", "status"),
)

# Problems shown at one place at most (a crafted plan may put thousands at one place).
PLACE_PROBLEMS = 5

# What the plan page shows at most: the rest is in the downloads (the page says so).
PAGE_CELLS = 32_000  # measures × (periods + 4 columns): a page of a few megabytes
PAGE_MIN_MEASURES = 50
PAGE_COLUMNS = 120  # periods
PAGE_PROBLEMS = 500


def offered_downloads() -> tuple[Download, ...]:
    """The outputs a plan page offers: the PDF reports where LibreOffice is there to make them."""
    from planparse.writers.pdf_writer import office_program

    return tuple(entry for entry in DOWNLOADS if entry.format != "pdf" or office_program() is not None)


def _stored(request: Request) -> StoredPlan | None:
    return state(request).store.plan(request.path_params["plan_id"])


async def plan_page(request: Request) -> Response:
    stored = _stored(request)
    if stored is None:
        return message(request, "not_found", 404)
    # Made off the event loop (other clients are answered meanwhile), and bounded: however large the
    # plan, the page shows at most PAGE_CELLS cells and PAGE_PROBLEMS problems and says what it left
    # to the downloads.
    return await run_in_threadpool(_plan_page_response, request, stored)


def _plan_page_response(request: Request, stored: StoredPlan) -> Response:
    plan = stored.plan
    language = language_of(request)
    problems = shown_problems(check_plan(plan), plan, language)
    period_labels = plan.period_labels()
    shown_labels = period_labels[:PAGE_COLUMNS]
    role = request.query_params.get("role") or None
    chosen = _with_role(plan, role) if role else plan
    shown = _first_measures(chosen, max(PAGE_MIN_MEASURES, PAGE_CELLS // (len(shown_labels) + 4)))
    count = len(plan.measures())
    return render(request, "plan.html", {
        "stored": stored, "plan": shown, "problems": problems[:PAGE_PROBLEMS], "problem_count": len(problems),
        "by_location": _problems_by_location(problems), "where": _where, "labels": shown_labels,
        "has_timing": any(m.timing for m in shown.measures()),
        "downloads": [(f"{stored.stem}{entry.ending}", entry.key) for entry in state(request).downloads],
        "count": count, "shown_count": len(shown.measures()), "label_count": len(period_labels),
        "goal_count": len(plan.goals()), "area_count": len(plan.areas),
        "follow": _follow_up(plan, language), "roles": _roles(plan), "role": role,
        "role_count": len(chosen.measures()), "profile_saved": request.query_params.get("profile") == "saved",
        **profile_context(state(request).store), **correction_context(stored, language)})


async def remove(request: Request) -> Response:
    state(request).store.remove_plan(request.path_params["plan_id"])
    return RedirectResponse("/", status_code=303)


async def download(request: Request) -> Response:
    page = state(request)
    stored = _stored(request)
    name = request.path_params["name"]
    chosen = [entry for entry in page.downloads if name == f"{stored.stem}{entry.ending}"] if stored else []
    if stored is None or not chosen:
        return message(request, "not_found", 404)
    from planparse.api import written_isolated

    entry = chosen[0]
    try:  # written by a child held to the reading limits, as a picture is drawn
        async with page.reading:
            outputs, _ = await run_in_threadpool(functools.partial(
                written_isolated, stored.plan, (entry.format,), page.settings.options.limits,
                options=WriteOptions(report=entry.report), start_method="forkserver"))
    except (PlanparseError, InternalError) as error:
        return message(request, "not_written", 422, reason=" ".join(str(error).split())[:300])
    return saved_download(request, name, outputs[entry.format])


async def measure_page(request: Request) -> Response:
    stored = _stored(request)
    found = _measure(stored.plan, request.path_params["measure_id"]) if stored else None
    if stored is None or found is None:
        return message(request, "not_found", 404)
    goal, measure = found
    name = "where.html" if request.query_params.get("part") else "measure.html"
    problems = await run_in_threadpool(_measure_problems, stored.plan, measure, language_of(request))
    return render(request, name, {"stored": stored, "plan": stored.plan, "goal": goal, "measure": measure,
                                  "problems": problems,
                                  "labels": stored.plan.period_labels(),
                                  "picture": stored.original is not None and measure.location.page is not None})


async def measure_picture(request: Request) -> Response:
    page = state(request)
    stored = _stored(request)
    found = _measure(stored.plan, request.path_params["measure_id"]) if stored else None
    if stored is None or found is None or stored.original is None or found[1].location.page is None:
        return PlainTextResponse("not found", status_code=404)
    location = found[1].location
    assert location.page is not None
    try:
        async with page.reading:
            picture = await run_in_threadpool(page_picture_isolated, stored.original, location.page,
                                              location.bbox, page.settings.options.limits)
    except (PlanparseError, InternalError) as error:
        return PlainTextResponse(" ".join(str(error).split())[:300], status_code=422)
    if picture is None:
        return PlainTextResponse("not found", status_code=404)
    return Response(picture, media_type="image/png", headers={"cache-control": "private, max-age=3600"})


ROUTES = [
    Route("/plans/{plan_id}", plan_page),
    Route("/plans/{plan_id}/remove", remove, methods=["POST"]),
    Route("/plans/{plan_id}/files/{name}", download),
    Route("/plans/{plan_id}/measures/{measure_id}.png", measure_picture),
    Route("/plans/{plan_id}/measures/{measure_id}", measure_page),
]


def _measure(plan: Plan, measure_id: str) -> tuple[Goal, Measure] | None:
    for area in plan.areas:
        for goal in area.goals:
            for measure in goal.measures:
                if measure.id == measure_id:
                    return goal, measure
    return None


def _where(location: Location) -> str:
    """A location as a key: problems are shown at the measure or goal read at the same place."""
    return place_key(location)


def _problems_by_location(problems: list[ShownProblem]) -> dict[str, list[ShownProblem]]:
    by_location: dict[str, list[ShownProblem]] = {}
    for problem in problems:
        found = by_location.setdefault(problem.key, [])
        if len(found) < PLACE_PROBLEMS:
            found.append(problem)
    return by_location


def _measure_problems(plan: Plan, measure: Measure, language: Language) -> list[ShownProblem]:
    """The problems found at the measure, as the page says them (made off the event loop: check looks
    through the whole plan)."""
    here = place_key(measure.location)
    return [p for p in shown_problems(check_plan(plan), plan, language)
            if p.key == here and p.measure_id == measure.id][:PLACE_PROBLEMS]


def _with_role(plan: Plan, role: str) -> Plan:
    """The plan with only the measures `role` is responsible for (and the goals and areas they are in);
    each measure keeps its ID."""
    areas = []
    for area in plan.areas:
        goals = [goal.model_copy(update={"measures": [m for m in goal.measures if role in m.responsible]})
                 for goal in area.goals]
        goals = [goal for goal in goals if goal.measures]
        if goals:
            areas.append(area.model_copy(update={"goals": goals}))
    return plan.model_copy(update={"areas": areas})


def _roles(plan: Plan) -> list[tuple[str, int]]:
    """Each responsible role of the plan with its number of measures, most first."""
    found = Counter(role for measure in plan.measures() for role in measure.responsible)
    return sorted(found.items(), key=lambda item: (-item[1], item[0].casefold()))


def _follow_up(plan: Plan, language: Language) -> dict[str, Any] | None:
    """What the page shows of the plan's follow-up (a workbook filled in, read back): each status's
    count, the overdue, and each measure's status, by its ID; None where nobody has written any."""
    if not has_follow_up(plan):
        return None
    names = labels(language)
    rows = statuses(plan)
    total = counts(rows)
    return {"counts": [(standing_name(kind, names), kind.value, total[kind]) for kind in ORDER if total[kind]],
            "overdue": sum(row.overdue for row in rows),
            "rows": {row.measure.id: {"kind": row.standing.value, "overdue": row.overdue,
                                      "text": status_text(row, names),
                                      "comment": row.measure.follow_up.comment if row.measure.follow_up else None}
                     for row in rows}}


def _first_measures(plan: Plan, limit: int) -> Plan:
    """The plan with only its first `limit` measures (and the goals and areas they are in), for showing."""
    if len(plan.measures()) <= limit:
        return plan
    areas = []
    left = limit
    for area in plan.areas:
        goals = []
        for goal in area.goals:
            if left <= 0:
                break
            goals.append(goal.model_copy(update={"measures": goal.measures[:left]}))
            left -= len(goals[-1].measures)
        if goals:
            areas.append(area.model_copy(update={"goals": goals}))
    return plan.model_copy(update={"areas": areas})
