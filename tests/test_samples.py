"""The sample plan and the Word test plans read right, field by field, against their truth."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import EXPECTED, PLANS, REGENERATE, SAMPLE_DOCX, load_json
from reference_form import differences, reference_form

from planparse import parse
from planparse.model import MarkKind, Plan
from planparse.writers.json_writer import plan_to_json

WORD_PLANS = sorted(PLANS.glob("*.docx"))


def test_regenerate_is_off() -> None:
    assert not REGENERATE, "PLANPARSE_REGENERATE=1 rewrites expected files; unset it before committing"


def test_sample_docx_gives_the_expected_json() -> None:
    expected_path = EXPECTED / "handlingsplan-2022-2024.json"
    actual = plan_to_json(parse(SAMPLE_DOCX))
    if REGENERATE:
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")


def test_expected_json_equals_the_reviewed_reference(reference: Any) -> None:
    plan = Plan.model_validate_json((EXPECTED / "handlingsplan-2022-2024.json").read_text(encoding="utf-8"))
    assert differences(reference_form(plan), reference) == []


def test_sample_docx_counts(reference: Any) -> None:
    plan = parse(SAMPLE_DOCX)
    assert len(plan.areas) == 4
    assert len(plan.goals()) == 23
    assert len(plan.measures()) == 84
    assert plan.years == [2022, 2023, 2024]
    assert plan.organisation == "Læringsmiljøsenteret"
    assert plan.period is not None and (plan.period.start, plan.period.end) == (2022, 2024)
    assert plan.warnings == []


def test_sample_marks_keep_raw_and_meaning() -> None:
    measures = {m.text: m for m in parse(SAMPLE_DOCX).measures()}
    tentative = measures["Lede SpedAims singel-case prosjekt innen oppfølging etter mobbing"].schedule
    assert tentative["2024"].raw == "(x)" and tentative["2024"].kind is MarkKind.TENTATIVE
    assert tentative["2022"].kind is MarkKind.PLANNED
    capital = measures["Legge til rette for idemyldring og utvikling av nye kompetanseutviklingstilbud"]
    assert [capital.schedule[str(y)].raw for y in (2022, 2023, 2024)] == ["X", "X", "X"]
    conference = measures["Arrangere Læringsmiljøkonferansen"]
    assert conference.marked_years() == [2022, 2024]
    assert conference.schedule["2023"].kind is MarkKind.NONE


def test_sample_provenance_points_at_table_and_row() -> None:
    first = parse(SAMPLE_DOCX).measures()[0]
    assert (first.location.table, first.location.row) == (1, 2)


@pytest.mark.parametrize("path", WORD_PLANS, ids=lambda p: p.stem)
def test_word_test_plan_reads_as_its_truth(path: Path) -> None:
    truth = load_json(path.with_suffix(".truth.json"))
    assert differences(reference_form(parse(path)), truth) == []


def test_there_are_word_test_plans() -> None:
    assert len(WORD_PLANS) >= 2


def test_numbered_headings_give_numbers_and_clean_titles() -> None:
    plan = parse(PLANS / "instituttet-2025-2027.docx")
    assert [(a.number, a.title) for a in plan.areas] == [("1", "Forskning"), ("2", "Utdanning"),
                                                         ("3", "Organisasjon")]
    assert [g.number for g in plan.goals()] == ["1.1", "1.2", "2.1", "2.2", "3.1"]
    assert plan.organisation == "Institutt for spesialpedagogikk"
    assert plan.years == [2025, 2026, 2027]


def test_merged_responsible_cell_gives_every_row_its_roles() -> None:
    goal = parse(PLANS / "instituttet-2025-2027.docx").goals()[0]
    assert [m.responsible for m in goal.measures[:3]] == [["Forskningsleder"]] * 3
    assert goal.measures[11].responsible == goal.measures[12].responsible == ["Forskningsrådgiver"]


def test_edited_word_file_reads_as_accepted() -> None:
    plan = parse(PLANS / "fakultetet-2024-2026.docx")
    texts = [m.text for m in plan.measures()]
    assert "Slettet tiltak" not in texts  # a tracked deleted row
    assert texts[0] == "Etablere et tverrfaglig forskernettverk for helsefremmende arbeid"
    assert "DOCPROPERTY" not in " ".join(texts)
    assert "Søke EU-finansiering gjennom Horisont Europa" in texts
    assert "Oppgradere simuleringslaboratoriet" in texts
    assert [a.number for a in plan.areas] == ["1", "2"]


def test_further_columns_are_kept_by_header_name() -> None:
    plan = parse(PLANS / "fakultetet-2024-2026.docx")
    first = plan.measures()[0]
    assert first.extra == {"Merknad": "Nytt tiltak"}
    assert plan.goals()[0].columns == ["Tiltak", "2024", "2025", "2026", "Merknad", "Ansvarlig"]


def test_text_in_a_text_box_is_reported_not_silently_dropped(tmp_path: Path) -> None:
    import copy

    import docx
    from docx.oxml import parse_xml

    document = docx.Document(str(SAMPLE_DOCX))
    box = parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
        '<w:t>Vedtatt av styret 12. desember</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    document.paragraphs[1]._p.append(copy.deepcopy(box))
    document.save(str(tmp_path / "med-tekstboks.docx"))
    plan = parse(tmp_path / "med-tekstboks.docx")
    assert [w.code for w in plan.warnings] == ["text-box-not-read"]
    assert "Vedtatt av styret" in plan.warnings[0].message
    assert len(plan.measures()) == 84
