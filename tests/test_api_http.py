"""The HTTP API for other systems (/api/v1): through Starlette's test client, and end to end against a
running server with httpx. A plan posted comes back as JSON valid against the published schema with
links to its outputs; comparing gives the changes; errors are one line of JSON; the token is asked
where it must be; the OpenAPI document is valid and describes exactly the API's routes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import hostile
import httpx
import jsonschema
import openpyxl
import pytest
from browser import served
from conftest import ROOT, SAMPLE_DOCX, SAMPLES, load_json
from openapi_spec_validator import validate as validate_openapi
from starlette.routing import Route
from starlette.testclient import TestClient
from web_testing import HOST, cli_message, settings, web_client

from planparse.model import plan_json_schema
from planparse.web.app import Settings, create_app

SAMPLE_PDF = SAMPLES / "handlingsplan-2022-2024.pdf"
REVISED = ROOT / "tests" / "diff" / "handlingsplan-2022-2024-revidert.docx"
TOKEN = "s3cret-token"


@pytest.fixture
def client() -> Iterator[TestClient]:
    yield from web_client()


def post_plan(client: TestClient | httpx.Client, path: Path, headers: dict[str, str] | None = None) -> Any:
    return client.post("/api/v1/plans", files={"file": (path.name, path.read_bytes())}, headers=headers)


def measures_in(plan: dict[str, Any]) -> int:
    return sum(len(goal["measures"]) for area in plan["areas"] for goal in area["goals"])


def assert_one_line_error(response: Any, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    answer = response.json()
    assert set(answer) == {"error", "code"} and answer["code"] == code
    assert answer["error"] and "\n" not in answer["error"] and "Traceback" not in answer["error"]
    return str(answer["error"])


def test_the_sample_pdf_posted_comes_back_as_its_plan_valid_against_the_schema_with_its_outputs(
        client: TestClient) -> None:
    response = post_plan(client, SAMPLE_PDF)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert response.headers["location"] == f"/api/v1/plans/{answer['id']}" == answer["links"]["plan"]
    assert answer["file_name"] == "handlingsplan-2022-2024.pdf" and answer["measures"] == 84
    assert measures_in(answer["plan"]) == 84
    assert answer["plan"]["title"] == "Handlingsplan for Læringsmiljøsenteret 2022 – 2024"
    schema = client.get("/api/v1/schema")
    assert schema.status_code == 200 and schema.json() == plan_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema.json())
    jsonschema.validate(answer["plan"], schema.json(), cls=jsonschema.Draft202012Validator)
    # the check's problems come along, as the page shows them
    assert any(p["kind"] == "placeholder" and "'??'" in p["message"] for p in answer["problems"])
    outputs = answer["links"]["outputs"]
    assert set(outputs) == {"xlsx", "docx", "json", "csv"}
    workbook = client.get(outputs["xlsx"])
    assert workbook.status_code == 200
    assert 'filename="handlingsplan-2022-2024.xlsx"' in workbook.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    sheet = book[book.sheetnames[0]]
    assert sum(1 for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)) == 84
    assert measures_in(client.get(outputs["json"]).json()) == 84
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(client.get(outputs["docx"]).content)).namelist()
    table = client.get(outputs["csv"])
    assert table.headers["content-type"].startswith("text/csv") and table.content.decode("utf-8-sig").count("\n") >= 85
    # the plan is the page's too
    page = client.get(answer["links"]["page"])
    assert page.status_code == 200 and 'data-count="84"' in page.text


def test_a_plan_is_got_again_by_its_id_and_what_is_not_there_is_a_json_404(client: TestClient) -> None:
    posted = post_plan(client, SAMPLE_DOCX).json()
    again = client.get(f"/api/v1/plans/{posted['id']}")
    assert again.status_code == 200 and again.json() == posted
    assert again.json()["measures"] == 84
    assert_one_line_error(client.get("/api/v1/plans/nothing"), 404, "not-found")
    assert_one_line_error(client.get("/api/v1/plans/nothing/outputs/xlsx"), 404, "not-found")
    error = assert_one_line_error(client.get(f"/api/v1/plans/{posted['id']}/outputs/exe"), 404, "not-found")
    assert "xlsx" in error
    assert_one_line_error(client.get("/api/v1/elsewhere"), 404, "not-found")
    wrong_method = client.delete(f"/api/v1/plans/{posted['id']}")
    assert_one_line_error(wrong_method, 405, "method-not-allowed")
    assert wrong_method.headers["allow"] == "GET, HEAD"


def test_comparing_the_sample_with_its_revision_gives_its_five_changes(client: TestClient) -> None:
    response = client.post("/api/v1/compare", files=[("old", (SAMPLE_DOCX.name, SAMPLE_DOCX.read_bytes())),
                                                     ("new", (REVISED.name, REVISED.read_bytes()))])
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["count"] == 5 and len(answer["changes"]) == 5
    expected = load_json(ROOT / "tests" / "diff" / "expected-changes.json")
    found = {(change["kind"], (change.get("new") or change["old"])["text"]) for change in answer["changes"]}
    for change in expected:
        assert any(kind == change["kind"] and change["text"] in text for kind, text in found), change
    assert answer["old"]["file_name"] == SAMPLE_DOCX.name and answer["new"]["file_name"] == REVISED.name
    assert client.get(answer["new"]["link"]).json()["file_name"] == REVISED.name  # both kept as plans
    assert 'data-count="5"' in client.get(answer["page"]).text  # and the comparison is the page's too


def test_comparing_two_plans_posted_before_by_their_ids(client: TestClient) -> None:
    old, new = post_plan(client, SAMPLE_DOCX).json()["id"], post_plan(client, REVISED).json()["id"]
    by_form = client.post("/api/v1/compare", data={"old": old, "new": new})
    assert by_form.status_code == 200 and by_form.json()["count"] == 5
    by_json = client.post("/api/v1/compare", json={"old": old, "new": new})
    assert by_json.status_code == 200 and by_json.json()["changes"] == by_form.json()["changes"]
    assert_one_line_error(client.post("/api/v1/compare", data={"old": old}), 400, "bad-request")
    assert_one_line_error(client.post("/api/v1/compare", json={"old": old, "new": "gone"}), 404, "not-found")
    assert_one_line_error(client.post("/api/v1/compare", content=b"{", headers={"content-type": "application/json"}),
                          400, "bad-request")


@pytest.mark.parametrize("make", [hostile.bomb_docx, hostile.fan_out_pdf])
def test_a_hostile_file_gets_the_command_lines_answer_as_one_line_of_json(
        client: TestClient, tmp_path: Path, make: Any) -> None:
    bad = make(tmp_path / f"hostile{'.pdf' if make is hostile.fan_out_pdf else '.docx'}")
    response = post_plan(client, bad)
    assert response.status_code in (415, 422)
    error = assert_one_line_error(response, response.status_code, response.json()["code"])
    assert error == cli_message(bad)
    assert not client.app.state.store.plans()  # type: ignore[attr-defined]
    assert post_plan(client, SAMPLE_DOCX).status_code == 201  # and the server keeps answering


def test_a_file_that_is_no_plan_or_no_file_gets_its_kind(client: TestClient, tmp_path: Path) -> None:
    minutes = tmp_path / "referat.docx"
    document = docx.Document()
    document.add_paragraph("Referat fra styremøte")
    document.save(str(minutes))
    assert "no plan found" in assert_one_line_error(post_plan(client, minutes), 422, "no-plan")
    text = tmp_path / "notes.txt"
    text.write_text("not a plan\n", encoding="utf-8")
    assert assert_one_line_error(post_plan(client, text), 415, "unreadable-input").startswith("notes.txt: ")
    assert "'file'" in assert_one_line_error(client.post("/api/v1/plans", data={"x": "y"}), 400, "bad-request")
    two = [("file", ("a.docx", b"a")), ("file", ("b.docx", b"b"))]
    assert_one_line_error(client.post("/api/v1/plans", files=two), 400, "bad-request")
    assert not client.app.state.store.plans()  # type: ignore[attr-defined]


def test_an_upload_beyond_the_limit_is_a_json_413(tmp_path: Path) -> None:
    with TestClient(create_app(settings(max_upload_mb=1)), base_url=f"http://{HOST}") as client:
        big = tmp_path / "stor.pdf"
        big.write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
        assert "1 MB" in assert_one_line_error(post_plan(client, big), 413, "too-large")
        page = client.post("/plans", files=[("files", (big.name, big.read_bytes()))])
        assert page.status_code == 413 and "høyst 1 MB" in page.text  # the page's own answer is unchanged


def test_a_bug_is_one_line_of_json_without_a_traceback(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import planparse.web.api as api

    def broken(_: object) -> list[object]:
        raise RuntimeError("broken check")

    monkeypatch.setattr(api, "check_plan", broken)
    error = assert_one_line_error(post_plan(client, SAMPLE_DOCX), 500, "internal")
    assert "RuntimeError: broken check" in error


def test_beyond_loopback_the_token_is_asked_of_every_request(monkeypatch: pytest.MonkeyPatch) -> None:
    import secrets

    compared: list[tuple[bytes, bytes]] = []
    real = secrets.compare_digest

    def recording(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return bool(real(a, b))

    monkeypatch.setattr(secrets, "compare_digest", recording)
    with TestClient(create_app(settings(token=TOKEN, token_required=True)), base_url=f"http://{HOST}") as client:
        for url in ("/api/v1/schema", "/api/v1/openapi.json", "/api/v1/plans/x"):
            refused = client.get(url)
            assert_one_line_error(refused, 401, "unauthorized")
            assert refused.headers["www-authenticate"].startswith("Bearer")
        assert_one_line_error(post_plan(client, SAMPLE_DOCX), 401, "unauthorized")
        wrong = post_plan(client, SAMPLE_DOCX, {"Authorization": "Bearer not-it"})
        assert_one_line_error(wrong, 401, "unauthorized")
        assert 'error="invalid_token"' in wrong.headers["www-authenticate"]
        assert_one_line_error(post_plan(client, SAMPLE_DOCX, {"Authorization": f"Basic {TOKEN}"}), 401, "unauthorized")
        assert not client.app.state.store.plans()
        right = post_plan(client, SAMPLE_DOCX, {"Authorization": f"Bearer {TOKEN}"})
        assert right.status_code == 201 and right.json()["measures"] == 84
        assert (b"not-it", TOKEN.encode()) in compared and (TOKEN.encode(), TOKEN.encode()) in compared
        assert client.get("/api/v1/schema", headers={"Authorization": f"bearer {TOKEN}"}).status_code == 200
    # beyond loopback with no token at all, nothing is answered
    with TestClient(create_app(settings(token_required=True)), base_url=f"http://{HOST}") as client:
        assert_one_line_error(client.get("/api/v1/schema"), 401, "unauthorized")
        assert_one_line_error(client.get("/api/v1/schema", headers={"Authorization": "Bearer "}), 401,
                              "unauthorized")


def test_a_token_set_on_loopback_is_asked_too() -> None:
    with TestClient(create_app(settings(token=TOKEN)), base_url=f"http://{HOST}") as client:
        assert_one_line_error(client.get("/api/v1/schema"), 401, "unauthorized")
        assert client.get("/api/v1/schema", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_another_origin_without_the_token_is_refused(client: TestClient) -> None:
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        assert_one_line_error(post_plan(client, SAMPLE_DOCX, headers), 403, "other-origin")
        assert_one_line_error(client.get("/api/v1/schema", headers=headers), 403, "other-origin")
        assert_one_line_error(client.post("/api/v1/compare", data={"old": "a", "new": "b"}, headers=headers), 403,
                              "other-origin")
    assert not client.app.state.store.plans()  # type: ignore[attr-defined]
    assert post_plan(client, SAMPLE_DOCX, {"Origin": f"http://{HOST}"}).status_code == 201  # its own origin
    with TestClient(create_app(settings(token=TOKEN)), base_url=f"http://{HOST}") as guarded:
        other = {"Origin": "http://evil.example"}
        assert_one_line_error(post_plan(guarded, SAMPLE_DOCX, other), 401, "unauthorized")
        assert post_plan(guarded, SAMPLE_DOCX, {**other, "Authorization": f"Bearer {TOKEN}"}).status_code == 201
        # the page's own same-origin rule is as it was
        assert guarded.post("/plans", files=[("files", (SAMPLE_DOCX.name, b"x"))], headers=other).status_code == 403


def test_the_openapi_document_is_valid_and_describes_exactly_the_apis_routes(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    validate_openapi(document)
    described = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    routes = [route for route in client.app.routes  # type: ignore[attr-defined]
              if isinstance(route, Route) and route.path.startswith("/api/v1")]
    served_routes = {(route.path, method) for route in routes if route.include_in_schema
                     for method in route.methods or () if method != "HEAD"}
    assert described == served_routes
    assert {path for path, _ in described} == {
        "/api/v1/plans", "/api/v1/plans/{plan_id}", "/api/v1/plans/{plan_id}/outputs/{format}", "/api/v1/compare",
        "/api/v1/schema", "/api/v1/openapi.json"}
    # each path answers the method it is described with (not the catch-all's 404 or 405)
    for path, method in described:
        concrete = path.replace("{plan_id}", "nothing").replace("{format}", "xlsx")
        answer = client.request(method, concrete)
        assert answer.status_code not in (405,), (path, method)
        if "{plan_id}" not in path and method == "GET":
            assert answer.status_code == 200, path
    # the plan in its answers is the plan of /api/v1/schema
    schemas = document["components"]["schemas"]
    assert set(schemas["PlanAnswer"]["required"]) >= {"id", "plan", "problems", "links"}
    assert schemas["PlanAnswer"]["properties"]["plan"] == {"$ref": "#/components/schemas/Plan"}
    as_published = json.loads(json.dumps(schemas["Plan"]).replace("#/components/schemas/", "#/$defs/"))
    assert as_published == {key: value for key, value in plan_json_schema().items() if key != "$defs"}


def test_end_to_end_a_running_server_reads_a_plan_for_a_client_with_the_token() -> None:
    with served(token=TOKEN) as address, httpx.Client(base_url=address, timeout=120) as http:
        assert_one_line_error(post_plan(http, SAMPLE_PDF), 401, "unauthorized")
        headers = {"Authorization": f"Bearer {TOKEN}"}
        posted = post_plan(http, SAMPLE_PDF, headers)
        assert posted.status_code == 201
        answer = posted.json()
        assert answer["measures"] == 84
        schema = http.get("/api/v1/schema", headers=headers).json()
        jsonschema.validate(answer["plan"], schema, cls=jsonschema.Draft202012Validator)
        again = http.get(posted.headers["location"], headers=headers)
        assert again.json() == answer
        workbook = http.get(answer["links"]["outputs"]["xlsx"], headers=headers)
        assert workbook.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(workbook.content))
        assert book.sheetnames and book[book.sheetnames[0]].max_row >= 85
        assert_one_line_error(http.get(answer["links"]["outputs"]["xlsx"]), 401, "unauthorized")
        compared = http.post("/api/v1/compare", headers=headers,
                             files=[("old", (SAMPLE_DOCX.name, SAMPLE_DOCX.read_bytes())),
                                    ("new", (REVISED.name, REVISED.read_bytes()))])
        assert compared.status_code == 200 and compared.json()["count"] == 5


def test_serve_refuses_to_listen_beyond_loopback_without_a_token_in_one_line() -> None:
    import os

    environment = {key: value for key, value in os.environ.items() if key != "PLANPARSE_TOKEN"}
    result = subprocess.run([sys.executable, "-m", "planparse", "serve", "--host", "0.0.0.0", "--port", "0"],
                            capture_output=True, text=True, timeout=60, env=environment)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "--token" in result.stderr and "PLANPARSE_TOKEN" in result.stderr
    assert result.stderr.startswith("planparse: ") and "Traceback" not in result.stderr


def test_serve_gives_the_token_from_the_option_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from click.testing import CliRunner

    import planparse.web.app as web_app
    from planparse.cli import cli

    made: list[Settings] = []
    apps: list[Any] = []
    real = web_app.create_app

    def recording(given: Settings | None = None) -> Any:
        assert given is not None
        made.append(given)
        apps.append(real(given))
        return apps[-1]

    monkeypatch.setattr(web_app, "create_app", recording)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: None)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "0"], env={"PLANPARSE_TOKEN": "from-env"})
    assert result.exit_code == 0, result.output
    assert made[-1].token == "from-env" and made[-1].token_required
    result = CliRunner().invoke(cli, ["serve", "--port", "0", "--token", "given"], env={"PLANPARSE_TOKEN": ""})
    assert result.exit_code == 0, result.output
    assert made[-1].token == "given" and not made[-1].token_required
    result = CliRunner().invoke(cli, ["serve", "--port", "0"], env={"PLANPARSE_TOKEN": ""})
    assert result.exit_code == 0 and made[-1].token is None and not made[-1].token_required
    for app in apps:  # the stores' folders, as the server would when it stops
        app.state.store.close()
