"""The web page's endpoints through Starlette's test client: reading, where a measure was read,
downloads, comparing, and the safety rules (limits, same origin, hostile files, files removed)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import hostile
import openpyxl
import pytest
from conftest import PLANS, ROOT, SAMPLE_DOCX, SAMPLES, load_json
from PIL import Image
from scans import scan_pdf
from starlette.testclient import TestClient
from web_testing import HOST, cli_message, settings, web_client
from word_plans import word_plan

from planparse.api import parse
from planparse.check import ProblemKind, check_plan
from planparse.model import Location, PlanWarning
from planparse.options import Limits, ReadOptions
from planparse.web.app import create_app, safe_file_name
from planparse.web.render import BOX_COLOUR, RESOLUTION
from planparse.web.security import CONTENT_SECURITY_POLICY

SAMPLE_PDF = SAMPLES / "handlingsplan-2022-2024.pdf"
REVISED = ROOT / "tests" / "diff" / "handlingsplan-2022-2024-revidert.docx"


@pytest.fixture
def client() -> Iterator[TestClient]:
    yield from web_client()


def upload(client: TestClient, *paths: Path, field: str = "files") -> object:
    files = [(field, (path.name, path.read_bytes())) for path in paths]
    return client.post("/plans", files=files, follow_redirects=False)


def plan_id(response: object) -> str:
    location = response.headers["location"]  # type: ignore[attr-defined]
    match = re.fullmatch(r"/plans/([\w-]+)", location)
    assert match, location
    return match.group(1)


def test_the_sample_pdf_is_read_and_shown_with_its_count_shape_and_downloads(client: TestClient) -> None:
    response = upload(client, SAMPLE_PDF)
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = client.get(f"/plans/{plan_id(response)}")
    assert page.status_code == 200
    html = page.text
    assert 'data-count="84"' in html and "84 tiltak" in html
    assert "Handlingsplan for Læringsmiljøsenteret 2022 – 2024" in html
    assert "år som kolonner" in html  # the shape, in the page's language
    for name in ("handlingsplan-2022-2024.xlsx", "handlingsplan-2022-2024.docx", "handlingsplan-2022-2024.json",
                 "handlingsplan-2022-2024.csv"):
        assert f"/files/{name}" in html
    assert html.count('<tr class="measure') == 84
    # the placeholder check finds, shown at the measure it is about, in the page's language
    assert "Plassholderen «??» står i tiltaket" in html and 'class="measure flagged"' in html


def test_downloads_are_the_outputs_with_the_names_a_user_expects(client: TestClient) -> None:
    pid = plan_id(upload(client, SAMPLE_PDF))
    workbook = client.get(f"/plans/{pid}/files/handlingsplan-2022-2024.xlsx")
    assert workbook.status_code == 200
    assert 'filename="handlingsplan-2022-2024.xlsx"' in workbook.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    measures = book[book.sheetnames[0]]
    assert sum(1 for row in measures.iter_rows(min_row=2, values_only=True) if any(row)) == 84
    data = client.get(f"/plans/{pid}/files/handlingsplan-2022-2024.json").json()
    assert sum(len(goal["measures"]) for area in data["areas"] for goal in area["goals"]) == 84
    report = client.get(f"/plans/{pid}/files/handlingsplan-2022-2024.docx")
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(report.content)).namelist()
    table = client.get(f"/plans/{pid}/files/handlingsplan-2022-2024.csv")
    assert table.content.decode("utf-8-sig").count("\n") >= 85
    assert client.get(f"/plans/{pid}/files/other.xlsx").status_code == 404
    assert client.get(f"/plans/{pid}/files/handlingsplan-2022-2024.exe").status_code == 404


def test_a_pdf_measure_shows_its_page_with_the_box_where_it_was_read(client: TestClient) -> None:
    pid = plan_id(upload(client, SAMPLE_PDF))
    plan = parse(SAMPLE_PDF)
    measure = plan.areas[1].goals[2].measures[1]
    assert measure.location.page and measure.location.bbox
    part = client.get(f"/plans/{pid}/measures/{measure.id}?part=1")
    assert part.status_code == 200
    assert f"Side {measure.location.page} i PDF-en" in part.text
    assert f'/plans/{pid}/measures/{measure.id}.png' in part.text
    picture = client.get(f"/plans/{pid}/measures/{measure.id}.png")
    assert picture.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(picture.content)).convert("RGB")
    scale = RESOLUTION / 72
    x0, top, _x1, bottom = measure.location.bbox
    # the box's left edge runs 3 points left of the measure's text, its whole height
    left = round((x0 - 3) * scale)
    middle = round((top + bottom) / 2 * scale)
    edge = [image.getpixel((x, middle)) for x in range(left - 2, left + 3)]
    assert BOX_COLOUR in edge
    # and not at another measure of the page
    other = round((x0 - 3) * scale), round((bottom + 60) * scale)
    assert image.getpixel(other) != BOX_COLOUR
    whole = client.get(f"/plans/{pid}/measures/{measure.id}")
    assert "<html" in whole.text and measure.text[:30] in whole.text


def test_a_huge_page_is_drawn_small_in_a_child_while_other_clients_are_answered(tmp_path: Path) -> None:
    import threading
    import time

    import psutil

    from planparse.web.render import MAX_PIXELS

    pdf = hostile.huge_page_plan_pdf(tmp_path / "stor.pdf")  # 14,400 points square: 4.8 GB at 110 dpi
    limits = Limits(max_memory_mb=300)  # the child that draws it may take no more than this
    with TestClient(create_app(settings(options=ReadOptions(limits=limits))), base_url=f"http://{HOST}") as client:
        pid = plan_id(upload(client, pdf))
        measure = parse(pdf).measures()[0]
        server = psutil.Process()
        before = server.memory_info().rss
        pictures: list[object] = []
        threads = [threading.Thread(target=lambda: pictures.append(
            client.get(f"/plans/{pid}/measures/{measure.id}.png"))) for _ in range(3)]
        for thread in threads:
            thread.start()
        answers, waits = [], []
        for _ in range(5):
            asked = time.monotonic()
            answers.append(client.get("/health").status_code)
            waits.append(time.monotonic() - asked)
        for thread in threads:
            thread.join()
        grown = server.memory_info().rss - before
    assert answers == [200] * 5 and max(waits) < 1.0
    assert len(pictures) == 3
    for picture in pictures:
        assert picture.status_code == 200, picture.text  # type: ignore[attr-defined]
        image = Image.open(io.BytesIO(picture.content))  # type: ignore[attr-defined]
        assert image.width * image.height <= MAX_PIXELS and image.width >= 1000
    assert grown < 100 * 1024 * 1024  # drawn in a child: the server itself did not grow by the picture


def test_a_huge_plan_page_is_bounded_and_made_while_other_clients_are_answered(tmp_path: Path) -> None:
    import threading
    import time

    from planparse.web.app import PAGE_CELLS

    big = hostile.large_plan(8_000)
    path = tmp_path / "stor.json"
    path.write_text(big.model_dump_json(), encoding="utf-8")
    with TestClient(create_app(settings()), base_url=f"http://{HOST}") as client:
        pid = plan_id(upload(client, path))
        pages: list[object] = []
        thread = threading.Thread(target=lambda: pages.append(client.get(f"/plans/{pid}")))
        thread.start()
        waits = []
        while thread.is_alive() and len(waits) < 50:
            asked = time.monotonic()
            assert client.get("/health").status_code == 200
            waits.append(time.monotonic() - asked)
        thread.join()
        whole = client.get(f"/plans/{pid}/files/stor.json")
    assert max(waits) < 1.0  # the page is made off the event loop: the others are not held up by it
    page = pages[0].text  # type: ignore[attr-defined]
    shown = page.count('<tr class="measure')
    labels = len(big.period_labels())
    assert 0 < shown <= PAGE_CELLS // (labels + 4) < 8_000
    assert 'id="shown-part"' in page and f"{shown} av 8000 tiltak" in page
    assert 'data-count="8000"' in page  # the count is the plan's, not the page's
    # the download has every measure
    assert sum(len(goal["measures"]) for area in whole.json()["areas"] for goal in area["goals"]) == 8_000


def test_a_word_measure_shows_its_table_and_row(client: TestClient) -> None:
    pid = plan_id(upload(client, SAMPLE_DOCX))
    plan = parse(SAMPLE_DOCX)
    measure = plan.areas[2].goals[0].measures[2]
    part = client.get(f"/plans/{pid}/measures/{measure.id}?part=1")
    assert f"Tabell {measure.location.table}, rad {measure.location.row} i Word-dokumentet" in part.text
    assert ".png" not in part.text
    assert client.get(f"/plans/{pid}/measures/{measure.id}.png").status_code == 404
    assert client.get(f"/plans/{pid}/measures/9.9.9").status_code == 404


def test_several_plans_at_once_each_listed_and_a_shape_plan_read_as_its_truth(client: TestClient) -> None:
    shape = PLANS / "shapes" / "solbakken-2024-2027.docx"
    truth = load_json(shape.with_suffix(".truth.json"))
    expected = sum(len(goal["measures"]) for area in truth["areas"] for goal in area["goals"])
    response = upload(client, SAMPLE_DOCX, shape)
    assert response.status_code == 303 and response.headers["location"].startswith("/?done=")  # type: ignore[attr-defined]
    index = client.get(response.headers["location"]).text  # type: ignore[attr-defined]
    assert "handlingsplan-2022-2024.docx</a>" in index and "84 tiltak" in index
    assert "solbakken-2024-2027.docx</a>" in index and f"{expected} tiltak" in index


def test_comparing_the_sample_with_its_revision_shows_five_changes_by_kind(client: TestClient) -> None:
    response = client.post("/compare", files=[("old", (SAMPLE_DOCX.name, SAMPLE_DOCX.read_bytes())),
                                              ("new", (REVISED.name, REVISED.read_bytes()))], follow_redirects=False)
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert 'data-count="5"' in page and "5 endringer" in page
    expected = load_json(ROOT / "tests" / "diff" / "expected-changes.json")
    for change in expected:
        section = re.search(rf'data-kind="{change["kind"]}">(.*?)</section>', page, re.S)
        assert section and change["text"] in section.group(1)
    name = "endringer-handlingsplan-2022-2024-handlingsplan-2022-2024-revidert.xlsx"
    workbook = client.get(f"{response.headers['location']}/files/{name}")
    assert workbook.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    assert {"Nye", "Fjernet", "Omformulert", "Endret tidsplan", "Endret ansvar"} <= set(book.sheetnames)


def test_comparing_two_plans_read_before(client: TestClient) -> None:
    old, new = plan_id(upload(client, SAMPLE_DOCX)), plan_id(upload(client, REVISED))
    response = client.post("/compare", data={"old_id": old, "new_id": new}, follow_redirects=False)
    assert 'data-count="5"' in client.get(response.headers["location"]).text
    refused = client.post("/compare", data={"old_id": old}, follow_redirects=False)
    assert refused.status_code == 400 and "både en gammel og en ny" in refused.text


@pytest.mark.parametrize("make", [hostile.bomb_docx, hostile.many_rows_docx, hostile.corrupt_deflate_docx,
                                  hostile.fan_out_pdf])
def test_a_hostile_file_gets_the_command_lines_answer_and_the_page_keeps_serving(
        client: TestClient, tmp_path: Path, make: object) -> None:
    suffix = ".pdf" if make is hostile.fan_out_pdf else ".docx"
    bad = make(tmp_path / f"hostile{suffix}")  # type: ignore[operator]
    response = upload(client, bad)
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text  # type: ignore[attr-defined]
    expected = cli_message(bad)
    shown = re.search(r'data-file="hostile\.\w+"><strong>[^<]*</strong> ([^<]*)</p>', page)
    assert shown, page
    assert shown.group(1).replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&") == expected
    assert "\n" not in expected
    assert client.get("/").status_code == 200
    assert upload(client, SAMPLE_DOCX).status_code == 303  # type: ignore[attr-defined]


def test_a_file_that_reads_too_long_is_stopped_with_the_same_limit_as_the_command_line(tmp_path: Path) -> None:
    options = ReadOptions(limits=Limits(max_seconds=0.02))  # the sample takes about ten times this
    with TestClient(create_app(settings(options=options)), base_url=f"http://{HOST}") as client:
        response = upload(client, SAMPLE_PDF)
        page = client.get(response.headers["location"]).text  # type: ignore[attr-defined]
        assert "reading it took longer than 0.02 s" in page
        assert not client.app.state.store.plans()  # type: ignore[attr-defined]


def test_a_request_from_another_site_does_no_work(client: TestClient) -> None:
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Origin": f"http://{HOST}", "Sec-Fetch-Site": "same-site"}):
        response = client.post("/plans", files=[("files", (SAMPLE_DOCX.name, SAMPLE_DOCX.read_bytes()))],
                               headers=headers, follow_redirects=False)
        assert response.status_code == 403, headers
        assert "annen nettside" in response.text
    assert not client.app.state.store.plans()  # type: ignore[attr-defined]
    same = client.post("/plans", files=[("files", (SAMPLE_DOCX.name, SAMPLE_DOCX.read_bytes()))],
                       headers={"Origin": f"http://{HOST}", "Sec-Fetch-Site": "same-origin"}, follow_redirects=False)
    assert same.status_code == 303


def test_another_host_name_is_refused(client: TestClient) -> None:
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_every_response_carries_the_content_security_policy(client: TestClient) -> None:
    pid = plan_id(upload(client, SAMPLE_PDF))
    for url in ("/", f"/plans/{pid}", "/static/app.js", f"/plans/{pid}/measures/1.1.1.png", "/plans/nothing"):
        response = client.get(url)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, url
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "default-src 'none'" in CONTENT_SECURITY_POLICY
    html = client.get(f"/plans/{pid}").text
    assert "<script>" not in html and " style=" not in html and " onclick=" not in html  # nothing inline
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing from elsewhere


def test_uploads_beyond_the_limits_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "stor.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    with TestClient(create_app(settings(max_upload_mb=1, max_files=2)), base_url=f"http://{HOST}") as client:
        response = upload(client, big)
        assert response.status_code == 413  # type: ignore[attr-defined]
        assert "høyst 1 MB" in response.text  # type: ignore[attr-defined]
        many = upload(client, SAMPLE_DOCX, SAMPLE_DOCX, SAMPLE_DOCX)
        assert many.status_code == 400 and "høyst 2" in many.text  # type: ignore[attr-defined]
        none = client.post("/plans", data={"x": "y"}, follow_redirects=False)  # said on the front page
        assert none.status_code == 303 and none.headers["location"].startswith("/?done=")
        assert not client.app.state.store.plans()  # type: ignore[attr-defined]


def test_files_are_kept_only_while_needed_and_removed_when_the_page_stops() -> None:
    app = create_app(settings(keep=2))
    store = app.state.store
    with TestClient(app, base_url=f"http://{HOST}") as client:
        def files() -> list[Path]:
            return [path for path in store.folder.rglob("*") if path.is_file()]

        upload(client, SAMPLE_DOCX)
        assert files() == []  # a Word file is not needed once read
        pid = plan_id(upload(client, SAMPLE_PDF))
        assert [path.name for path in files()] == ["handlingsplan-2022-2024.pdf"]  # kept to draw its pages
        client.get(f"/plans/{pid}/files/handlingsplan-2022-2024.xlsx")
        assert [path.name for path in files()] == ["handlingsplan-2022-2024.pdf"]  # the download is gone
        client.post(f"/plans/{pid}/remove")
        assert files() == [] and client.get(f"/plans/{pid}").status_code == 404
        for path in sorted(PLANS.glob("*.pdf"))[:3]:  # three files (one uploaded again is the same plan)
            upload(client, path)
        assert len(store.plans()) == 2 and len(files()) == 2  # the oldest went, with its file
        folder = store.folder
    assert not folder.exists()


def test_the_page_speaks_nynorsk_and_english_and_never_redirects_elsewhere(client: TestClient) -> None:
    pid = plan_id(upload(client, SAMPLE_PDF))
    chosen = client.get(f"/language?set=nn&back=/plans/{pid}", follow_redirects=False)
    assert chosen.status_code == 303 and chosen.headers["location"] == f"/plans/{pid}"
    page = client.get(f"/plans/{pid}").text
    assert 'lang="nn"' in page and "Ansvarleg" in page and "Last ned" in page
    client.get("/language?set=en&back=/")
    page = client.get(f"/plans/{pid}").text
    assert 'lang="en"' in page and "84 actions" in page and "years as columns" in page
    for back in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        assert client.get(f"/language?set=nb&back={back}", follow_redirects=False).headers["location"] == "/"


def _plan_with_problems(tmp_path: Path) -> Path:
    """The sample with one problem of each common kind, and reading warnings whose English messages
    give command-line advice (which the page must not pass on)."""
    plan = parse(SAMPLE_DOCX)
    measures = plan.areas[0].goals[0].measures
    measures[0].text = "Kartlegge ?? skoler"
    measures[1].responsible = []
    measures[2].text = measures[3].text
    plan.warnings.append(PlanWarning(code="grid-too-wide", location=measures[4].location,
                                     message="a row spans 900 columns; use --max-columns to read more"))
    plan.warnings.append(PlanWarning(code="page-too-dense", location=Location(page=2),
                                     message="40000 characters on one page; page passed over"))
    path = tmp_path / "problems.json"
    path.write_text(plan.model_dump_json(), encoding="utf-8")
    return path


# What each language calls the problems above, and says to do about them.
PROBLEM_WORDS = {
    "nb": ("Plassholderen «??» står i tiltaket «Kartlegge ?? skoler»", "Fyll inn ansvarlig i arbeidsboka",
           "Ingen ansvarlig", "Tiltak to ganger", "Samme rolle?", "Siden har for mange tegn", "side 2",
           "planparse var usikker på hvordan dette ble lest", "Åpne tiltaket for å se hvor det ble lest"),
    "nn": ("Plasshaldaren «??» står i tiltaket «Kartlegge ?? skoler»", "Fyll inn ansvarleg i arbeidsboka",
           "Ingen ansvarleg", "Tiltak to gonger", "Same rolle?", "Sida har for mange teikn", "side 2",
           "planparse var usikker på korleis dette vart lese", "Opne tiltaket for å sjå kvar det vart lese"),
    "en": ("The placeholder «??» stands in the action «Kartlegge ?? skoler»",
           "Fill in who is responsible in the workbook", "No one responsible", "Action twice", "Same role?",
           "The page has too many characters", "page 2", "planparse was unsure how this was read",
           "Open the action to see where it was read"),
}


@pytest.mark.parametrize("language", sorted(PROBLEM_WORDS))
def test_problems_are_said_in_the_pages_language_with_what_to_do_and_no_command_line(
        client: TestClient, tmp_path: Path, language: str) -> None:
    pid = plan_id(upload(client, _plan_with_problems(tmp_path)))
    client.get(f"/language?set={language}&back=/")
    page = client.get(f"/plans/{pid}").text
    listed = re.findall(r'<li class="problem".*?</li>', page, re.S)
    assert len(listed) >= 6
    assert not re.search(r"--[a-z]", page) and "roles.toml" not in page and "aliases" not in page
    for words in PROBLEM_WORDS[language]:
        assert words in page, words
    others = [w for other, found in PROBLEM_WORDS.items() if other != language for w in found[:5]
              if w not in PROBLEM_WORDS[language]]
    assert not [w for w in others if w in page]
    # the measure's own page says its problems too
    unowned = parse(_plan_with_problems(tmp_path)).areas[0].goals[0].measures[1]
    measure_page = client.get(f"/plans/{pid}/measures/{unowned.id}").text
    assert PROBLEM_WORDS[language][1] in measure_page


def test_check_keeps_its_english_message_and_its_json_without_the_pages_facts(tmp_path: Path) -> None:
    problems = check_plan(parse(_plan_with_problems(tmp_path)))
    placeholder = next(p for p in problems if p.kind is ProblemKind.PLACEHOLDER)
    assert placeholder.message == "placeholder '??' in measure «Kartlegge ?? skoler»"
    assert placeholder.facts == {"placeholder": "??", "text": "Kartlegge ?? skoler", "in": "measure"}
    assert set(placeholder.model_dump(mode="json", exclude_none=True)) == {"kind", "message", "location"}


def test_the_reading_of_a_scan_tells_its_progress_page_by_page(tmp_path: Path) -> None:
    scan = scan_pdf(PLANS / "kommunen-2026-2028.pdf", tmp_path / "skannet.pdf", dpi=150)
    key = "3f9c2a7b1d4e5f60a1b2c3d4"
    with TestClient(create_app(settings()), base_url=f"http://{HOST}") as client:
        assert client.get(f"/progress/{key}").json() == {"state": "waiting"}
        assert client.get("/progress/no").status_code == 404  # not an id the page's script makes
        sent: dict[str, object] = {}
        thread = threading.Thread(target=lambda: sent.update(response=client.post(
            "/plans", data={"progress": key}, files=[("files", (scan.name, scan.read_bytes()))],
            follow_redirects=False)))
        thread.start()
        seen: list[tuple[int, int, bool]] = []
        while thread.is_alive():
            state = client.get(f"/progress/{key}").json()
            if state.get("pages"):
                assert state["state"] in ("reading", "done") and state["file"] == "skannet.pdf"
                seen.append((state["page"], state["pages"], state["ocr"]))
            time.sleep(0.05)
        thread.join()
        assert sent["response"].status_code == 303  # type: ignore[attr-defined]
        assert client.get(f"/progress/{key}").json()["state"] == "done"
    pages = [page for page, _, _ in seen]
    assert pages == sorted(pages) and set(pages) == {1, 2}  # page 1, then page 2, of 2
    assert {(pages, ocr) for _, pages, ocr in seen} == {(2, True)}


def test_counts_take_their_singular_in_every_language(client: TestClient, tmp_path: Path) -> None:
    plan = parse(SAMPLE_DOCX)
    plan.areas = plan.areas[:1]
    plan.areas[0].goals = plan.areas[0].goals[:1]
    plan.areas[0].goals[0].measures = plan.areas[0].goals[0].measures[:1]
    path = tmp_path / "en.json"
    path.write_text(plan.model_dump_json(), encoding="utf-8")
    pid = plan_id(upload(client, path))
    assert "1 område, 1 mål" in client.get(f"/plans/{pid}").text
    client.get("/language?set=en&back=/")
    page = client.get(f"/plans/{pid}").text
    assert "1 action<" in page and "1 area, 1 goal" in page


def test_a_file_uploaded_twice_is_one_plan_and_an_empty_submit_is_said_on_the_front_page(
        client: TestClient) -> None:
    first, again = plan_id(upload(client, SAMPLE_PDF)), plan_id(upload(client, SAMPLE_PDF))
    assert first == again
    assert client.get("/").text.count(f'href="/plans/{first}"') == 1
    empty = client.post("/plans", files=[("files", ("", b""))], follow_redirects=True)
    assert empty.status_code == 200 and empty.url.path == "/"
    assert "Ingen filer valgt" in empty.text and 'class="error"' in empty.text


def test_uploaded_names_cannot_reach_outside_the_upload_folder() -> None:
    assert safe_file_name("../../etc/passwd") == "passwd"
    assert safe_file_name("C:\\Users\\x\\plan.docx") == "plan.docx"
    assert safe_file_name("..") == "plan" and safe_file_name(None) == "plan"
    assert safe_file_name("plan\x00.pdf") == "plan_.pdf"


def test_serve_refuses_a_port_in_use_in_one_line() -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "planparse", "serve", "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and f"127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_on_every_address_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from click.testing import CliRunner

    from planparse.cli import cli

    started: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: started.update(kwargs))
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "0", "--token", "T"])
    assert result.exit_code == 0, result.output
    assert "warning: listening on 0.0.0.0" in result.output
    assert started["host"] == "0.0.0.0"
    result = CliRunner().invoke(cli, ["serve", "--port", "0"])
    assert "warning" not in result.output and started["host"] == "127.0.0.1"


def test_the_api_reads_in_a_forkserver_child_like_in_a_forked_one() -> None:
    from planparse.api import parse_isolated

    forked = parse_isolated(SAMPLE_DOCX)
    served = parse_isolated(SAMPLE_DOCX, start_method="forkserver")
    assert json.loads(forked.model_dump_json()) == json.loads(served.model_dump_json())


def test_slow_clients_are_let_go_while_others_are_answered() -> None:
    """A request head that never ends, and an upload whose body stops, cost a connection for a bounded
    time (the server's own protocol and the page's guard), not for ever."""
    import socket
    import threading
    import time
    import urllib.request

    import uvicorn

    from planparse.web.server import TimedH11Protocol

    class Quick(TimedH11Protocol):
        head_seconds = 0.5

    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    app = create_app(settings(allowed_hosts=("127.0.0.1",), body_seconds=0.5))
    server = uvicorn.Server(uvicorn.Config(app, http=Quick, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]})
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        head = socket.create_connection(("127.0.0.1", port))
        head.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and no more
        body = socket.create_connection(("127.0.0.1", port))
        body.sendall(b"POST /plans HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                     b"Content-Length: 100000\r\n\r\n--x\r\n")  # and no more
        started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:
            assert answer.status == 200
        head.settimeout(10)
        assert head.recv(100) == b""  # closed without an answer
        body.settimeout(10)
        assert body.recv(100).startswith(b"HTTP/1.1 408")
        assert time.monotonic() - started < 5  # both let go after about half a second, far under the wait
    finally:
        server.should_exit = True
        thread.join(20)


# Correcting a reading on the page (web/corrections.py)

def workbook_rows(client: TestClient, pid: str, name: str) -> list[dict[str, object]]:
    """The downloaded workbook's Tiltak sheet, a dict per measure by the sheet's headings."""
    response = client.get(f"/plans/{pid}/files/{name}")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Tiltak"]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:] if any(row)]


def correct(client: TestClient, pid: str, **fields: str) -> object:
    return client.post(f"/plans/{pid}/corrections", data=fields, follow_redirects=False)


def test_a_correction_changes_the_page_and_every_download_and_undo_takes_it_back(client: TestClient) -> None:
    pid = plan_id(upload(client, SAMPLE_DOCX))
    sample = parse(SAMPLE_DOCX)
    moved = sample.areas[0].goals[0].measures[1].text
    goal_12 = sample.areas[0].goals[1]
    new_id = f"1.2.{len(goal_12.measures) + 1}"
    answer = correct(client, pid, kind="move", target="1.1.2", to="1.2")
    assert answer.status_code == 303 and answer.headers["location"] == f"/plans/{pid}"  # type: ignore[attr-defined]
    page = client.get(f"/plans/{pid}").text
    row = re.search(rf'<tr class="measure[^"]*" data-id="{re.escape(new_id)}">(.*?)</tr>', page, re.S)
    assert row is not None and moved in row.group(1)
    assert "Flyttet tiltak 1.1.2 til mål 1.2" in page and '<span id="fix-count">1</span>' in page
    rows = workbook_rows(client, pid, "handlingsplan-2022-2024.xlsx")
    found = [r for r in rows if r["Tiltak"] == moved]
    assert len(found) == 1 and found[0]["ID"] == new_id and found[0]["Mål"] == goal_12.text
    assert [r["Tiltak"] for r in rows if r["Mål"] == goal_12.text][-1] == moved
    data = client.get(f"/plans/{pid}/files/handlingsplan-2022-2024.json").json()
    assert [(c["kind"], c["target"], c["to"]) for c in data["corrections"]] == [("move", "1.1.2", "1.2")]

    undone = client.post(f"/plans/{pid}/corrections/undo", follow_redirects=False)
    assert undone.status_code == 303
    rows = workbook_rows(client, pid, "handlingsplan-2022-2024.xlsx")
    assert [r["ID"] for r in rows if r["Tiltak"] == moved] == ["1.1.2"] and len(rows) == len(sample.measures())
    assert client.get(f"/plans/{pid}/files/handlingsplan-2022-2024.json").json().get("corrections", []) == []
    page = client.get(f"/plans/{pid}").text
    assert '<span id="fix-count">0</span>' in page and 'id="fix-undo" disabled' in page
    nothing = client.post(f"/plans/{pid}/corrections/undo")
    assert nothing.status_code == 422 and nothing.text == "Det er ingen rettinger å angre."


def test_merge_split_promote_mark_and_roles_each_show_on_the_page(client: TestClient) -> None:
    pid = plan_id(upload(client, SAMPLE_DOCX))
    sample = parse(SAMPLE_DOCX)
    first, second = (m.text for m in sample.areas[0].goals[0].measures[:2])
    assert correct(client, pid, kind="merge", target="1.1.2").status_code == 303  # type: ignore[attr-defined]
    # split where the page's text field puts it: the words after the cursor, spaces as the page shows them
    assert correct(client, pid, kind="split", target="1.1.1",  # type: ignore[attr-defined]
                   at="  " + second.replace(" ", "\n ", 2)).status_code == 303
    assert correct(client, pid, kind="promote", target="2.2").status_code == 303  # type: ignore[attr-defined]
    assert correct(client, pid, kind="mark", target="1.1.2", period="2024",  # type: ignore[attr-defined]
                   mark="(x)").status_code == 303
    assert correct(client, pid, kind="roles", target="1.1.2",  # type: ignore[attr-defined]
                   roles=" Rektor ;IKT-leder; ").status_code == 303
    rows = {r["ID"]: r for r in workbook_rows(client, pid, "handlingsplan-2022-2024.xlsx")}
    assert (rows["1.1.1"]["Tiltak"], rows["1.1.2"]["Tiltak"]) == (first, second)
    assert rows["1.1.2"]["2024"] == "(x)" and rows["1.1.2"]["Ansvarlig"] == "Rektor\nIKT-leder"
    assert rows["3.1.1"]["Område"] == sample.areas[1].goals[1].text  # the heading promoted to an area
    page = client.get(f"/plans/{pid}").text
    assert '<span id="fix-count">5</span>' in page
    assert '<td class="mark tentative" data-period="2024">(x)</td>' in page
    assert f'<h2 class="area" data-id="3">{sample.areas[1].goals[1].text}</h2>' in page


def test_a_correction_that_does_not_fit_is_one_line_in_the_pages_language_and_changes_nothing(
        client: TestClient) -> None:
    pid = plan_id(upload(client, SAMPLE_DOCX))
    before = client.get(f"/plans/{pid}/files/handlingsplan-2022-2024.json").json()
    cases = [
        ({"kind": "merge", "target": "1.1.1"}, "Tiltak 1.1.1 er det første under målet sitt"),
        ({"kind": "move", "target": "1.1.1", "to": "9.9"}, "Planen har ikke mål 9.9."),
        ({"kind": "move", "target": "9.1.1", "to": "1.1"}, "Planen har ikke tiltak 9.1.1."),
        ({"kind": "split", "target": "1.1.1", "at": "ord som ikke står der"}, "Sett markøren der"),
        ({"kind": "demote", "target": "1"}, "Område 1 er det første"),
        ({"kind": "mark", "target": "1.1.1", "period": "2031", "mark": "x"}, "Planen har ikke perioden «2031»"),
        ({"kind": "restore", "target": "1"}, "Retting 1 er ikke en sletting"),
        ({"kind": "explode", "target": "1.1.1"}, "Siden forstod ikke rettingen"),
        ({"kind": "move", "target": "1.1"}, "«1.1» er ikke en ID"),
    ]
    for fields, said in cases:
        answer = client.post(f"/plans/{pid}/corrections", data=fields)
        assert answer.status_code == 422, fields
        assert answer.text.startswith(said) and "\n" not in answer.text and "Traceback" not in answer.text, fields
    client.get(f"/language?set=en&back=/plans/{pid}")
    english = client.post(f"/plans/{pid}/corrections", data={"kind": "merge", "target": "1.1.1"})
    assert english.status_code == 422 and english.text.startswith("Action 1.1.1 is the first of its goal")
    assert client.get(f"/plans/{pid}/files/handlingsplan-2022-2024.json").json() == before
    assert client.post("/plans/nothing/corrections", data={"kind": "delete", "target": "1.1.1"}).status_code == 404


def test_a_deleted_measure_is_listed_and_put_back_where_it_stood(client: TestClient) -> None:
    pid = plan_id(upload(client, SAMPLE_DOCX))
    sample = parse(SAMPLE_DOCX)
    deleted = sample.areas[0].goals[0].measures[1].text
    assert correct(client, pid, kind="delete", target="1.1.2").status_code == 303  # type: ignore[attr-defined]
    page = client.get(f"/plans/{pid}").text
    assert f'data-count="{len(sample.measures()) - 1}"' in page and deleted not in page.split('id="fix"')[1]
    assert f"Slettet tiltak 1.1.2: «{deleted[:40]}" in page and "Sett tilbake" in page
    assert correct(client, pid, kind="restore", target="1").status_code == 303  # type: ignore[attr-defined]
    rows = workbook_rows(client, pid, "handlingsplan-2022-2024.xlsx")
    assert len(rows) == len(sample.measures()) and [r["ID"] for r in rows if r["Tiltak"] == deleted] == ["1.1.2"]
    page = client.get(f"/plans/{pid}").text
    assert "(satt tilbake)" in page and "Sett tilbake</button>" not in page
    assert "Satte tilbake tiltaket fra retting 1" in page


def test_a_correction_from_another_site_is_refused_and_changes_nothing(client: TestClient) -> None:
    pid = plan_id(upload(client, SAMPLE_DOCX))
    for path, data in ((f"/plans/{pid}/corrections", {"kind": "delete", "target": "1.1.1"}),
                       (f"/plans/{pid}/corrections/undo", {})):
        refused = client.post(path, data=data, headers={"Origin": "http://evil.example"})
        assert refused.status_code == 403 and "annen nettside" in refused.text
    assert client.app.state.store.plan(pid).corrections == []  # type: ignore[attr-defined]
    same = client.post(f"/plans/{pid}/corrections", data={"kind": "delete", "target": "1.1.1"},
                       headers={"Origin": f"http://{HOST}", "Sec-Fetch-Site": "same-origin"}, follow_redirects=False)
    assert same.status_code == 303


def test_a_corrected_plans_json_read_again_keeps_its_corrections_and_undo_leaves_them(client: TestClient) -> None:
    pid = plan_id(upload(client, SAMPLE_DOCX))
    assert correct(client, pid, kind="delete", target="1.1.2").status_code == 303  # type: ignore[attr-defined]
    data = client.get(f"/plans/{pid}/files/handlingsplan-2022-2024.json").content
    again = client.post("/plans", files=[("files", ("rettet.json", data))], follow_redirects=False)
    other = plan_id(again)
    page = client.get(f"/plans/{other}").text
    assert '<span id="fix-count">1</span>' in page and "(lest med planen)" in page
    assert 'id="fix-undo" disabled' in page  # undo drops only what was corrected on this page
    assert correct(client, other, kind="restore", target="1").status_code == 303  # type: ignore[attr-defined]
    assert len(parse(SAMPLE_DOCX).measures()) == len(workbook_rows(client, other, "rettet.xlsx"))
    assert client.post(f"/plans/{other}/corrections/undo", follow_redirects=False).status_code == 303
    assert client.post(f"/plans/{other}/corrections/undo").status_code == 422
    assert '<span id="fix-count">1</span>' in client.get(f"/plans/{other}").text


def test_the_correcting_controls_speak_the_pages_language(client: TestClient) -> None:
    pid = plan_id(upload(client, SAMPLE_DOCX))
    for code, words in (("nb", ("Rett lesingen", "Flytt til mål", "Slå sammen med tiltaket over", "Gjør til område",
                                "Angre", "Rettinger (")),
                        ("nn", ("Rett lesinga", "Slå saman med tiltaket over", "Gjer til område", "Rettingar (")),
                        ("en", ("Correct the reading", "Move to goal", "Merge with the action above",
                                "Make it an area", "Undo", "Corrections ("))):
        client.get(f"/language?set={code}&back=/")
        page = client.get(f"/plans/{pid}").text
        assert all(word in page for word in words), code
        assert '<script src="/static/correct.js" defer></script>' in page
    # every goal of the plan to move a measure to, by ID and text
    sample = parse(SAMPLE_DOCX)
    moves = re.search(r'<select id="fix-to">(.*?)</select>', page, re.S)
    assert moves and moves.group(1).count('<option value="') == len(sample.goals())
    assert f'<option value="2.2">2.2 {sample.areas[1].goals[1].text[:40]}' in page


def test_a_measure_made_a_goal_and_a_goal_an_area_are_made_back_with_the_heading_buttons(client: TestClient) -> None:
    pid = plan_id(upload(client, SAMPLE_DOCX))
    before = [(r["ID"], r["Område"], r["Mål"], r["Tiltak"])
              for r in workbook_rows(client, pid, "handlingsplan-2022-2024.xlsx")]
    sample = parse(SAMPLE_DOCX)
    for kind, target, check in (("promote", "2.1.2", f'data-id="2.2">{sample.areas[1].goals[0].measures[1].text}<'),
                                ("demote", "2.2", f'data-id="2.2">{sample.areas[1].goals[1].text}<'),
                                ("promote", "2.2", f'data-id="3">{sample.areas[1].goals[1].text}<'),
                                ("demote", "3", f'data-id="3">{sample.areas[2].title}<')):
        answer = correct(client, pid, kind=kind, target=target)
        assert answer.status_code == 303, (kind, target)  # type: ignore[attr-defined]
        assert check in client.get(f"/plans/{pid}").text, (kind, target)
    after = [(r["ID"], r["Område"], r["Mål"], r["Tiltak"])
             for r in workbook_rows(client, pid, "handlingsplan-2022-2024.xlsx")]
    assert after == before
    page = client.get(f"/plans/{pid}").text
    for said in ("Gjorde tiltak 2.1.2 til mål", "Gjorde mål 2.2 til tiltak", "Gjorde mål 2.2 til område",
                 "Gjorde område 3 til mål"):
        assert said in page


def _followed_workbook(tmp_path: Path) -> Path:
    """The sample's workbook with its follow-up filled in: Fullført, Pågår, Ikke startet, Utsatt, none."""
    from planparse.api import write

    write(parse(SAMPLE_DOCX), tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    sheet = book["Tiltak"]
    header = [cell.value for cell in sheet[1]]
    status, comment = header.index("Oppfølging") + 1, header.index("Kommentar (oppfølging)") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, status).value = ("Fullført", "Pågår", "Ikke startet", "Utsatt", None)[(row - 2) % 5]
    sheet.cell(2, comment).value = "Tatt opp i ledermøtet"
    book.save(tmp_path / "fulgt.xlsx")
    return tmp_path / "fulgt.xlsx"


