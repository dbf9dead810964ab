"""Recognizer edge cases on hand-built layouts and strings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from layouts import BOLD, HEADING1, TITLE, cell, layout, para, row, table

from planparse.errors import NoPlanError
from planparse.layout import Cell, Paragraph, Row, Table, TextStyle
from planparse.model import MarkKind, Source, SourceFormat
from planparse.recognizer.headers import find_header, read_year
from planparse.recognizer.marks import read_mark
from planparse.recognizer.periods import time_in_text
from planparse.recognizer.recognize import recognize
from planparse.recognizer.roles import split_roles
from planparse.recognizer.text import join_wrapped, split_number
from planparse.recognizer.title import read_organisation, read_period
from planparse.vocabulary import DEFAULT_VOCABULARY

SOURCE = Source(file_name="test.docx", format=SourceFormat.DOCX, sha256="0" * 64)

V = DEFAULT_VOCABULARY


@pytest.mark.parametrize(("raw", "kind"), [
    ("x", MarkKind.PLANNED), ("X", MarkKind.PLANNED), ("×", MarkKind.PLANNED), ("✓", MarkKind.PLANNED),
    ("(x)", MarkKind.TENTATIVE), ("( X )", MarkKind.TENTATIVE), ("x?", MarkKind.TENTATIVE),
    ("", MarkKind.NONE), ("  ", MarkKind.NONE), ("-", MarkKind.NONE),
    ("Q3", MarkKind.UNKNOWN), ("vår", MarkKind.UNKNOWN),
])
def test_marks(raw: str, kind: MarkKind) -> None:
    mark = read_mark(raw, V)
    assert mark.kind is kind
    assert mark.raw == " ".join(raw.split())


@given(st.sampled_from(["x", "X", "✓", "●"]), st.sampled_from(["()", "[]"]))
def test_any_bracketed_planned_mark_is_tentative(mark: str, brackets: str) -> None:
    assert read_mark(brackets[0] + mark + brackets[1], V).kind is MarkKind.TENTATIVE


def test_roles_on_lines_with_wrapped_roles_kept_whole() -> None:
    lines = ["Leder av utadrettet", "virksomhet", "Temagruppeleder", "Prodekan for", "utdanning", "Vitenskapelig",
             "ansatte"]
    assert split_roles([para(" ".join(lines), lines=lines)], V) == [
        "Leder av utadrettet virksomhet", "Temagruppeleder", "Prodekan for utdanning", "Vitenskapelig ansatte"]


def test_roles_split_on_commas_semicolons_and_paragraphs() -> None:
    assert split_roles([para("Fakultet, Senterleder; Utdanningsleder"), para(""), para("FoU-leder")], V) == [
        "Fakultet", "Senterleder", "Utdanningsleder", "FoU-leder"]


def test_roles_keep_commas_inside_brackets() -> None:
    assert split_roles([para("Leder (FoU, utdanning), Kontorsjef")], V) == ["Leder (FoU, utdanning)", "Kontorsjef"]


# A role is a name: it does not end in a word like "for" or "of", which would carry it onto the next line.
_role = st.from_regex(r"[A-ZÆØÅ][a-zæøå]{2,9}(-[a-zæøå]{2,6})?( [a-zæøå]{2,8})?", fullmatch=True).filter(
    lambda role: role.split()[-1] not in DEFAULT_VOCABULARY.continuation_words)


@given(st.lists(_role, min_size=1, max_size=6, unique=True), st.sampled_from([", ", "; ", "\n"]))
def test_roles_round_trip_through_any_separator(roles: list[str], separator: str) -> None:
    text = separator.join(roles)
    lines = text.split("\n")
    assert split_roles([para(" ".join(lines), lines=lines)], V) == roles


@pytest.mark.parametrize(("first", "second", "joined"), [
    ("søknad om EU-", "finansiert prosjekt", "søknad om EU-finansiert prosjekt"),
    ("nye utviklings-", "og forskingsprosjekt", "nye utviklings- og forskingsprosjekt"),
    ("RCT- ", "design", "RCT-design"),
    ("Bachelor i psykologi, SV-fakultetet -", "pedagogisk", "Bachelor i psykologi, SV-fakultetet - pedagogisk"),
    ("ord ", " ord", "ord ord"),
])
def test_join_wrapped(first: str, second: str, joined: str) -> None:
    assert join_wrapped(first, second, V) == joined


@pytest.mark.parametrize(("text", "number", "rest"), [
    ("1 Forskning", "1", "Forskning"),
    ("1.1 Senteret skal øke", "1.1", "Senteret skal øke"),
    ("2.3. Mål", "2.3", "Mål"),
    ("3 måneder opphold", None, "3 måneder opphold"),
    ("2024 blir et viktig år", None, "2024 blir et viktig år"),
    ("Forskning", None, "Forskning"),
])
def test_split_number(text: str, number: str | None, rest: str) -> None:
    assert split_number(text) == (number, rest)


@pytest.mark.parametrize(("title", "organisation", "period"), [
    ("Handlingsplan for Læringsmiljøsenteret 2022 – 2024", "Læringsmiljøsenteret", (2022, 2024)),
    ("Handlingsplan 2025-2027 for Institutt for helse", "Institutt for helse", (2025, 2027)),
    ("Action plan for the Centre for Learning 2025–27", "Centre for Learning", (2025, 2027)),
    ("Handlingsplan 2023 – 2025", None, (2023, 2025)),
])
def test_title(title: str, organisation: str | None, period: tuple[int, int]) -> None:
    assert read_organisation(title, V) == organisation
    found = read_period(title)
    assert found is not None and (found.start, found.end) == period


def test_year_header_wrapped_in_a_narrow_cell() -> None:
    assert read_year("202\n2", V) == 2022
    assert read_year("2022*", V) == 2022
    assert read_year("Ansvar", V) is None


def test_header_with_unknown_and_extra_columns() -> None:
    header = find_header(table(row("Aktivitet", "2025", "2026", "Status", "Hvem")), V)
    assert header is not None
    assert (header.measure, header.responsible, header.years) == (0, 4, {2025: 1, 2026: 2})
    assert header.extra == {"Status": 3}


def test_header_below_a_caption_row() -> None:
    caption = cell("Tiltak for målet")
    merged = cell("Tiltak for målet", merged=True)
    header = find_header(table(row(caption, merged, merged, merged), row("Tiltak", "2024", "2025", "Ansvar")), V)
    assert header is not None and header.row_index == 1


def test_a_header_whose_year_labels_wrapped_into_rows_of_their_own_is_read_with_them() -> None:
    # A scan's narrow year columns read as a row "20" and a row "2 5" under it.
    blocks = _plan_layout()
    blocks[5] = table(row("Tiltak", "20", "20", "Ansvarlig"), row("", "3\n0", "3\n1", ""),
                      row("Søke midler", "x", "(x)", "Leder"), row("Skrive artikler", "", "x", "Alle"))
    plan = recognize(layout(*blocks), SOURCE, V)
    measures = plan.areas[0].goals[0].measures
    assert [m.text for m in measures] == ["Søke midler", "Skrive artikler"]
    assert [m.years for m in measures] == [[2030, 2031], [2031]]
    assert not [w for w in plan.warnings if w.location.table == 1]


def test_a_row_under_the_header_with_a_measure_is_no_part_of_it() -> None:
    header = find_header(table(row("Tiltak", "2030", "2031", "Ansvarlig"), row("Søke", "x", "x", "")), V)
    assert header is not None and (header.row_index, header.first_row) == (0, None)


@pytest.mark.parametrize(("labels", "read"), [
    (("2030", "2031", "203●", "2033"), "203●"),  # inside the run
    (("2030", "2031", "2032", "2O33"), "2O33"),  # after its end
    (("2030", "2031", "2022", "2033"), "2022"),  # a year read that breaks the count
])
def test_a_misread_year_in_a_run_of_years_takes_the_run_s_year_with_a_warning(labels: tuple[str, ...],
                                                                                read: str) -> None:
    blocks = _plan_layout()
    blocks[5] = table(row("Tiltak", *labels, "Ansvarlig"), row("Søke midler", "x", "", "x", "x", "Leder"))
    plan = recognize(layout(*blocks), SOURCE, V)
    assert plan.measures()[0].years == [2030, 2032, 2033]
    guessed = [w for w in plan.warnings if w.code == "period-guessed"]
    assert len(guessed) == 1 and repr(read) in guessed[0].message


@pytest.mark.parametrize("labels", [("2030", "2032", "2034", "Ansvarlig"), ("2030", "2031", "2050", "Ansvarlig")])
def test_years_that_do_not_count_one_by_one_are_taken_as_written(labels: tuple[str, ...]) -> None:
    header = find_header(table(row("Tiltak", *labels)), V)
    assert header is not None and not header.guessed


def test_marks_under_a_heading_of_no_period_are_warned_at_their_rows() -> None:
    blocks = _plan_layout()
    blocks[5] = table(row("Tiltak", "2030", "20 3", "2031", "Ansvarlig"),
                      row("Søke midler", "x", "x", "", "Leder"), row("Skrive", "", "x", "x", "Alle"))
    plan = recognize(layout(*blocks), SOURCE, V)
    unplaced = [w for w in plan.warnings if w.code == "mark-without-period"]
    assert len(unplaced) == 2 and all("'20 3'" in w.message for w in unplaced)


def test_marks_one_above_the_other_in_a_year_cell_say_the_row_may_be_two() -> None:
    blocks = _plan_layout()
    blocks[5] = table(row("Tiltak", "2030", "2031", "Ansvarlig"), row("Søke midler\nSkrive artikler", "x\nx", "x",
                                                                       "Leder\nAlle"),
                      row("Blogge", "x", "(x)", "Leder"))
    plan = recognize(layout(*blocks), SOURCE, V)
    (stacked,) = [w for w in plan.warnings if w.code == "marks-stacked"]
    assert "column 2030" in stacked.message and "'x x'" in stacked.message
    assert [m.text for m in plan.measures()][:2] == ["Søke midler Skrive artikler", "Blogge"]


def test_a_page_opening_in_far_smaller_print_is_no_goal_of_the_table_under_it() -> None:
    """A scan's running head read on one page only («Universitetsbiblioteket», 6 points over a body of 11)
    stood between a goal at the foot of one page and its table on the next, and became the goal."""
    from dataclasses import replace as replaced

    from planparse.model import Location
    from planparse.recognizer.recognize import measure_table_headers
    from planparse.recognizer.structure import _goal_indices

    def on(block: Paragraph | Table, page: int) -> Paragraph | Table:
        return replaced(block, location=Location(page=page))

    blocks = [on(b, 1) for b in _plan_layout()[:6]]
    goal = on(para("Senteret skal formidle.", BOLD), 1)
    head = on(para("Testsenteret", TextStyle(size=6)), 2)
    second = on(table(row("Tiltak", "2030", "2031", "Ansvarlig"), row("Blogge", "x", "x", "Leder"), index=2), 2)
    plan = recognize(layout(*blocks, goal, head, second), SOURCE, V)
    assert [g.text for g in plan.goals()] == ["Senteret skal forske mer.", "Senteret skal formidle."]
    assert plan.goals()[1].notes == ["Testsenteret"]
    # a page opening in print a little smaller than the body (a month's heading at 15 points where a
    # contents page's long lines made the body 17) is still what the table's goal is looked for in
    opening = on(para("Senteret skal formidle.", TextStyle(size=9.5)), 2)
    found = layout(*blocks, goal, opening, second)
    assert _goal_indices(found.blocks, measure_table_headers(found, V), V)[8] == 7
    found = layout(*blocks, goal, head, second)
    assert _goal_indices(found.blocks, measure_table_headers(found, V), V)[8] == 6


def test_table_without_years_is_not_a_measure_table() -> None:
    assert find_header(table(row("Navn", "Telefon"), row("Kari", "123")), V) is None


def _plan_layout() -> list:
    return [
        para("Handlingsplan for Testsenteret 2030 – 2031", TITLE),
        para("Innledning", HEADING1), para("Om planen."),
        para("Forskning", HEADING1),
        para("Senteret skal forske mer.", BOLD),
        table(row("Tiltak", "2030", "2031", "Ansvarlig"), row("Søke midler", "x", "(x)", "Leder\nFoU-leder"),
              row("", "", "", ""), row("Skrive artikler", "", "x", "Alle")),
        para("Merk: dette gjelder alle grupper."),
        para("Senteret skal formidle.", BOLD),
        table(row("Tiltak", "2030", "2031", "Ansvarlig"), row("Blogge", "x", "x", "Kommunikasjon"), index=2),
    ]


def test_structure_from_hand_built_layout() -> None:
    plan = recognize(layout(*_plan_layout()), SOURCE, V)
    assert plan.introduction is not None and plan.introduction.heading == "Innledning"
    assert [a.title for a in plan.areas] == ["Forskning"]
    goals = plan.areas[0].goals
    assert [g.text for g in goals] == ["Senteret skal forske mer.", "Senteret skal formidle."]
    assert [m.text for m in goals[0].measures] == ["Søke midler", "Skrive artikler"]
    assert goals[0].notes == ["Merk: dette gjelder alle grupper."]
    assert goals[0].measures[0].responsible == ["Leder", "FoU-leder"]
    assert plan.organisation == "Testsenteret" and plan.years == [2030, 2031]


def test_repeated_header_row_is_not_a_measure() -> None:
    blocks = _plan_layout()
    blocks[5] = table(row("Tiltak", "2030", "2031", "Ansvarlig"), row("Søke midler", "x", "", "Leder"),
                      row("Tiltak", "2030", "2031", "Ansvarlig"), row("Skrive", "x", "", "Leder"))
    plan = recognize(layout(*blocks), SOURCE, V)
    assert [m.text for m in plan.areas[0].goals[0].measures] == ["Søke midler", "Skrive"]


def test_unknown_mark_is_kept_and_warned() -> None:
    blocks = _plan_layout()
    blocks[5] = table(row("Tiltak", "2030", "2031", "Ansvarlig"), row("Søke midler", "høst", "", "Leder"))
    plan = recognize(layout(*blocks), SOURCE, V)
    mark = plan.measures()[0].schedule["2030"]
    assert (mark.raw, mark.kind) == ("høst", MarkKind.UNKNOWN)
    assert [w.code for w in plan.warnings] == ["unknown-mark"]


def test_non_measure_table_is_kept_as_notes_with_a_warning() -> None:
    blocks = [*_plan_layout(), table(row("Navn", "Telefon"), row("Kari", "123"), index=3)]
    plan = recognize(layout(*blocks), SOURCE, V)
    assert plan.goals()[-1].notes == ["Navn | Telefon", "Kari | 123"]
    assert "table-not-measures" in [w.code for w in plan.warnings]


def test_a_table_of_no_measures_running_over_pages_is_said_on_each_of_them() -> None:
    """Its rows on a further page were perhaps measures not told (a scan's table whose header did not
    repeat): the warning stands there too, over those rows, not only where the table starts."""
    from planparse.model import Location

    def at(page: int, top: float, *texts: str) -> Row:
        place = Location(page=page, bbox=(50, top, 500, top + 20))
        return Row(tuple(Cell((Paragraph(text),)) for text in texts), place)

    notes = Table((at(1, 600, "Navn", "Telefon"), at(1, 620, "Kari", "123"), at(2, 80, "Ola", "456"),
                   at(2, 100, "Per", "789")), Location(page=1, table=3, bbox=(50, 600, 500, 640)))
    plan = recognize(layout(*_plan_layout(), notes), SOURCE, V)
    said = [w.location for w in plan.warnings if w.code == "table-not-measures"]
    assert [(place.page, place.bbox) for place in said] == [(1, (50, 600, 500, 640)), (2, (50, 80, 500, 120))]
    assert said[1].table == 3


def test_no_measure_table_means_no_plan() -> None:
    with pytest.raises(NoPlanError, match="no plan found"):
        recognize(layout(para("Referat fra møte"), para("Tekst.")), SOURCE, V)


def test_headings_by_formatting_alone() -> None:
    """Areas as bold 14 pt paragraphs without a heading style, goals as plain paragraphs."""
    area_style = TextStyle(bold=True, size=14)
    blocks = [
        para("Tiltaksplan for Nettverket 2026 – 2028", TITLE),
        para("Kompetanse", area_style),
        para("Alle skal få kurs."),
        table(row("Aktivitet", "2026", "2027", "2028", "Ansvar"), row("Kurs", "x", "x", "", "Leder")),
        para("Nye metoder skal prøves ut."),
        table(row("Aktivitet", "2026", "2027", "2028", "Ansvar"), row("Pilot", "", "x", "x", "Leder"), index=2),
        para("Drift", area_style),
        para("Driften skal være stabil."),
        table(row("Aktivitet", "2026", "2027", "2028", "Ansvar"), row("Rutiner", "x", "", "", "Leder"), index=3),
    ]
    plan = recognize(layout(*blocks), SOURCE, V)
    assert [(a.title, [g.text for g in a.goals]) for a in plan.areas] == [
        ("Kompetanse", ["Alle skal få kurs.", "Nye metoder skal prøves ut."]),
        ("Drift", ["Driften skal være stabil."]),
    ]
    assert plan.organisation == "Nettverket" and plan.years == [2026, 2027, 2028]


def test_two_row_header_with_a_label_over_the_years_is_no_note() -> None:
    tiltak, ansvar, tidsplan = cell("Tiltak", column=0), cell("Ansvarlig", column=4), cell("Tidsplan", column=1)
    spanned = Cell(tidsplan.paragraphs, tidsplan.location, merged=True)
    first = Row((tiltak, tidsplan, spanned, spanned, ansvar))
    second = Row((Cell(tiltak.paragraphs, tiltak.location, merged=True), cell("2022"), cell("2023"), cell("2024"),
                  Cell(ansvar.paragraphs, ansvar.location, merged=True)))
    blocks = _plan_layout()
    blocks[5] = table(first, second, row("Søke midler", "x", "", "", "Leder"))
    plan = recognize(layout(*blocks), SOURCE, V)
    goal = plan.goals()[0]
    assert [m.text for m in goal.measures] == ["Søke midler"] and goal.measures[0].responsible == ["Leder"]
    assert goal.notes == ["Merk: dette gjelder alle grupper."]
    assert plan.warnings == []


def test_no_title_in_the_body_takes_the_file_properties_title() -> None:
    blocks = _plan_layout()[1:]  # the body starts at "Innledning"
    plan = recognize(layout(*blocks), SOURCE, V)
    assert plan.title == "" and "no-title" in [w.code for w in plan.warnings]
    assert plan.introduction is not None and plan.introduction.heading == "Innledning"
    with_title = layout(*blocks)
    with_title.title = "Handlingsplan for Testsenteret 2030 – 2031"
    plan = recognize(with_title, SOURCE, V)
    assert plan.title == "Handlingsplan for Testsenteret 2030 – 2031" and plan.organisation == "Testsenteret"
    assert "no-title" not in [w.code for w in plan.warnings]


def test_year_header_named_with_a_word() -> None:
    assert read_year("År 2025", V) == 2025 and read_year("Year 2026", V) == 2026 and read_year("Årsak", V) is None


def test_unknown_measure_header_after_a_number_column() -> None:
    header = find_header(table(row("Nr.", "Gjøremål", "2025", "2026", "Ansvar"),
                               row("1", "Holde kurs for alle nye ansatte", "x", "", "Leder"),
                               row("2", "Skrive årsrapport", "", "x", "Leder")), V)
    assert header is not None and header.measure == 1 and header.label == 0 and header.extra == {}


def _coded_layout() -> list:
    """A work plan as grant systems print it: work packages, each with coded tasks and their partners."""
    blocks = [para("Description of the action", TITLE), para("Work package descriptions"),
              para("The work is organised in two work packages.")]
    for package, title in ((1, "Management"), (2, "Outreach")):
        blocks.append(para(f"WP{package} - {title} [Months: 1-24]"))
        blocks.append(para("Partners: Alpha, Beta"))
        for task in (1, 2, 3):
            blocks.append(para(f"T{package}.{task} Task {package}.{task} of {title.lower()} M{task}-M{task + 12}"))
            blocks.append(para(f"Sites: {'Beta' if task == 2 else 'Alpha'} (lead), Gamma"))
            blocks.append(para(f"What task {package}.{task} does, in a sentence."))
    return blocks


def test_coded_tasks_with_their_partners_are_measures_under_their_work_packages() -> None:
    plan = recognize(layout(*_coded_layout()), SOURCE, DEFAULT_VOCABULARY.with_language("en"))
    assert [a.title for a in plan.areas] == ["WP1 - Management", "WP2 - Outreach"]
    measures = plan.measures()
    assert [m.text for m in measures][:2] == ["T1.1 Task 1.1 of management", "T1.2 Task 1.2 of management"]
    assert [m.label for m in measures] == ["T1.1", "T1.2", "T1.3", "T2.1", "T2.2", "T2.3"]
    assert [m.responsible for m in measures][:2] == [["Alpha"], ["Beta"]]
    assert measures[0].timing is not None and measures[0].timing.text == "M1-M13"
    assert measures[0].extra["description"] == "What task 1.1 does, in a sentence."


def test_coded_lines_without_labelled_lines_are_no_plan() -> None:
    blocks = [b for b in _coded_layout() if not b.text.startswith("Sites")]  # no labelled line under them
    with pytest.raises(NoPlanError):
        recognize(layout(*blocks), SOURCE, V)


@pytest.mark.parametrize(("text", "named"), [
    ("Foreldremøte: Onsdag 18. april.", "Onsdag 18. april"),
    ("Liste for samtaletider i februar.", "i februar"),
    ("Parents' evening on 3 March 2026", "3 March 2026"),
    ("Barnehagen stengt i juli.", "i juli"),
    ("Sommerfest med foreldre", None),
    ("Rydde i mai-stangen", None),
    ("Minst 1 solcellsanläggning bör installeras 2011-2014", "2011-2014"),
    ("Telefon 2011-2014-22", None),
])
def test_time_named_inside_a_measure(text: str, named: str | None) -> None:
    assert time_in_text(text) == named


def test_a_list_measure_naming_a_day_happens_then() -> None:
    blocks = [para("Årsplan for Testbarnehagen 2027", TITLE), para("Foreldre", HEADING1),
              para("• Foreldremøte: Onsdag 18. april."), para("• Sommerfest med foreldre."),
              para("• Dugnad i september.")]
    measures = recognize(layout(*blocks), SOURCE, V).measures()
    assert [m.timing.text if m.timing else None for m in measures] == ["Onsdag 18. april", None, "i september"]
    assert measures[0].timing is not None and measures[0].timing.start is not None
    assert measures[0].text == "Foreldremøte: Onsdag 18. april."


def test_measures_under_a_label_naming_a_goal_serve_that_goal() -> None:
    blocks = [para("Handlingsplan för energi 2027", TITLE), para("Specifika mål", BOLD),
              para("Mål 11"), para("Energin till lokaler som kommunen äger ska kontinuerligt minska."),
              para("Mål 12"), para("Elförbrukningen i den kommunala organisationen ska minska."),
              para("Åtgärder, mål 11"), para("• Utbilda driftpersonal."), para("• Besiktiga utvalda fastigheter."),
              para("Åtgärder, mål 12"), para("• Byt ut gamla lampor mot LED."),
              para("Övriga åtgärder, ingående i fler mål"), para("• Inför ett energiledningssystem.")]
    plan = recognize(layout(*blocks), SOURCE, DEFAULT_VOCABULARY.with_language("sv"))
    goals = {goal.number: [m.text for m in goal.measures] for goal in plan.goals() if goal.number}
    assert goals == {"11": ["Utbilda driftpersonal.", "Besiktiga utvalda fastigheter."],
                     "12": ["Byt ut gamla lampor mot LED."]}
    # measures serving several goals, under a label of their own, are a part of their own
    assert [(a.title, [m.text for g in a.goals for m in g.measures]) for a in plan.areas][-1] == (
        "Övriga åtgärder, ingående i fler mål", ["Inför ett energiledningssystem."])


def test_numbered_measures_each_with_a_table_of_who_and_when() -> None:
    """Measures as numbered lines in the body's type ("1.1 …"), each with its description and a small
    table naming units, who is responsible and when, under numbered areas whose goal is the sentence
    under them; "Genom X" (done through another unit) names no role; a numbered list is no heading."""
    def who_when(*rows: tuple[str, str, str]) -> Table:
        return table(row("Förvaltning/Bolag", "Ansvarig", "Tidsplan"), *(row(*r) for r in rows))

    blocks = [para("Handlingsplan för klimat och energi 2027", TITLE),
              para("Planen har fyra delar:"), para("1. Minskad energianvändning"), para("2. Förnybar energi"),
              para("1. Minskad energianvändning"), para("Energianvändningen ska minska med hälften till år 2030."),
              para("1.1 Tilläggsisolera, byta fönster osv."), para("Vid större åtgärder isoleras fastigheterna."),
              who_when(("Kommunledningsförv", "Teknisk chef", "31 maj 2026"),
                       ("Kultur- och fritidsförv.", "Genom KLF", "31 maj 2026")),
              para("1.2 Informera och inspirera"),
              who_when(("Kommunledningsförv", "Miljösamordnare", "30 juni 2023")),
              para("2. Förnybar energi"), para("All el ska vara förnybar år 2040."),
              para("2.1 Ta fram en lista över lämpliga tak för solceller."),
              who_when(("Kommunledningsförv", "Teknisk chef", "31 dec 2025"))]
    plan = recognize(layout(*blocks), SOURCE, DEFAULT_VOCABULARY.with_language("sv"))
    assert [a.title for a in plan.areas] == ["Minskad energianvändning", "Förnybar energi"]
    assert [g.text for g in plan.goals()] == ["Energianvändningen ska minska med hälften till år 2030.",
                                              "All el ska vara förnybar år 2040."]
    measures = plan.measures()
    assert [m.text for m in measures] == ["Tilläggsisolera, byta fönster osv.", "Informera och inspirera",
                                          "Ta fram en lista över lämpliga tak för solceller."]
    assert [m.responsible for m in measures] == [["Teknisk chef"], ["Miljösamordnare"], ["Teknisk chef"]]
    assert measures[0].timing is not None and measures[0].timing.text == "31 maj 2026"
    assert "Genom KLF" in measures[0].extra["Förvaltning/Bolag | Ansvarig | Tidsplan"]  # kept whole: nothing lost


def test_a_calendar_cell_gives_its_plain_entries_before_its_dashed_ones() -> None:
    """A month's cell holding plain lines and then dashed items: every one an entry, none lost."""
    december = cell("Juleaktiviteter.", "Nissefest: 19.12.22", "- Kirkebesøk og julevandring")
    blocks = [para("Årsplan for Testbarnehagen 2022–2023", TITLE), para("Årshjul", HEADING1),
              table(row("", "BARN", "FORESATTE"),
                    row("NOVEMBER", cell("- Juleforberedelser."), cell("Foreldremøte 8. november")),
                    row("DESEMBER", december, cell("Nissefest med foreldre")))]
    plan = recognize(layout(*blocks), SOURCE, V)
    barn = [(m.text, m.timing.text if m.timing else None) for a in plan.areas if a.title == "BARN"
            for g in a.goals for m in g.measures]
    assert barn == [("Juleforberedelser.", "NOVEMBER"), ("Juleaktiviteter.", "DESEMBER"),
                    ("Nissefest: 19.12.22", "DESEMBER"), ("Kirkebesøk og julevandring", "DESEMBER")]
    assert [a.title for a in plan.areas] == ["BARN", "FORESATTE"]  # a column is one area, month after month


