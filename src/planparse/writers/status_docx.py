"""The status report: how the plan's follow-up stands on a day, as a municipality reports it each
tertial. Counts and a chart per status and per area, the measures past their time that are not done,
then each area and goal with its measures' status, comment and date of the last update.

Made from a plan whose measures carry their follow-up (a workbook filled in, read back); a plan with
none says so and shows every measure as "not given"."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx.shared import Cm
from docx.table import Table

from planparse.followup import (
    ORDER,
    MeasureStatus,
    Standing,
    counts,
    has_follow_up,
    standing_name,
    status_text,
    statuses,
)
from planparse.language import Labels, Language, labels
from planparse.model import Plan, PlanWarning
from planparse.writers import wordml
from planparse.writers.atomic import atomic_path
from planparse.writers.charts import stacked_bar
from planparse.writers.docx_writer import (
    HEADER_SHADE,
    MARGIN_CM,
    TABLE_STYLE,
    add_heading,
    add_table_text_style,
    mark_language,
    page_numbers,
    set_properties,
    start_document,
    style_ids_of,
    within_word_limits,
)

# Each status's colour: in the charts, and as the shade of its cell in the tables.
COLOURS = {Standing.NOT_STARTED: "A6A6A6", Standing.IN_PROGRESS: "9DC3E6", Standing.DONE: "A9D18E",
           Standing.POSTPONED: "FFD966", Standing.OTHER: "C9A0DC", Standing.NONE: "D9D9D9"}
OVERDUE_SHADE = "F4B183"
# Column widths (cm) of the measure tables; the measure's text takes the rest.
WIDTHS = {"id": 1.4, "responsible": 3.6, "status": 2.6, "comment": 5.0, "updated": 2.3}
COUNT_WIDTH_CM = 2.2
BAR_WIDTH_CM = 6.0


def _shown(rows: list[MeasureStatus]) -> list[Standing]:
    """The statuses to show: the workbook's four always, "other" and "not given" where there are some."""
    present = counts(rows)
    return [kind for kind in ORDER if kind not in (Standing.OTHER, Standing.NONE) or present[kind]]


def _table(document: Any, header: Sequence[tuple[str, str | None]], body: Sequence[Sequence[tuple[str, str | None]]],
           widths_cm: Sequence[float], style_id: str, grid: str | None) -> Any:
    """A table of texts, each header and body cell (text, shade or None), its header repeated on every
    page; the python-docx table, to put pictures in."""
    widths = [Cm(width).twips for width in widths_cm]
    rows = [wordml.row((wordml.cell([text], width, style_id, bold=True, shade=shade or HEADER_SHADE)
                        for (text, shade), width in zip(header, widths, strict=True)), header=True)]
    for cells in body:
        rows.append(wordml.row(wordml.cell(text.split("\n") if text else [], width, style_id, shade=shade)
                               for (text, shade), width in zip(cells, widths, strict=True)))
    element = wordml.table(rows, widths, grid)
    wordml.append_to_body(document, element)
    return Table(element, document._body)


def _bars(table: Any, column: int, rows: Sequence[Sequence[int]], colours: Sequence[str]) -> None:
    """A stacked bar in `column` of each body row, the longest as wide as the column."""
    most = max((sum(numbers) for numbers in rows), default=0)
    for index, numbers in enumerate(rows, start=1):
        paragraph = table.cell(index, column).paragraphs[0]
        paragraph.add_run().add_picture(io.BytesIO(stacked_bar(numbers, colours, most)), width=Cm(BAR_WIDTH_CM - 0.3))


def _summary(document: Any, rows: list[MeasureStatus], plan: Plan, names: Labels, style_ids: dict[str, str],
             text_width: float) -> None:
    shown = _shown(rows)
    colours = [COLOURS[kind] for kind in shown]
    total = counts(rows)
    table_style, grid = style_ids[TABLE_STYLE], style_ids.get("Table Grid")
    add_heading(document, names.by_status, 1, style_ids)
    body = [[(standing_name(kind, names), COLOURS[kind]), (str(total[kind]), None), ("", None)] for kind in shown]
    body.append([(names.sum, None), (str(len(rows)), None), ("", None)])
    table = _table(document, ((names.status, None), (names.count, None), ("", None)), body,
                   (5.0, COUNT_WIDTH_CM, BAR_WIDTH_CM), table_style, grid)
    _bars(table, 2, [[total[kind] if kind is other else 0 for other in shown] for kind in shown], colours)
    add_heading(document, names.status_by_area, 1, style_ids)
    by_area = []
    for area in plan.areas:
        in_area = counts([row for row in rows if row.area is area])
        title = f"{area.number} {area.title}" if area.number else area.title
        by_area.append((title, [in_area[kind] for kind in shown]))
    area_width = max(4.0, text_width - COUNT_WIDTH_CM * (len(shown) + 1) - BAR_WIDTH_CM)
    table = _table(document, ((names.area, None), *((standing_name(kind, names), COLOURS[kind]) for kind in shown),
                              (names.sum, None), ("", None)),
                   [[(title, None), *((str(n), None) for n in numbers), (str(sum(numbers)), None), ("", None)]
                    for title, numbers in by_area],
                   (area_width, *(COUNT_WIDTH_CM for _ in shown), COUNT_WIDTH_CM, BAR_WIDTH_CM), table_style, grid)
    _bars(table, len(shown) + 2, [numbers for _, numbers in by_area], colours)


