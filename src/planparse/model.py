"""The plan model: the one validated centre that every reader fills and every writer reads."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from planparse.language import Language, detect_language

SCHEMA_VERSION = "2.0"


# Control characters (terminal escapes among them) that no plan text holds, and the characters no file
# may hold (Unicode's non-characters, such as U+FFFE, and lone surrogates); tab and newline stay.
_PLANE_ENDS = "".join(chr(plane * 0x10000 + end) for plane in range(17) for end in (0xFFFE, 0xFFFF))
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _PLANE_ENDS + "]")


def _without_controls(value: Any) -> Any:
    """Strings, and strings in lists and dict keys and values, cleaned one level down (a nested model
    cleans its own)."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, list):
        return [_CONTROL.sub("", item) if isinstance(item, str) else item for item in value]
    if isinstance(value, dict):
        return {(_CONTROL.sub("", k) if isinstance(k, str) else k): (_CONTROL.sub("", v) if isinstance(v, str) else v)
                for k, v in value.items()}
    return value


class StrictModel(BaseModel):
    """A model that refuses fields it does not know, and holds no control characters in its text: a
    document's stray escapes never reach a terminal, a workbook or a report."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _clean_text(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: _without_controls(value) for key, value in data.items()}
        return data


class MarkKind(str, Enum):
    """What a period cell (a year, a half-year, a quarter ...) says about a measure in that period."""

    PLANNED = "planned"
    TENTATIVE = "tentative"
    NONE = "none"
    UNKNOWN = "unknown"


class Mark(StrictModel):
    """The mark in one period cell: the text as written and what it means."""

    raw: str = ""
    kind: MarkKind = MarkKind.NONE

    @property
    def is_marked(self) -> bool:
        return self.kind in (MarkKind.PLANNED, MarkKind.TENTATIVE)


YearMark = Mark  # the name schema 1.0 had, when every period was a year


class PeriodKind(str, Enum):
    """How long a period of a plan is."""

    YEAR = "year"
    HALF_YEAR = "half-year"
    SCHOOL_YEAR = "school-year"
    TERTIAL = "tertial"
    QUARTER = "quarter"
    MONTH = "month"
    NAMED = "named"  # named in the plan's own words ("Fase 1", "Før jul"), by a reading profile: no dates


class PlanPeriod(StrictModel):
    """A period a plan schedules measures by (a column of its tables): its label as written, its kind,
    and its first and last day where they can be known ("Q2" in a plan spanning years cannot)."""

    label: str
    kind: PeriodKind
    start: date | None = None
    end: date | None = None

    def years(self) -> list[int]:
        if self.start is None or self.end is None:
            return []
        return list(range(self.start.year, self.end.year + 1))


class Timing(StrictModel):
    """When a measure happens, in words (a Frist or Tidsplan column, or "Frist: ..." in its text):
    kept exactly as written, with the dates it means where it says so."""

    text: str
    label: str | None = Field(default=None, description="The word that introduced it: Frist, Tidsplan, Når ...")
    start: date | None = None
    end: date | None = None
    ongoing: bool = Field(default=False, description="Løpende, Hele perioden, Ongoing: over the plan's period.")
    understood: bool = Field(default=True, description="False when planparse could not read a time from it.")
    years: list[int] = Field(default_factory=list)


class StatedAt(str, Enum):
    """Where a measure's responsibility was stated: with the measure, or once for a group, goal or area."""

    MEASURE = "measure"
    GROUP = "group"
    GOAL = "goal"
    AREA = "area"


class PlanShape(str, Enum):
    """The shapes a plan can take; a plan may combine several."""

    YEAR_COLUMNS = "year-columns"
    PERIOD_COLUMNS = "period-columns"
    TIMING_COLUMN = "timing-column"
    GOAL_COLUMN = "goal-column"
    AREA_COLUMN = "area-column"
    RESPONSIBLE_ONCE = "responsible-once"
    LISTS = "lists"


BBox = tuple[float, float, float, float]


class Location(StrictModel):
    """Where something was read: a page and box for PDF, a block/table/row/column for Word."""

    page: Annotated[int, Field(ge=1)] | None = None
    bbox: BBox | None = None
    block: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None

    def describe(self) -> str:
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        if not parts and self.block is not None:
            parts.append(f"block {self.block}")
        return ", ".join(parts) or "document"


class PlanWarning(StrictModel):
    """Something planparse read but could not place, or placed with doubt."""

    code: str
    message: str
    location: Location = Field(default_factory=Location)

    def describe(self) -> str:
        return f"{self.location.describe()}: {self.message}"


