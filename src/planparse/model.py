"""The plan model: the one validated centre that every reader fills and every writer reads."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0"


class StrictModel(BaseModel):
    """A model that refuses fields it does not know."""

    model_config = ConfigDict(extra="forbid")


class MarkKind(str, Enum):
    """What a year cell says about a measure in that year."""

    PLANNED = "planned"
    TENTATIVE = "tentative"
    NONE = "none"
    UNKNOWN = "unknown"


class YearMark(StrictModel):
    """The mark in one year cell: the text as written and what it means."""

    raw: str = ""
    kind: MarkKind = MarkKind.NONE

    @property
    def is_marked(self) -> bool:
        return self.kind in (MarkKind.PLANNED, MarkKind.TENTATIVE)


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


class Measure(StrictModel):
    """One row of a goal's measure table."""

    text: str
    paragraphs: list[str] = Field(default_factory=list)
    schedule: dict[int, YearMark] = Field(default_factory=dict)
    responsible: list[str] = Field(default_factory=list)
    responsible_as_written: list[str] | None = Field(
        default=None, description="The roles as the plan wrote them, where unifying spellings changed them.")
    extra: dict[str, str] = Field(default_factory=dict)
    location: Location = Field(default_factory=Location)

    def marked_years(self) -> list[int]:
        return [year for year, mark in sorted(self.schedule.items()) if mark.is_marked]


class Goal(StrictModel):
    """A goal of an area, with the measures of the table under it."""

    text: str
    number: str | None = None
    measures: list[Measure] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    columns: list[str] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)


class Area(StrictModel):
    """An area of work (Forskning, Utdanning, ...)."""

    title: str
    number: str | None = None
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


class Plan(StrictModel):
    """An action plan: title, period, introduction, areas → goals → measures."""

    schema_version: str = SCHEMA_VERSION
    title: str
    organisation: str | None = None
    period: Period | None = None
    years: list[int] = Field(default_factory=list)
    introduction: Section | None = None
    areas: list[Area] = Field(default_factory=list)
    sections: list[Section] = Field(
        default_factory=list, description="Other headed text that holds no goals, kept so nothing is lost."
    )
    source: Source | None = None
    coverage: Coverage | None = None
    warnings: list[PlanWarning] = Field(default_factory=list)

    def goals(self) -> list[Goal]:
        return [goal for area in self.areas for goal in area.goals]

    def measures(self) -> list[Measure]:
        return [measure for goal in self.goals() for measure in goal.measures]


def plan_json_schema() -> dict[str, object]:
    """The JSON Schema of the plan model, as `planparse schema` prints it."""
    return Plan.model_json_schema()
