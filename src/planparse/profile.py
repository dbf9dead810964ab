"""Reading profiles: how a family of documents is read, where detection needs help. A profile is a
TOML file (its JSON Schema: `planparse schema --profile`); it wins over detection where it speaks and
is silent elsewhere. `planparse profile PLAN` writes the profile of how a document was read, a start
to edit.

    [profile]
    name = "Grön Flagg, Nätet"
    language = "sv"                      # nb, nn, en, sv, da, de

    [headings]
    areas = ["Tema"]                     # a label ("Tema: Natur"), "style:Heading 1", "size>=16", "bold"
    goals = ["Utvecklingsområde"]
    measures = ["Målbeskrivning"]        # labels of lists whose items are measures
    leave_out = ["Bilaga"]               # sections left out, heading and all

    [columns]                            # by the column's header text
    measure = ["Aktivitet"]
    responsible = ["Vem"]
    timing = ["När"]
    id = ["Nr"]
    goal = ["Delmål"]
    area = ["Fokus"]
    ignore = ["Kommentar"]               # left out of the tables

    [marks]
    planned = ["ja"]
    tentative = ["kanskje"]
    empty = ["nei"]

    [roles]                              # role = [spellings]
    "Rektor" = ["rektor", "skoleleder"]

The words go into the vocabulary (column headers, labels, marks, role aliases, the language); the
headings' style rules, the sections to leave out and the columns to ignore are applied to the layout
before the plan is recognized in it."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Collection
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from planparse.errors import UsageError
from planparse.layout import Block, Layout, Paragraph, Table, TextStyle
from planparse.model import MarkKind, Plan, PlanWarning
from planparse.vocabulary import Vocabulary, mark_key


class ProfileMismatch(UsageError):
    """A reading profile that does not fit the document it is to read."""


ReadingLanguage = Literal["nb", "nn", "en", "sv", "da", "de"]
WORDS_MAX = 200  # words in one list of a profile
WORD_MAX = 200  # characters of one word


def _words(description: str) -> Any:
    return Field(default_factory=list, max_length=WORDS_MAX, description=description)


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=WORD_MAX)


class About(_Part):
    name: str | None = Field(default=None, description="What family of documents the profile reads.")
    language: ReadingLanguage | None = Field(default=None, description="The language the documents are read in.")


class Headings(_Part):
    areas: list[str] = _words('Headings that are areas: a label ("Tema"), "style:Heading 1", "size>=16", "bold".')
    goals: list[str] = _words("Headings that are goals, as for areas.")
    measures: list[str] = _words("Labels of lists whose items are measures.")
    leave_out: list[str] = _words("Sections left out: their headings' text.")


class Columns(_Part):
    """Each column by its header's text, or by its place: "#2" is the second column of every table."""

    measure: list[str] = _words("Header texts of the measure column.")
    responsible: list[str] = _words("Header texts of the responsible column.")
    sub_measure: list[str] = _words("Header texts of a column of sub-measures, each row one part of the measure "
                                    "beside it (a cell merged over the rows).")
    timing: list[str] = _words("Header texts of a column saying when in words.")
    period: list[str] = _words("Header texts of period columns named in the plan's own words (\"Fase 1\").")
    id: list[str] = _words("Header texts of the measures' ID column.")
    goal: list[str] = _words("Header texts of a column naming each row's goal.")
    area: list[str] = _words("Header texts of a column naming each row's area.")
    ignore: list[str] = _words("Header texts of columns to leave out.")

    def named(self) -> dict[str, list[str]]:
        """Each column role the profile names, with its header texts."""
        return {role: names for role, names in self.model_dump().items() if names}


class Marks(_Part):
    planned: list[str] = _words("Marks meaning planned in a period.")
    tentative: list[str] = _words("Marks meaning tentative.")
    empty: list[str] = _words("Marks meaning nothing planned.")
    bullets: list[str] = _words("Marks that start a list item, drawn a document's own way (\"o\", \"❖\").")