class FollowUp(StrictModel):
    """How a measure is going, as the people following the plan up write it in the workbook."""

    status: str | None = None
    comment: str | None = None
    updated: str | None = None


class Measure(StrictModel):
    """One measure: a row of a goal's table or an item of its list."""

    id: str | None = Field(default=None, description="area.goal.measure, by position: the same in every output.")
    text: str
    label: str | None = Field(default=None, description='An ID the plan gives it: "Tiltak 1.2", "3.1".')
    paragraphs: list[str] = Field(default_factory=list)
    schedule: dict[str, Mark] = Field(
        default_factory=dict, description="The mark of each of the plan's periods, by the period's label.")
    timing: Timing | None = None
    years: list[int] = Field(
        default_factory=list, description="The years the measure touches, from its marks and its timing.")
    responsible: list[str] = Field(default_factory=list)
    responsible_as_written: list[str] | None = Field(
        default=None, description="The roles as the plan wrote them, where unifying spellings changed them.")
    responsible_stated: StatedAt = StatedAt.MEASURE
    extra: dict[str, str] = Field(default_factory=dict)
    follow_up: FollowUp | None = None
    confidence: float | None = Field(
        default=None, ge=0, le=100,
        description="Read by OCR: how sure the OCR was (0-100) of the least sure word of the measure's row.")
    location: Location = Field(default_factory=Location)

    @field_validator("schedule", mode="before")
    @classmethod
    def _labels_as_text(cls, value: Any) -> Any:
        return {str(key): mark for key, mark in value.items()} if isinstance(value, dict) else value

    def marked_years(self) -> list[int]:
        """The years the measure touches (filled when it stands in a plan; year labels otherwise)."""
        if self.years:
            return list(self.years)
        return sorted(int(label) for label, mark in self.schedule.items() if mark.is_marked and label.isdigit())

    def mark(self, period: str | int) -> Mark | None:
        return self.schedule.get(str(period))


class Goal(StrictModel):
    """A goal of an area, with the measures of the table under it."""

    text: str
    number: str | None = None
    responsible: list[str] = Field(default_factory=list, description="Stated once for the goal's measures.")
    measures: list[Measure] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    columns: list[str] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)


class Area(StrictModel):
    """An area of work (Forskning, Utdanning, ...)."""

    title: str
    number: str | None = None
    responsible: list[str] = Field(default_factory=list, description="Stated once for the area's measures.")
    notes: list[str] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)


class Section(StrictModel):
    """A heading with its paragraphs, such as the introduction."""

    heading: str | None = None
    paragraphs: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)


class Period(StrictModel):
    start: int
    end: int

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self


class SourceFormat(str, Enum):
    DOCX = "docx"
    PDF = "pdf"
    IMAGE = "image"  # PNG, JPEG or TIFF page images, read by OCR
    JSON = "json"
    XLSX = "xlsx"


class Source(StrictModel):
    """Facts about the file the plan was read from."""

    file_name: str
    format: SourceFormat
    sha256: str
    pages: int | None = None


class Coverage(StrictModel):
    """How much of the document's text (non-space characters) the plan holds."""

    read_characters: int = Field(ge=0)
    placed_characters: int = Field(ge=0)

    @property
    def share(self) -> float:
        if not self.read_characters:
            return 1.0
        return min(1.0, self.placed_characters / self.read_characters)


class CorrectionKind(str, Enum):
    """What a correction of a reading does."""

    MOVE = "move"  # a measure to another goal
    MERGE = "merge"  # a measure into the one before it (or another)
    SPLIT = "split"  # a measure in two, where its text says
    PROMOTE = "promote"  # a measure to a goal (taking the measures after it), a goal to an area
    DEMOTE = "demote"  # a goal to a measure (of the goal before it), an area to a goal
    MARK = "mark"  # a period's mark of a measure
    ROLES = "roles"  # who is responsible for a measure
    TEXT = "text"  # a measure's, goal's or area's text
    DELETE = "delete"  # a measure removed (kept in the correction, to restore)
    RESTORE = "restore"  # a measure removed by an earlier correction put back


