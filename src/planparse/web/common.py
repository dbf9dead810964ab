"""What every page of the site shares: its settings, the state the app holds for all its requests
(`app.state`, reached from each request), and the helpers that answer in the page's language: a page
rendered from its template, a one-line message, a file to download. The page-wide routes are here
too: the language chosen, the health check and the answer to a bug."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast
from urllib.parse import quote

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from planparse.language import Language, counted
from planparse.options import ReadOptions
from planparse.web.security import BODY_SECONDS
from planparse.web.texts import PAGE_LANGUAGES, PROBLEM_KINDS, PROBLEM_TEXTS, SHAPES, TEXTS, page_language
from planparse.writers import Report

if TYPE_CHECKING:
    import anyio
    from starlette.templating import Jinja2Templates

    from planparse.web.store import Progress, Store

LANGUAGE_COOKIE = "planparse-lang"


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


@dataclass(frozen=True)
class Download:
    """One output a plan page offers: an output format, the file name's ending after the plan's name,
    the page's text for it, and the report it is (plan or status)."""

    format: str
    ending: str
    key: str
    report: Report = "plan"


class PageState(Protocol):
    """What the app holds for all its requests, on `app.state` (set by `create_app`)."""

    settings: Settings
    store: Store  # the plans, comparisons and upload outcomes (and the reading profile in use)
    progress: Progress  # how far each upload's reading has come
    templates: Jinja2Templates
    reading: anyio.CapacityLimiter  # children reading (or writing, or drawing) at once
    downloads: tuple[Download, ...]  # the outputs a plan page offers (PDF where LibreOffice is there)


def state(request: Request) -> PageState:
    """The app's state, as the request's app holds it."""
    return cast(PageState, request.app.state)


def language_of(request: Request) -> Language:
    """The page's language, as the person chose it (a cookie), else bokmål."""
    return page_language(request.cookies.get(LANGUAGE_COOKIE))


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    """The template `name` with `context`, and what every page shows: its words, its language."""
    chosen = language_of(request)
    base = {"t": TEXTS[chosen], "lang": chosen.value, "counted": counted,
            "language_names": [(code.value, TEXTS[code]["language_name"]) for code in PAGE_LANGUAGES],
            "here": request.url.path, "shapes": SHAPES[chosen], "problem_kinds": PROBLEM_KINDS[chosen],
            "problem_texts": PROBLEM_TEXTS[chosen]}
    response = state(request).templates.TemplateResponse(request, name, {**base, **context},
                                                         status_code=status_code)
    response.headers["cache-control"] = "no-store"
    return response


def message(request: Request, key: str, status_code: int, **values: Any) -> Response:
    """A page of one line, the page's text `key` filled in with `values`."""
    return render(request, "message.html", {"text": TEXTS[language_of(request)][key].format(**values)}, status_code)


def saved_download(request: Request, name: str, data: bytes) -> Response:
    """`data` downloaded as the file `name`, from the store's folder (removed once it is sent)."""
    folder = Path(tempfile.mkdtemp(prefix="download-", dir=state(request).store.folder))
    target = folder / name
    target.write_bytes(data)
    return FileResponse(target, filename=name, background=BackgroundTask(shutil.rmtree, folder, True))


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
    """A bug in planparse: one line for the person at the page (the traceback goes to the server's log)."""
    import traceback

    traceback.print_exception(error)
    texts = TEXTS[language_of(request)]
    return render(request, "message.html", {"text": texts["bug"].format(error=f"{error.__class__.__name__}: "
                                                                               f"{error}")}, 500)


ROUTES = [
    Route("/language", choose_language),
    Route("/health", health),
]