class Profile(_Part):
    """How a family of documents is read."""

    profile: About = Field(default_factory=About)
    headings: Headings = Field(default_factory=Headings)
    columns: Columns = Field(default_factory=Columns)
    marks: Marks = Field(default_factory=Marks)
    roles: dict[str, list[str]] = Field(default_factory=dict, max_length=WORDS_MAX,
                                        description="Role aliases: role = [its other spellings].")

    def vocabulary(self, base: Vocabulary) -> Vocabulary:
        """The vocabulary with the profile's words added (and its language, where it says one)."""
        words = {
            "measure_headers": self.columns.measure, "responsible_headers": self.columns.responsible,
            "timing_headers": self.columns.timing, "id_headers": self.columns.id,
            "period_headers": self.columns.period,
            "goal_headers": self.columns.goal, "area_headers": self.columns.area,
            "area_labels": [w for w in map(_label, self.headings.areas) if w],
            "goal_labels": [w for w in map(_label, self.headings.goals) if w],
            "measure_labels": [w for w in map(_label, self.headings.measures) if w],
            "planned_marks": self.marks.planned, "empty_marks": self.marks.empty,
            "tentative_marks": self.marks.tentative,
        }
        # columns named by place ("#2") are no words: their header texts are added once the document is seen
        words = {name: [word for word in values if _place(word) is None] if name.endswith("_headers") else values
                 for name, values in words.items()}
        extended = base.extended(**{name: frozenset(values) for name, values in words.items() if values})
        if self.roles:
            extended = extended.with_aliases(self.roles)
        if self.profile.language:
            extended = dataclasses.replace(extended, language=self.profile.language)
        return extended

    def joined(self, other: Profile) -> Profile:
        """This profile with what `other` says added where this one is silent (lists joined, this one's first)."""
        data = self.model_dump()
        for part, values in other.model_dump().items():
            if part == "roles":
                for role, spellings in values.items():
                    data["roles"][role] = list(dict.fromkeys([*data["roles"].get(role, []), *spellings]))
                continue
            for key, value in values.items():
                if isinstance(value, list):
                    data[part][key] = list(dict.fromkeys([*data[part][key], *value]))
                elif data[part][key] is None:
                    data[part][key] = value
        return Profile.model_validate(data)

    def to_toml(self) -> str:
        """The profile as TOML, its empty parts left out."""
        lines: list[str] = []
        for part in ("profile", "headings", "columns", "marks"):
            values = {key: value for key, value in getattr(self, part).model_dump().items() if value}
            if values:
                lines.append(f"[{part}]")
                lines.extend(f"{key} = {_toml_value(value)}" for key, value in values.items())
                lines.append("")
        if self.roles:
            lines.append("[roles]")
            lines.extend(f"{json.dumps(role, ensure_ascii=False)} = {_toml_value(spellings)}"
                         for role, spellings in self.roles.items())
            lines.append("")
        return "\n".join(lines)


def _toml_value(value: object) -> str:
    """A string or a list of strings as TOML (a JSON string is a TOML basic string)."""
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


_SIZE = re.compile(r"size\s*>=\s*(\d+(?:\.\d+)?)$", re.IGNORECASE)


def _label(rule: str) -> str | None:
    """The label word of a heading rule ("Tema:" → "tema"); None for a style rule."""
    if rule.lower().startswith("style:") or _SIZE.match(rule.strip()) or rule.strip().lower() == "bold":
        return None
    word = rule.strip().rstrip(":").strip()
    return word or None


def _norm(text: str) -> str:
    return " ".join(text.replace(":", " ").split()).casefold()


def _matches(rule: str, paragraph: Paragraph) -> bool:
    style = paragraph.style
    text = rule.strip()
    if text.lower().startswith("style:"):
        return (style.style_name or "").casefold() == text[6:].strip().casefold()
    size = _SIZE.match(text)
    if size:
        return style.size is not None and style.size >= float(size.group(1))
    if text.lower() == "bold":
        return style.bold and len(paragraph.text) <= 200
    label = _norm(text)
    said = _norm(paragraph.text)
    return bool(label) and (said == label or re.match(rf"{re.escape(label)}\b", said) is not None) \
        and len(paragraph.text) <= 200


def _heading(paragraph: Paragraph, level: int) -> Paragraph:
    return dataclasses.replace(paragraph, style=dataclasses.replace(paragraph.style, heading_level=level))


