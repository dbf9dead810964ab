"""The web page end to end, as a newcomer uses it: in a real headless Chromium (Debian's package,
driven by Playwright) against the page served by uvicorn."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hostile
import openpyxl
import pytest
from browser import chromium_path, served
from conftest import PLANS, ROOT, SAMPLE_DOCX, SAMPLES, load_json
from scans import scan_pdf
from word_plans import word_plan

SAMPLE_PDF = SAMPLES / "handlingsplan-2022-2024.pdf"
REVISED = ROOT / "tests" / "diff" / "handlingsplan-2022-2024-revidert.docx"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with served() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        pytest.fail("no Chromium found for the browser tests: install Debian's chromium package "
                    "(apt-get install chromium; .ci/run does) or set PLANPARSE_CHROMIUM")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(base_url=base_url, accept_downloads=True, viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield opened
    context.close()
    assert errors == []  # no script error and no resource refused (the CSP would say so here)


def read_by_picking(page: Any, path: Path) -> None:
    page.goto("/")
    with page.expect_navigation():
        page.set_input_files("#upload input[type=file]", str(path))


def test_the_sample_pdf_read_a_measure_shown_on_its_page_and_the_workbook_downloaded(
        page: Any, tmp_path: Path) -> None:
    read_by_picking(page, SAMPLE_PDF)
    assert page.inner_text("#measure-count") == "84 tiltak"
    assert page.locator("tr.measure").count() == 84
    row = page.locator("tr.measure", has_text="Systematisk integrere oppdragsvirksomhet")
    with page.expect_response(lambda response: response.url.endswith(".png")) as picture:
        row.click()
    assert picture.value.status == 200 and picture.value.header_value("content-type") == "image/png"
    panel = page.locator("#where")
    assert panel.is_visible()
    assert "Side 1 i PDF-en" in panel.inner_text()
    image = panel.locator("img.page")
    image.wait_for()
    page.wait_for_timeout(100)
    assert image.evaluate("img => img.complete && img.naturalWidth") > 500
    assert "chosen" in (row.get_attribute("class") or "")
    panel.locator("[data-close]").click()
    assert not panel.is_visible()

    with page.expect_download() as download:
        page.click("a[data-format=workbook]")
    assert download.value.suggested_filename == "handlingsplan-2022-2024.xlsx"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    measures = book[book.sheetnames[0]]
    assert sum(1 for row in measures.iter_rows(min_row=2, values_only=True) if any(row)) == 84
    with page.expect_download() as report:
        page.click("a[data-format=report]")
    assert report.value.suggested_filename == "handlingsplan-2022-2024.docx"


def drop(page: Any, path: Path) -> None:
    """A file dropped on the upload area, as a person drags it from their file manager."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    with page.expect_navigation():
        page.locator("#upload").evaluate(
            """(form, [name, data]) => {
                const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], name));
                const events = {dataTransfer: transfer, bubbles: true, cancelable: true};
                form.dispatchEvent(new DragEvent("dragover", events));
                form.dispatchEvent(new DragEvent("drop", events));
            }""", [path.name, data])


def test_a_test_plan_dropped_is_read_as_its_truth_and_a_word_measure_shows_its_row(page: Any) -> None:
    plan = PLANS / "shapes" / "trafikk-2026-2029.docx"
    truth = load_json(plan.with_suffix(".truth.json"))
    expected = sum(len(goal["measures"]) for area in truth["areas"] for goal in area["goals"])
    page.goto("/")
    drop(page, plan)
    assert page.inner_text("#measure-count") == f"{expected} tiltak"
    first = truth["areas"][0]["goals"][0]["measures"][0]
    page.locator("tr.measure").first.click()
    panel = page.locator("#where")
    panel.locator(".docx-where").wait_for()
    assert first["text"] in panel.inner_text()
    assert "i Word-dokumentet" in panel.inner_text()


