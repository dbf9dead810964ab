"""Two versions of a plan compared on the page: each an uploaded file (read as the front page reads
it) or a plan read before, their changes grouped by kind in the page's words, and the changes as a
workbook to download.

Routes: POST /compare, GET /compare/{id}, GET /compare/{id}/files/{name}."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from planparse.diff import Change, ChangeKind, detail_in, diff_plans
from planparse.errors import InternalError, PlanparseError
from planparse.language import Language, labels
from planparse.web.common import language_of, message, render, saved_download, state
from planparse.web.reading import progress_key, read_upload, uploaded_files
from planparse.web.store import StoredPlan, UploadOutcome, new_id

CHANGE_ORDER = (ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.MOVED, ChangeKind.REWORDED,
                ChangeKind.RESCHEDULED, ChangeKind.RESPONSIBLE, ChangeKind.FOLLOW_UP)


async def compare(request: Request) -> Response:
    files = await uploaded_files(request, "old", "new")
    if isinstance(files, Response):
        return files
    page = state(request)
    form = await request.form()
    key = await progress_key(request)
    outcome = UploadOutcome(new_id())
    versions: list[StoredPlan | None] = []
    sent = [side for side in ("old", "new") if files[side]]
    for side in ("old", "new"):
        chosen = str(form.get(f"{side}_id") or "")
        if files[side]:
            versions.append(await read_upload(request, files[side][0], outcome, key,
                                              (sent.index(side) + 1, len(sent))))
        elif chosen:
            versions.append(page.store.plan(chosen))
        else:
            versions.append(None)
    if key:
        page.progress.done(key)
    await request.close()
    old, new = versions
    if outcome.errors:
        page.store.add_outcome(outcome)
        return RedirectResponse(f"/?done={outcome.id}", status_code=303)
    if old is None or new is None:
        return message(request, "two_needed", 400)
    changes = await run_in_threadpool(diff_plans, old.plan, new.plan)
    comparison = page.store.add_comparison(old, new, changes)
    return RedirectResponse(f"/compare/{comparison.id}", status_code=303)


async def comparison_page(request: Request) -> Response:
    comparison = state(request).store.comparison(request.path_params["comparison_id"])
    if comparison is None:
        return message(request, "not_found", 404)
    language = comparison.new.plan.written_in()
    names = labels(language_of(request))
    groups = [(kind, names.changes[kind.value], [c for c in comparison.changes if c.kind is kind])
              for kind in CHANGE_ORDER]
    return render(request, "compare.html", {
        "comparison": comparison, "groups": [g for g in groups if g[2]],
        "detail": functools.partial(detail_in, names=names),
        "workbook": f"{_changes_name(comparison.old, comparison.new)}.xlsx", "plan_language": language})


async def comparison_download(request: Request) -> Response:
    page = state(request)
    comparison = page.store.comparison(request.path_params["comparison_id"])
    name = request.path_params["name"]
    if comparison is None or name != f"{_changes_name(comparison.old, comparison.new)}.xlsx":
        return message(request, "not_found", 404)
    from planparse.isolation import run_in_child

    try:
        async with page.reading:
            data = await run_in_threadpool(functools.partial(
                run_in_child, _changes_workbook, (comparison.changes, comparison.new.plan.written_in()), name,
                page.settings.options.limits, start_method="forkserver", work="writing"))
    except (PlanparseError, InternalError) as error:
        return message(request, "not_written", 422, reason=" ".join(str(error).split())[:300])
    return saved_download(request, name, data)


ROUTES = [
    Route("/compare", compare, methods=["POST"]),
    Route("/compare/{comparison_id}", comparison_page),
    Route("/compare/{comparison_id}/files/{name}", comparison_download),
]


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