def test_a_followed_up_workbook_shows_each_status_and_gives_its_status_report(client: TestClient,
                                                                              tmp_path: Path) -> None:
    pid = plan_id(upload(client, _followed_workbook(tmp_path)))
    html = client.get(f"/plans/{pid}").text
    assert 'id="follow-up"' in html and "Fullført: 17" in html and "Pågår: 17" in html
    assert "over fristen" in html  # the plan ended in 2024: what is not done is overdue
    assert html.count('<td class="status ') == 84 and "Tatt opp i ledermøtet" in html
    status = client.get(f"/plans/{pid}/files/fulgt-status.docx")
    assert status.status_code == 200
    document = docx.Document(io.BytesIO(status.content))
    assert document.paragraphs[0].text.startswith("Statusrapport: Handlingsplan for Læringsmiljøsenteret")
    counted_rows = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows[1:]}
    assert counted_rows["Fullført"] == "17" and counted_rows["Sum"] == "84"
    pdf = client.get(f"/plans/{pid}/files/fulgt-status.pdf")  # LibreOffice is installed where the tests run
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_plan_without_follow_up_shows_no_status_column(client: TestClient) -> None:
    html = client.get(f"/plans/{plan_id(upload(client, SAMPLE_DOCX))}").text
    assert 'id="follow-up"' not in html and '<td class="status' not in html
    assert "/files/handlingsplan-2022-2024-status.docx" in html  # a status report all the same: all "not given"


