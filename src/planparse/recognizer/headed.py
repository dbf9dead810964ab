"""Measures as headings ("Action 1: Create an OMB Data Council", "1.1 Tilläggsisolera …"), each followed
by what it is: its description, labelled lines ("Responsible: …", "Timeline: …", "Measurement: …") or a
small table naming who and when. The heading level whose parts hold such statements is the measure
level; the levels above it are areas and goals."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from planparse.layout import Block, Paragraph, Table
from planparse.model import Goal, Measure, PlanWarning, Timing
from planparse.recognizer.contents import contents_blocks
from planparse.recognizer.headers import find_header
from planparse.recognizer.inline import split_inline
from planparse.recognizer.roles import split_roles
from planparse.recognizer.structure import (
    Chunk,
    Signature,
    Structure,
    is_lead_in,
    most_common,
    outranks,
    reads_as_goal,
    signature,
    title_blocks,
    title_text,
)
from planparse.recognizer.text import join_wrapped, paragraph_text, split_number
from planparse.vocabulary import Vocabulary

HEADING_MAX = 200
# At least this share of the headings of the measure level, and two or more, state who or when.
STATING_SHARE = 0.5
_FIELD = re.compile(r"^(?P<label>[^\W\d][\w ()/.&'-]{0,40}?)\s*:\s*(?P<value>\S.*)?$", re.DOTALL)


@dataclass
class _Part:
    """What stands under one heading until the next: its paragraphs and tables."""

    heading: int
    blocks: list[int] = field(default_factory=list)


def _field(text: str) -> tuple[str, str] | None:
    match = _FIELD.match(text.strip())
    if match is None:
        return None
    return match.group("label").strip(), (match.group("value") or "").strip()


def _states(part: _Part, blocks: Sequence[Block], vocabulary: Vocabulary) -> bool:
    """Whether a part states who is responsible or when: a labelled line, or a table with such a column."""
    for index in part.blocks:
        block = blocks[index]
        if isinstance(block, Table):
            if _who_when(block, vocabulary) is not None:
                return True
            continue
        found = _field(block.text)
        if found and (found[0].casefold() in vocabulary.responsible_prefixes
                      or found[0].casefold() in vocabulary.timing_prefixes):
            return True
    return False


# A numbered line this short, in the body's type, may be a heading ("1.1 Tilläggsisolera, byta fönster").
NUMBERED_HEADING_MAX = 250


def _numbered_headings(paragraphs: dict[int, Paragraph]) -> set[int]:
    """The numbered lines in the body's type that are headings: each followed by what it heads, not by
    the next line of a numbered list ("1. Identifying …", "2. Assessing …" are a list's items)."""
    order = sorted(paragraphs)
    numbers = {i: split_number(paragraphs[i].text, paragraphs[i].style.list_label)[0] or ""
               for i in order if _numbered(paragraphs[i])}
    listed: set[int] = set()
    for before, after in itertools.pairwise(order):
        if before in numbers and after in numbers and after == before + 1 and _next_number(numbers[before],
                                                                                           numbers[after]):
            listed.update((before, after))
    return set(numbers) - listed


def _next_number(first: str, second: str) -> bool:
    """Whether `second` numbers the item after `first` ("2." after "1.", "1.3" after "1.2")."""
    a, b = first.rstrip(".").split("."), second.rstrip(".").split(".")
    return (len(a) == len(b) and a[:-1] == b[:-1] and a[-1].isdigit() and b[-1].isdigit()
            and int(b[-1]) == int(a[-1]) + 1)


def _numbered(paragraph: Paragraph) -> bool:
    number, rest = split_number(paragraph.text, paragraph.style.list_label)
    return (number is not None and paragraph.style.list_level is None and len(paragraph.text) <= NUMBERED_HEADING_MAX
            and not rest.rstrip().endswith(":"))


def _who_when(table: Table, vocabulary: Vocabulary) -> tuple[int, int | None, int | None] | None:
    """Where a small table under a measure says who and when: its first body row, its responsible
    column and its timing column ("Förvaltning | Ansvarig | Tidsplan", with or without a measure column);
    None when it says neither."""
    header = find_header(table, vocabulary)
    if header is not None:
        if header.responsible is None and header.timing is None:
            return None
        return header.row_index + 1, header.responsible, header.timing
    if not table.rows:
        return None
    names = [cell.text for cell in table.rows[0].cells]
    who = next((i for i, name in enumerate(names) if vocabulary.is_responsible_header(name)), None)
    when = next((i for i, name in enumerate(names) if vocabulary.is_timing_header(name)), None)
    return None if who is None and when is None else (1, who, when)


def _parts(blocks: Sequence[Block], headings: list[int]) -> list[_Part]:
    parts = []
    bounds = [*headings, len(blocks)]
    for start, end in itertools.pairwise(bounds):
        parts.append(_Part(start, list(range(start + 1, end))))
    return parts


def _headings(blocks: Sequence[Block], skip: set[int]) -> tuple[list[int], Signature | None]:
    paragraphs = {i: b for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text.strip() and i not in skip}
    body = most_common([signature(p) for p in paragraphs.values()], [len(p.text) for p in paragraphs.values()])
    if body is None:
        return [], None
    numbered = _numbered_headings({i: p for i, p in paragraphs.items()  # (a footnote "8 Learning …" is none)
                                   if not (p.style.size and body.size and p.style.size < body.size - 0.5)})
    found = [i for i, p in paragraphs.items() if len(p.text) <= HEADING_MAX and not is_lead_in(p.text)
             and (p.style.heading_level is not None or outranks(signature(p), body) or i in numbered)]
    return sorted(found), body


def measure_level(blocks: Sequence[Block], vocabulary: Vocabulary) -> tuple[Signature, list[int]] | None:
    """The look of the headings that are measures, and all headings, where one look's parts state who is
    responsible or when; None otherwise."""
    skip = set(title_blocks(blocks, vocabulary)) | contents_blocks(blocks, vocabulary)
    headings, _ = _headings(blocks, skip)
    if len(headings) < 2:
        return None
    parts = _parts(blocks, headings)
    looks = {part.heading: signature(blocks[part.heading]) for part in parts}  # type: ignore[arg-type]
    stating: Counter[Signature] = Counter()
    total: Counter[Signature] = Counter(looks.values())
    for part in parts:
        if _states(part, blocks, vocabulary):
            stating[looks[part.heading]] += 1
    best = max(stating, key=lambda look: stating[look], default=None)
    if best is None or stating[best] < 2 or stating[best] < STATING_SHARE * total[best]:
        return None
    return best, headings


def _measure(heading: Paragraph, part: _Part, blocks: Sequence[Block], vocabulary: Vocabulary,
             coded: bool = False) -> Measure:
    text = paragraph_text(heading, vocabulary)
    inline = split_inline(text, vocabulary)
    number, _ = split_number(text)
    responsible: list[str] = []
    timing: str | None = None
    extra: dict[str, str] = {}
    description: list[str] = []
    leads: list[str] = []  # those a list of partners marks as leading ("UPSud (lead), CNRS")
    last: str | None = None  # the label of the field a continuation line goes on with
    for index in part.blocks:
        block = blocks[index]
        if isinstance(block, Table):
            if coded:
                break  # a coded task's part ends where the document's tables (its lists of partners) begin
            columns = _who_when(block, vocabulary)
            if columns is None:
                continue
            first, who, when = columns
            # the table kept whole, under its header's names ("Förvaltning/Bolag | Ansvarig | Tidsplan")
            name = " | ".join(cell.text for cell in block.rows[first - 1].cells) if first else "table"
            kept = "\n".join(" | ".join(cell.text for cell in row.cells) for row in block.rows[first:]
                              if any(cell.text for cell in row.cells))  # a row a line
            extra[name] = f"{extra[name]}\n{kept}" if name in extra else kept
            for row in block.rows[first:]:
                if who is not None and who < len(row.cells):
                    for role in split_roles(row.cells[who].paragraphs, vocabulary):
                        if role not in responsible:
                            responsible.append(role)
                if when is not None and when < len(row.cells) and row.cells[when].text:
                    value = row.cells[when].text
                    timing = value if timing is None or value in timing else f"{timing}; {value}"
            continue
        line = paragraph_text(block, vocabulary)
        if not line:
            continue
        found = _field(line)
        if found is not None:
            label, value = found
            key = label.casefold()
            if key in vocabulary.responsible_prefixes:
                responsible.extend(split_roles([Paragraph(text=value)], vocabulary))
            elif key in vocabulary.timing_prefixes:
                timing = value
            else:
                extra[label] = value
                leads.extend(_leads(value, vocabulary))
            last = label
        elif last is not None and block.location.bbox and heading.location.bbox and \
                block.location.bbox[0] > heading.location.bbox[0] + 20:
            extra[last] = join_wrapped(extra.get(last, ""), line, vocabulary) if extra.get(last) else line
        else:
            description.append(line)
            last = None
    if description:
        extra.setdefault("description", " ".join(description))
    if not responsible:
        responsible = list(dict.fromkeys(leads))
    if coded:
        text, stated = _timing_tail(text)
        timing = timing or stated
        number = _CODE.match(text).group("code") if _CODE.match(text) else number  # type: ignore[union-attr]
        return Measure(text=text, label=number, paragraphs=[text], responsible=responsible,
                       timing=Timing(text=timing, understood=False) if timing else None, extra=extra,
                       location=heading.location)
    return Measure(text=inline.text if inline.label else text, label=inline.label or number,
                   paragraphs=[inline.text if inline.label else text], responsible=responsible,
                   timing=Timing(text=timing, understood=False) if timing else None, extra=extra,
                   location=heading.location)


# An area's goal stated under its heading is a sentence or two, in one paragraph.
GOAL_STATEMENT_MAX = 400


def _goal_statement(part: _Part, blocks: Sequence[Block]) -> int | None:
    """The one paragraph under an area's heading that states its goal (a sentence), if that is all there is."""
    texts = [i for i in part.blocks if isinstance(blocks[i], Paragraph) and blocks[i].text.strip()]  # type: ignore[union-attr]
    if len(texts) != 1 or any(isinstance(blocks[i], Table) for i in part.blocks):
        return None
    text = blocks[texts[0]].text.strip()  # type: ignore[union-attr]
    return texts[0] if len(text) <= GOAL_STATEMENT_MAX and reads_as_goal(text) and _field(text) is None else None


def build_headed_structure(blocks: Sequence[Block], vocabulary: Vocabulary) -> Structure | None:
    """The plan of a document whose measures are headings with their statements under them."""
    found = measure_level(blocks, vocabulary)
    if found is None:
        return None
    look, headings = found
    title_indices = title_blocks(blocks, vocabulary)
    parts = {part.heading: part for part in _parts(blocks, headings)}
    higher = sorted({signature(blocks[h]) for h in headings if outranks(signature(blocks[h]), look)},  # type: ignore[arg-type]
                    key=lambda s: (-(s.size or 0), not s.bold, s.heading_level or 99, s.depth or 99))
    area_look = higher[-2] if len(higher) >= 2 else (higher[0] if higher else None)
    goal_look = higher[-1] if len(higher) >= 2 else None
    parent = [s for s in higher if look.depth is not None and s.depth == look.depth - 1]
    if parent:  # numbered measures ("1.1") stand under the headings numbered one level up ("1."): their areas
        area_look, goal_look = parent[0], None
    chunks: list[Chunk] = [Chunk(heading=None)]
    warnings: list[PlanWarning] = []
    goal: Goal | None = None
    inside: set[int] = set()
    for index in headings:
        block = blocks[index]
        assert isinstance(block, Paragraph)
        look_here = signature(block)
        if look_here == look:
            if goal is None:
                goal = Goal(text="", location=block.location)
                chunks[-1].goals.append(goal)
            goal.measures.append(_measure(block, parts[index], blocks, vocabulary))
            inside.update(parts[index].blocks)
            tables = len([i for i in parts[index].blocks
                          if isinstance(table := blocks[i], Table) and _who_when(table, vocabulary) is not None])
            if tables > 1:
                warnings.append(PlanWarning(
                    code="measure-tables-joined", location=block.location,
                    message=f"«{goal.measures[-1].text[:60]}» has {tables} tables of who and when under it: the "
                            "heading of the measure the later ones belong to may have been missed"))
        elif look_here == area_look:
            chunks.append(Chunk(heading=block))
            goal = None
            stated = _goal_statement(parts[index], blocks)
            if stated is not None:  # the sentence under an area's heading, before its measures: its goal
                statement = blocks[stated]
                assert isinstance(statement, Paragraph)
                goal = Goal(text=paragraph_text(statement, vocabulary), location=statement.location)
                chunks[-1].goals.append(goal)
                inside.add(stated)
        elif look_here == goal_look:
            goal = Goal(text=paragraph_text(block, vocabulary), location=block.location)
            chunks[-1].goals.append(goal)
    for index, block in enumerate(blocks):  # what stands outside the measures' parts: notes of the plan
        if index in inside or index in headings or index in title_indices or not isinstance(block, Paragraph):
            continue
        if block.text.strip():
            chunks[0].notes.append(paragraph_text(block, vocabulary))
    return Structure(title=title_text(blocks, title_indices, vocabulary), chunks=chunks, warnings=warnings)


# Coded tasks: lines that open with a code of letters and a dotted number ("T1.1", "A 2.3"), the codes of
# one family running in order, each followed by its labelled lines ("Sites: X (lead), Y"); the line
# whose code has the tasks' first number ("WP1 - Project Management") is their area.
_CODE = re.compile(r"^(?P<code>(?P<letters>[^\W\d_]{1,3}) ?(?P<major>\d{1,2})\.(?P<minor>\d{1,2}))\s+(?P<rest>\S.*)$",
                   re.DOTALL)
_PARENT = re.compile(r"^(?P<letters>[^\W\d_]{1,4}) ?(?P<major>\d{1,2})\s*[-–:.]\s*(?P<title>\S.{2,150})$", re.DOTALL)
# At least this many coded lines of one family, and this share of them followed by a labelled line.
MIN_CODED = 4
CODED_FIELD_SHARE = 0.5
# A trailing bracket of months or dates after an area's name ("[Months: 1-48]").
_BRACKET_TAIL = re.compile(r"\s*[\[(][^\])]*\d[^\])]*[\])]\s*$")
_LEAD = re.compile(r"(?P<name>[^,;()]+?)\s*\((?P<mark>[^()]{1,30})\)")


def _leads(value: str, vocabulary: Vocabulary) -> list[str]:
    """The names a list marks as leading: "UPSud (lead), CNRS" -> ["UPSud"]."""
    return [" ".join(match.group("name").split()) for match in _LEAD.finditer(value)
            if match.group("mark").strip().casefold() in vocabulary.lead_marks]


def _timing_tail(text: str) -> tuple[str, str | None]:
    """A coded task's title and the times printed after it on its line ("… management M0-M48; M0-M3")."""
    words = text.split()
    cut = len(words)
    while cut > 2 and any(ch.isdigit() for ch in words[cut - 1]) and words[cut - 1][0] not in "([":
        cut -= 1
    if cut == len(words):
        return text, None
    return " ".join(words[:cut]), " ".join(words[cut:])


def _coded_lines(blocks: Sequence[Block], skip: set[int]) -> dict[int, re.Match[str]]:
    """The lines of the biggest family of coded tasks, by block index; empty when there is none."""
    found: dict[str, dict[int, re.Match[str]]] = {}
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and index not in skip and len(block.text) <= HEADING_MAX:
            match = _CODE.match(block.text.strip())
            if match is not None:
                found.setdefault(match.group("letters"), {})[index] = match
    if not found:
        return {}
    family = max(found.values(), key=len)
    codes = [(int(m.group("major")), int(m.group("minor"))) for m in family.values()]
    in_order = sum(a < b for a, b in itertools.pairwise(codes))
    if len(family) < MIN_CODED or len(set(codes)) < len(codes) or in_order < 0.8 * (len(codes) - 1):
        return {}
    return family


def _opens_with_field(part: _Part, blocks: Sequence[Block]) -> bool:
    first = blocks[part.blocks[0]] if part.blocks else None
    return isinstance(first, Paragraph) and _field(first.text) is not None


def build_coded_structure(blocks: Sequence[Block], vocabulary: Vocabulary) -> Structure | None:
    """The plan of a document whose measures are coded tasks ("T1.1 …") with their labelled lines."""
    skip = set(title_blocks(blocks, vocabulary)) | contents_blocks(blocks, vocabulary)
    coded = _coded_lines(blocks, skip)
    if not coded:
        return None
    letters = next(iter(coded.values())).group("letters")
    majors = {int(m.group("major")) for m in coded.values()}
    areas: dict[int, int] = {}  # block index of each area line
    first = min(coded)
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and index not in skip and index not in coded:
            match = _PARENT.match(block.text.strip())
            if match and match.group("letters") != letters and int(match.group("major")) in majors:
                major = int(match.group("major"))
                later = [i for i, m in coded.items() if int(m.group("major")) == major]
                if later and index < min(later) and (index > first or major == min(majors)):
                    areas[major] = index  # the last such line before the area's first task
    headings = sorted({*coded, *areas.values()})
    parts = {part.heading: part for part in _parts(blocks, headings)}
    fielded = sum(_opens_with_field(parts[i], blocks) for i in coded)
    if fielded < CODED_FIELD_SHARE * len(coded):
        return None
    chunks: list[Chunk] = [Chunk(heading=None)]
    goal: Goal | None = None
    inside: set[int] = set()
    area_lines = set(areas.values())
    for index in headings:
        block = blocks[index]
        assert isinstance(block, Paragraph)
        if index in area_lines:
            name = _BRACKET_TAIL.sub("", paragraph_text(block, vocabulary))
            chunks.append(Chunk(heading=Paragraph(text=name, style=block.style, location=block.location)))
            goal = None
            continue
        if goal is None:
            goal = Goal(text="", location=block.location)
            chunks[-1].goals.append(goal)
        goal.measures.append(_measure(block, parts[index], blocks, vocabulary, coded=True))
        inside.update(parts[index].blocks)
    title_indices = title_blocks(blocks, vocabulary)
    for index, block in enumerate(blocks):
        if index in inside or index in headings or index in title_indices or not isinstance(block, Paragraph):
            continue
        if block.text.strip():
            chunks[0].notes.append(paragraph_text(block, vocabulary))
    return Structure(title=title_text(blocks, title_indices, vocabulary), chunks=chunks, warnings=[])