def _left_out(blocks: list[Block], names: list[str]) -> tuple[list[Block], list[str]]:
    """The blocks without the sections whose headings the profile leaves out; the headings left out."""
    wanted = {_norm(name) for name in names}
    out: list[Block] = []
    dropped: list[str] = []
    skipping: TextStyle | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            if skipping is not None and _ends(block.style, skipping):
                skipping = None
            if skipping is None and _norm(block.text) in wanted:
                skipping = block.style
                dropped.append(block.text)
        if skipping is None:
            out.append(block)
    return out, dropped


def _ends(style: TextStyle, heading: TextStyle) -> bool:
    """Whether a paragraph of `style` is a heading at the level of `heading` or above: where a left-out
    section ends."""
    if heading.heading_level is not None:
        return style.heading_level is not None and style.heading_level <= heading.heading_level
    if style.heading_level is not None:
        return True
    return (heading.size is not None and style.size is not None and style.size >= heading.size - 0.5
            and style.bold >= heading.bold)


def _without_columns(table: Table, names: set[str], places: Collection[int] = ()) -> Table:
    """The table without the columns whose header (its first rows') text the profile ignores, and
    those at the places it ignores."""
    header_rows = table.rows[:3]
    drop = {index for row in header_rows for index, cell in enumerate(row.cells) if _norm(cell.text) in names}
    drop.update(places)
    if not drop:
        return table
    rows = tuple(dataclasses.replace(row, cells=tuple(c for i, c in enumerate(row.cells) if i not in drop))
                 for row in table.rows)
    return dataclasses.replace(table, rows=rows)


def with_sub_measures(plan: Plan, profile: Profile) -> Plan:
    """Each row of a sub-measure column as a measure of its own, named by its measure and its part
    ("Styrke lesingen – Lesekurs for foreldre", the two as its paragraphs), with its own marks and
    roles; the plan as it is where the profile names no such column."""
    names = {_norm(text) for text in profile.columns.sub_measure if _place(text) is None}
    if not names:
        return plan
    changed = False
    for measure in plan.measures():
        column = next((key for key in measure.extra if _norm(key) in names), None)
        if column is None:
            continue
        part = measure.extra.pop(column).strip()
        if part:
            measure.paragraphs = [*(measure.paragraphs or [measure.text]), part]
            measure.text = f"{measure.text} – {part}"
        changed = True
    return plan.cleaned() if changed else plan


def header_texts(layout: Layout) -> set[str]:
    """The texts of the first rows' cells of every table, as compared."""
    return {_norm(cell.text) for block in layout.blocks if isinstance(block, Table)
            for row in block.rows[:3] for cell in row.cells if cell.text}


# The vocabulary's word set of each column role a profile names.
_HEADER_SETS = {"measure": "measure_headers", "responsible": "responsible_headers", "timing": "timing_headers",
                "id": "id_headers", "goal": "goal_headers", "area": "area_headers", "period": "period_headers"}
_PLACE = re.compile(r"^#\s*(\d{1,2})$")


def _place(text: str) -> int | None:
    """The index of a column named by its place ("#2" → 1), or None for one named by its header."""
    match = _PLACE.match(text.strip())
    return int(match.group(1)) - 1 if match and int(match.group(1)) > 0 else None


def _fits(text: str, headers: set[str], widest: int) -> bool:
    """Whether a column the profile names is in the document: a header with its text, or a table with
    a column at its place."""
    place = _place(text)
    return _norm(text) in headers if place is None else place < widest


def _widest(layout: Layout) -> int:
    return max((len(row.cells) for block in layout.blocks if isinstance(block, Table) for row in block.rows[:1]),
               default=0)


def _placed_headers(layout: Layout, profile: Profile) -> dict[str, frozenset[str]]:
    """The header texts of the columns the profile names by place, as words of the vocabulary's sets:
    the first row's text at that place in each table."""
    words: dict[str, set[str]] = {}
    for role, names in profile.columns.named().items():
        places = [place for place in map(_place, names) if place is not None]
        if role not in _HEADER_SETS or not places:
            continue
        for block in layout.blocks:
            if isinstance(block, Table) and block.rows:
                cells = block.rows[0].cells
                words.setdefault(_HEADER_SETS[role], set()).update(
                    cells[place].text for place in places if place < len(cells) and cells[place].text)
    return {name: frozenset(found) for name, found in words.items()}


