"""Following a plan up: statuses written in the workbook, read back, reported (the status report, as
Word and PDF), shown (`show --status`) and compared (`diff` of two workbooks)."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pypdfium2
import pytest
from conftest import SAMPLE_DOCX
from lxml import etree

from planparse.api import parse, write
from planparse.followup import Standing, due_date, standing, statuses
from planparse.model import Plan
from planparse.writers import WriteOptions
from planparse.writers.pdf_writer import office_program

AS_OF = datetime.date(2024, 6, 1)
# The statuses written, measure by measure in turn; a sixth of the measures have none.
WRITTEN = ("Fullført", "Pågår", "Ikke startet", "Utsatt", "Fullført i mars", None)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planparse", *map(str, args)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def _fill(workbook: Path, target: Path, statuses_written: tuple[str | None, ...], comment_every: int = 4) -> None:
    """The workbook with its follow-up columns filled in, as the people following the plan up would."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["Tiltak"]
    header = [cell.value for cell in sheet[1]]
    status, comment, updated = (header.index(name) + 1 for name in ("Oppfølging", "Kommentar (oppfølging)",
                                                                   "Sist oppdatert"))
    for row in range(2, sheet.max_row + 1):
        value = statuses_written[(row - 2) % len(statuses_written)]
        sheet.cell(row, status).value = value
        if (row - 2) % comment_every == 0:
            sheet.cell(row, comment).value = f"Tatt opp i ledermøtet, rad {row}"
        if value:
            sheet.cell(row, updated).value = "2024-05-15"
    book.save(target)


@pytest.fixture(scope="module")
def followed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("followed")
    write(parse(SAMPLE_DOCX), folder / "plan.xlsx")
    _fill(folder / "plan.xlsx", folder / "fulgt.xlsx", WRITTEN)
    return folder / "fulgt.xlsx"


@pytest.fixture(scope="module")
def followed_plan(followed: Path) -> Plan:
    return parse(followed)


