"""Word report: the plan reformatted (title, introduction, areas, goals, one table per goal, an index
of measures per responsible role), in planparse's styles or an organisation's own template.

The legend, the index, each measure's ID and its follow-up (status and comment, where someone wrote
them in the workbook) are generated, not plan content: they stand in content controls tagged
`planparse-generated`, which the Word reader passes over, so reading the report gives the plan again.
"""

from __future__ import annotations

import datetime
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from planparse.errors import UsageError
from planparse.followup import has_follow_up
from planparse.language import Labels, Language, labels
from planparse.model import Goal, MarkKind, Measure, Plan, PlanWarning, StatedAt
from planparse.own_formats import GENERATED_TAG
from planparse.writers import wordml
from planparse.writers.atomic import atomic_path

HEADER_SHADE = "D9E2F3"
MARK_SHADES = {MarkKind.PLANNED: "C6EFCE", MarkKind.TENTATIVE: "FFEB9C", MarkKind.UNKNOWN: "F8CBAD"}
YEAR_WIDTH_CM = 1.5
RESPONSIBLE_WIDTH_CM = 4.6
TABLE_FONT_PT = 9.5
EXTRA_WIDTH_CM = 3.0
MIN_MEASURE_WIDTH_CM = 7.5
ID_WIDTH_CM = 1.4
MARGIN_CM = 2.0


def _has_style(document: Any, name: str) -> bool:
    try:
        document.styles[name]
    except KeyError:
        return False
    return True


def style_ids_of(document: Any) -> dict[str, str]:
    """Each style's id by its name, looked up once: python-docx finds a name by going through every style."""
    return {style.name: style.style_id for style in document.styles if style.name}


def add_heading(document: Any, text: str, level: int, style_ids: dict[str, str]) -> None:
    name = "Title" if level == 0 else f"Heading {level}"
    if name in style_ids:
        wordml.append_to_body(document, wordml.elements(wordml.paragraph(text, style_ids[name]))[0])
    else:
        run = document.add_paragraph().add_run(text)
        run.bold = True
        run.font.size = Pt({0: 20, 1: 16, 2: 13}.get(level, 12))


TABLE_STYLE = "planparse tabelltekst"


def add_table_text_style(document: Any) -> None:
    """The paragraph style of table text (small, no space after), unless the template has it."""
    if not _has_style(document, TABLE_STYLE):
        style = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.size = Pt(TABLE_FONT_PT)
        style.paragraph_format.space_after = Pt(0)


# A Word table has at most 63 columns.
WORD_COLUMNS_MAX = 63


# The columns that are generated (the reader passes over them): the measure's ID and its follow-up.
GENERATED_COLUMNS = ("id", "status", "comment")


def _columns(goal: Goal, names: Labels, follow_up: bool = False) -> list[tuple[str, str]]:
    """(kind, name) of each column of the goal's table: ID, label, measure, period, timing, extra,
    responsible, and the follow-up's status and comment when `follow_up`."""
    extras = {name for m in goal.measures for name in m.extra}
    periods = list(dict.fromkeys(label for m in goal.measures for label in m.schedule))
    timings = [m.timing.label or names.timing for m in goal.measures if m.timing is not None]
    out: list[tuple[str, str]] = []
    for name in goal.columns:
        if name in periods:
            out.append(("year", name))
        elif name in extras:
            out.append(("extra", name))
        elif name in timings:
            out.append(("timing", name))
        elif not any(kind == "measure" for kind, _ in out):
            out.append(("measure", name))
        else:
            out.append(("responsible", name))
    if not any(kind == "measure" for kind, _ in out):
        out.insert(0, ("measure", names.measure))
    present = {name for _, name in out}
    out[1:1] = [("year", name) for name in periods if name not in present]
    if timings and not any(kind == "timing" for kind, _ in out):
        out.insert(1 + len(periods), ("timing", max(set(timings), key=timings.count)))
    out.extend(("extra", name) for name in sorted(extras - present))
    if not any(kind == "responsible" for kind, _ in out) and any(
            m.responsible_stated is StatedAt.MEASURE and m.responsible for m in goal.measures):
        out.append(("responsible", names.responsible))
    if any(m.label for m in goal.measures):
        out.insert(0, ("label", names.label))
    out.insert(0, ("id", names.measure_id))
    if follow_up:
        out.extend((("status", names.status), ("comment", names.comment)))
    return _folded(out, names)


