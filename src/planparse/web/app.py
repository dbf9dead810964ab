"""The web page's routes: upload and read plans, show a plan with where each measure was read,
download its outputs, compare two versions. Reading goes through `parse_isolated` with the same
limits as the command line, so a hostile file costs one child process and gets its one-line answer."""

from __future__ import annotations

import dataclasses
import functools
import multiprocessing
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from planparse.check import check_plan
from planparse.diff import Change, ChangeKind, detail_in, diff_plans
from planparse.errors import InternalError, PlanparseError
from planparse.followup import ORDER, counts, has_follow_up, standing_name, status_text, statuses
from planparse.language import Language, counted, labels
from planparse.model import Goal, Location, Measure, Plan, SourceFormat
from planparse.options import ReadOptions
from planparse.profile import Profile, ProfileMismatch
from planparse.web.api import API_PREFIX, api_routes, refusal
from planparse.web.corrections import correction_context, correction_routes
from planparse.web.problems import ShownProblem, place_key, shown_problems
from planparse.web.profiles import profile_context, profile_routes
from planparse.web.render import page_picture_isolated
from planparse.web.security import BODY_SECONDS, BodyTooLarge, BodyTooSlow, Guard, Scope
from planparse.web.store import PROGRESS_KEY, Outcome, Progress, Store, StoredPlan, new_id, safe_file_name
from planparse.web.texts import PAGE_LANGUAGES, PROBLEM_KINDS, PROBLEM_TEXTS, SHAPES, TEXTS, page_language
from planparse.writers import OUTPUT_FORMATS, Report, WriteOptions

HERE = Path(__file__).parent
LANGUAGE_COOKIE = "planparse-lang"


@dataclass(frozen=True)
class Download:
    """One output a plan page offers: an output format, the file name's ending after the plan's name,
    the page's text for it, and the report it is (plan or status)."""

    format: str
    ending: str
    key: str
    report: Report = "plan"


# The outputs of every format (workbook first, as people follow a plan up in it), then the status report;
# each format's text on the page by its key.
_KEYS = {"xlsx": "workbook", "docx": "report", "pdf": "report_pdf", "json": "json", "csv": "csv"}
DOWNLOADS: tuple[Download, ...] = (
    *(Download(entry.name, entry.suffix, _KEYS[entry.name])
      for entry in sorted(OUTPUT_FORMATS, key=lambda entry: list(_KEYS).index(entry.name))),
    Download("docx", "-status.docx", "status_docx", "status"),
    Download("pdf", "-status.pdf", "status_pdf", "status"),
)
CHANGE_ORDER = (ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.MOVED, ChangeKind.REWORDED,
                ChangeKind.RESCHEDULED, ChangeKind.RESPONSIBLE, ChangeKind.FOLLOW_UP)
READING_MODULES = ("planparse.isolation", "planparse.api", "planparse.readers.pdf", "planparse.readers.docx_reader",
                   "planparse.readers.xlsx_reader", "planparse.recognizer.recognize", "planparse.web.render",
                   "pdfplumber", "docx", "openpyxl", "pypdfium2", "PIL.Image")


@dataclass(frozen=True)
class Settings:
    """What the page allows: the same reading options (and limits) as the command line, and its own
    limits on uploads."""

    options: ReadOptions = field(default_factory=ReadOptions)
    max_upload_mb: int = 50  # one request, all its files together
    max_files: int = 20  # files in one request
    keep: int = 50  # plans (and comparisons) kept before the oldest are removed
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]")  # ("*",): any, for --host 0.0.0.0
    body_seconds: float = BODY_SECONDS  # the wait for the next part of an upload before the client is let go
    token: str | None = None  # the HTTP API's bearer token (serve --token, PLANPARSE_TOKEN): asked when set
    token_required: bool = False  # listening beyond loopback: the API answers no request without the token


def _language(request: Request) -> Language:
    return page_language(request.cookies.get(LANGUAGE_COOKIE))


def _refused(scope: Scope, reason: str, settings: Settings) -> str:
    if str(scope.get("path", "")).startswith(API_PREFIX):
        return refusal(reason, settings)
    texts = TEXTS[_language(Request(scope))]
    if reason == "too-large":
        return "planparse: " + texts["too_large"].format(mb=settings.max_upload_mb)
    if reason == "too-slow":
        return "planparse: " + texts["too_slow"]
    return "planparse: " + texts["other_origin"]


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