def _card(area: str, title: str, code: str, who: str, when: str, index: int) -> Table:
    return table(row("", area, title, code), row(cell("Beskrivelse", f"Om {title.lower()}.", column=0)),
                 row(cell("Ansvar", who, column=0), cell("Samarbeid", "Foreldre", column=1),
                     cell("Frist", when, column=2)), index=index)


def test_cards_with_fields_stacked_in_their_cells_are_measures_under_their_labelled_areas() -> None:
    """A card's band holds its area ("Område …"), title and code; under it cells hold a label over
    its value; a card cut by a page break goes on in the next table without a band of its own."""
    cut = table(row(cell("Beskrivelse", "Lange tekster om leksehjelp", column=0)), index=3)
    rest = table(row("går videre på neste side, med små bokstaver og uten overskrift av noe slag her."),
                 row(cell("Ansvar", "Inspektør", column=0), cell("Frist", "2026", column=1)), index=4)
    blocks = [para("Tiltaksplan for Testskolen 2025–2026", TITLE),
              _card("Område Skole", "Leksefri skole", "S1", "Rektor, Inspektør", "Høsten 2025", 1),
              _card("Område Skole", "Nye lesekurs", "S2", "Lærerne", "2025–2026", 2),
              table(row("", "Område Barnehage", "Leksehjelp", "B1"), *cut.rows, index=5), rest,
              _card("Område Barnehage", "Mer uteleik", "B2", "Styrer", "Våren 2026", 6)]
    plan = recognize(layout(*blocks), SOURCE, V)
    assert [a.title for a in plan.areas] == ["Skole", "Barnehage"]
    measures = plan.measures()
    assert [m.text for m in measures] == ["Leksefri skole", "Nye lesekurs", "Leksehjelp", "Mer uteleik"]
    assert [m.responsible for m in measures] == [["Rektor", "Inspektør"], ["Lærerne"], ["Inspektør"], ["Styrer"]]
    assert [m.timing.text if m.timing else None for m in measures] == ["Høsten 2025", "2025–2026", "2026", "Våren 2026"]
    assert measures[0].extra["ID"] == "S1" and measures[0].extra["Samarbeid"] == "Foreldre"


