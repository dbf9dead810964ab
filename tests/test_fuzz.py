"""A bounded run of the mutation fuzzer, and every file a fuzz run ever found a fault with, read again."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzzing import FUZZ_OPTIONS, cases, read_case

from planparse.api import parse_isolated
from planparse.errors import PlanparseError

REGRESSIONS = sorted(p for p in (Path(__file__).parent / "fuzz-regressions").iterdir() if p.suffix != ".md")
BOUNDED_RUN = 150


def test_a_bounded_fuzz_run_finds_no_fault(tmp_path: Path) -> None:
    outcomes = [read_case(case, tmp_path) for case in cases(BOUNDED_RUN, seed=2026)]
    faults = [f"{o.case.name}: {o.answer}" for o in outcomes if o.is_fault]
    assert faults == []
    # the run did damage: not every file still gave a plan, and not every one was refused
    answers = {o.answer for o in outcomes}
    assert "plan" in answers and answers & {"UnreadableInputError", "NoPlanError"}


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
