"""Every year's plan: other headers and languages, marks and roles; `check`, `show` and `diff`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import PLANS, SAMPLE_DOCX, load_json
from layouts import BOLD, HEADING1, TITLE, layout, para, row, table

from planparse import parse
from planparse.check import ProblemKind, check_plan
from planparse.config import load_aliases, load_vocabulary
from planparse.diff import ChangeKind, diff_plans
from planparse.errors import UsageError
from planparse.model import Area, Goal, MarkKind, Measure, Plan, Source, SourceFormat, YearMark
from planparse.options import ReadOptions
from planparse.recognizer.recognize import recognize
from planparse.show import render_plan
from planparse.vocabulary import DEFAULT_VOCABULARY

DIFF = Path(__file__).parent / "diff"
SOURCE = Source(file_name="test.docx", format=SourceFormat.DOCX, sha256="0" * 64)


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planparse", *map(str, args)], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_english_headers_two_years_and_a_status_column(suffix: str) -> None:
    plan = parse(PLANS / f"english-2025-2026.{suffix}")
    assert plan.years == [2025, 2026] and plan.organisation == "Centre for Learning"
    assert plan.introduction is not None and plan.introduction.heading == "Introduction"
    assert [m.extra["Status"] for m in plan.measures()[:2]] == ["Started", "Planned"]
    assert plan.measures()[1].responsible == ["Head of research", "Research adviser"]


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_nynorsk_headers_five_years_symbol_marks_and_a_goal_without_table(suffix: str) -> None:
    plan = parse(PLANS / f"nynorsk-2024-2028.{suffix}")
    assert plan.years == [2024, 2025, 2026, 2027, 2028]
    first, second, third = plan.goals()[0].measures
    assert [first.schedule[str(y)].raw for y in (2024, 2025, 2026)] == ["✓", "✓", "✓"]
    assert second.schedule["2025"].kind is MarkKind.PLANNED and second.schedule["2027"].kind is MarkKind.TENTATIVE
    assert third.schedule["2026"].raw == "×" and third.schedule["2026"].kind is MarkKind.PLANNED
    assert plan.goals()[2].measures[0].marked_years() == [2024, 2025, 2026, 2027, 2028]
    goal_without_table = plan.goals()[1]
    assert goal_without_table.text == "Fakultetet skal ha eit godt samarbeid med skuleeigarar."
    assert goal_without_table.measures == [] and goal_without_table.number == "1.2"
    assert plan.goals()[0].notes == ["Tiltaka i tabellen over vert følgde opp i studieutvalet kvart semester."]


def test_plans_of_our_own_cover_two_to_five_year_columns() -> None:
    counts = {len(parse(path).years) for path in sorted(PLANS.glob("*.docx")) + sorted(PLANS.glob("*.pdf"))}
    assert {2, 3, 4, 5} <= counts


def _layout_with_headers(measure_header: str, responsible_header: str):  # type: ignore[no-untyped-def]
    return layout(
        para("Handlingsplan for Laget 2030 – 2031", TITLE), para("Drift", HEADING1), para("Laget skal gå rundt.", BOLD),
        table(row(measure_header, "2030", "2031", responsible_header),
              row("Holde årsmøte", "x", "x", "Leder, Kasserer")),
    )


def test_unknown_header_words_are_kept_as_columns_until_the_vocabulary_knows_them(tmp_path: Path) -> None:
    plan = recognize(_layout_with_headers("Gjøremål", "Eier"), SOURCE, DEFAULT_VOCABULARY)
    assert plan.measures()[0].responsible == [] and plan.measures()[0].extra == {"Eier": "Leder, Kasserer"}
    words = tmp_path / "ord.toml"
    words.write_text('measure_headers = ["Gjøremål"]\nresponsible_headers = ["Eier"]\n', encoding="utf-8")
    plan = recognize(_layout_with_headers("Gjøremål", "Eier"), SOURCE, load_vocabulary(words))
    assert plan.measures()[0].responsible == ["Leder", "Kasserer"] and plan.measures()[0].extra == {}


def test_vocabulary_file_with_an_unknown_key_is_a_usage_error(tmp_path: Path) -> None:
    words = tmp_path / "ord.toml"
    words.write_text('tiltak_ord = ["Gjøremål"]\n', encoding="utf-8")
    with pytest.raises(UsageError, match="unknown key 'tiltak_ord'"):
        load_vocabulary(words)


def test_role_spellings_unified_to_the_most_used_with_the_original_kept() -> None:
    measures = {m.text: m for m in parse(SAMPLE_DOCX).measures()}
    measure = measures["Benytte data fra utviklingsprosjekt til forskning"]
    assert measure.responsible == ["Leder av utadrettet virksomhet", "Temagruppeleder", "FoU-leder"]
    assert measure.responsible_as_written == ["Leder av utadrettet virksomhet", "Temagruppeleder", "Fou-leder"]
    assert measures["Konsolidere og evaluere ny forskergruppestruktur"].responsible_as_written is None


def test_alias_file_maps_variants_to_one_role(tmp_path: Path) -> None:
    aliases = tmp_path / "roller.toml"
    aliases.write_text('[aliases]\n"Ledelsen" = ["Ledelse", "Utvidet ledergruppe"]\n', encoding="utf-8")
    plan = parse(SAMPLE_DOCX, options=ReadOptions(vocabulary=load_aliases(aliases)))
    roles = {role for m in plan.measures() for role in m.responsible}
    assert "Ledelsen" in roles and "Ledelse" not in roles and "Utvidet ledergruppe" not in roles
    result = run("show", SAMPLE_DOCX, "--aliases", aliases, "--no-colour")
    assert result.returncode == 0 and "Utvidet ledergruppe" not in result.stdout


def test_check_on_the_sample_reports_the_placeholder_and_the_roles_written_two_ways() -> None:
    problems = check_plan(parse(SAMPLE_DOCX))
    assert (problems[0].kind, problems[0].location.describe()) == (ProblemKind.PLACEHOLDER, "table 3, row 4")
    assert "'??'" in problems[0].message and "Publisere ?? saker" in problems[0].message
    aliases = [p.message for p in problems if p.kind is ProblemKind.POSSIBLE_ALIAS]
    assert len(problems) == 1 + len(aliases) and len(aliases) == 6
    assert any('"Ledelsen" = ["Ledelse"]' in m for m in aliases)
    assert any('"Prosjektledere" = ["Prosjektleder"]' in m for m in aliases)
    result = run("check", SAMPLE_DOCX, SAMPLE_DOCX.with_suffix(".pdf"))
    assert result.returncode == 1
    assert result.stdout.count("placeholder: ") == 2 and "text placed in the plan: 100.0%" in result.stdout
    report = json.loads(run("check", "--json", SAMPLE_DOCX).stdout)
    assert report[0]["problems"][0]["kind"] == "placeholder"
    assert report[0]["problems"][0]["location"] == {"table": 3, "row": 4}
    assert report[0]["coverage"]["share"] == 1.0


def test_check_finds_every_kind_of_problem() -> None:
    def measure(text: str, marks: dict[int, str], roles: list[str]) -> Measure:
        kinds = {"x": MarkKind.PLANNED, "(x)": MarkKind.TENTATIVE}
        return Measure(text=text, paragraphs=[text], responsible=roles,
                       schedule={y: YearMark(raw=r, kind=kinds.get(r, MarkKind.UNKNOWN)) for y, r in marks.items()})

    goal = Goal(text="Mål XX", measures=[
        measure("Ingen år", {2030: ""}, ["Leder"]),
        measure("Ingen ansvarlig", {2030: "x"}, []),
        measure("Utenfor perioden", {2032: "x"}, ["Leder"]),
        measure("To ganger", {2030: "x"}, ["Leder"]),
        measure("to  ganger", {2030: "(x)"}, ["Leder"]),
        measure("Rart merke", {2030: "vår"}, ["Leder"]),
    ])
    plan = Plan(title="Handlingsplan 2030 – 2031", period={"start": 2030, "end": 2031}, years=[2030, 2031, 2032],
                areas=[Area(title="Område", goals=[goal, Goal(text="Tomt mål")])])
    kinds = [p.kind for p in check_plan(plan)]
    for kind in (ProblemKind.PLACEHOLDER, ProblemKind.NO_YEAR, ProblemKind.NO_RESPONSIBLE, ProblemKind.OUTSIDE_PERIOD,
                 ProblemKind.DUPLICATE, ProblemKind.UNKNOWN_MARK, ProblemKind.EMPTY_GOAL):
        assert kind in kinds, kind


def test_check_of_a_clean_plan_exits_zero(tmp_path: Path) -> None:
    result = run("check", PLANS / "instituttet-2025-2027.docx")
    assert result.returncode == 0 and "no problems" in result.stdout


def test_show_draws_the_plan_with_a_year_grid() -> None:
    text = render_plan(parse(SAMPLE_DOCX), width=140)
    lines = text.splitlines()
    assert lines[0] == "Handlingsplan for Læringsmiljøsenteret 2022 – 2024"
    assert "4 områder, 23 mål, 84 tiltak" in lines[1]  # in the plan's language
    assert "2022" in lines[2] and "Ansvarlig" in lines[2]
    conference = next(line for line in lines if "Arrangere Læringsmiljøkonferansen" in line)
    assert "x    ·    x" in conference and "Kommunikasjon" in conference
    plain = run("show", SAMPLE_DOCX, "--width", "100", "--no-colour")
    coloured = run("show", SAMPLE_DOCX, "--width", "100", "--colour")
    assert plain.returncode == coloured.returncode == 0
    assert "\x1b[" not in plain.stdout and "\x1b[" in coloured.stdout


def test_diff_reports_exactly_the_changes_made() -> None:
    expected = sorted((c["kind"], c["text"]) for c in load_json(DIFF / "expected-changes.json"))
    for old in (SAMPLE_DOCX, SAMPLE_DOCX.with_suffix(".pdf")):
        changes = diff_plans(parse(old), parse(DIFF / "handlingsplan-2022-2024-revidert.docx"))
        found = sorted((c.kind.value, (c.new or c.old).text) for c in changes)  # type: ignore[union-attr]
        assert found == expected


def test_diff_of_the_same_plan_in_two_formats_is_empty() -> None:
    result = run("diff", SAMPLE_DOCX, SAMPLE_DOCX.with_name("handlingsplan-2022-2024-unruled.pdf"))
    assert result.returncode == 0 and "0 changes" in result.stdout


def test_diff_finds_a_measure_moved_to_another_goal() -> None:
    def plan(first: list[str], second: list[str]) -> Plan:
        def goal(text: str, measures: list[str]) -> Goal:
            return Goal(text=text, measures=[Measure(text=t, paragraphs=[t], responsible=["Leder"],
                                                     schedule={2030: YearMark(raw="x", kind=MarkKind.PLANNED)})
                                             for t in measures])
        return Plan(title="Plan", years=[2030], areas=[Area(title="Område", goals=[
            goal("Første mål", first), goal("Andre mål", second)])])

    changes = diff_plans(plan(["Skrive rapport", "Holde møte"], ["Lage budsjett"]),
                         plan(["Skrive rapport"], ["Lage budsjett", "Holde møte"]))
    assert [(c.kind, c.new.text if c.new else None) for c in changes] == [(ChangeKind.MOVED, "Holde møte")]


def test_diff_as_json_and_as_workbook(tmp_path: Path) -> None:
    revised = DIFF / "handlingsplan-2022-2024-revidert.docx"
    result = run("diff", SAMPLE_DOCX, revised, "--json", "-o", tmp_path / "endringer.xlsx")
    assert result.returncode == 1
    changes = json.loads(result.stdout)
    assert sorted(c["kind"] for c in changes) == sorted(c["kind"] for c in load_json(DIFF / "expected-changes.json"))
    workbook = openpyxl.load_workbook(tmp_path / "endringer.xlsx")
    assert workbook.sheetnames == ["Nye", "Fjernet", "Flyttet", "Omformulert", "Endret tidsplan", "Endret ansvar",
                                   "Endret oppfølging"]
    assert workbook["Nye"].max_row == 2 and workbook["Flyttet"].max_row == 1
    assert workbook["Nye"].cell(2, 4).value == "Videreutvikle nettkurset om mobbing for foreldre"


def test_aliases_apply_to_a_workbook_read_back(tmp_path: Path) -> None:
    run("convert", SAMPLE_DOCX, "--to", "xlsx", "-o", tmp_path)
    aliases = tmp_path / "roller.toml"
    aliases.write_text('"Ledelsen" = ["Ledelse"]\n', encoding="utf-8")
    plan = parse(tmp_path / "handlingsplan-2022-2024.xlsx", options=ReadOptions(vocabulary=load_aliases(aliases)))
    roles = {role for m in plan.measures() for role in m.responsible}
    assert "Ledelsen" in roles and "Ledelse" not in roles


def test_diff_of_a_reworded_goal_does_not_call_its_measures_moved() -> None:
    def plan(goal_text: str) -> Plan:
        measures = [Measure(text=t, paragraphs=[t], responsible=["Leder"],
                            schedule={2030: YearMark(raw="x", kind=MarkKind.PLANNED)})
                    for t in ("Skrive rapport", "Holde møte", "Lage budsjett")]
        return Plan(title="Plan", years=[2030], areas=[Area(title="Område", goals=[
            Goal(text="Et annet mål", measures=[]), Goal(text=goal_text, measures=measures)])])

    changes = diff_plans(plan("Senteret skal ha god økonomi."), plan("Økonomien skal være bærekraftig over tid."))
    assert changes == []
