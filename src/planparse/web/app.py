"""The web page as one ASGI app: the state its requests share (on `app.state`), its routes (each a
module-level handler of the page's modules: `reading` for uploads, `plans` for a plan and its
downloads, `compare`, `corrections`, `profiles`, `api` for other systems, `common` for what every page
shares), the upload guard and the store's removal when the app stops. Reading goes through
`read_isolated` with the same limits as the command line, so a hostile file costs one child process
and gets its one-line answer."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from planparse.web import api, common, compare, corrections, plans, profiles, reading
from planparse.web.api import API_PREFIX, refusal
from planparse.web.common import Settings, bug, language_of
from planparse.web.plans import DOWNLOADS, PAGE_CELLS, offered_downloads
from planparse.web.security import Guard, Scope
from planparse.web.store import Progress, Store, safe_file_name
from planparse.web.texts import TEXTS

__all__ = ["DOWNLOADS", "PAGE_CELLS", "READING_MODULES", "Settings", "create_app", "safe_file_name"]

HERE = Path(__file__).parent
READING_MODULES = ("planparse.isolation", "planparse.api", "planparse.readers.pdf", "planparse.readers.docx_reader",
                   "planparse.readers.xlsx_reader", "planparse.recognizer.recognize", "planparse.web.render",
                   "pdfplumber", "docx", "openpyxl", "pypdfium2", "PIL.Image")


def create_app(settings: Settings | None = None) -> Starlette:
    """The page as an ASGI app; its store (and every uploaded file) is removed when the app stops.

    Files are read in children of a multiprocessing forkserver: a script that serves the app must
    start it under `if __name__ == "__main__":`, as multiprocessing asks."""
    settings = settings or Settings()
    # Each file is read in a child of a forkserver (this process has threads, which fork must not
    # copy); the server imports the readers once, so a child starts reading at once.
    multiprocessing.set_forkserver_preload(list(READING_MODULES))
    routes = [*reading.ROUTES, *plans.ROUTES, *compare.ROUTES, *common.ROUTES, *api.ROUTES, *corrections.ROUTES,
              *profiles.ROUTES, Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")]
    app = Starlette(routes=routes,
                    middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts)),
                                Middleware(Guard, max_body=settings.max_upload_mb * 1024 * 1024,
                                           refused=_refused,
                                           body_seconds=settings.body_seconds, api_prefix=API_PREFIX)],
                    exception_handlers={Exception: bug}, lifespan=_lifespan)
    app.state.settings = settings
    app.state.store = Store(keep=settings.keep)
    app.state.progress = Progress()
    app.state.templates = _templates()
    app.state.reading = anyio.CapacityLimiter(max(1, os.cpu_count() or 1))
    app.state.downloads = offered_downloads()
    return app


def _templates() -> Jinja2Templates:
    import jinja2

    return Jinja2Templates(env=jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                                  autoescape=True, undefined=jinja2.StrictUndefined))


def _refused(scope: Scope, reason: str) -> str:
    """The upload guard's one line for a request it refuses: the API's, or the page's in its language."""
    settings: Settings = scope["app"].state.settings
    if str(scope.get("path", "")).startswith(API_PREFIX):
        return refusal(reason, settings)
    texts = TEXTS[language_of(Request(scope))]
    if reason == "too-large":
        return "planparse: " + texts["too_large"].format(mb=settings.max_upload_mb)
    if reason == "too-slow":
        return "planparse: " + texts["too_slow"]
    return "planparse: " + texts["other_origin"]


@asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    try:
        yield
    finally:
        app.state.store.close()