# Problems shown at one place at most (a crafted plan may put thousands at one place).
PLACE_PROBLEMS = 5


def _problems_by_location(problems: list[ShownProblem]) -> dict[str, list[ShownProblem]]:
    by_location: dict[str, list[ShownProblem]] = {}
    for problem in problems:
        found = by_location.setdefault(problem.key, [])
        if len(found) < PLACE_PROBLEMS:
            found.append(problem)
    return by_location


def create_app(settings: Settings | None = None) -> Starlette:
    """The page as an ASGI app; its store (and every uploaded file) is removed when the app stops.

    Files are read in children of a multiprocessing forkserver: a script that serves the app must
    start it under `if __name__ == "__main__":`, as multiprocessing asks."""
    settings = settings or Settings()
    # the PDF reports where LibreOffice is there to make them
    from planparse.writers.pdf_writer import office_program

    offered = [entry for entry in DOWNLOADS if entry.format != "pdf" or office_program() is not None]
    # Each file is read in a child of a forkserver (this process has threads, which fork must not
    # copy); the server imports the readers once, so a child starts reading at once.
    multiprocessing.set_forkserver_preload(list(READING_MODULES))
    store = Store(keep=settings.keep)
    progress = Progress()
    import jinja2

    templates = Jinja2Templates(env=jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                                       autoescape=True, undefined=jinja2.StrictUndefined))
    reading = anyio.CapacityLimiter(max(1, os.cpu_count() or 1))

    def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
        language = _language(request)
        base = {"t": TEXTS[language], "lang": language.value, "counted": counted,
                "language_names": [(code.value, TEXTS[code]["language_name"]) for code in PAGE_LANGUAGES],
                "here": request.url.path, "shapes": SHAPES[language], "problem_kinds": PROBLEM_KINDS[language],
                "problem_texts": PROBLEM_TEXTS[language]}
        response = templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)
        response.headers["cache-control"] = "no-store"
        return response

    def message(request: Request, key: str, status_code: int, **values: Any) -> Response:
        return render(request, "message.html", {"text": TEXTS[_language(request)][key].format(**values)},
                      status_code)

    def read_one(path: Path, key: str | None = None) -> tuple[Plan, Profile | None, str | None]:
        """The plan in a file, how it was read (as a profile) and the name of the reading profile the
        page read it with (the one in use, if any)."""
        from planparse.api import read_isolated

        on_progress = functools.partial(progress.page, key) if key else None
        active = store.active_profile
        options = settings.options
        if active is not None:
            profile = active[1]
            options = dataclasses.replace(options, profile=profile,
                                          vocabulary=profile.vocabulary(settings.options.vocabulary))
        plan, described = read_isolated(path, options=options, start_method="forkserver", on_progress=on_progress)
        return plan, described, active[0] if active else None

    async def read_upload(upload: UploadFile, outcome: Outcome, key: str | None = None,
                          number: tuple[int, int] = (1, 1), language: Language = Language.BOKMAL
                          ) -> StoredPlan | None:
        """One uploaded file saved, read and kept (a PDF's original kept to draw its pages); its
        one-line answer in `outcome` when it cannot be read. Its progress is told under `key` (the
        page's script asks for it) as file `number[0]` of `number[1]`."""
        name = safe_file_name(upload.filename)
        if key:
            progress.file(key, number[0], number[1], name)
        folder = store.upload_folder()
        path = folder / name
        with path.open("wb") as handle:
            while chunk := await upload.read(1 << 20):
                handle.write(chunk)
        try:
            async with reading:
                plan, described, read_with = await run_in_threadpool(read_one, path, key)
        except ProfileMismatch:  # said in the page's words: the profile in use is the page's to change
            profile_name = store.active_profile[0] if store.active_profile else ""
            outcome.errors.append((name, TEXTS[language]["profile_mismatch"].format(file=name, profile=profile_name)))
            shutil.rmtree(folder, ignore_errors=True)
            return None
        except PlanparseError as error:
            outcome.errors.append((name, str(error).replace(str(folder) + os.sep, "")))
            shutil.rmtree(folder, ignore_errors=True)
            return None
        except InternalError as error:
            outcome.errors.append((name, f"{name}: internal error ({error}); please report it"))
            shutil.rmtree(folder, ignore_errors=True)
            return None
        keep = plan.source is not None and plan.source.format is SourceFormat.PDF
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
        stored = store.add_plan(name, plan, path if keep else None, described, read_with)
        outcome.plans.append(stored)
        return stored

    async def uploaded_files(request: Request, *fields: str) -> dict[str, list[UploadFile]] | Response:
        try:
            form = await request.form(max_files=settings.max_files, max_fields=50)
        except BodyTooLarge:
            return message(request, "too_large", 413, mb=settings.max_upload_mb)
        except BodyTooSlow:
            return message(request, "too_slow", 408)
        except Exception:  # the multipart parser refuses (too many files, a damaged body)
            return message(request, "too_many", 400, n=settings.max_files)
        return {name: [value for value in form.getlist(name) if isinstance(value, UploadFile) and value.filename]
                for name in fields}

    async def progress_key(request: Request) -> str | None:
        """The id the page's script sent with an upload, to ask how far its reading has come."""
        key = str((await request.form()).get("progress") or "")
        return key if PROGRESS_KEY.fullmatch(key) else None

    async def progress_state(request: Request) -> Response:
        key = request.path_params["key"]
        if not PROGRESS_KEY.fullmatch(key):
            return JSONResponse({"state": "unknown"}, status_code=404)
        return JSONResponse(progress.state(key), headers={"cache-control": "no-store"})

    async def index(request: Request) -> Response:
        outcome = store.outcome(request.query_params.get("done", ""))
        return render(request, "index.html", {"plans": store.plans(), "outcome": outcome,
                                              "max_mb": settings.max_upload_mb, "max_files": settings.max_files,
                                              **profile_context(store)})

    async def upload(request: Request) -> Response:
        files = await uploaded_files(request, "files")
        if isinstance(files, Response):
            return files
        outcome = Outcome(new_id())
        if not files["files"]:  # "Les planene" with no file chosen: said on the front page
            outcome.errors.append(("", TEXTS[_language(request)]["no_files"]))
            store.add_outcome(outcome)
            return RedirectResponse(f"/?done={outcome.id}", status_code=303)
        key = await progress_key(request)
        try:
            for index, item in enumerate(files["files"], start=1):
                await read_upload(item, outcome, key, (index, len(files["files"])), _language(request))
        finally:
            if key:
                progress.done(key)
            await request.close()
        store.add_outcome(outcome)
        if len(outcome.plans) == 1 and not outcome.errors:
            return RedirectResponse(f"/plans/{outcome.plans[0].id}", status_code=303)
        return RedirectResponse(f"/?done={outcome.id}", status_code=303)

    def stored_or_none(request: Request) -> StoredPlan | None:
        return store.plan(request.path_params["plan_id"])

    async def plan_page(request: Request) -> Response:
        stored = stored_or_none(request)
        if stored is None:
            return message(request, "not_found", 404)
        # Made off the event loop (other clients are answered meanwhile), and bounded: however large the
        # plan, the page shows at most PAGE_CELLS cells and PAGE_PROBLEMS problems and says what it left
        # to the downloads.
        return await run_in_threadpool(plan_page_response, request, stored)

    def plan_page_response(request: Request, stored: StoredPlan) -> Response:
        plan = stored.plan
        language = _language(request)
        problems = shown_problems(check_plan(plan), plan, language)
        labels = plan.period_labels()
        shown_labels = labels[:PAGE_COLUMNS]
        role = request.query_params.get("role") or None
        chosen = _with_role(plan, role) if role else plan
        shown = _first_measures(chosen, max(PAGE_MIN_MEASURES, PAGE_CELLS // (len(shown_labels) + 4)))
        count = len(plan.measures())
        return render(request, "plan.html", {
            "stored": stored, "plan": shown, "problems": problems[:PAGE_PROBLEMS], "problem_count": len(problems),
            "by_location": _problems_by_location(problems), "where": _where, "labels": shown_labels,
            "has_timing": any(m.timing for m in shown.measures()),
            "downloads": [(f"{stored.stem}{entry.ending}", entry.key) for entry in offered],
            "count": count, "shown_count": len(shown.measures()), "label_count": len(labels),
            "goal_count": len(plan.goals()), "area_count": len(plan.areas),
            "follow": _follow_up(plan, language), "roles": _roles(plan), "role": role,
            "role_count": len(chosen.measures()), "profile_saved": request.query_params.get("profile") == "saved",
            **profile_context(store), **correction_context(stored, language)})

    async def remove(request: Request) -> Response:
        store.remove_plan(request.path_params["plan_id"])
        return RedirectResponse("/", status_code=303)

    async def download(request: Request) -> Response:
        stored = stored_or_none(request)
        name = request.path_params["name"]
        chosen = [entry for entry in offered if name == f"{stored.stem}{entry.ending}"] if stored else []
        if stored is None or not chosen:
            return message(request, "not_found", 404)
        from planparse.api import written_isolated

        entry = chosen[0]
        try:  # written by a child held to the reading limits, as a picture is drawn
            async with reading:
                outputs, _ = await run_in_threadpool(functools.partial(
                    written_isolated, stored.plan, (entry.format,), settings.options.limits,
                    options=WriteOptions(report=entry.report), start_method="forkserver"))
        except (PlanparseError, InternalError) as error:
            return message(request, "not_written", 422, reason=" ".join(str(error).split())[:300])
        return saved_download(name, outputs[entry.format])

    def saved_download(name: str, data: bytes) -> Response:
        folder = Path(tempfile.mkdtemp(prefix="download-", dir=store.folder))
        target = folder / name
        target.write_bytes(data)
        return FileResponse(target, filename=name, background=BackgroundTask(shutil.rmtree, folder, True))

    async def measure_page(request: Request) -> Response:
        stored = stored_or_none(request)
        found = _measure(stored.plan, request.path_params["measure_id"]) if stored else None
        if stored is None or found is None:
            return message(request, "not_found", 404)
        goal, measure = found
        name = "where.html" if request.query_params.get("part") else "measure.html"
        problems = await run_in_threadpool(_measure_problems, stored.plan, measure, _language(request))
        return render(request, name, {"stored": stored, "plan": stored.plan, "goal": goal, "measure": measure,
                                      "problems": problems,
                                      "labels": stored.plan.period_labels(),
                                      "picture": stored.original is not None and measure.location.page is not None})

    async def measure_picture(request: Request) -> Response:
        stored = stored_or_none(request)
        found = _measure(stored.plan, request.path_params["measure_id"]) if stored else None
        if stored is None or found is None or stored.original is None or found[1].location.page is None:
            return PlainTextResponse("not found", status_code=404)
        location = found[1].location
        assert location.page is not None
        try:
            async with reading:
                picture = await run_in_threadpool(page_picture_isolated, stored.original, location.page,
                                                  location.bbox, settings.options.limits)
        except (PlanparseError, InternalError) as error:
            return PlainTextResponse(" ".join(str(error).split())[:300], status_code=422)
        if picture is None:
            return PlainTextResponse("not found", status_code=404)
        return Response(picture, media_type="image/png", headers={"cache-control": "private, max-age=3600"})

    async def compare(request: Request) -> Response:
        files = await uploaded_files(request, "old", "new")
        if isinstance(files, Response):
            return files
        form = await request.form()
        key = await progress_key(request)
        outcome = Outcome(new_id())
        versions: list[StoredPlan | None] = []
        sent = [side for side in ("old", "new") if files[side]]
        for side in ("old", "new"):
            chosen = str(form.get(f"{side}_id") or "")
            if files[side]:
                versions.append(await read_upload(files[side][0], outcome, key, (sent.index(side) + 1, len(sent)),
                                                  _language(request)))
            elif chosen:
                versions.append(store.plan(chosen))
            else:
                versions.append(None)
        if key:
            progress.done(key)
        await request.close()
        old, new = versions
        if outcome.errors:
            store.add_outcome(outcome)
            return RedirectResponse(f"/?done={outcome.id}", status_code=303)
        if old is None or new is None:
            return message(request, "two_needed", 400)
        changes = await run_in_threadpool(diff_plans, old.plan, new.plan)
        comparison = store.add_comparison(old, new, changes)
        return RedirectResponse(f"/compare/{comparison.id}", status_code=303)

    async def comparison_page(request: Request) -> Response:
        comparison = store.comparison(request.path_params["comparison_id"])
        if comparison is None:
            return message(request, "not_found", 404)
        language = comparison.new.plan.written_in()
        names = labels(_language(request))
        groups = [(kind, names.changes[kind.value], [c for c in comparison.changes if c.kind is kind])
                  for kind in CHANGE_ORDER]
        return render(request, "compare.html", {
            "comparison": comparison, "groups": [g for g in groups if g[2]],
            "detail": functools.partial(detail_in, names=names),
            "workbook": f"{_changes_name(comparison.old, comparison.new)}.xlsx", "plan_language": language})

    async def comparison_download(request: Request) -> Response:
        comparison = store.comparison(request.path_params["comparison_id"])
        name = request.path_params["name"]
        if comparison is None or name != f"{_changes_name(comparison.old, comparison.new)}.xlsx":
            return message(request, "not_found", 404)
        from planparse.isolation import run_in_child

        try:
            async with reading:
                data = await run_in_threadpool(functools.partial(
                    run_in_child, _changes_workbook, (comparison.changes, comparison.new.plan.written_in()), name,
                    settings.options.limits, start_method="forkserver", work="writing"))
        except (PlanparseError, InternalError) as error:
            return message(request, "not_written", 422, reason=" ".join(str(error).split())[:300])
        return saved_download(name, data)

    async def choose_language(request: Request) -> Response:
        back = request.query_params.get("back", "/")
        if not back.startswith("/") or back.startswith("//") or "\\" in back:
            back = "/"
        response = RedirectResponse(quote(back, safe="/?=&-_.~%"), status_code=303)
        response.set_cookie(LANGUAGE_COOKIE, page_language(request.query_params.get("set")).value,
                            max_age=365 * 24 * 3600, samesite="strict", httponly=True)
        return response

    async def health(_: Request) -> Response:
        return PlainTextResponse("ok")

    async def bug(request: Request, error: Exception) -> Response:
        # A bug in planparse: one line for the person at the page (the traceback goes to the server's log).
        import traceback

        traceback.print_exception(error)
        texts = TEXTS[_language(request)]
        return render(request, "message.html", {"text": texts["bug"].format(error=f"{error.__class__.__name__}: "
                                                                                   f"{error}")}, 500)

    routes = [
        Route("/", index),
        Route("/plans", upload, methods=["POST"]),
        Route("/plans/{plan_id}", plan_page),
        Route("/plans/{plan_id}/remove", remove, methods=["POST"]),
        Route("/plans/{plan_id}/files/{name}", download),
        Route("/plans/{plan_id}/measures/{measure_id}.png", measure_picture),
        Route("/plans/{plan_id}/measures/{measure_id}", measure_page),
        Route("/compare", compare, methods=["POST"]),
        Route("/progress/{key}", progress_state),
        Route("/compare/{comparison_id}", comparison_page),
        Route("/compare/{comparison_id}/files/{name}", comparison_download),
        Route("/language", choose_language),
        Route("/health", health),
        *api_routes(store, settings, reading),
        *correction_routes(store, _language),
        *profile_routes(store, _language, message),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes,
                    middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts)),
                                Middleware(Guard, max_body=settings.max_upload_mb * 1024 * 1024,
                                           refused=lambda scope, reason: _refused(scope, reason, settings),
                                           body_seconds=settings.body_seconds, api_prefix=API_PREFIX)],
                    exception_handlers={Exception: bug}, lifespan=_lifespan(store))
    app.state.store = store
    return app