def _marked_item(paragraph: Paragraph, marks: list[str]) -> Paragraph:
    """A paragraph starting with one of the profile's list marks as a list item with that mark."""
    text = paragraph.text.lstrip()
    for mark in marks:
        if mark and text.startswith(mark) and text[len(mark):len(mark) + 1].isspace() and text[len(mark):].strip():
            style = dataclasses.replace(paragraph.style, list_label=mark, list_level=paragraph.style.list_level or 0)
            lines = paragraph.lines
            if lines and lines[0].lstrip().startswith(mark):
                lines = (lines[0].lstrip()[len(mark):].strip(), *lines[1:])
            return dataclasses.replace(paragraph, text=text[len(mark):].strip(), style=style, lines=lines)
    return paragraph


def apply_profile(layout: Layout, profile: Profile, name: str, vocabulary: Vocabulary
                  ) -> tuple[Layout, Vocabulary]:
    """The layout as the profile says to read it, and the vocabulary with the header texts of the
    columns it names by place: its columns checked (a column it names that the document lacks is a
    ProfileMismatch), ignored columns and left-out sections removed, headings it names marked as area
    (level 1) and goal (level 2) headings, paragraphs starting with its list marks made list items.
    `name` is the document's, for the message."""
    headers = header_texts(layout)
    widest = _widest(layout)
    for role, names in profile.columns.named().items():
        if role != "ignore" and not any(_fits(text, headers, widest) for text in names):
            shown = " or ".join(f"'{text}'" for text in names)
            raise ProfileMismatch(f"{name}: the profile names a {role} column {shown}, which this document does not "
                             "have; use a profile written for this kind of document (planparse profile), or "
                             "leave the profile out")
    blocks = list(layout.blocks)
    warnings = list(layout.warnings)
    if profile.headings.leave_out:
        blocks, dropped = _left_out(blocks, profile.headings.leave_out)
        warnings.extend(PlanWarning(code="profile-left-out", message=f"the section «{text}» was left out, as the "
                                    "reading profile says") for text in dropped)
    ignored = {_norm(text) for text in profile.columns.ignore if _place(text) is None}
    ignored_places = {place for place in map(_place, profile.columns.ignore) if place is not None}
    rules = [(1, rule) for rule in profile.headings.areas] + [(2, rule) for rule in profile.headings.goals]
    placed = _placed_headers(layout, profile)
    shaped: list[Block] = []
    for block in blocks:
        if isinstance(block, Table) and (ignored or ignored_places):
            block = _without_columns(block, ignored, ignored_places)
        elif isinstance(block, Paragraph):
            level = next((level for level, rule in rules if _matches(rule, block)), None)
            if level is not None:
                block = _heading(block, level)
            elif profile.marks.bullets:
                block = _marked_item(block, profile.marks.bullets)
        shaped.append(block)
    return dataclasses.replace(layout, blocks=shaped, warnings=warnings), vocabulary.extended(**placed)


# How much alike the headings of a kind must be for a profile to name what they share.
SHARED = 0.5
_LABELLED = re.compile(r"^(?P<label>[^\W\d][\w&/ -]{0,40}?)\s*(?:\d+[.)]?\s*)?[:–—-]\s*(?P<rest>.+)$")


def _labels_before(titles: list[str], texts: list[str]) -> list[str]:
    """The label words standing before most of the titles in the document's texts ("Tema: Natur" for
    the title "Natur"): those before at least half of them."""
    wanted = {_norm(title) for title in titles if title.strip()}
    found: dict[str, set[str]] = {}
    for text in texts:
        for line in text.splitlines() or [text]:
            match = _LABELLED.match(line.strip())
            if match and _norm(match.group("rest")) in wanted:
                found.setdefault(match.group("label").strip(), set()).add(_norm(match.group("rest")))
    return [label for label, titles_found in found.items() if len(titles_found) >= max(1, SHARED * len(wanted))]