def _folded(columns: list[tuple[str, str]], names: Labels) -> list[tuple[str, str]]:
    """The columns within a Word table's 63: the periods, and then the further fields, each folded into
    one column listing "name: value" where there are more than it holds."""
    for kind, header in (("year", names.periods), ("extra", "")):
        if len(columns) <= WORD_COLUMNS_MAX:
            break
        folded = [name for k, name in columns if k == kind]
        if len(folded) > 1:
            at = next(i for i, (k, _) in enumerate(columns) if k == kind)
            columns = [c for c in columns if c[0] != kind]
            columns.insert(at, (f"{kind}s", header or f"{folded[0]} …"))
    return columns


def _widths(columns: Sequence[tuple[str, str]], text_width: float) -> list[float]:
    fixed = {"year": YEAR_WIDTH_CM, "extra": EXTRA_WIDTH_CM, "responsible": RESPONSIBLE_WIDTH_CM,
             "id": ID_WIDTH_CM, "status": EXTRA_WIDTH_CM, "comment": RESPONSIBLE_WIDTH_CM,
             "timing": EXTRA_WIDTH_CM, "label": YEAR_WIDTH_CM, "years": 2 * EXTRA_WIDTH_CM,
             "extras": 2 * EXTRA_WIDTH_CM}
    rest = text_width - sum(fixed.get(kind, 0.0) for kind, _ in columns)
    return [fixed.get(kind, max(rest, MIN_MEASURE_WIDTH_CM)) for kind, _ in columns]


def _cell_content(measure: Measure, kind: str, name: str) -> tuple[list[str], MarkKind | None]:
    if kind == "measure":
        return (measure.paragraphs or [measure.text]), None
    if kind == "year":
        mark = measure.schedule.get(name)
        return ([mark.raw] if mark and mark.raw else []), (mark.kind if mark else None)
    if kind == "extra":
        return ([measure.extra[name]] if measure.extra.get(name) else []), None
    if kind == "years":
        return ["; ".join(f"{label}: {mark.raw}" for label, mark in measure.schedule.items() if mark.raw)], None
    if kind == "extras":
        return ["; ".join(f"{label}: {value}" for label, value in measure.extra.items() if value)], None
    if kind == "timing":
        return ([measure.timing.text] if measure.timing else []), None
    if kind == "label":
        return ([measure.label] if measure.label else []), None
    if kind == "id":
        return ([measure.id] if measure.id else []), None
    if kind in ("status", "comment"):
        value = getattr(measure.follow_up, kind) if measure.follow_up else None
        return ([value] if value else []), None
    stated_above = measure.responsible_stated in (StatedAt.GOAL, StatedAt.AREA)
    return ([] if stated_above else list(measure.responsible)), None


def _generated_cell(kind: str, cell: str) -> str:
    return wordml.generated(cell, GENERATED_TAG) if kind in GENERATED_COLUMNS else cell


def _measure_table(document: Any, goal: Goal, text_width: float, names: Labels, style_ids: dict[str, str],
                   follow_up: bool = False) -> None:
    columns = _columns(goal, names, follow_up)
    style_id = style_ids[TABLE_STYLE]
    widths = [Cm(width).twips for width in _widths(columns, text_width)]
    header = wordml.row((_generated_cell(kind, wordml.cell([name], width, style_id, bold=True, centre=kind == "year",
                                                           shade=HEADER_SHADE))
                         for (kind, name), width in zip(columns, widths, strict=True)), header=True)
    rows = [header]
    for measure in goal.measures:
        cells = []
        for (kind, name), width in zip(columns, widths, strict=True):
            texts, mark_kind = _cell_content(measure, kind, name)
            cells.append(_generated_cell(kind, wordml.cell(texts, width, style_id, centre=kind == "year",
                                                           shade=MARK_SHADES.get(mark_kind) if mark_kind else None)))
        rows.append(wordml.row(cells))
    wordml.append_to_body(document, wordml.table(rows, widths, style_ids.get("Table Grid")))