def test_comparing_the_sample_with_its_revision_shows_five_changes(page: Any, tmp_path: Path) -> None:
    page.goto("/")
    page.set_input_files("#compare input[name=old]", str(SAMPLE_DOCX))
    page.set_input_files("#compare input[name=new]", str(REVISED))
    with page.expect_navigation():
        page.click("#compare button[type=submit]")
    assert page.inner_text("#change-count") == "5 endringer"
    kinds = page.locator("section.change-group").evaluate_all("sections => sections.map(s => s.dataset.kind)")
    assert sorted(kinds) == sorted(change["kind"] for change in load_json(ROOT / "tests" / "diff" /
                                                                           "expected-changes.json"))
    with page.expect_download() as download:
        page.click("a[data-format=changes]")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert "Nye" in openpyxl.load_workbook(saved).sheetnames


def test_a_hostile_file_gets_its_one_line_answer_and_the_page_keeps_serving(page: Any, tmp_path: Path) -> None:
    bomb = hostile.bomb_docx(tmp_path / "bombe.docx")
    read_by_picking(page, bomb)
    error = page.locator(".outcome .error")
    assert error.count() == 1
    text = error.inner_text()
    assert text.startswith("Kunne ikke lese: bombe.docx:") and "\n" not in text
    read_by_picking(page, SAMPLE_DOCX)
    assert page.inner_text("#measure-count") == "84 tiltak"


def test_the_page_in_english(page: Any) -> None:
    read_by_picking(page, SAMPLE_DOCX)
    with page.expect_navigation():
        page.click("a[hreflang=en]")
    assert page.inner_text("#measure-count") == "84 actions"
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.click("a[hreflang=nb]")
    assert page.inner_text("#measure-count") == "84 tiltak"


def test_files_too_large_are_refused_before_they_are_sent(browser: Any, tmp_path: Path) -> None:
    big = tmp_path / "stor.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    with served(max_upload_mb=1) as url:
        context = browser.new_context(base_url=url)
        page = context.new_page()
        sent: list[str] = []
        page.on("request", lambda request: sent.append(request.method))
        page.goto("/")
        page.set_input_files("#upload input[type=file]", str(big))
        status = page.locator("#upload .status")
        assert "høyst 1 MB" in status.inner_text()
        assert "POST" not in sent
        context.close()