def _measure_problems(plan: Plan, measure: Measure, language: Language) -> list[ShownProblem]:
    """The problems found at the measure, as the page says them (made off the event loop: check looks
    through the whole plan)."""
    here = place_key(measure.location)
    return [p for p in shown_problems(check_plan(plan), plan, language)
            if p.key == here and p.measure_id == measure.id][:PLACE_PROBLEMS]


# What the plan page shows at most: the rest is in the downloads (the page says so).
PAGE_CELLS = 32_000  # measures × (periods + 4 columns): a page of a few megabytes
PAGE_MIN_MEASURES = 50
PAGE_COLUMNS = 120  # periods
PAGE_PROBLEMS = 500


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


def _changes_workbook(changes: list[Change], language: Language) -> bytes:
    """The comparison's workbook as bytes (run in a child held to the limits)."""
    from planparse.writers.diff_xlsx import write_diff_xlsx

    with tempfile.TemporaryDirectory(prefix="planparse-") as folder:
        target = Path(folder) / "changes.xlsx"
        write_diff_xlsx(changes, target, language)
        return target.read_bytes()


def _changes_name(old: StoredPlan, new: StoredPlan) -> str:
    """The changes workbook's name, in the plan's language: endringer-OLD-NEW."""
    word = "changes" if new.plan.written_in() is Language.ENGLISH else "endringer"
    return f"{word}-{old.stem}-{new.stem}" if old.stem != new.stem else f"{word}-{new.stem}"


def _lifespan(store: Store) -> Any:
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(_: Starlette) -> Any:
        try:
            yield
        finally:
            store.close()

    return lifespan