def test_measure_sheets_with_inline_fields_are_measures_under_their_numbered_sections() -> None:
    """A sheet opens with its code and title ("S 1 Leksefri skole"); its fields stand inline ("Frist:
    Høsten 2025"), a second field may follow on the same line, a value may stand on the next line, a
    lesser responsible label ("Andre ansvarlige") gives way to the plain one, and marks of a rating
    column read as letters beside a value are left out with a warning, never silently."""
    section = TextStyle(bold=True, size=14)
    blocks = [para("Tiltaksplan for Testkommunen 2025–2028", TITLE),
              para("Planen er vedtatt i kommunestyret, og tiltakene står på hvert sitt ark nedenfor."),
              para("2.1 Skole", section),
              para("S 1 Leksefri skole"), para("Beskrivelse"), para("Om lekser og hvordan de kan bli færre."),
              para("Frist: Høsten 2025 Kostnad (kr): 10 000"), para("Ansvarlig: Rektor og inspektør"),
              para("S 2 Nye lesekurs"), para("Andre ansvarlige: Foreldrerådet"), para("Ansvarlig:"),
              para("Lærerne"), para("Frist: 2025–2026 z2o Ss"),
              para("2.2 Barnehage", section),
              para("B 1 Mer uteleik"), para("Ansvarlig: Styrer"), para("Frist: Våren 2026")]
    plan = recognize(layout(*blocks), SOURCE, V)
    assert [a.title for a in plan.areas] == ["Skole", "Barnehage"]
    measures = plan.measures()
    assert [m.text for m in measures] == ["Leksefri skole", "Nye lesekurs", "Mer uteleik"]
    assert [m.label or m.extra.get("ID") for m in measures] == ["S 1", "S 2", "B 1"]
    assert [m.responsible for m in measures] == [["Rektor", "inspektør"], ["Lærerne"], ["Styrer"]]
    assert [m.timing.text if m.timing else None for m in measures] == ["Høsten 2025", "2025–2026", "Våren 2026"]
    assert measures[0].extra["Kostnad (kr)"] == "10 000"  # the second field of the line, kept
    assert measures[1].extra["Andre ansvarlige"] == "Foreldrerådet"  # kept, not the responsible
    noise = [w for w in plan.warnings if w.code == "card-field-noise"]
    assert len(noise) == 1 and "z2o Ss" in noise[0].message and "Nye lesekurs" in noise[0].message