def _generated_block(document: Any) -> Any:
    """A content control at the end of the body holding generated (non-plan) content."""
    sdt = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    tag = OxmlElement("w:tag")
    tag.set(qn("w:val"), GENERATED_TAG)
    properties.append(tag)
    sdt.append(properties)
    content = OxmlElement("w:sdtContent")
    sdt.append(content)
    wordml.append_to_body(document, sdt)
    return content


def _move_into(content: Any, paragraph: Any) -> None:
    content.append(paragraph._p)


def _legend(document: Any, plan: Plan, names: Labels) -> None:
    content = _generated_block(document)
    facts = [plan.organisation or "", f"{plan.period.start}–{plan.period.end}" if plan.period else ""]
    line = " · ".join(fact for fact in facts if fact)
    if line:
        facts_paragraph = document.add_paragraph()
        facts_paragraph.add_run(line).italic = True
        _move_into(content, facts_paragraph)
    _move_into(content, document.add_paragraph(names.legend))


def _field(paragraph: Any, instruction: str, cached: str = "") -> None:
    """A Word field (PAGE, TOC …) in a paragraph, with the text it shows until it is updated."""
    def fld_char(kind: str) -> Any:
        run = OxmlElement("w:r")
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run.append(char)
        return run

    paragraph._p.append(fld_char("begin"))
    run = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run.append(text)
    paragraph._p.append(run)
    paragraph._p.append(fld_char("separate"))
    paragraph.add_run(cached)
    paragraph._p.append(fld_char("end"))


def _contents(document: Any, plan: Plan, names: Labels) -> None:
    """A table of contents (a TOC field Word fills with page numbers when it updates it; until then it
    lists the areas and goals), in a generated block the reader passes over."""
    content = _generated_block(document)
    style = "TOC Heading" if _has_style(document, "TOC Heading") else None
    heading = document.add_paragraph(style=style)
    run = heading.add_run(names.contents)
    run.bold = True
    run.font.size = Pt(14)
    _move_into(content, heading)
    entries = [(1, f"{a.number} {a.title}" if a.number else a.title, a) for a in plan.areas]
    lines = []
    for _, text, area in entries:
        lines.append((0, text))
        lines.extend((1, f"{g.number} {g.text}" if g.number else g.text) for g in area.goals if g.text)
    paragraph = document.add_paragraph()
    _field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', lines[0][1] if lines else "")
    _move_into(content, paragraph)
    for level, text in lines[1:]:
        entry = document.add_paragraph(text)
        entry.paragraph_format.left_indent = Cm(0.6 * level)
        entry.paragraph_format.space_after = Pt(0)
        _move_into(content, entry)
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def page_numbers(document: Any, names: Labels) -> None:
    """Page numbers in the footer, where a template's footer has no text of its own."""
    for section in document.sections:
        footer = section.footer
        if any(p.text.strip() for p in footer.paragraphs):
            continue
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(f"{names.page} ")
        _field(paragraph, "PAGE", "1")