def test_a_reading_corrected_on_the_page_is_in_the_workbook_downloaded(browser: Any, tmp_path: Path) -> None:
    """The issue's "done when": a document uploaded, corrected on the page (a measure moved, two merged, a
    heading promoted, a mark fixed, one split, a delete undone), and the workbook downloaded holds each correction."""
    from playwright.sync_api import expect

    from planparse.api import parse

    sample = parse(SAMPLE_PDF)
    moved = sample.areas[0].goals[0].measures[1]  # 1.1.2, to goal 1.2
    goal_12 = sample.areas[0].goals[1]
    first, second = sample.areas[0].goals[2].measures[:2]  # 1.3.1 and 1.3.2, merged
    heading = sample.areas[1].goals[1]  # goal 2.2, made an area
    marked = sample.areas[0].goals[0].measures[2]  # 1.1.3: 1.1.2 once 1.1.2 is moved; 2024 marked
    split = sample.areas[1].goals[0].measures[0]  # 2.1.1, split after its first word
    assert marked.schedule["2024"].raw == "" and moved.text != marked.text
    with served() as url:
        context = browser.new_context(base_url=url, accept_downloads=True, viewport={"width": 1400, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        read_by_picking(page, SAMPLE_PDF)
        assert page.inner_text("#measure-count") == "84 tiltak"
        count = page.locator("#fix-count")
        expect(count).to_have_text("0")
        page.click("#fix-toggle")
        assert page.get_attribute("#fix-toggle", "aria-pressed") == "true"

        # a measure moved to another goal: chosen in the list of the plan's goals
        page.locator('tr.measure[data-id="1.1.2"] td.text').click()
        panel = page.locator("#fix-panel")
        expect(panel).to_be_visible()
        assert page.input_value("#fix-text") == moved.text
        page.select_option("#fix-to", "1.2")
        panel.locator("button[data-kind=move]").click()
        expect(count).to_have_text("1")
        new_id = f"1.2.{len(goal_12.measures) + 1}"
        expect(page.locator(f'tr.measure[data-id="{new_id}"] td.text')).to_have_text(moved.text)

        # two merged: the second into the one above it
        page.locator('tr.measure[data-id="1.3.2"] td.text').click()
        page.click("#fix-panel button[data-kind=merge]")
        expect(count).to_have_text("2")
        expect(page.locator("#measure-count")).to_have_text("83 tiltak")

        # a goal's heading made an area
        page.click('h3.goal[data-id="2.2"] .fix-tools button[data-kind=promote]')
        expect(count).to_have_text("3")
        expect(page.locator('h2.area[data-id="3"]')).to_contain_text(heading.text)

        # a mark fixed: the empty 2024 cell clicked once is "x"
        cell = page.locator('tr.measure[data-id="1.1.2"] td.mark[data-period="2024"]')
        expect(cell).to_have_text("")
        cell.click()
        expect(count).to_have_text("4")
        expect(cell).to_have_text("x")
        # with the keyboard the next mark is "(x)"; undone, the cell is "x" again
        expect(cell).to_be_focused()
        page.keyboard.press("Enter")
        expect(count).to_have_text("5")
        expect(cell).to_have_text("(x)")
        page.click("#fix-undo")
        expect(count).to_have_text("4")
        expect(cell).to_have_text("x")

        # a delete, undone
        page.locator('tr.measure[data-id="4.1.1"] td.text').click()
        page.click("#fix-panel button[data-kind=delete]")
        expect(count).to_have_text("5")
        expect(page.locator("#measure-count")).to_have_text("82 tiltak")
        page.click("#fix-undo")
        expect(count).to_have_text("4")
        expect(page.locator("#measure-count")).to_have_text("83 tiltak")
        # one measure split in two where the cursor is put in its text
        page.locator('tr.measure[data-id="2.1.1"] td.text').click()
        cut = split.text.index(" ") + 1
        page.locator("#fix-text").evaluate("(field, at) => field.setSelectionRange(at, at)", cut)
        page.click("#fix-panel button[data-kind=split]")
        expect(count).to_have_text("5")
        expect(page.locator('tr.measure[data-id="2.1.2"] td.text')).to_have_text(split.text[cut:])
        # a correction that does not fit: one line on the page, nothing changed
        page.locator('tr.measure[data-id="1.1.1"] td.text').click()
        page.fill("#fix-text", "")
        page.click("#fix-panel button[data-kind=text]")
        expect(page.locator("#fix-panel-status")).to_have_text("Skriv teksten først.")
        expect(count).to_have_text("5")

        with page.expect_download() as download:
            page.click("a[data-format=workbook]")
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        context.close()
    # no script error and nothing the CSP refused; the browser logs the one correction refused (422)
    assert [error for error in errors if "status of 422" not in error] == [] and len(errors) == 1
    book = openpyxl.load_workbook(saved)
    sheet = book[book.sheetnames[0]]
    assert sheet.title == "Tiltak"
    table = list(sheet.iter_rows(values_only=True))
    rows = [dict(zip(table[0], row, strict=True)) for row in table[1:] if any(row)]
    by_id = {row["ID"]: row for row in rows}
    assert len(rows) == 84  # one merged, one split
    assert by_id[new_id]["Tiltak"] == moved.text and by_id[new_id]["Mål"] == goal_12.text
    assert not [row for row in rows if row["Tiltak"] == moved.text and row["Mål"] != goal_12.text]
    # the merged measure keeps both texts, each its own paragraph (a line of the cell)
    assert by_id["1.3.1"]["Tiltak"] == "\n".join([*(first.paragraphs or [first.text]),
                                                  *(second.paragraphs or [second.text])])
    assert second.text not in {row["Tiltak"] for row in rows}
    assert {row["Område"] for row in rows if str(row["ID"]).startswith("3.")} == {heading.text}
    assert len({row["Område"] for row in rows}) == len(sample.areas) + 1
    assert by_id["1.1.2"]["Tiltak"] == marked.text and by_id["1.1.2"]["2024"] == "x"
    assert [by_id["2.1.1"]["Tiltak"], by_id["2.1.2"]["Tiltak"]] == [split.text[:cut].strip(), split.text[cut:]]


def test_the_problem_list_speaks_the_pages_language_and_opens_the_measure_it_is_about(page: Any) -> None:
    read_by_picking(page, SAMPLE_DOCX)
    with page.expect_navigation():
        page.click("a[hreflang=en]")
    problems = page.locator(".problems li.problem")
    first = problems.first.inner_text()
    assert first.startswith("Placeholder") and "The placeholder «??» stands in the action" in first
    assert "Fill in what is missing in the workbook" in first
    listed = "\n".join(problems.all_inner_texts())
    assert "Same role?" in listed and "--" not in listed and "roles.toml" not in listed
    problems.first.locator("a.open").click()
    panel = page.locator("#where")
    panel.locator(".where-inner").wait_for()
    assert "Publisere ?? saker" in panel.inner_text()
    assert "Fill in what is missing" in panel.locator(".measure-problems").inner_text()
    with page.expect_navigation():
        page.click("a[hreflang=nn]")
    assert "Plasshaldaren «??» står i tiltaket" in page.locator(".problems li.problem").first.inner_text()


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(base_url=base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def sideways(page: Any) -> int:
    """How far the page scrolls sideways (0 when it fits the screen)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def test_on_a_phone_no_page_scrolls_sideways_and_where_read_opens_on_the_screen(phone: Any) -> None:
    phone.goto("/")
    assert sideways(phone) == 0
    read_by_picking(phone, SAMPLE_PDF)
    assert phone.locator("tr.measure").count() == 84 and sideways(phone) == 0
    wide = phone.locator(".table-scroll").evaluate_all("boxes => boxes.filter(b => b.scrollWidth > b.clientWidth)"
                                                       ".length")
    assert wide > 0  # the year columns do not fit: their tables scroll in their own box
    row = phone.locator("tr.measure").nth(70)
    row.scroll_into_view_if_needed()
    row.click()
    panel = phone.locator("#where")
    panel.locator(".where-inner").wait_for()
    box = panel.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1
    assert 0 <= box["y"] < PHONE["height"] and box["y"] + box["height"] <= PHONE["height"] + 1
    assert sideways(phone) == 0
    phone.goto(phone.url + "/measures/" + (row.get_attribute("data-id") or ""))
    assert phone.locator(".where-inner").count() == 1 and sideways(phone) == 0
    phone.goto("/")
    phone.set_input_files("#compare input[name=old]", str(SAMPLE_DOCX))
    phone.set_input_files("#compare input[name=new]", str(REVISED))
    with phone.expect_navigation():
        phone.click("#compare button[type=submit]")
    assert phone.inner_text("#change-count") == "5 endringer" and sideways(phone) == 0


def test_a_scan_shows_page_by_page_how_far_its_reading_has_come(page: Any, tmp_path: Path) -> None:
    scan = scan_pdf(PLANS / "kommunen-2026-2028.pdf", tmp_path / "skannet.pdf", dpi=150)
    page.goto("/")
    shown: list[tuple[str, bool, int]] = []  # the status as it changes: its text, whether the bar shows, its value
    page.on("console", lambda message: shown.append(tuple(json.loads(message.text.removeprefix("status "))))
            if message.text.startswith("status ") else None)
    page.evaluate("""() => {
        const status = document.querySelector("#upload .status"), bar = document.querySelector("#upload .bar");
        const said = () => console.log("status " + JSON.stringify([status.textContent, !bar.hidden, bar.value]));
        new MutationObserver(said).observe(status, {childList: true, characterData: true, subtree: true});
    }""")
    with page.expect_navigation(timeout=120_000):
        page.set_input_files("#upload input[type=file]", str(scan))
    assert page.url.split("/")[-2] == "plans" and page.locator("tr.measure").count() > 0
    texts = [text for text, _, _ in shown]
    assert texts[0] == "Leser …"
    assert "Side 1 av 2 (leses med OCR)" in texts and "Side 2 av 2 (leses med OCR)" in texts
    assert texts.index("Side 1 av 2 (leses med OCR)") < texts.index("Side 2 av 2 (leses med OCR)")
    assert {(bar, value) for text, bar, value in shown if text.startswith("Side 2")} == {(True, 2)}


def _misread_plan(path: Path) -> Path:
    """A plan planparse reads wrong, as many are written: its goals are rows of the measure table with
    only their text ("Mål 1: …"), read as measures; one measure goes on in the row under it, read as a
    measure of its own; one mark is "ja", which planparse does not know; one measure stands under the
    wrong goal."""
    rows = [("Tiltak", "2025", "2026", "Ansvarlig"),
            ("Mål 1: Alle elever skal trives på skolen", "", "", ""),
            ("Kartlegge trivsel i alle klasser hver høst", "x", "x", "Rektor"),
            ("Etablere faste klassemøter der elevene", "x", "", "Kontaktlærer"),
            ("selv setter dagsorden", "", "", ""),
            ("Kurs for foreldre om nettvett", "", "x", "Sosiallærer"),
            ("Mål 2: Mindre mobbing", "", "", ""),
            ("Innføre et program mot mobbing på alle trinn", "x", "ja", "Rektor"),
            ("Oppfølging av elever med høyt fravær", "x", "x", "Kontaktlærer")]
    return word_plan(path, "Tiltaksplan for Nordbyen skole 2025–2026", ("Læringsmiljø", rows), style="Table Grid")


def test_a_misread_plan_corrected_on_the_page_is_right_in_the_workbook_downloaded(browser: Any,
                                                                                    tmp_path: Path) -> None:
    """The issue's "done when" on a plan read wrong: its two goals read as measures are made goals, the
    measure read as two is merged, the unknown mark is made "x", the measure under the wrong goal is
    moved; the workbook downloaded from the page then holds the plan as written."""
    from playwright.sync_api import expect

    document = _misread_plan(tmp_path / "nordbyen.docx")
    with served() as url:
        context = browser.new_context(base_url=url, accept_downloads=True, viewport={"width": 1400, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        read_by_picking(page, document)
        expect(page.locator("#measure-count")).to_have_text("8 tiltak")  # goals and a half measure among them
        count = page.locator("#fix-count")
        page.click("#fix-toggle")
        # the first row, "Mål 1: …", made a goal: it takes the measures after it
        page.locator('tr.measure[data-id="1.1.1"] td.text').click()
        page.click("#fix-panel button[data-kind=promote]")
        expect(count).to_have_text("1")
        expect(page.locator('h3.goal[data-id="1.2"]')).to_contain_text("Mål 1: Alle elever skal trives på skolen")
        # the measure that went on in the row under it: merged into the one above
        page.locator('tr.measure[data-id="1.2.3"] td.text').click()
        page.click("#fix-panel button[data-kind=merge]")
        expect(count).to_have_text("2")
        # "Mål 2: …" made a goal too
        page.locator('tr.measure[data-id="1.2.4"] td.text').click()
        page.click("#fix-panel button[data-kind=promote]")
        expect(count).to_have_text("3")
        # the mark "ja" made "x"
        cell = page.locator('tr.measure[data-id="1.3.1"] td.mark[data-period="2026"]')
        expect(cell).to_have_text("ja")
        cell.click()
        expect(count).to_have_text("4")
        expect(cell).to_have_text("x")
        # the parents' course belongs under goal 2: moved there
        page.locator('tr.measure[data-id="1.2.3"] td.text').click()
        page.select_option("#fix-to", "1.3")
        page.click("#fix-panel button[data-kind=move]")
        expect(count).to_have_text("5")
        expect(page.locator("#measure-count")).to_have_text("5 tiltak")
        with page.expect_download() as download:
            page.click("a[data-format=workbook]")
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        context.close()
    assert errors == []
    sheet = openpyxl.load_workbook(saved)["Tiltak"]
    table = list(sheet.iter_rows(values_only=True))
    rows = [dict(zip(table[0], row, strict=True)) for row in table[1:] if any(row)]
    assert [(row["Mål"], row["Tiltak"].replace("\n", " ")) for row in rows] == [
        ("Mål 1: Alle elever skal trives på skolen", "Kartlegge trivsel i alle klasser hver høst"),
        ("Mål 1: Alle elever skal trives på skolen", "Etablere faste klassemøter der elevene selv setter dagsorden"),
        ("Mål 2: Mindre mobbing", "Innføre et program mot mobbing på alle trinn"),
        ("Mål 2: Mindre mobbing", "Oppfølging av elever med høyt fravær"),
        ("Mål 2: Mindre mobbing", "Kurs for foreldre om nettvett")]
    assert [row["2026"] for row in rows] == ["x", None, "x", "x", "x"]  # "ja" made "x"
    assert rows[1]["Ansvarlig"] == "Kontaktlærer"
