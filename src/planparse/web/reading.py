"""Reading uploads on the page: the front page, the plans uploaded to it (each file read in a child of
the forkserver, with the same limits as the command line, so a hostile file costs one child process and
gets its one-line answer), and how far an upload's reading has come, asked for by the page's script.

Routes: GET / (the front page, with what the last upload gave), POST /plans (files to read),
GET /progress/{key}."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from planparse.errors import InternalError, PlanparseError
from planparse.model import Plan, SourceFormat
from planparse.profile import Profile, ProfileMismatch
from planparse.web.common import PageState, language_of, message, render, state
from planparse.web.profiles import profile_context
from planparse.web.security import BodyTooLarge, BodyTooSlow
from planparse.web.store import PROGRESS_KEY, StoredPlan, UploadOutcome, new_id, safe_file_name
from planparse.web.texts import TEXTS


def read_one(page: PageState, path: Path, key: str | None = None) -> tuple[Plan, Profile | None, str | None]:
    """The plan in a file, how it was read (as a profile) and the name of the reading profile the
    page read it with (the one in use, if any)."""
    from planparse.api import read_isolated

    on_progress = functools.partial(page.progress.page, key) if key else None
    active = page.store.active_profile
    options = page.settings.options
    if active is not None:
        options = options.with_profile(active[1])
    plan, described = read_isolated(path, options=options, start_method="forkserver", on_progress=on_progress)
    return plan, described, active[0] if active else None


async def read_upload(request: Request, upload: UploadFile, outcome: UploadOutcome, key: str | None = None,
                      number: tuple[int, int] = (1, 1)) -> StoredPlan | None:
    """One uploaded file saved, read and kept (a PDF's original kept to draw its pages); its
    one-line answer (in the page's language where it is the page's own) in `outcome` when it cannot
    be read. Its progress is told under `key` (the page's script asks for it) as file `number[0]` of
    `number[1]`."""
    page = state(request)
    store = page.store
    name = safe_file_name(upload.filename)
    if key:
        page.progress.file(key, number[0], number[1], name)
    folder = store.upload_folder()
    path = folder / name
    with path.open("wb") as handle:
        while chunk := await upload.read(1 << 20):
            handle.write(chunk)
    try:
        async with page.reading:
            plan, described, read_with = await run_in_threadpool(read_one, page, path, key)
    except ProfileMismatch:  # said in the page's words: the profile in use is the page's to change
        profile_name = store.active_profile[0] if store.active_profile else ""
        outcome.errors.append((name, TEXTS[language_of(request)]["profile_mismatch"].format(file=name,
                                                                                         profile=profile_name)))
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
    """The files sent in each of the form's `fields`, or the page's answer when the form is refused."""
    settings = state(request).settings
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
    return JSONResponse(state(request).progress.state(key), headers={"cache-control": "no-store"})


async def index(request: Request) -> Response:
    page = state(request)
    outcome = page.store.outcome(request.query_params.get("done", ""))
    return render(request, "index.html", {"plans": page.store.plans(), "outcome": outcome,
                                          "max_mb": page.settings.max_upload_mb,
                                          "max_files": page.settings.max_files, **profile_context(page.store)})


async def upload(request: Request) -> Response:
    files = await uploaded_files(request, "files")
    if isinstance(files, Response):
        return files
    page = state(request)
    outcome = UploadOutcome(new_id())
    if not files["files"]:  # "Les planene" with no file chosen: said on the front page
        outcome.errors.append(("", TEXTS[language_of(request)]["no_files"]))
        page.store.add_outcome(outcome)
        return RedirectResponse(f"/?done={outcome.id}", status_code=303)
    key = await progress_key(request)
    try:
        for number, item in enumerate(files["files"], start=1):
            await read_upload(request, item, outcome, key, (number, len(files["files"])))
    finally:
        if key:
            page.progress.done(key)
        await request.close()
    page.store.add_outcome(outcome)
    if len(outcome.plans) == 1 and not outcome.errors:
        return RedirectResponse(f"/plans/{outcome.plans[0].id}", status_code=303)
    return RedirectResponse(f"/?done={outcome.id}", status_code=303)


ROUTES = [
    Route("/", index),
    Route("/plans", upload, methods=["POST"]),
    Route("/progress/{key}", progress_state),
]