class Correction(StrictModel):
    """One correction of how a plan was read, made by a person (`planparse fix`, the page). Corrections
    are applied in order; each names measures, goals and areas by their IDs at the time it is made."""

    kind: CorrectionKind
    target: str = Field(description="The ID it is made to: a measure (1.2.3), a goal (1.2) or an area (1); "
                                    "for restore, the number (from 1) of the delete among the corrections.")
    to: str | None = Field(default=None, description="move: the goal's ID; merge: the measure merged into.")
    at: str | None = Field(default=None, description="split: the text the second measure starts with.")
    period: str | None = Field(default=None, description="mark: the period's label.")
    mark: str | None = Field(default=None, description="mark: the mark as written; empty for none.")
    roles: list[str] | None = Field(default=None, description="roles: who is responsible.")
    text: str | None = Field(default=None, description="text: the text as it should read.")
    removed: Measure | None = Field(default=None, description="delete: the measure removed, to restore.")
    was: str | None = Field(default=None, description=(
        "The text of what it was made to (a measure's, a goal's or an area's title) when it was made; applied "
        "again where that text is not there (the plan read differently), it is refused, not made elsewhere."))
    removed_from: str | None = Field(default=None, description="delete: the goal it was removed from.")


class Plan(StrictModel):
    """An action plan: title, period, introduction, areas → goals → measures."""

    schema_version: str = SCHEMA_VERSION
    title: str
    organisation: str | None = None
    period: Period | None = None
    periods: list[PlanPeriod] = Field(
        default_factory=list, description="The periods the plan's tables mark, in order (years, half-years ...).")
    years: list[int] = Field(default_factory=list, description="The years the plan covers.")
    shapes: list[PlanShape] = Field(default_factory=list, description="The shapes the plan was read in.")
    language: Language | None = Field(default=None, description="nb, nn or en: the language the plan is written in.")
    introduction: Section | None = None
    areas: list[Area] = Field(default_factory=list)
    sections: list[Section] = Field(
        default_factory=list, description="Other headed text that holds no goals, kept so nothing is lost."
    )
    source: Source | None = None
    coverage: Coverage | None = None
    warnings: list[PlanWarning] = Field(default_factory=list)
    corrections: list[Correction] = Field(
        default_factory=list, description="How a person corrected the reading, in order (planparse fix, the page).")

    @model_validator(mode="before")
    @classmethod
    def _migrate(cls, data: Any) -> Any:
        """Plans written with schema 1.0 (years only) read as 2.0: each year becomes a period."""
        if isinstance(data, dict) and data.get("schema_version") == "1.0":
            data = dict(data, schema_version=SCHEMA_VERSION)
            data.setdefault("periods", [year_period(int(y)).model_dump() for y in data.get("years", [])])
            if data["periods"]:
                data.setdefault("shapes", [PlanShape.YEAR_COLUMNS.value])
        return data

    @model_validator(mode="after")
    def _measure_years(self) -> Plan:
        """Each measure's years (from the plan's periods) and ID (from where it stands) worked out, so
        they are never stale."""
        by_label = {period.label: period for period in self.periods}
        for a, area in enumerate(self.areas, start=1):
            for g, goal in enumerate(area.goals, start=1):
                for m, measure in enumerate(goal.measures, start=1):
                    measure.years = touched_years(measure, by_label)
                    measure.id = f"{a}.{g}.{m}"
        return self

    def cleaned(self) -> Plan:
        """The plan validated again from its data, every string of it cleaned (text put into its lists
        after it was made, a goal's notes among them, is cleaned too): what the writers write."""
        return type(self).model_validate(self.model_dump())

    def written_in(self) -> Language:
        """The plan's language: as read, or told from its words (for plans written before it was kept)."""
        if self.language is not None:
            return self.language
        texts = [self.title, *(self.introduction.paragraphs if self.introduction else [])]
        for area in self.areas:
            texts.append(area.title)
            for goal in area.goals:
                texts.append(goal.text)
                texts.extend(measure.text for measure in goal.measures)
        return detect_language(texts)

    def goals(self) -> list[Goal]:
        return [goal for area in self.areas for goal in area.goals]

    def measures(self) -> list[Measure]:
        return [measure for goal in self.goals() for measure in goal.measures]

    def period_labels(self) -> list[str]:
        return [period.label for period in self.periods]


def year_period(year: int) -> PlanPeriod:
    return PlanPeriod(label=str(year), kind=PeriodKind.YEAR, start=date(year, 1, 1), end=date(year, 12, 31))


def touched_years(measure: Measure, periods: dict[str, PlanPeriod]) -> list[int]:
    """The years a measure touches: those of its marked periods and of its timing."""
    years: set[int] = set(measure.timing.years if measure.timing else ())
    for label, mark in measure.schedule.items():
        if not mark.is_marked:
            continue
        period = periods.get(label)
        if period is not None:
            years.update(period.years())
        elif label.isdigit() and len(label) == 4:
            years.add(int(label))
    return sorted(years)


def plan_json_schema() -> dict[str, object]:
    """The JSON Schema of the plan model, as `planparse schema` prints it."""
    return Plan.model_json_schema()
