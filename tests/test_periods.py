"""Time as plans write it: period labels over columns, timing in words, inline parts of list items,
responsibility stated once, titles, contents pages; and plans written with schema 1.0 still read."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import PLANS
from layouts import BODY, HEADING1, TITLE, layout, para, row, table
from test_recognizer import SOURCE

from planparse import parse
from planparse.layout import TextStyle
from planparse.model import Period, PeriodKind, Plan, PlanShape, StatedAt
from planparse.recognizer.contents import contents_blocks
from planparse.recognizer.headers import find_header
from planparse.recognizer.inline import split_inline
from planparse.recognizer.periods import date_periods, read_period_label, read_timing
from planparse.recognizer.recognize import recognize
from planparse.recognizer.responsibility import responsible_statement
from planparse.recognizer.title import read_organisation, read_period
from planparse.vocabulary import DEFAULT_VOCABULARY

SPAN = Period(start=2025, end=2027)
YEAR_WORDS = DEFAULT_VOCABULARY.year_words


@pytest.mark.parametrize(("label", "kind", "number", "year"), [
    ("2025", PeriodKind.YEAR, 0, 2025), ("År 2026", PeriodKind.YEAR, 0, 2026), ("202\n7", PeriodKind.YEAR, 0, 2027),
    ("H25", PeriodKind.HALF_YEAR, 2, 2025), ("V26", PeriodKind.HALF_YEAR, 1, 2026),
    ("Høst 2025", PeriodKind.HALF_YEAR, 2, 2025), ("Våren 2026", PeriodKind.HALF_YEAR, 1, 2026),
    ("1. halvår 2026", PeriodKind.HALF_YEAR, 1, 2026), ("H2", PeriodKind.HALF_YEAR, 2, None),
    ("2024/25", PeriodKind.SCHOOL_YEAR, 0, 2024), ("2024/2025", PeriodKind.SCHOOL_YEAR, 0, 2024),
    ("Q1", PeriodKind.QUARTER, 1, None), ("Q3 2025", PeriodKind.QUARTER, 3, 2025),
    ("2. kvartal", PeriodKind.QUARTER, 2, None), ("T2", PeriodKind.TERTIAL, 2, None),
    ("1. tertial 2026", PeriodKind.TERTIAL, 1, 2026), ("jan", PeriodKind.MONTH, 1, None),
    ("mars", PeriodKind.MONTH, 3, None), ("Des.", PeriodKind.MONTH, 12, None), ("May 2026", PeriodKind.MONTH, 5, 2026),
])
def test_period_labels(label: str, kind: PeriodKind, number: int, year: int | None) -> None:
    spec = read_period_label(label, YEAR_WORDS)
    assert spec is not None and (spec.kind, spec.number, spec.year) == (kind, number, year)


@pytest.mark.parametrize("text", ["Tiltak", "Ansvarlig", "Status", "2024/26", "Q5", "2025 og 2026", "x"])
def test_not_period_labels(text: str) -> None:
    assert read_period_label(text, YEAR_WORDS) is None


def test_undated_periods_take_the_plans_year_and_months_run_into_the_next() -> None:
    quarters = date_periods([read_period_label(q, YEAR_WORDS) for q in ("Q1", "Q2", "Q3", "Q4")],  # type: ignore[misc]
                            Period(start=2026, end=2026))
    assert [(p.start, p.end) for p in quarters][1] == (date(2026, 4, 1), date(2026, 6, 30))
    months = date_periods([read_period_label(m, YEAR_WORDS) for m in ("aug", "des", "jan", "jun")],  # type: ignore[misc]
                          Period(start=2025, end=2026), school_year=True)
    assert [p.start for p in months] == [date(2025, 8, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 6, 1)]
    unknown = date_periods([read_period_label("Q1", YEAR_WORDS)], Period(start=2025, end=2028))  # type: ignore[list-item]
    assert unknown[0].start is None and unknown[0].years() == []


@pytest.mark.parametrize(("text", "start", "end", "years", "ongoing"), [
    ("1. mars 2025", date(2025, 3, 1), date(2025, 3, 1), [2025], False),
    ("Høst 2025", date(2025, 7, 1), date(2025, 12, 31), [2025], False),
    ("Q2 2026", date(2026, 4, 1), date(2026, 6, 30), [2026], False),
    ("2025–2026", date(2025, 1, 1), date(2026, 12, 31), [2025, 2026], False),
    ("Innen utgangen av 2025", None, date(2025, 12, 31), [2025], False),
    ("30.06.2026", date(2026, 6, 30), date(2026, 6, 30), [2026], False),
    ("2026-03-15", date(2026, 3, 15), date(2026, 3, 15), [2026], False),
    ("Løpende", date(2025, 1, 1), date(2027, 12, 31), [2025, 2026, 2027], True),
    ("Hele perioden", date(2025, 1, 1), date(2027, 12, 31), [2025, 2026, 2027], True),
    ("Ongoing", date(2025, 1, 1), date(2027, 12, 31), [2025, 2026, 2027], True),
    ("2025 og 2027", date(2025, 1, 1), date(2027, 12, 31), [2025, 2027], False),
    ("Vår 2026 – høst 2026", date(2026, 1, 1), date(2026, 12, 31), [2026], False),
    ("2025/26", date(2025, 8, 1), date(2026, 7, 31), [2025, 2026], False),
    ("By March 2026", None, date(2026, 3, 31), [2026], False),
    ("Fortløpende fra 2026", date(2026, 1, 1), date(2027, 12, 31), [2026, 2027], True),
])
def test_timing_in_words(text: str, start: date | None, end: date | None, years: list[int], ongoing: bool) -> None:
    timing = read_timing(text, SPAN, "Frist")
    assert (timing.text, timing.start, timing.end, timing.years, timing.ongoing) == (text, start, end, years, ongoing)
    assert timing.understood and timing.label == "Frist"


@pytest.mark.parametrize("text", ["Ved behov", "Når midler er på plass", "uklart"])
def test_timing_without_a_time_is_kept_and_not_understood(text: str) -> None:
    timing = read_timing(text, SPAN)
    assert timing.text == text and not timing.understood and timing.years == []


@pytest.mark.parametrize(("text", "own", "label", "roles", "timing"), [
    ("Kartlegge skoleveier (Ansvar: Kommunalteknikk, 2026)", "Kartlegge skoleveier", None, ["Kommunalteknikk"],
     "2026"),
    ("Tiltak 1.2: Holde kurs – Ansvar: Rektor, inspektør. Frist: Høst 2025", "Holde kurs", "Tiltak 1.2",
     ["Rektor", "inspektør"], "Høst 2025"),
    ("2.3.1 Lage plan (Frist: 1. mars 2026)", "Lage plan", "2.3.1", [], "1. mars 2026"),
    ("Revidere planen. Ansvarlig: Styrer", "Revidere planen.", None, ["Styrer"], None),
    ("Skrive rapport om ansvar og roller", "Skrive rapport om ansvar og roller", None, [], None),
])
def test_inline_parts(text: str, own: str, label: str | None, roles: list[str], timing: str | None) -> None:
    inline = split_inline(text, DEFAULT_VOCABULARY)
    assert (inline.text, inline.label, inline.roles, inline.timing) == (own, label, roles, timing)


@pytest.mark.parametrize(("text", "before", "roles"), [
    ("Ansvarlig: Enhetsleder barnehage", "", ["Enhetsleder barnehage"]),
    ("Ansvar for tiltakene under: Rektor, inspektør", "", ["Rektor", "inspektør"]),
    ("Work Package 4 | Leads: Anna Berg, Ola Nilsen", "Work Package 4", ["Anna Berg", "Ola Nilsen"]),
])
def test_responsibility_stated_once(text: str, before: str, roles: list[str]) -> None:
    statement = responsible_statement(text, DEFAULT_VOCABULARY)
    assert statement is not None and (statement.before, statement.roles) == (before, roles)


@pytest.mark.parametrize("text", ["Lage aktivitetsplan innen fem dager etter melding – Ansvar: Rektor. Frist: 2025",
                                  "Ansvar: Rektor, 2025–2026", "Ansvaret er delt mellom skolene."])
def test_measures_with_inline_parts_are_no_statement(text: str) -> None:
    assert responsible_statement(text, DEFAULT_VOCABULARY) is None


@pytest.mark.parametrize(("title", "organisation", "period"), [
    ("Handlingsplan for trafikksikkerhet 2026–2029, Nordvik kommune", "Nordvik kommune", (2026, 2029)),
    ("Nordvik kommune – handlingsplan for trafikk 2026-2029", "Nordvik kommune", (2026, 2029)),
    ("Årsplan for Solstua barnehage 2025/26", "Solstua barnehage", (2025, 2026)),
    ("Action plan 2026, Harbour Valley Council", "Harbour Valley Council", None),
])
def test_titles_with_a_topic_or_the_organisation_apart(title: str, organisation: str,
                                                       period: tuple[int, int] | None) -> None:
    assert read_organisation(title, DEFAULT_VOCABULARY) == organisation
    found = read_period(title)
    assert ((found.start, found.end) if found else None) == period


def test_contents_page_lines() -> None:
    blocks = [para("Innhold", BODY), para("1 Innledning ........ 3"), para("2 Forskning 4"),
              para("Innledning", HEADING1), para("3 måneder etter oppstart skal alt være klart.")]
    assert contents_blocks(blocks, DEFAULT_VOCABULARY) == {0, 1, 2}
    # leaders straight up to the page number, under a heading in another language
    other = [para("Table des matières"), para("1. Mise en contexte.................4"), para("2. Méthodologie …… 6"),
             para("Le plan compte 12 pages.")]
    assert contents_blocks(other, DEFAULT_VOCABULARY) == {1, 2}


def test_timing_column_table_and_responsibility_once() -> None:
    blocks = [
        para("Handlingsplan for Testsenteret 2030 – 2031", TITLE),
        para("Drift", HEADING1), para("Ansvarlig: Driftsleder"),
        para("Driften skal være stabil.", TextStyle(bold=True, size=11)),
        table(row("Tiltak", "Frist", "Status"), row("Rutiner", "Høst 2030", "Startet"), row("Vakt", "Løpende", "")),
    ]
    plan = recognize(layout(*blocks), SOURCE, DEFAULT_VOCABULARY)
    area = plan.areas[0]
    assert area.responsible == ["Driftsleder"] and area.goals[0].text == "Driften skal være stabil."
    first, second = area.goals[0].measures
    assert first.responsible == ["Driftsleder"] and first.responsible_stated is StatedAt.AREA
    assert first.timing is not None and first.timing.years == [2030] and first.extra == {"Status": "Startet"}
    assert second.timing is not None and second.timing.ongoing and second.years == [2030, 2031]
    assert plan.shapes == [PlanShape.TIMING_COLUMN, PlanShape.RESPONSIBLE_ONCE]


def test_goal_column_merged_down_makes_goals() -> None:
    header = find_header(table(row("Mål", "Tiltak", "H25", "V26", "Ansvar")), DEFAULT_VOCABULARY)
    assert header is not None and (header.goal, header.measure, list(header.periods)) == (0, 1, ["H25", "V26"])
    blocks = [para("Tiltaksplan for Skulen 2025 – 2026", TITLE), para("Læring", HEADING1),
              table(row("Mål", "Tiltak", "H25", "V26", "Ansvar"), row("Lese meir", "Leseveke", "x", "", "Rektor"),
                    row("Lese meir", "Bokbad", "", "x", "Rektor"), row("Skrive", "Skriveplan", "x", "x", "Lærar"))]
    plan = recognize(layout(*blocks), SOURCE, DEFAULT_VOCABULARY)
    assert [(g.text, [m.text for m in g.measures]) for g in plan.goals()] == [
        ("Lese meir", ["Leseveke", "Bokbad"]), ("Skrive", ["Skriveplan"])]
    assert [p.label for p in plan.periods] == ["H25", "V26"] and plan.periods[0].start == date(2025, 7, 1)
    assert plan.measures()[2].years == [2025, 2026]


def test_no_plan_hint_names_the_shapes() -> None:
    from planparse.errors import NoPlanError
    with pytest.raises(NoPlanError, match="timing column") as error:
        recognize(layout(para("Referat"), para("Vi møttes.")), SOURCE, DEFAULT_VOCABULARY)
    assert "\n" not in str(error.value)


def test_plan_written_with_schema_1_reads_as_2() -> None:
    old = (PLANS.parent / "fixtures" / "plan-schema-1.0.json").read_text(encoding="utf-8")
    assert '"schema_version": "1.0"' in old
    plan = Plan.model_validate_json(old)
    assert plan.schema_version == "2.0" and plan.period_labels() == ["2022", "2023", "2024"]
    assert plan.shapes == [PlanShape.YEAR_COLUMNS]
    first = plan.measures()[0]
    assert first.schedule["2022"].raw and first.years == first.marked_years() and first.years


def test_schema_1_file_reads_through_the_api(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "gammel.json"
    path.write_text((PLANS.parent / "fixtures" / "plan-schema-1.0.json").read_text(encoding="utf-8"), encoding="utf-8")
    plan = parse(path)
    assert len(plan.measures()) == 84 and plan.periods[0].kind is PeriodKind.YEAR


def test_workbook_written_with_schema_1_reads_as_2() -> None:
    """A workbook planparse wrote before periods existed: its hidden plan says 1.0, its columns are years."""
    plan = parse(PLANS.parent / "fixtures" / "plan-schema-1.0.xlsx")
    assert plan.schema_version == "2.0" and plan.period_labels() == ["2022", "2023", "2024"]
    assert len(plan.measures()) == 84
    conference = next(m for m in plan.measures() if m.text == "Arrangere Læringsmiljøkonferansen")
    assert conference.years == [2022, 2024] and conference.schedule["2023"].raw == ""


def test_a_users_year_word() -> None:
    from planparse.recognizer.headers import read_year

    vocabulary = DEFAULT_VOCABULARY.extended(year_words=frozenset({"Budsjettår"}))
    assert read_year("Budsjettår 2026", vocabulary) == 2026 and read_year("Budsjettår 2026", DEFAULT_VOCABULARY) is None
