"""Recognizing a plan in a layout: measure tables and lists found, structure built, periods dated, timing read."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from planparse.errors import NoPlanError
from planparse.layout import Layout, Table
from planparse.model import (
    Area,
    MarkKind,
    Period,
    PeriodKind,
    Plan,
    PlanPeriod,
    PlanShape,
    PlanWarning,
    Source,
    StatedAt,
)
from planparse.recognizer.cards import build_card_structure, build_inline_card_structure, build_stacked_card_structure
from planparse.recognizer.columns import build_column_structure
from planparse.recognizer.confidence import doubts_at_measures, with_confidence
from planparse.recognizer.contents import contents_blocks
from planparse.recognizer.coverage import text_coverage
from planparse.recognizer.doubts import doubts
from planparse.recognizer.headed import build_coded_structure, build_headed_structure
from planparse.recognizer.headers import TableHeader, find_header
from planparse.recognizer.item_tables import item_tables
from planparse.recognizer.lists import build_list_structure, list_item_texts
from planparse.recognizer.marks import read_mark
from planparse.recognizer.outline import areas_from_contents
from planparse.recognizer.periods import PeriodSpec, date_periods
from planparse.recognizer.responsibility import inherit_responsibility
from planparse.recognizer.roles import unify_roles
from planparse.recognizer.structure import areas_and_sections, build_structure, with_label_headings_joined
from planparse.recognizer.summary import summary_tables
from planparse.recognizer.timing import read_timings, timed_by_headings, timed_in_text
from planparse.recognizer.title import is_school_year_title, read_organisation, read_period, read_single_year
from planparse.vocabulary import Vocabulary, reading_language

__all__ = ["recognize", "with_unified_roles"]


# How much of a document's text is enough to tell its language: its first paragraphs and cells.
LANGUAGE_SAMPLE = 400


def layout_texts(layout: Layout) -> list[str]:
    """The texts of the layout's first blocks, paragraphs and table cells alike."""
    texts: list[str] = []
    for block in layout.blocks:
        if isinstance(block, Table):
            texts.extend(cell.text for row in block.rows for cell in row.cells if cell.text and not cell.merged)
        else:
            texts.append(block.text)
        if len(texts) >= LANGUAGE_SAMPLE:
            break
    return texts


def holds_marks(table: Table, header: TableHeader, vocabulary: Vocabulary) -> bool:
    """Whether the year cells hold marks, not figures: a table of numbers by year is no plan.

    A header naming a measure or responsible column is taken at its word; otherwise at least
    half of the filled year cells must be marks.
    """
    if vocabulary.is_measure_header(header.names[header.measure]) or header.responsible is not None:
        return True
    filled = marks = 0
    for row in table.rows[header.row_index + 1:]:
        for column in header.periods.values():
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


def with_unified_roles(plan: Plan, vocabulary: Vocabulary) -> Plan:
    """The plan with its roles written one way (for plans read back from planparse's own outputs)."""
    copy = plan.model_copy(deep=True)
    copy.areas = _with_unified_roles(copy.areas, vocabulary)
    return copy


def _plan_periods(headers: Sequence[TableHeader], span: Period | None, title: str) -> list[PlanPeriod]:
    """The periods of the plan's tables in the order first met, each label once, with their dates."""
    specs: dict[str, PeriodSpec] = {}
    for header in headers:
        for spec in header.specs:
            specs.setdefault(spec.label, spec)
    ordered = list(specs.values())
    if all(spec.kind is PeriodKind.YEAR for spec in ordered):
        ordered.sort(key=lambda spec: spec.year or 0)
    return date_periods(ordered, span, school_year=is_school_year_title(title))


def _span(title: str, periods: Sequence[PeriodSpec]) -> Period | None:
    """The plan's period from its title, or else the years its period columns name."""
    years = [spec.year for spec in periods if spec.year is not None]
    found = read_period(title)
    if found is not None:
        return found
    if years:
        return Period(start=min(years), end=max(years))
    single = read_single_year(title)
    return Period(start=single, end=single) if single else None