def mark_language(document: Any, language: Language) -> None:
    """The document's language (spelling, hyphenation) in the default run properties."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_default = defaults.find(qn("w:rPrDefault"))
    if run_default is None:
        run_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_default)
    properties = run_default.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_default.append(properties)
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language.locale)
    properties.append(lang)


def _role_index(document: Any, plan: Plan, names: Labels, style_ids: dict[str, str]) -> None:
    """Each role's measures, each with the goal it serves (as the report shows it) and when."""
    by_role: dict[str, list[str]] = defaultdict(list)
    for goal in plan.goals():
        reference = f"{goal.number} {goal.text}" if goal.number else goal.text
        reference = reference if len(reference) <= 60 else reference[:59] + "…"
        for measure in goal.measures:
            years = ", ".join(f"{y}{f' ({names.tentative})' if m.kind is MarkKind.TENTATIVE else ''}"
                              for y, m in measure.schedule.items() if m.is_marked)
            if measure.timing is not None:
                years = ", ".join(part for part in (years, measure.timing.text) if part)
            for role in measure.responsible:
                where = f"{names.goal}: «{reference}»; " if reference else ""
                by_role[role].append(f"{measure.id} {measure.text} ({where}{years or names.no_year})")
    if not by_role:
        return
    content = _generated_block(document)
    heading, bullet = style_ids.get("Heading 1"), style_ids.get("List Bullet")
    parts = [wordml.paragraph(names.role_index, heading)]
    for role in sorted(by_role, key=str.casefold):
        parts.append(wordml.paragraph(role, bold=True))
        parts.extend(wordml.paragraph(entry if bullet else f"• {entry}", bullet) for entry in by_role[role])
    content.extend(wordml.elements("".join(parts)))


def start_document(template: Path | None) -> Any:
    if template is None:
        document = docx.Document()
        normal = document.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        return document
    try:
        document = docx.Document(str(template))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise UsageError(f"{template.name}: the template is damaged or not a .docx ({error.__class__.__name__}); "
                         "open and save it again in Word or LibreOffice") from error
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _page_layout(document: Any, plan: Plan, names: Labels, template: Path | None, follow_up: bool = False) -> float:
    """A4 (or the template's page), landscape when the widest table does not fit across a portrait
    page; the text width in cm."""
    section = document.sections[-1]
    if template is None:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    portrait_width = min(section.page_width, section.page_height).cm if section.page_width else 21.0
    widest = max((sum(_widths(_columns(g, names, follow_up), 0.0)) for g in plan.goals() if g.measures), default=0.0)
    landscape = widest > portrait_width - 2 * MARGIN_CM
    if landscape and section.orientation != WD_ORIENT.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    return float(section.page_width.cm) - 2 * MARGIN_CM


# Word's core properties (title, subject, author, keywords) hold at most 255 characters each.
PROPERTY_MAX = 255


def _property(value: str, name: str, warnings: list[PlanWarning]) -> str:
    """A core property's value, shortened to what Word holds, with a warning when it had to be."""
    if len(value) <= PROPERTY_MAX:
        return value
    warnings.append(PlanWarning(code="property-shortened",
                                message=f"the report's {name} property holds at most {PROPERTY_MAX} characters; "
                                        f"the {len(value):,} characters were shortened (the text in the report "
                                        "is whole)"))
    return value[:PROPERTY_MAX - 1] + "…"


def set_properties(document: Any, plan: Plan, language: Language, names: Labels, warnings: list[PlanWarning]) -> None:
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0, tzinfo=None)
    properties = document.core_properties
    properties.title = _property(plan.title, "title", warnings)
    properties.subject = _property(plan.organisation or plan.title, "subject", warnings)
    properties.author = _property(plan.organisation or "planparse", "author", warnings)
    properties.last_modified_by = "planparse"
    properties.comments = f"{names.measures_sheet}: {len(plan.measures())}"
    properties.keywords = _property(", ".join(filter(None, [plan.organisation, names.measures_sheet])), "keywords",
                                    warnings)
    properties.language = language.locale
    properties.created = properties.modified = now
    properties.revision = 1