def test_a_heading_of_only_a_label_and_its_number_is_joined_to_the_title_under_it() -> None:
    from planparse.recognizer.structure import with_label_headings_joined

    big, title = TextStyle(bold=True, size=20), TextStyle(bold=True, size=13)
    blocks = [para("ACTION 1", big), para("Identify Data Needs", title), para("Some words of body text. " * 9),
              para("Tiltak 2", big), para("Dette er en lang setning i brødteksten. " * 6),
              para("Mål 3", big), para("Bedre læring", title)]
    joined = with_label_headings_joined(blocks)
    assert [b.text for b in joined if isinstance(b, Paragraph)][:2] == ["ACTION 1 Identify Data Needs",
                                                                         "Some words of body text. " * 9]
    assert "Tiltak 2" in [b.text for b in joined]  # prose under it is not its title
    assert joined[-1].text == "Mål 3 Bedre læring" and joined[-1].style == big


@pytest.mark.parametrize(("text", "figures"), [("2009- 0 kWh, 2014 – 15000 kWh, 2020- 40000 kWh", True),
                                               ("2025–2026", False), ("Høst 2025", False),
                                               ("1.2.3 Mål for skolen", False), ("Q3 2026", False)])
def test_a_heading_of_figures_is_doubted_and_a_time_is_not(text: str, figures: bool) -> None:
    """A line of targets ("2009- 0 kWh, 2014 – 15000 kWh") taken for a heading made a real plan's next
    part an area of figures, with no word said; a heading naming a time is no such line."""
    from planparse.recognizer.doubts import _mostly_figures

    assert _mostly_figures(text) is figures


