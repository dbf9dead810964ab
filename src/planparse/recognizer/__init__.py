"""The recognizer: turns a neutral layout into a Plan; knows plans, not file formats."""

from __future__ import annotations

from planparse.errors import NoPlanError
from planparse.layout import Layout, Table
from planparse.model import Area, MarkKind, Period, Plan, PlanWarning, Source
from planparse.recognizer.coverage import text_coverage
from planparse.recognizer.headers import TableHeader, find_header
from planparse.recognizer.marks import read_mark
from planparse.recognizer.roles import unify_roles
from planparse.recognizer.structure import areas_and_sections, build_structure
from planparse.recognizer.title import read_organisation, read_period
from planparse.recognizer.vocabulary import DEFAULT_VOCABULARY, Vocabulary

__all__ = ["recognize", "with_unified_roles"]


def holds_marks(table: Table, header: TableHeader, vocabulary: Vocabulary) -> bool:
    """Whether the year cells hold marks, not figures: a table of numbers by year is no plan.

    A header naming a measure or responsible column is taken at its word; otherwise at least
    half of the filled year cells must be marks.
    """
    if vocabulary.is_measure_header(header.names[header.measure]) or header.responsible is not None:
        return True
    filled = marks = 0
    for row in table.rows[header.row_index + 1:]:
        for column in header.years.values():
            if column < len(row.cells) and row.cells[column].text:
                filled += 1
                marks += read_mark(row.cells[column].text, vocabulary).kind is not MarkKind.UNKNOWN
    return filled > 0 and marks * 2 >= filled


def measure_table_headers(layout: Layout, vocabulary: Vocabulary) -> dict[int, TableHeader]:
    """The header of each table in the layout that is a table of measures, by block index."""
    headers: dict[int, TableHeader] = {}
    for index, block in enumerate(layout.blocks):
        if isinstance(block, Table):
            header = find_header(block, vocabulary)
            if header is not None and holds_marks(block, header, vocabulary):
                headers[index] = header
    return headers


def _with_unified_roles(areas: list[Area], vocabulary: Vocabulary) -> list[Area]:
    unified = iter(unify_roles([m for a in areas for g in a.goals for m in g.measures], vocabulary))
    for area in areas:
        for goal in area.goals:
            goal.measures = [next(unified) for _ in goal.measures]
    return areas


def with_unified_roles(plan: Plan, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> Plan:
    """The plan with its roles written one way (for plans read back from planparse's own outputs)."""
    copy = plan.model_copy(deep=True)
    copy.areas = _with_unified_roles(copy.areas, vocabulary)
    return copy


def recognize(layout: Layout, source: Source, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> Plan:
    """The plan in a layout; raises NoPlanError when the layout has no table of measures."""
    headers = measure_table_headers(layout, vocabulary)
    if not headers:
        raise NoPlanError(
            f"{source.file_name}: no plan found: no table of measures with year columns marked x "
            "(such as 'Tiltak | 2022 | 2023 | 2024 | Ansvarlig')"
        )
    structure = build_structure(layout.blocks, headers, vocabulary)
    introduction, areas, sections = areas_and_sections(structure, vocabulary)
    areas = _with_unified_roles(areas, vocabulary)
    years = sorted({year for header in headers.values() for year in header.years})
    title = structure.title or layout.title or ""
    period = read_period(title) or Period(start=years[0], end=years[-1])
    warnings = [*layout.warnings, *structure.warnings]
    if not title:
        warnings.append(PlanWarning(code="no-title", message="no title found before the first heading"))
    plan = Plan(
        title=title,
        organisation=read_organisation(title, vocabulary),
        period=period,
        years=years,
        introduction=introduction,
        areas=areas,
        sections=sections,
        source=source,
        warnings=warnings,
    )
    return plan.model_copy(update={"coverage": text_coverage(layout, plan)})
