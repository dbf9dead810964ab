"""The HTTP API for other systems, under /api/v1: post a plan's file and get the plan as JSON with the
check's problems and links to its outputs; get it again by id, and its outputs; compare two versions;
the plan's JSON Schema and an OpenAPI 3.1 document describing all of it.

Plans live in the page's store (an API plan id works on the page too) and are read and written as the
page's are: `parse_isolated` with the settings' options, `written_isolated`, the upload guard's limits
and the same limiter on children reading at once. Every answer is JSON; an error is one line,
{"error": ..., "code": ...}. When the server has a token, every request must carry it
(`Authorization: Bearer <token>`); without one, a request from another web site is refused."""

from __future__ import annotations

import functools
import json
import os
import secrets
import shutil
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match, Route

from planparse.check import Problem, check_plan
from planparse.diff import Change, diff_plans
from planparse.errors import ExitCode, InternalError, PlanparseError
from planparse.model import Plan, SourceFormat, plan_json_schema
from planparse.web.common import Settings, state
from planparse.web.security import BodyTooLarge, BodyTooSlow, same_origin
from planparse.web.store import StoredPlan, safe_file_name

API_PREFIX = "/api/v1"
# The outputs of a plan: format, suffix and media type.
OUTPUTS: dict[str, tuple[str, str]] = {
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "json": (".json", "application/json"),
    "csv": (".csv", "text/csv; charset=utf-8"),
}
# What an error of planparse's is answered with, by its kind (its exit code on the command line).
STATUS_OF: dict[ExitCode, tuple[int, str]] = {
    ExitCode.USAGE: (400, "bad-request"),
    ExitCode.UNREADABLE_INPUT: (415, "unreadable-input"),
    ExitCode.NO_PLAN: (422, "no-plan"),
    ExitCode.OUTPUT_FAILED: (422, "output-failed"),
}
ERROR_CODES = ("bad-request", "unauthorized", "other-origin", "not-found", "method-not-allowed", "too-slow",
               "too-large", "unreadable-input", "no-plan", "output-failed", "internal")
MAX_FIELDS = 10  # form fields in one request: the API reads two at most


class ApiError(BaseModel):
    """What went wrong, in one line, and its kind."""

    error: str = Field(description="What is wrong and what to do, in one line.")
    code: str = Field(description="The kind of error.", json_schema_extra={"enum": list(ERROR_CODES)})


class PlanLinks(BaseModel):
    model_config = ConfigDict(title="PlanLinks")

    plan: str = Field(description="This answer again (GET).")
    page: str = Field(description="The plan on the web page.")
    outputs: dict[str, str] = Field(description="Each output (xlsx, docx, json, csv) to download (GET).")


class PlanAnswer(BaseModel):
    """A plan as read: the plan itself (as `planparse schema` describes it), what the check found, and links."""

    id: str = Field(description="The plan's id on this server (kept until the server stops or it is one of "
                                "the oldest of more than it keeps).")
    file_name: str
    measures: int = Field(description="The number of measures read.")
    plan: Plan
    problems: list[Problem] = Field(description="What `planparse check` finds in the plan.")
    links: PlanLinks


class PlanRef(BaseModel):
    id: str
    file_name: str
    link: str = Field(description="The plan's answer (GET).")


class ComparisonAnswer(BaseModel):
    """What changed from the old version to the new: the changes `planparse diff --json` gives."""

    id: str
    old: PlanRef
    new: PlanRef
    count: int = Field(description="The number of changes.")
    changes: list[Change]
    page: str = Field(description="The comparison on the web page.")


