"""A bounded run of the mutation fuzzer, and every file a fuzz run ever found a fault with, read again."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzzing import FUZZ_OPTIONS, cases, read_case, read_case_on_page, write_wild_plan

from planparse.api import parse_isolated
from planparse.errors import PlanparseError

REGRESSIONS = sorted(p for p in (Path(__file__).parent / "fuzz-regressions").iterdir() if p.suffix != ".md")
BOUNDED_RUN = 150
BOUNDED_PAGE_RUN = 24
BOUNDED_WILD_PLANS = 30


def test_a_bounded_fuzz_run_finds_no_fault(tmp_path: Path) -> None:
    """Each damaged file read, and its plan written in every format: no fault, no writer's error, and
    no plan with fewer measures than its seed's and no warning."""
    outcomes = [read_case(case, tmp_path, outputs=True) for case in cases(BOUNDED_RUN, seed=2026)]
    faults = [f"{o.case.name}: {o.answer}" for o in outcomes if o.is_fault]
    assert faults == []
    # the run did damage: not every file still gave a plan, and not every one was refused
    answers = {o.answer for o in outcomes}
    assert "plan" in answers and answers & {"UnreadableInputError", "NoPlanError"}


def test_a_bounded_fuzz_run_through_the_page_finds_no_fault() -> None:
    """Damaged files uploaded to the page, with their plan pages, downloads and pictures: no server
    error, no internal error, no plan short of measures without a warning."""
    from starlette.testclient import TestClient

    from planparse.web.app import Settings, create_app

    with TestClient(create_app(Settings(allowed_hosts=("testserver",))), base_url="http://testserver") as client:
        outcomes = [read_case_on_page(case, client) for case in cases(BOUNDED_PAGE_RUN, seed=2027)]
        assert client.get("/health").status_code == 200
    assert [f"{o.case.name}: {o.answer}" for o in outcomes if o.is_fault] == []
    assert {o.answer for o in outcomes} == {"plan", "refused"}


def test_plans_with_wild_texts_names_and_sizes_are_written_in_every_format(tmp_path: Path) -> None:
    outcomes = [write_wild_plan(number, 2027, tmp_path) for number in range(BOUNDED_WILD_PLANS)]
    assert [f"{number}: {o.answer}" for number, o in enumerate(outcomes) if o.is_fault] == []


@pytest.mark.parametrize("path", REGRESSIONS, ids=lambda p: p.name)
def test_a_file_a_fuzz_run_found_a_fault_with_gets_a_clean_answer(path: Path) -> None:
    try:
        plan = parse_isolated(path, options=FUZZ_OPTIONS)
    except PlanparseError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert plan.title is not None


def test_there_are_regression_files() -> None:
    assert len(REGRESSIONS) >= 9


def test_a_pdf_whose_compressed_streams_are_damaged_says_so() -> None:
    """PDFium draws what it can of a damaged content stream and drops the rest without an error: the
    plan, with its measures short, says where to look."""
    found = Path(__file__).parent / "fuzz-regressions"
    damaged = found / "handlingsplan-2022-2024-damage_pdf_stream-57567628c891.pdf"
    plan = parse_isolated(damaged, options=FUZZ_OPTIONS)
    assert len(plan.measures()) < 84
    assert [(w.code, w.location.page) for w in plan.warnings if w.code == "pdf-damaged"] == [("pdf-damaged", 4)]
    emptied = found / "handlingsplan-2022-2024-damage_pdf_structure-56b916662958.pdf"
    plan = parse_isolated(emptied, options=FUZZ_OPTIONS)  # a page's /Contents points at no object
    assert len(plan.measures()) < 84
    # qpdf reads contents pointing at nothing as no contents (a blank page): it is told by the rebuilt table
    assert ("pdf-repaired", None) in {(w.code, w.location.page) for w in plan.warnings}
    sample = parse_isolated(Path(__file__).parent.parent / "samples" / "handlingsplan-2022-2024.pdf")
    assert not [w for w in sample.warnings if w.code.startswith("pdf-")]


@pytest.mark.parametrize(("name", "said"), [
    ("handlingsplan-2022-2024-damage_xref-370883b77a74.pdf", ("pdf-repaired", None)),  # an offset made wrong
    ("biblioteket-2025-2028-damage_pdf_stream-aa671597dfbd.pdf", ("pdf-damaged", 2)),  # a filter's name
    ("biblioteket-2025-2028-damage_pdf_structure-cb82f820a233.pdf", ("pdf-damaged", 2)),  # contents: the catalog
    ("mobbing-2025-2027-chromium-damage_pdf_stream-c9e945a9e8c5.pdf", ("pdf-damaged", 1)),  # a font's checksum
])
def test_damage_the_engine_repairs_without_a_word_is_said_where_it_is(name: str, said: tuple[str, int | None]) -> None:
    plan = parse_isolated(Path(__file__).parent / "fuzz-regressions" / name, options=FUZZ_OPTIONS)
    assert said in {(w.code, w.location.page) for w in plan.warnings}


def test_what_qpdf_reports_of_a_damaged_pdf_is_no_line_on_stderr(tmp_path: Path) -> None:
    """qpdf's own report ("Pages tree includes non-dictionary object; ignoring"), logged through
    pikepdf while the damage is looked for, reached stderr as a line of its own beside planparse's."""
    import subprocess
    import sys

    damaged = Path(__file__).parent / "fuzz-regressions" / "handlingsplan-2022-2024-flip_bytes-ab550e2a1ff4.pdf"
    result = subprocess.run([sys.executable, "-m", "planparse", "convert", str(damaged), "-o", str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode in (0, 3, 4) and lines and all(line.startswith("planparse: ") for line in lines), (
        result.stderr)