def test_the_page_shows_the_measures_of_one_role(client: TestClient) -> None:
    pid = plan_id(upload(client, SAMPLE_DOCX))
    plan = parse(SAMPLE_DOCX)
    theirs = [m.id for m in plan.measures() if "Kommunikasjon" in m.responsible]
    html = client.get(f"/plans/{pid}", params={"role": "Kommunikasjon"}).text
    shown = re.findall(r'<tr class="measure[^"]*" data-id="([\d.]+)"', html)
    assert shown == theirs and len(theirs) > 3  # each keeps its ID
    assert f"Kommunikasjon ({len(theirs)})" in html and 'id="role-shown"' in html
    everyone = client.get(f"/plans/{pid}").text
    assert len(re.findall(r'<tr class="measure', everyone)) == 84 and 'id="role-shown"' not in everyone


def test_a_reading_saved_as_a_profile_reads_the_next_upload_and_can_be_stopped(client: TestClient,
                                                                               tmp_path: Path) -> None:
    """The page's "Lagre som lesemåte": how a document was read, with what its corrections say of its
    family (here: a mark read as planned where planparse did not know it), used for the next upload."""
    rows = [["Tiltak", "2025", "2026", "Ansvarlig"], ["Rydde arkivet", "ja", "", "Leder"],
            ["Nye rutiner for innkjøp", "x", "ja", "Rådgiver"], ["Kurs for alle", "x", "x", "Leder"]]
    word_plan(tmp_path / "plan-2025.docx", "Tiltaksplan 2025–2026", (None, rows))
    first = plan_id(upload(client, tmp_path / "plan-2025.docx"))
    before = client.get(f"/plans/{first}/files/plan-2025.json").json()
    assert before["areas"][0]["goals"][0]["measures"][0]["schedule"]["2025"]["kind"] == "unknown"
    fixed = client.post(f"/plans/{first}/corrections", data={"kind": "mark", "target": "1.1.1", "period": "2025",
                                                             "mark": "x"}, follow_redirects=False)
    assert fixed.status_code == 303
    saved = client.post(f"/plans/{first}/profile", follow_redirects=True)
    assert 'id="profile-saved"' in saved.text and "plan-2025" in saved.text
    toml = client.get("/profile/plan-2025.toml")
    assert toml.status_code == 200 and 'planned = ["ja"]' in toml.text and 'measure = ["Tiltak"]' in toml.text
    word_plan(tmp_path / "plan-2026.docx", "Tiltaksplan 2025–2026", (None, rows))  # next year's: the same words
    second = plan_id(upload(client, tmp_path / "plan-2026.docx"))
    after = client.get(f"/plans/{second}/files/plan-2026.json").json()
    marks = [m["schedule"].get("2026", {}).get("kind") for m in after["areas"][0]["goals"][0]["measures"]]
    assert after["areas"][0]["goals"][0]["measures"][0]["schedule"]["2025"]["kind"] == "planned"
    assert marks == ["none", "planned", "planned"]
    assert "plan-2025" in client.get("/").text  # the profile in use is said on the front page
    client.post("/profile/stop", follow_redirects=False)
    assert 'id="profile-active"' not in client.get("/").text


