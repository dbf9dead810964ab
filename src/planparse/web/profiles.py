"""Reading profiles on the page ("Lagre som lesemåte"): how a document was read, with what the
corrections made to it say of its family (`planparse.corrections.generalised`), saved as the profile
the page reads the next uploads with, and downloaded as TOML to keep or to use with `--profile`. A
profile file can also be given on the front page; the one in use is shown there, and can be stopped.

Routes: POST /plans/{id}/profile (save the plan's reading as the profile in use), GET
/profile/{name}.toml (the profile in use), POST /profile (a profile file to use), POST
/profile/stop."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from planparse.corrections import generalised
from planparse.errors import PlanparseError
from planparse.profile import About, Profile
from planparse.web.common import language_of, message, state
from planparse.web.store import Store, StoredPlan, safe_file_name
from planparse.web.texts import TEXTS

PROFILE_MAX_BYTES = 1024 * 1024  # as a profile file given on the command line


def plan_profile(stored: StoredPlan) -> Profile:
    """How the plan's document was read, and what its corrections on the page say of its family."""
    learned = generalised(stored.as_read, stored.corrections)
    profile = learned if stored.profile is None else stored.profile.joined(learned)
    name = profile.profile.name or stored.stem
    return profile.model_copy(update={"profile": About(name=name[:200], language=profile.profile.language)})


def profile_name(stored: StoredPlan) -> str:
    return re.sub(r"[^\w.-]+", "-", stored.stem).strip("-") or "lesemaate"


def profile_context(store: Store) -> dict[str, Any]:
    """What the pages show of the profile in use: its name, or None."""
    return {"active_profile": store.active_profile[0] if store.active_profile else None}


async def save(request: Request) -> Response:
    store = state(request).store
    stored = store.plan(request.path_params["plan_id"])
    if stored is None:
        return message(request, "not_found", 404)
    store.active_profile = (profile_name(stored), plan_profile(stored))
    return RedirectResponse(f"/plans/{stored.id}?profile=saved", status_code=303)


async def download(request: Request) -> Response:
    active = state(request).store.active_profile
    if active is None or request.path_params["name"] != f"{active[0]}.toml":
        return message(request, "not_found", 404)
    text = f"# planparse reading profile: {active[0]}\n" + active[1].to_toml()
    return PlainTextResponse(text, media_type="application/toml; charset=utf-8", headers={
        "content-disposition": f'attachment; filename="{active[0]}.toml"', "cache-control": "no-store"})


async def given(request: Request) -> Response:
    """A profile file to read the next uploads with: refused in one line (on the front page) when it
    is not one."""
    store = state(request).store
    try:
        form = await request.form(max_files=1, max_fields=3)
    except Exception:
        return message(request, "profile_bad", 400, reason=TEXTS[language_of(request)]["profile_not_one"])
    upload = form.get("profile")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return RedirectResponse("/", status_code=303)
    data = await upload.read(PROFILE_MAX_BYTES + 1)
    await request.close()
    name = Path(safe_file_name(upload.filename)).stem or "lesemaate"
    if len(data) > PROFILE_MAX_BYTES:
        return message(request, "profile_bad", 413, reason=TEXTS[language_of(request)]["profile_not_one"])
    from planparse.config import load_profile

    with tempfile.TemporaryDirectory(prefix="profile-", dir=store.folder) as folder:
        path = Path(folder) / "profile.toml"
        path.write_bytes(data)
        try:
            profile = load_profile(path)
        except PlanparseError as error:
            reason = str(error).replace(str(path), upload.filename)
            return message(request, "profile_bad", 422, reason=" ".join(reason.split())[:300])
    store.active_profile = (re.sub(r"[^\w.-]+", "-", name).strip("-") or "lesemaate", profile)
    return RedirectResponse("/", status_code=303)


async def stop(request: Request) -> Response:
    state(request).store.active_profile = None
    back = request.query_params.get("back", "/")
    return RedirectResponse(back if back.startswith("/plans/") or back == "/" else "/", status_code=303)


ROUTES = [
    Route("/plans/{plan_id}/profile", save, methods=["POST"]),
    Route("/profile", given, methods=["POST"]),
    Route("/profile/stop", stop, methods=["POST"]),
    Route("/profile/{name}", download),
]
