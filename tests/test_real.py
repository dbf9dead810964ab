"""Real published plans against their hand-read truth (scripts/score_real.py scores them).

The documents are not in the repository (their licences are unknown): the shared ones are read from
`../shared/real` and the gathered ones from the folders in PLANPARSE_REAL_DOCS; a test whose
documents are not on the machine is skipped, saying which. Each document is read once a session.

What is held: every document reads at least as many measures fully right as FLOORS says (the level
reached, so a change that reads one worse fails), and on a document read below 100%, a warning stands
on a page where the reading goes wrong, so a misread plan never looks clean."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

import score_real

# Measures fully right, at least, per document (see the README's table for the truth's size).
FLOORS: dict[str, int] = {
    "en-notre-dame-high-school-workload-action-plan-2024": 5,
    "en-opendreamkit-h2020-description-of-action-2018": 43,
    "en-us-federal-data-strategy-action-plan-2020": 14,
    "en-us-federal-data-strategy-action-plan-2021": 18,
    "en-us-federal-data-strategy-action-plan-draft-2019-2020": 13,
    "kultingen-likabehandlingsplan-2011": 25,
    "muenster-klimaschutz-sachstand-2017-2018": 26,
    "muenster-klimaschutzkonzept-2020": 48,
    "natet-arbetsplan-vt2019": 54,
    "natet-gronflagg-granen-2023": 21,
    "natet-gronflagg-tallen-2023": 19,
    "de-muenster-sachstandsbericht-klima-2024": 24,
    "de-muenster-handlungsprogramm-klimaschutz-2030-2019": 37,
    "en-st-barnabas-school-safeguarding-planner-2025": 56,
    "no-soltoppen-barnehage-arsplan-2013-2014": 43,
    "no-mossingan-familiebarnehage-arsplan-2019": 12,
    "no-mossingan-familiebarnehage-virksomhetsplan": 60,
    "no-soltoppen-barnehage-arsplan-2022-2023": 85,
    "no-soltoppen-barnehage-plan-varhalvar-2007": 16,
    "no-telemark-ungdomsrad-handlingsplan-2025": 47,
    "rockrullarna-arshjul-2023": 58,
    "sv-nacka-affarsplan-valfard-skola-2019": 37,
    "sv-vansbro-handlingsplan-energi-klimat-2013": 43,
    "sv-olofstrom-handlingsplan-klimat-energi-2023": 20,
    "un80-progress-2026": 21,
}

_READ: dict[Path, Any] = {}


def _read(path: Path) -> Any:
    """A document read once a session (some take seconds), the outcome kept whether plan or error."""
    if path not in _READ:
        try:
            _READ[path] = score_real.default_reader(path)
        except Exception as error:  # kept and raised again for each test that reads it
            _READ[path] = error
    outcome = _READ[path]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


# Each document is read once, by the one worker that runs these tests.
pytestmark = pytest.mark.xdist_group("real")

TRUTHS = score_real.truth_files()
FOLDERS = score_real.doc_folders([])


def _document(truth: Path) -> Path:
    document = score_real.document_of(truth, FOLDERS)
    if document is None:
        pytest.skip(f"{truth.name}: its document is not on this machine (../shared/real or PLANPARSE_REAL_DOCS)")
    return document


def test_every_truth_file_is_well_formed() -> None:
    assert len([truth for truth in TRUTHS if truth.parent == ROOT / "tests" / "real"]) >= 18
    for truth in TRUTHS:
        data = score_real.json.loads(truth.read_text(encoding="utf-8"))
        assert data["document"] and data["measures"], truth.name
        for measure in data["measures"]:
            assert measure["text"].strip() and isinstance(measure.get("responsible", []), list), truth.name


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda path: path.name.removesuffix(".truth.json"))
def test_a_real_plan_reads_as_well_as_it_did(truth: Path) -> None:
    score = score_real.score_document(truth, _document(truth), _read)
    floor = FLOORS.get(score.name, 0)
    assert score.right >= floor, (f"{score.name}: {score.right} of {score.truth} fully right, fewer than "
                                  f"{floor}:\n" + "\n".join(score.misses[:20]))


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda path: path.name.removesuffix(".truth.json"))
def test_a_plan_read_below_full_says_so_where_it_goes_wrong(truth: Path) -> None:
    document = _document(truth)
    score = score_real.score_document(truth, document, _read)
    if score.refused or score.right == score.truth:
        return  # refused (said in one line), or all right
    plan = _read(document)
    wrong_pages = score_real.pages_read_wrong(truth, plan)
    warned = {warning.location.page for warning in plan.warnings if warning.location is not None}
    assert plan.warnings, f"{score.name}: {score.right} of {score.truth} right, and no warning"
    assert not wrong_pages or wrong_pages & warned, (  # a warning on a page the reading goes wrong on
        f"{score.name}: read wrong on pages {sorted(wrong_pages)}, warnings only on {sorted(p for p in warned if p)}")