class ApiProblem(Exception):
    """A request the API answers with an error: its status, its kind and its one line."""

    def __init__(self, status: int, code: str, text: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(text)
        self.status = status
        self.code = code
        self.text = text
        self.headers = headers or {}


def error_response(status: int, code: str, text: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse({"error": " ".join(text.split()), "code": code}, status_code=status,
                        headers={"cache-control": "no-store", **(headers or {})})


def refusal(reason: str, settings: Settings) -> str:
    """The one line for a request the upload guard refuses before the API sees it."""
    if reason == "too-large":
        return f"the request is larger than the server takes (at most {settings.max_upload_mb} MB); send a smaller file"
    if reason == "too-slow":
        return "the request's body arrived too slowly; send it again"
    return "a request from another web site needs the API's token"


def _bearer(header: str | None) -> str | None:
    if header is None:
        return None
    scheme, _, value = header.strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def authorisation_problem(request: Request, settings: Settings) -> ApiProblem | None:
    """Why the request may not use the API, or None: the token when the server has one (compared in
    constant time), and none from another web site without it."""
    given = _bearer(request.headers.get("authorization"))
    if settings.token:
        if given is None:
            return ApiProblem(401, "unauthorized", "this server asks for its token: send 'Authorization: Bearer "
                                                   "<token>'", {"WWW-Authenticate": 'Bearer realm="planparse"'})
        if not secrets.compare_digest(given.encode("utf-8"), settings.token.encode("utf-8")):
            return ApiProblem(401, "unauthorized", "the token is wrong",
                              {"WWW-Authenticate": 'Bearer realm="planparse", error="invalid_token"'})
        return None
    if settings.token_required:  # beyond loopback with no token: serve does not start so; nothing is answered
        return ApiProblem(401, "unauthorized", "this server listens beyond this machine and has no token; start it "
                                               "with --token", {"WWW-Authenticate": 'Bearer realm="planparse"'})
    if not same_origin(request.scope):
        return ApiProblem(403, "other-origin", refusal("other-origin", settings))
    return None


Endpoint = Callable[[Request], Awaitable[Response]]


def _answering(endpoint: Endpoint) -> Endpoint:
    """The endpoint behind the token check, its errors answered as JSON in one line: no traceback
    reaches a client (it goes to the server's log)."""

    @functools.wraps(endpoint)
    async def answer(request: Request) -> Response:
        settings = state(request).settings
        try:
            problem = authorisation_problem(request, settings)
            if problem is not None:
                raise problem
            return await endpoint(request)
        except ApiProblem as problem:
            return error_response(problem.status, problem.code, problem.text, problem.headers)
        except BodyTooLarge:
            return error_response(413, "too-large", refusal("too-large", settings))
        except BodyTooSlow:
            return error_response(408, "too-slow", refusal("too-slow", settings))
        except Exception as error:  # a bug in planparse
            traceback.print_exception(error)
            return error_response(500, "internal", f"internal error ({error.__class__.__name__}: {error}); "
                                                   "please report it")
        finally:
            await request.close()

    return answer


def _error_of(error: PlanparseError | InternalError, name: str, folder: Path | None = None) -> ApiProblem:
    """An error of planparse's as the API answers it, by its class; without the server's folders."""
    if isinstance(error, InternalError):
        return ApiProblem(500, "internal", f"{name}: internal error ({error}); please report it")
    status, code = STATUS_OF.get(error.exit_code, (422, "unreadable-input"))
    text = str(error)
    if folder is not None:
        text = text.replace(str(folder) + os.sep, "")
    return ApiProblem(status, code, text)


def _plan_links(stored: StoredPlan) -> PlanLinks:
    own = f"{API_PREFIX}/plans/{stored.id}"
    return PlanLinks(plan=own, page=f"/plans/{stored.id}",
                     outputs={fmt: f"{own}/outputs/{fmt}" for fmt in OUTPUTS})


def _plan_answer(stored: StoredPlan) -> str:
    answer = PlanAnswer(id=stored.id, file_name=stored.file_name, measures=len(stored.plan.measures()),
                        plan=stored.plan, problems=check_plan(stored.plan), links=_plan_links(stored))
    return answer.model_dump_json()


def _plan_ref(stored: StoredPlan) -> PlanRef:
    return PlanRef(id=stored.id, file_name=stored.file_name, link=f"{API_PREFIX}/plans/{stored.id}")


def _attachment(name: str) -> str:
    if name.isascii():
        return f'attachment; filename="{name}"'
    return f"attachment; filename*=utf-8''{quote(name)}"


def _read_one(settings: Settings, path: Path) -> Plan:
    from planparse.api import parse_isolated

    return parse_isolated(path, options=settings.options, start_method="forkserver")


async def _read_upload(request: Request, upload: UploadFile) -> StoredPlan:
    """One uploaded file read in a child and kept in the store (a PDF's original kept to draw its
    pages, as the page does)."""
    page = state(request)
    name = safe_file_name(upload.filename)
    folder = page.store.upload_folder()
    path = folder / name
    try:
        with path.open("wb") as handle:
            while chunk := await upload.read(1 << 20):
                handle.write(chunk)
        async with page.reading:
            plan = await run_in_threadpool(_read_one, page.settings, path)
    except (PlanparseError, InternalError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise _error_of(error, name, folder) from error
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    keep = plan.source is not None and plan.source.format is SourceFormat.PDF
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
    return page.store.add_plan(name, plan, path if keep else None)


async def _form(request: Request, max_files: int) -> FormData:
    try:
        return await request.form(max_files=max_files, max_fields=MAX_FIELDS)
    except (BodyTooLarge, BodyTooSlow):
        raise
    except Exception as error:  # the multipart parser refuses (too many files or fields, a damaged body)
        raise ApiProblem(400, "bad-request", f"the form cannot be read ({error}); send one multipart/form-data "
                                             f"body with at most {max_files} file(s)") from error


def _stored_plan(request: Request, plan_id: str) -> StoredPlan:
    stored = state(request).store.plan(plan_id)
    if stored is None:
        raise ApiProblem(404, "not-found", f"no plan {plan_id!r} on this server; it may have been removed: post "
                                           "its file again")
    return stored


async def post_plan(request: Request) -> Response:
    data = await _form(request, max_files=1)
    upload = data.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ApiProblem(400, "bad-request", "send the plan's file as the multipart/form-data field 'file'")
    stored = await _read_upload(request, upload)
    body = await run_in_threadpool(_plan_answer, stored)
    return Response(body, status_code=201, media_type="application/json",
                    headers={"location": f"{API_PREFIX}/plans/{stored.id}", "cache-control": "no-store"})


async def get_plan(request: Request) -> Response:
    stored = _stored_plan(request, request.path_params["plan_id"])
    body = await run_in_threadpool(_plan_answer, stored)
    return Response(body, media_type="application/json", headers={"cache-control": "no-store"})


async def get_output(request: Request) -> Response:
    page = state(request)
    stored = _stored_plan(request, request.path_params["plan_id"])
    chosen = request.path_params["format"]
    if chosen not in OUTPUTS:
        raise ApiProblem(404, "not-found", f"no output {chosen!r}; choose one of {', '.join(OUTPUTS)}")
    from planparse.api import written_isolated

    try:  # written by a child held to the reading limits, as the page's downloads are
        async with page.reading:
            outputs, _ = await run_in_threadpool(functools.partial(
                written_isolated, stored.plan, (chosen,), page.settings.options.limits, start_method="forkserver"))
    except (PlanparseError, InternalError) as error:
        raise _error_of(error, stored.file_name) from error
    suffix, media_type = OUTPUTS[chosen]
    return Response(outputs[chosen], media_type=media_type,
                    headers={"content-disposition": _attachment(f"{stored.stem}{suffix}"),
                             "cache-control": "no-store"})


async def _version(request: Request, data: dict[str, Any], side: str) -> StoredPlan:
    given = data.get(side)
    if isinstance(given, UploadFile) and given.filename:
        return await _read_upload(request, given)
    if isinstance(given, str) and given.strip():
        return _stored_plan(request, given.strip())
    raise ApiProblem(400, "bad-request", "send two versions: the files 'old' and 'new' as multipart/form-data, "
                                         "or the ids of two plans read before as 'old' and 'new'")


async def compare(request: Request) -> Response:
    data: dict[str, Any]
    if request.headers.get("content-type", "").split(";")[0].strip().lower() == "application/json":
        try:
            given = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError) as error:
            raise ApiProblem(400, "bad-request", f"the body is not JSON ({error})") from error
        data = given if isinstance(given, dict) else {}
    else:
        data = dict((await _form(request, max_files=2)).items())
    old = await _version(request, data, "old")
    new = await _version(request, data, "new")
    changes = await run_in_threadpool(diff_plans, old.plan, new.plan)
    comparison = state(request).store.add_comparison(old, new, changes)
    answer = ComparisonAnswer(id=comparison.id, old=_plan_ref(old), new=_plan_ref(new), count=len(changes),
                              changes=changes, page=f"/compare/{comparison.id}")
    return Response(answer.model_dump_json(exclude_none=True), media_type="application/json",
                    headers={"cache-control": "no-store"})


async def schema(_: Request) -> Response:
    return JSONResponse(plan_json_schema(), media_type="application/schema+json")


async def openapi(_: Request) -> Response:
    return JSONResponse(openapi_document())


async def unknown(request: Request) -> Response:
    """Any other path under the API: 405 for a known path asked with another method, else 404."""
    allowed = sorted({method for route in _ANSWERED if route.matches(request.scope)[0] is Match.PARTIAL
                      for method in route.methods or ()})
    if allowed:
        raise ApiProblem(405, "method-not-allowed", f"{request.method} is not answered here; use "
                                                    f"{' or '.join(allowed)}", {"Allow": ", ".join(allowed)})
    raise ApiProblem(404, "not-found", f"nothing at {request.url.path}; the API is described at "
                                       f"{API_PREFIX}/openapi.json")


# The API's routes, each behind the token check; any other path under the API is answered by `unknown`.
_ANSWERED = [
    Route(f"{API_PREFIX}/plans", _answering(post_plan), methods=["POST"]),
    Route(f"{API_PREFIX}/plans/{{plan_id}}", _answering(get_plan), methods=["GET"]),
    Route(f"{API_PREFIX}/plans/{{plan_id}}/outputs/{{format}}", _answering(get_output), methods=["GET"]),
    Route(f"{API_PREFIX}/compare", _answering(compare), methods=["POST"]),
    Route(f"{API_PREFIX}/schema", _answering(schema), methods=["GET"]),
    Route(f"{API_PREFIX}/openapi.json", _answering(openapi), methods=["GET"]),
]
ROUTES = [*_ANSWERED, Route(f"{API_PREFIX}/{{rest:path}}", _answering(unknown), include_in_schema=False,
                            methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])]


# The OpenAPI document ----------------------------------------------------------------------------------

_SCHEMAS = "#/components/schemas/{model}"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _errors(*statuses: int) -> dict[str, Any]:
    said = {400: "The request is not one the API takes (no file, a damaged form).",
            401: "No token, or a wrong one, where the server asks for its token.",
            403: "From another web site, without the token.",
            404: "No such plan (it may have been removed), output or path.",
            408: "The request's body arrived too slowly.",
            413: "The request is larger than the server takes.",
            415: "The file cannot be read: damaged, of a type planparse does not read, or beyond the limits.",
            422: "The file holds no plan, or an output cannot be written within the limits.",
            500: "A bug in planparse."}
    answers: dict[str, Any] = {}
    for status in (401, 403, *statuses, 500):
        answer: dict[str, Any] = {"description": said[status],
                                  "content": {"application/json": {"schema": _ref("ApiError")}}}
        if status == 401:
            answer["headers"] = {"WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}}
        answers[str(status)] = answer
    return answers


def _json_answer(description: str, schema: dict[str, Any], media_type: str = "application/json") -> dict[str, Any]:
    return {"description": description, "content": {media_type: {"schema": schema}}}


@functools.cache
def openapi_document() -> dict[str, Any]:
    """The API as OpenAPI 3.1: the answers' schemas from the pydantic models they are made from."""
    _, top = models_json_schema([(model, "validation") for model in (Plan, PlanAnswer, ComparisonAnswer, ApiError)],
                                ref_template=_SCHEMAS)
    schemas: dict[str, Any] = top.get("$defs", {})
    plan_id = {"name": "plan_id", "in": "path", "required": True, "schema": {"type": "string"},
               "description": "The id a plan was given when it was posted (here or on the page)."}
    binary = {"type": "string", "contentMediaType": "application/octet-stream"}
    version = {"oneOf": [binary, {"type": "string", "description": "The id of a plan read before."}]}
    plan_answer = _json_answer("The plan as read, what the check found, and links to its outputs.", _ref("PlanAnswer"))
    return {
        "openapi": "3.1.0",
        "info": {"title": "planparse", "version": "1",
                 "description": "Read an organisation's action plan (PDF, Word, a scan, or planparse's own JSON or "
                                "workbook) into one model; get its outputs; compare two versions. When the server "
                                "has a token (always when it listens beyond this machine), every request carries "
                                "it as 'Authorization: Bearer <token>'. Errors are JSON: {\"error\": one line, "
                                "\"code\": its kind}."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {}],
        "paths": {
            f"{API_PREFIX}/plans": {"post": {
                "operationId": "readPlan", "summary": "Read a plan from its file",
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                    "type": "object", "required": ["file"], "properties": {"file": binary}}}}},
                "responses": {"201": {**plan_answer, "headers": {"Location": {
                    "description": "The plan's answer (GET).", "schema": {"type": "string"}}}},
                    **_errors(400, 408, 413, 415, 422)}}},
            f"{API_PREFIX}/plans/{{plan_id}}": {"get": {
                "operationId": "getPlan", "summary": "A plan read before: the same answer as when it was posted",
                "parameters": [plan_id], "responses": {"200": plan_answer, **_errors(404)}}},
            f"{API_PREFIX}/plans/{{plan_id}}/outputs/{{format}}": {"get": {
                "operationId": "getOutput", "summary": "A plan's output: workbook, report, JSON or CSV",
                "parameters": [plan_id, {"name": "format", "in": "path", "required": True,
                                         "schema": {"type": "string", "enum": list(OUTPUTS)}}],
                "responses": {"200": {"description": "The output as a file.", "content": {
                    media_type.split(";")[0]: {"schema": _ref("Plan") if fmt == "json" else binary}
                    for fmt, (_, media_type) in OUTPUTS.items()}}, **_errors(404, 422)}}},
            f"{API_PREFIX}/compare": {"post": {
                "operationId": "comparePlans", "summary": "What changed between two versions of a plan",
                "requestBody": {"required": True, "content": {
                    "multipart/form-data": {"schema": {"type": "object", "required": ["old", "new"],
                                                       "properties": {"old": version, "new": version}}},
                    "application/json": {"schema": {"type": "object", "required": ["old", "new"], "properties": {
                        "old": {"type": "string"}, "new": {"type": "string"}}}}}},
                "responses": {"200": _json_answer("The changes.", _ref("ComparisonAnswer")),
                              **_errors(400, 404, 408, 413, 415, 422)}}},
            f"{API_PREFIX}/schema": {"get": {
                "operationId": "getSchema", "summary": "The JSON Schema of a plan (as `planparse schema` prints it)",
                "responses": {"200": _json_answer("The plan's JSON Schema.", {"type": "object"},
                                                  "application/schema+json"), **_errors()}}},
            f"{API_PREFIX}/openapi.json": {"get": {
                "operationId": "getOpenApi", "summary": "This document",
                "responses": {"200": _json_answer("The OpenAPI document.", {"type": "object"}), **_errors()}}},
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "The server's token (serve --token, or PLANPARSE_TOKEN)."}},
        },
    }