@pytest.mark.parametrize(("value", "kept", "noise"), [
    ("Q3 2026", "Q3 2026", ""), ("uke 3", "uke 3", ""), ("fra 15.mars 2025", "fra 15.mars 2025", ""),
    ("Stadt, Kreditinstitute, fairpla.net eG", "Stadt, Kreditinstitute, fairpla.net eG", ""),
    ("Stadt z2ouo", "Stadt", "z2ouo"), ("2011 und wiederkehrend s2 05", "2011 und wiederkehrend", "s2 05"),
    ("● 2010 - 2020", "2010 - 2020", "●"), ("ab 2013 5", "ab 2013", "5"), ("Stadt 3593352", "Stadt", "3593352")])
def test_a_rating_columns_specks_beside_a_field_are_told_from_a_time_or_a_name(value: str, kept: str,
                                                                             noise: str) -> None:
    from planparse.recognizer.cards import _without_noise

    assert _without_noise(value) == (kept, noise)


def test_a_table_under_area_columns_with_other_columns_is_not_of_their_stack() -> None:
    """Tables of area columns stacked one under the other are read as one, column by column; a table
    right under them whose columns do not match theirs (a scan's words read from a picture under the
    table, in columns of their own) is not of the stack, and does not spoil its reading."""
    from planparse.model import Location
    from planparse.recognizer.columns import build_column_structure

    def placed(top: float, *columns: tuple[float, float, list[str]]) -> Row:
        return Row(tuple(Cell(tuple(Paragraph(text, location=Location(page=1, bbox=(x0, top, x1, top + 10)))
                                    for text in texts), Location(page=1, bbox=(x0, top, x1, top + 40)))
                         for x0, x1, texts in columns))

    areas = Table((placed(100, (50, 250, ["Tema: Livsstil"]), (250, 450, ["Tema: Natur"])),
                   placed(140, (50, 250, ["Mål 1: Trygghet"]), (250, 450, ["Mål 2: Skogen"]))))
    items = Table((placed(200, (50, 250, ["• Vi vill finnas till", "• Vi vill arbeta i grupper"]),
                        (250, 450, ["• Vi vill lära om djur"])),))
    picture = Table((placed(260, (120, 170, ["Ön"]), (200, 240, ["od"]), (300, 340, ["LAN"])),))
    for blocks in ([areas, items], [areas, items, picture]):
        structure = build_column_structure(blocks, DEFAULT_VOCABULARY)
        assert structure is not None
        read = {chunk.heading.text: [m.text for goal in chunk.goals for m in goal.measures]
                for chunk in structure.chunks if chunk.heading is not None}
        assert read == {"Livsstil": ["Vi vill finnas till", "Vi vill arbeta i grupper"],
                        "Natur": ["Vi vill lära om djur"]}


def test_a_line_of_no_word_is_no_heading() -> None:
    """A logo's strokes OCR read as letters («t AX», «w») stood large over the plan's month headings
    and became areas; a heading has a word of three letters or digits at least."""
    from planparse.recognizer.text import names_something

    assert not any(names_something(text) for text in ("t AX", "w", "Fr", "● —", ""))
    assert all(names_something(text) for text in ("Mål", "2025", "2.1 Januari", "Tid og sted"))