def _shapes(headers: Sequence[TableHeader], plan: Plan, listed: bool) -> list[PlanShape]:
    shapes: list[PlanShape] = []
    kinds = {spec.kind for header in headers for spec in header.specs}
    if kinds == {PeriodKind.YEAR}:
        shapes.append(PlanShape.YEAR_COLUMNS)
    elif kinds:
        shapes.append(PlanShape.PERIOD_COLUMNS)
    if any(h.timing is not None for h in headers) or any(m.timing is not None for m in plan.measures()):
        shapes.append(PlanShape.TIMING_COLUMN)
    if any(h.goal is not None for h in headers):
        shapes.append(PlanShape.GOAL_COLUMN)
    if any(h.area is not None for h in headers):
        shapes.append(PlanShape.AREA_COLUMN)
    if any(m.responsible_stated is not StatedAt.MEASURE for m in plan.measures()):
        shapes.append(PlanShape.RESPONSIBLE_ONCE)
    if listed:
        shapes.append(PlanShape.LISTS)
    return shapes


def _no_plan(source: Source) -> NoPlanError:
    return NoPlanError(
        f"{source.file_name}: no plan found: no measures in any shape planparse knows (a table with "
        "period columns marked x such as 'Tiltak | 2025 | 2026 | Ansvarlig', a table with a timing column "
        "such as 'Tiltak | Ansvar | Frist', or measures listed under goal headings)"
    )


def recognize(layout: Layout, source: Source, vocabulary: Vocabulary) -> Plan:
    """The plan in a layout; raises NoPlanError when the layout holds no measures in any known shape.
    The words it is read by are `vocabulary`'s and those of the language the document is written in."""
    vocabulary = vocabulary.with_language(vocabulary.language or reading_language(layout_texts(layout)))
    layout = dataclasses.replace(layout, blocks=with_label_headings_joined(layout.blocks))
    # a document of measure cards with stacked fields: its overview tables list the same measures again
    carded = (build_stacked_card_structure(layout.blocks, vocabulary)
              or build_inline_card_structure(layout.blocks, vocabulary))
    headers = measure_table_headers(layout, vocabulary) if carded is None else {}
    summaries = summary_tables(layout.blocks, headers, vocabulary)
    headers = {index: header for index, header in headers.items() if index not in summaries}
    items = {index: table for index, table in item_tables(layout.blocks, vocabulary).items() if index not in summaries}
    headers = {index: header for index, header in headers.items() if index not in items}
    listed = carded
    if not headers and not items and listed is None:
        listed = (build_column_structure(layout.blocks, vocabulary) or build_card_structure(layout.blocks, vocabulary)
                  or build_headed_structure(layout.blocks, vocabulary)
                  or build_list_structure(layout.blocks, vocabulary, summaries)
                  or build_coded_structure(layout.blocks, vocabulary))
    if not headers and not items and listed is None:
        raise _no_plan(source)
    # a document of item tables (and no measure table) may hold its other measures as lists
    beside = list_item_texts(layout.blocks, vocabulary) if items and not headers else None
    structure = listed or build_structure(layout.blocks, headers, vocabulary, summaries, items, beside)
    introduction, areas, sections = areas_and_sections(structure, vocabulary)
    areas = areas_from_contents(areas, layout.blocks, contents_blocks(layout.blocks, vocabulary))
    areas = _with_unified_roles(inherit_responsibility(areas), vocabulary)
    title = structure.title or layout.title or ""
    all_specs = [spec for header in headers.values() for spec in header.specs]
    span = _span(title, all_specs)
    periods = _plan_periods(list(headers.values()), span, title)
    warnings = [*layout.warnings, *structure.warnings]
    areas = read_timings(timed_in_text(timed_by_headings(areas)), span, warnings)
    years = sorted({year for period in periods for year in period.years()})
    if not years and span is not None:
        years = list(range(span.start, span.end + 1))
    if not title:
        warnings.append(PlanWarning(code="no-title", message="no title found before the first heading"))
    plan = Plan(
        title=title,
        organisation=read_organisation(title, vocabulary),
        period=span,
        periods=periods,
        years=years,
        introduction=introduction,
        areas=areas,
        sections=sections,
        source=source,
        warnings=warnings,
    )
    if not plan.measures():
        raise _no_plan(source)
    plan.warnings.extend(doubts(plan, vocabulary))
    plan.shapes = _shapes(list(headers.values()), plan, listed is not None)
    plan.language = plan.written_in()
    plan = doubts_at_measures(with_confidence(plan, layout.confidences))
    return plan.model_copy(update={"coverage": text_coverage(layout, plan)})