def _labels_within(titles: list[str]) -> list[str]:
    """The label most of the titles start with ("Fokus 1: Oppvekst", "Fokus 2: Helse")."""
    labels = [match.group("label").strip().casefold() for title in titles if (match := _LABELLED.match(title.strip()))]
    shared = [label for label in dict.fromkeys(labels) if labels.count(label) >= max(2, SHARED * len(titles))]
    return [label.capitalize() for label in shared[:1]]


def _style_rule(titles: list[str], paragraphs: list[Paragraph]) -> str | None:
    """A style the paragraphs holding the titles share: a Word style by name, else a least size."""
    wanted = {_norm(title) for title in titles if title.strip()}
    held = [p for p in paragraphs if _norm(p.text) in wanted]
    if not wanted or len(held) < SHARED * len(wanted):
        return None
    names = {p.style.style_name for p in held}
    if len(names) == 1 and next(iter(names)) and next(iter(names)) not in ("Normal", "Body Text"):
        return f"style:{next(iter(names))}"
    sizes = [p.style.size for p in held if p.style.size]
    body = [p.style.size for p in paragraphs if p.style.size and _norm(p.text) not in wanted]
    if sizes and body and min(sizes) > max(sorted(body)[len(body) // 2], 0) + 1:
        return f"size>={round(min(sizes) - 0.5, 1):g}"
    return None


def _column_roles(plan: Plan) -> dict[str, set[str]]:
    """The header texts of the measure tables' columns, by what planparse read each as."""
    roles: dict[str, set[str]] = {}
    periods = set(plan.period_labels())
    for goal in plan.goals():
        timings = {m.timing.label for m in goal.measures if m.timing and m.timing.label}
        extras = {name for m in goal.measures for name in m.extra}
        labelled = any(m.label for m in goal.measures)
        seen_measure = False
        for position, name in enumerate(goal.columns):
            if name in periods or name in extras or not name.strip():
                continue
            if name in timings:
                role = "timing"
            elif labelled and position == 0:
                role = "id"
            elif not seen_measure:
                role, seen_measure = "measure", True
            elif any(m.responsible and m.responsible_stated.value == "measure" for m in goal.measures):
                role = "responsible"
            else:
                continue
            roles.setdefault(role, set()).add(name)
    return roles


def describe(layout: Layout, plan: Plan, language: str, default: Vocabulary, given: Profile | None = None
             ) -> Profile:
    """The profile of how a document was read: its language, what labels or styles its area and goal
    headings had, its measure tables' column headers, the marks it used beyond `default`'s, and the
    role spellings planparse unified; with what the profile it was read with (`given`) said. A start to
    edit, to read the next document of its family."""
    paragraphs = [block for block in layout.blocks if isinstance(block, Paragraph)]
    texts = [p.text for p in paragraphs] + [cell.text for block in layout.blocks if isinstance(block, Table)
                                            for row in block.rows for cell in row.cells if cell.text]
    headings: dict[str, list[str]] = {}
    for kind, titles in (("areas", [a.title for a in plan.areas]), ("goals", [g.text for g in plan.goals()])):
        rules = _labels_before(titles, texts) or _labels_within(titles)
        style = _style_rule(titles, paragraphs) if not rules else None
        headings[kind] = rules or ([style] if style else [])
    columns = {role: sorted(names) for role, names in _column_roles(plan).items()}
    planned, tentative = set(), set()
    for measure in plan.measures():
        for mark in measure.schedule.values():
            key = mark_key(mark.raw)
            if mark.kind is MarkKind.PLANNED and key not in default.planned_marks:
                planned.add(mark.raw)
            elif mark.kind is MarkKind.TENTATIVE and not mark.raw.strip().startswith(("(", "[")):
                tentative.add(mark.raw)
    roles: dict[str, set[str]] = {}
    for measure in plan.measures():
        for written, role in zip(measure.responsible_as_written or [], measure.responsible, strict=False):
            if written != role:
                roles.setdefault(role, set()).add(written)
    described = Profile(
        profile=About(name=(plan.organisation or plan.title)[:WORD_MAX], language=language),  # type: ignore[arg-type]
        headings=Headings(**headings), columns=Columns(**columns),
        marks=Marks(planned=sorted(planned), tentative=sorted(tentative)),
        roles={role: sorted(spellings) for role, spellings in roles.items()})
    return described if given is None else given.joined(described)