def report_document(plan: Plan, template: Path | None = None, language: Language | None = None,
                    warnings: list[PlanWarning] | None = None) -> Any:
    """The report as a python-docx document; what had to be changed to write it goes to `warnings`."""
    warnings = [] if warnings is None else warnings
    language = language or plan.written_in()
    names = labels(language)
    document = start_document(template)
    follow_up = has_follow_up(plan)
    text_width = _page_layout(document, plan, names, template, follow_up)
    set_properties(document, plan, language, names, warnings)
    mark_language(document, language)
    page_numbers(document, names)
    add_table_text_style(document)
    style_ids = style_ids_of(document)
    add_heading(document, plan.title, 0, style_ids)
    _legend(document, plan, names)
    _contents(document, plan, names)
    if plan.introduction is not None:
        if plan.introduction.heading:
            add_heading(document, plan.introduction.heading, 1, style_ids)
        for text in plan.introduction.paragraphs:
            document.add_paragraph(text)
    for section in plan.sections:
        if section.heading:
            add_heading(document, section.heading, 1, style_ids)
        for text in section.paragraphs:
            document.add_paragraph(text)
    for area in plan.areas:
        add_heading(document, f"{area.number} {area.title}" if area.number else area.title, 1, style_ids)
        if area.responsible:
            document.add_paragraph(f"{names.responsible}: {', '.join(area.responsible)}")
        for note in area.notes:
            document.add_paragraph(note)
        for goal in area.goals:
            if goal.text or goal.number:  # a goal the plan gave no name has no heading either
                add_heading(document, f"{goal.number} {goal.text}" if goal.number else goal.text, 2, style_ids)
            if goal.responsible:
                document.add_paragraph(f"{names.responsible}: {', '.join(goal.responsible)}")
            if goal.measures:
                _measure_table(document, goal, text_width, names, style_ids, follow_up)
            for note in goal.notes:
                document.add_paragraph(note)
    _role_index(document, plan, names, style_ids)
    _after_contents_a_new_page(document)
    return document


def _after_contents_a_new_page(document: Any) -> None:
    """The contents on a page of their own: what follows them starts a new page."""
    blocks = [child for child in document.element.body if child.tag in (qn("w:p"), qn("w:tbl"), qn("w:sdt"))]
    for index, block in enumerate(blocks[:-1]):
        tags = block.findall(f"{qn('w:sdtPr')}/{qn('w:tag')}") if block.tag == qn("w:sdt") else []
        has_toc = any("TOC" in (text.text or "") for text in block.iter(qn("w:instrText")))
        if tags and has_toc and blocks[index + 1].tag == qn("w:p"):
            properties = blocks[index + 1].get_or_add_pPr()
            properties.append(OxmlElement("w:pageBreakBefore"))
            return


# The longest text the report puts in one place (a Word file's XML refuses text nodes of 10 MB).
TEXT_MAX = 1_000_000


def within_word_limits(plan: Plan, warnings: list[PlanWarning]) -> Plan:
    """The plan with every text longer than a report can hold cut, each said in a warning."""
    cut: list[str] = []

    def shortened(value: Any) -> Any:
        if isinstance(value, str) and len(value) > TEXT_MAX:
            cut.append(value)
            return value[:TEXT_MAX - 1] + "…"
        if isinstance(value, list):
            return [shortened(item) for item in value]
        if isinstance(value, dict):
            return {key: shortened(item) for key, item in value.items()}
        return value

    data = shortened(plan.model_dump())
    for text in dict.fromkeys(cut):  # a measure's text and its paragraph: said once
        warnings.append(PlanWarning(code="docx-text-shortened", message=(
            f"a text of {len(text):,} characters was cut to the {TEXT_MAX:,} a report holds in one place: "
            f"{text[:40]!r}…; the JSON output has it whole")))
    return type(plan).model_validate(data) if cut else plan


def write_docx(plan: Plan, target: Path, template: Path | None = None, language: Language | None = None
               ) -> list[PlanWarning]:
    warnings: list[PlanWarning] = []
    plan = within_word_limits(plan, warnings)
    names = labels(language or plan.written_in())
    wide = sum(1 for goal in plan.goals() if any(kind in ("years", "extras") for kind, _ in _columns(goal, names)))
    if wide:
        warnings.append(PlanWarning(code="docx-columns-folded", message=(
            f"{wide} goal{'s' if wide > 1 else ''} would need more columns than a Word table has "
            f"({WORD_COLUMNS_MAX}): the report lists each measure's periods (or further fields) in one column "
            "there; the workbook and the JSON have them a column each")))
    document = report_document(plan, template, language, warnings)
    with atomic_path(target) as temporary:
        document.save(str(temporary))
    return warnings