def test_a_profile_given_on_the_front_page_is_used_and_a_bad_one_is_one_line(client: TestClient,
                                                                              tmp_path: Path) -> None:
    bad = client.post("/profile", files={"profile": ("feil.toml", b"[columns]\nmeasure = 3\n")})
    assert bad.status_code == 422 and "columns.measure" in bad.text and "Traceback" not in bad.text
    good = client.post("/profile", files={"profile": ("bydel.toml", b'[columns]\nmeasure = ["Oppgave"]\n')},
                       follow_redirects=False)
    assert good.status_code == 303 and 'id="profile-active"' in client.get("/").text
    refused = upload(client, SAMPLE_DOCX)  # it names a column the sample does not have
    done = client.get(refused.headers["location"]).text  # type: ignore[attr-defined]
    assert "passer ikke dette dokumentet" in done and "bydel" in done
    client.post("/profile/stop")


def test_comparing_two_followed_up_workbooks_shows_the_follow_up_changes_in_the_pages_words(
        client: TestClient, tmp_path: Path) -> None:
    old = _followed_workbook(tmp_path)
    book = openpyxl.load_workbook(old)
    sheet = book["Tiltak"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(3, header.index("Oppfølging") + 1).value = "Fullført"  # was Pågår
    book.save(tmp_path / "senere.xlsx")
    response = client.post("/compare", files=[("old", ("fulgt.xlsx", old.read_bytes())),
                                              ("new", ("senere.xlsx", (tmp_path / "senere.xlsx").read_bytes()))],
                           follow_redirects=False)
    page = client.get(response.headers["location"]).text
    assert 'data-count="1"' in page and 'data-kind="follow-up-changed"' in page
    assert "Endret oppfølging (1)" in page and "Oppfølging: Pågår → Fullført" in page