def _when(row: MeasureStatus, names: Labels) -> str:
    timing = row.measure.timing.text if row.measure.timing else ""
    years = ", ".join(str(year) for year in row.measure.marked_years())
    return timing or years or names.no_year


def _status_text(row: MeasureStatus, names: Labels) -> str:
    return status_text(row, names).replace(f" ({names.overdue})", f"\n({names.overdue})")


def _overdue(document: Any, rows: list[MeasureStatus], names: Labels, style_ids: dict[str, str],
             text_width: float) -> None:
    add_heading(document, names.overdue_heading, 1, style_ids)
    late = [row for row in rows if row.overdue]
    if not late:
        document.add_paragraph(names.no_overdue)
        return
    fixed = (WIDTHS["id"], WIDTHS["responsible"], WIDTHS["updated"], WIDTHS["status"])
    header = (names.measure_id, names.measure, names.responsible, names.due, names.status)
    _table(document, [(text, None) for text in header],
           [[(row.measure.id or "", None), (row.measure.text, None), ("\n".join(row.measure.responsible), None),
             (_when(row, names), OVERDUE_SHADE), (_status_text(row, names), COLOURS[row.standing])] for row in late],
           (fixed[0], max(4.0, text_width - sum(fixed)), *fixed[1:]), style_ids[TABLE_STYLE],
           style_ids.get("Table Grid"))


def _measures(document: Any, plan: Plan, rows: list[MeasureStatus], names: Labels, style_ids: dict[str, str],
              text_width: float) -> None:
    by_measure = {id(row.measure): row for row in rows}
    fixed = [WIDTHS[key] for key in ("id", "responsible", "status", "comment", "updated")]
    widths = (fixed[0], max(4.0, text_width - sum(fixed)), *fixed[1:])
    for area in plan.areas:
        add_heading(document, f"{area.number} {area.title}" if area.number else area.title, 1, style_ids)
        for goal in area.goals:
            if goal.text or goal.number:
                add_heading(document, f"{goal.number} {goal.text}" if goal.number else goal.text, 2, style_ids)
            if not goal.measures:
                document.add_paragraph(names.no_measures)
                continue
            body = []
            for measure in goal.measures:
                row = by_measure[id(measure)]
                follow = measure.follow_up
                body.append([(measure.id or "", None), (measure.text, None),
                             ("\n".join(measure.responsible or goal.responsible or area.responsible), None),
                             (_status_text(row, names), OVERDUE_SHADE if row.overdue else COLOURS[row.standing]),
                             (follow.comment or "" if follow else "", None),
                             (follow.updated or "" if follow else "", None)])
            header = (names.measure_id, names.measure, names.responsible, names.status, names.comment, names.updated)
            _table(document, [(text, None) for text in header], body, widths, style_ids[TABLE_STYLE],
                   style_ids.get("Table Grid"))


def status_document(plan: Plan, template: Path | None = None, language: Language | None = None,
                    today: datetime.date | None = None, warnings: list[PlanWarning] | None = None) -> Any:
    """The status report as a python-docx document (landscape: its tables are wide)."""
    warnings = [] if warnings is None else warnings
    language = language or plan.written_in()
    names = labels(language)
    today = today or datetime.date.today()
    document = start_document(template)
    section = document.sections[-1]
    if template is None:
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    text_width = float(section.page_width.cm) - 2 * MARGIN_CM
    set_properties(document, plan, language, names, warnings)
    document.core_properties.title = f"{names.status_report}: {plan.title}"[:255]
    mark_language(document, language)
    page_numbers(document, names)
    add_table_text_style(document)
    style_ids = style_ids_of(document)
    add_heading(document, f"{names.status_report}: {plan.title}", 0, style_ids)
    facts = [plan.organisation or "", f"{plan.period.start}–{plan.period.end}" if plan.period else "",
             names.status_as_of.format(date=today.isoformat())]
    document.add_paragraph(" · ".join(fact for fact in facts if fact)).runs[0].italic = True
    rows = statuses(plan, today)
    if not has_follow_up(plan):
        warnings.append(PlanWarning(code="no-follow-up", message=(
            "no measure has a status, comment or date written: the status report shows every measure as not "
            "given; fill in the workbook's follow-up columns and make the report from the workbook")))
    _summary(document, rows, plan, names, style_ids, text_width)
    _overdue(document, rows, names, style_ids, text_width)
    _measures(document, plan, rows, names, style_ids, text_width)
    return document


def write_status_docx(plan: Plan, target: Path, template: Path | None = None, language: Language | None = None,
                      today: datetime.date | None = None) -> list[PlanWarning]:
    warnings: list[PlanWarning] = []
    plan = within_word_limits(plan, warnings)
    document = status_document(plan, template, language, today, warnings)
    with atomic_path(target) as temporary:
        document.save(str(temporary))
    return warnings