def _texts(path: Path) -> list[list[list[str]]]:
    """Each table of a Word file as rows of cell texts, content controls included (python-docx's
    table API does not look into them)."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return [[["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in tr.iter(f"{W}tc")]
             for tr in tbl.iter(f"{W}tr")] for tbl in root.iter(f"{W}tbl")]


@pytest.mark.parametrize(("written", "expected"), [
    ("Fullført", Standing.DONE), ("fullført i mars", Standing.DONE), ("Pågår, forsinket", Standing.IN_PROGRESS),
    ("Ikkje starta", Standing.NOT_STARTED), ("Not started", Standing.NOT_STARTED), ("utsatt til høsten",
                                                                                    Standing.POSTPONED),
    ("Venter på svar", Standing.OTHER), ("  ", Standing.NONE), (None, Standing.NONE), ("Done", Standing.DONE)])
def test_a_status_is_told_by_the_words_it_starts_with(written: str | None, expected: Standing) -> None:
    assert standing(written) is expected


def test_the_workbook_s_follow_up_is_read_back_measure_by_measure(followed_plan: Plan) -> None:
    measures = followed_plan.measures()
    assert len(measures) == 84
    for index, measure in enumerate(measures):
        written = WRITTEN[index % len(WRITTEN)]
        assert (measure.follow_up.status if measure.follow_up else None) == written
        assert (measure.follow_up is not None and measure.follow_up.comment is not None) == (index % 4 == 0)


def test_a_measure_is_due_at_its_last_year_and_overdue_when_not_done(followed_plan: Plan) -> None:
    rows = statuses(followed_plan, AS_OF)
    for row in rows:
        last = max(row.measure.marked_years())
        assert row.due == datetime.date(last, 12, 31) == due_date(row.measure)
        assert row.overdue == (last < 2024 and row.standing is not Standing.DONE)
    assert any(row.overdue for row in rows) and not all(row.overdue for row in rows)


def test_the_status_report_counts_each_status_and_lists_the_overdue_measures(followed: Path,
                                                                            followed_plan: Plan,
                                                                            tmp_path: Path) -> None:
    result = run("convert", followed, "--to", "docx", "--report", "status", "--as-of", AS_OF.isoformat(),
                 "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    report = tmp_path / "fulgt.docx"
    document = docx.Document(str(report))
    assert document.paragraphs[0].text.startswith("Statusrapport: Handlingsplan for Læringsmiljøsenteret")
    assert any("Status per 2024-06-01" in p.text for p in document.paragraphs)
    tables = _texts(report)
    by_status = {row[0]: row[1] for row in tables[0][1:]}
    assert by_status == {"Ikke startet": "14", "Pågår": "14", "Fullført": "28", "Utsatt": "14",
                         "Ikke oppgitt": "14", "Sum": "84"}
    by_area = tables[1]
    assert by_area[0][:7] == ["Område", "Ikke startet", "Pågår", "Fullført", "Utsatt", "Ikke oppgitt", "Sum"]
    assert sum(int(row[6]) for row in by_area[1:]) == 84
    overdue = {row[0] for row in tables[2][1:]}
    expected = {row.measure.id for row in statuses(followed_plan, AS_OF) if row.overdue}
    assert overdue == expected and len(expected) > 10
    measure_rows = [row for table in tables[3:] for row in table[1:]]
    assert len(measure_rows) == 84
    first = measure_rows[0]  # 1.1.1: "Fullført", with a comment and a date
    assert first[0] == "1.1.1" and first[3] == "Fullført" and first[4].startswith("Tatt opp i ledermøtet")
    assert first[5] == "2024-05-15"
    late = next(row for row in measure_rows if row[0] in expected)
    assert late[3].endswith("(over fristen)")


def test_a_status_report_of_a_plan_nobody_followed_up_says_so(tmp_path: Path) -> None:
    target = tmp_path / "status.docx"
    warnings = write(parse(SAMPLE_DOCX), target, options=WriteOptions(report="status", today=AS_OF))
    assert [w.code for w in warnings] == ["no-follow-up"]
    assert {row[0]: row[1] for row in _texts(target)[0][1:]}["Ikke oppgitt"] == "84"


def test_the_plan_report_carries_measure_ids_and_the_follow_up_where_the_plan_has_it(
        followed: Path, followed_plan: Plan, tmp_path: Path) -> None:
    write(followed_plan, tmp_path / "plan.docx")
    first_table = _texts(tmp_path / "plan.docx")[0]
    assert first_table[0][0] == "ID" and first_table[0][-2:] == ["Oppfølging", "Kommentar (oppfølging)"]
    assert [row[0] for row in first_table[1:]] == ["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5"]
    assert first_table[1][-2] == "Fullført" and first_table[1][-1].startswith("Tatt opp i ledermøtet")
    # without follow-up, no follow-up columns; the IDs are there all the same
    write(parse(SAMPLE_DOCX), tmp_path / "plain.docx")
    plain = _texts(tmp_path / "plain.docx")[0]
    assert plain[0][0] == "ID" and "Oppfølging" not in plain[0]
    # the IDs and the follow-up are generated: reading the report back gives the plan's measures
    again = parse(tmp_path / "plan.docx")
    assert [m.text for m in again.measures()] == [m.text for m in followed_plan.measures()]
    assert all(m.label is None for m in again.measures())


def test_the_status_report_as_pdf_for_publishing(followed: Path, tmp_path: Path) -> None:
    assert office_program() is not None, "LibreOffice is needed for the PDF report (.ci/run installs it)"
    result = run("convert", followed, "--to", "pdf", "--report", "status", "--as-of", AS_OF.isoformat(),
                 "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = pypdfium2.PdfDocument(tmp_path / "fulgt.pdf")
    text = " ".join(pdf[index].get_textpage().get_text_range() for index in range(len(pdf)))
    assert len(pdf) >= 3 and "Statusrapport" in text and "over fristen" in text and "Tiltak per status" in text
    pdf.close()
    assert [p.name for p in tmp_path.iterdir()] == ["fulgt.pdf"]  # nothing of LibreOffice's left beside it


def test_a_pdf_without_libreoffice_is_one_line_and_no_file(tmp_path: Path) -> None:
    result = run("convert", SAMPLE_DOCX, "--to", "pdf", "-o", tmp_path,
                 env={"PLANPARSE_SOFFICE": "no-such-office-program"})
    assert result.returncode == 5
    assert len(result.stderr.strip().splitlines()) == 1 and "LibreOffice" in result.stderr
    assert "Traceback" not in result.stderr and not list(tmp_path.iterdir())


def test_diff_of_two_workbooks_differing_only_in_follow_up_reports_exactly_those(followed: Path,
                                                                                 tmp_path: Path) -> None:
    later = tmp_path / "senere.xlsx"
    book = openpyxl.load_workbook(followed)
    sheet = book["Tiltak"]
    header = [cell.value for cell in sheet[1]]
    status, comment, updated = (header.index(name) + 1 for name in ("Oppfølging", "Kommentar (oppfølging)",
                                                                   "Sist oppdatert"))
    sheet.cell(3, status).value = "Fullført"  # was Pågår
    sheet.cell(4, comment).value = "Venter på budsjett"  # had none
    sheet.cell(5, updated).value = "2024-09-01"  # was 2024-05-15
    book.save(later)
    result = run("diff", followed, later, "--json", "-o", tmp_path / "endringer.xlsx")
    assert result.returncode == 1, result.stderr
    changes = json.loads(result.stdout)
    assert [c["kind"] for c in changes] == ["follow-up-changed"] * 3
    assert [c["new"]["id"] for c in changes] == ["1.1.2", "1.1.3", "1.1.4"]
    assert changes[0]["detail"] == "status: Pågår → Fullført"
    assert changes[1]["detail"] == "comment: (none) → Venter på budsjett"
    assert changes[2]["detail"] == "updated: 2024-05-15 → 2024-09-01"
    sheet = openpyxl.load_workbook(tmp_path / "endringer.xlsx")["Endret oppfølging"]
    details = [sheet.cell(row, 5).value for row in range(2, sheet.max_row + 1)]
    assert details == ["Oppfølging: Pågår → Fullført", "Kommentar (oppfølging): – → Venter på budsjett",
                       "Sist oppdatert: 2024-05-15 → 2024-09-01"]
    text = run("diff", followed, later)
    assert text.returncode == 1 and "3 changes" in text.stdout and text.stdout.count("follow-up-changed") == 3


def test_show_status_shows_each_measure_s_status_and_the_counts(followed: Path) -> None:
    result = run("show", followed, "--status", "--width", "160")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2].startswith("Ikke startet: 14 · Pågår: 14 · Fullført: 28 · Utsatt: 14 · Ikke oppgitt: 14")
    measure_lines = [line for line in lines if line.startswith("    • ")]
    assert len(measure_lines) == 84
    assert "Fullført" in measure_lines[0] and "Pågår" in measure_lines[1]
    assert "2022" not in lines[3]  # the status stands where the period grid would
