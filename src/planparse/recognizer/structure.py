"""Telling areas, goals and notes apart by how their paragraphs look, and nesting them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from planparse.layout import Block, Paragraph, Table
from planparse.model import Area, BBox, Goal, Location, PlanWarning, Section
from planparse.recognizer.contents import contents_blocks
from planparse.recognizer.headers import TableHeader
from planparse.recognizer.item_tables import ItemTable
from planparse.recognizer.items import item_marker, listed_measure
from planparse.recognizer.responsibility import name_and_roles, responsible_statement
from planparse.recognizer.tables import opens_with_goal_row, read_measure_table
from planparse.recognizer.text import names_something, number_depth, paragraph_text, split_number
from planparse.vocabulary import Vocabulary


@dataclass(frozen=True)
class Signature:
    """How a paragraph looks, as far as ranking headings goes."""

    heading_level: int | None
    depth: int | None
    bold: bool
    size: float | None


def signature(paragraph: Paragraph) -> Signature:
    style = paragraph.style
    if style.list_label is not None and style.list_level is not None:
        depth: int | None = style.list_level + 1
    else:
        depth = number_depth(split_number(paragraph.text)[0])
    size = round(style.size * 2) / 2 if style.size else None
    return Signature(style.heading_level, depth, style.bold, size)


def outranks(a: Signature, b: Signature) -> bool:
    """Whether a paragraph looking like `a` stands above one looking like `b` (an area above a goal)."""
    if a.depth is not None and b.depth is not None and a.depth != b.depth:
        return a.depth < b.depth
    if a.heading_level is not None and b.heading_level is not None:
        return a.heading_level < b.heading_level
    if a.heading_level is not None:
        return True
    if b.heading_level is None and a.size is not None and b.size is not None and a.size != b.size:
        return a.size > b.size
    return a.bold and not b.bold


@dataclass
class Chunk:
    """What stands under one area-level heading until the next."""

    heading: Paragraph | None
    notes: list[str] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)  # stated once for the area
    named_in_table: set[int] = field(default_factory=set)  # ids of the goals a table's rows or goal column name


# Words that make a heading a goal's sentence ("Alle elever skal …", "Students shall …"), not an area's name.
_GOAL_VERBS = frozenset("skal skall ska skulle bør må shall will should must soll sollen wird werden".split())
# A heading of more words than this reads as a sentence, a goal's.
AREA_WORDS_MAX = 6


def reads_as_goal(text: str) -> bool:
    """Whether a heading reads as a goal (a sentence) rather than an area's name (a few words)."""
    words = text.split()
    return (text.rstrip().endswith(".") or len(words) > AREA_WORDS_MAX
            or any(word.casefold().strip(",.") in _GOAL_VERBS for word in words))


def is_lead_in(text: str) -> bool:
    """A line that leads into what follows ("Derfor vil vi:", "Hvordan arbeider vi med lek?"): never a
    heading of an area or goal, however it is set."""
    return text.rstrip().endswith((":", "?"))


def promote_lone_area(chunks: list[Chunk]) -> list[Chunk]:
    """Where one area alone holds goals, and those goals are names, not sentences ("Januari",
    "Samferdsel"), the area is a part of the document holding the plan (a chapter "Aktiviteter") and its
    goals are the plan's areas: each becomes an area whose goal is not named."""
    holding = [chunk for chunk in chunks if chunk.goals]
    if len(holding) != 1:
        return chunks
    lone = holding[0]
    named = [goal for goal in lone.goals if goal.text]
    if len(named) < 2 or len(named) != len(lone.goals) or sum(reads_as_goal(g.text) for g in named) * 2 >= len(named):
        return chunks
    if any(id(goal) in lone.named_in_table for goal in named):
        return chunks  # goals a table's goal column names are goals by their column's word
    out: list[Chunk] = []
    for chunk in chunks:
        if chunk is not lone:
            out.append(chunk)
            continue
        out.append(Chunk(heading=chunk.heading, notes=chunk.notes))
        for goal in chunk.goals:
            heading = Paragraph(text=f"{goal.number} {goal.text}" if goal.number else goal.text,
                                location=goal.location)
            unnamed = Goal(text="", measures=goal.measures, notes=goal.notes, columns=goal.columns,
                           location=goal.location)
            out.append(Chunk(heading=heading, goals=[unnamed], responsible=[*chunk.responsible, *goal.responsible]))
    return out


@dataclass
class Structure:
    title: str
    chunks: list[Chunk]
    warnings: list[PlanWarning]


def title_blocks(blocks: Sequence[Block], vocabulary: Vocabulary) -> list[int]:
    """Indices of the paragraphs that make the title: the first paragraph (unless it is the
    introduction's heading), and the next if it is styled as a title too."""
    paragraphs = [(i, b) for i, b in enumerate(blocks) if isinstance(b, Paragraph)]
    if not paragraphs or not isinstance(blocks[0], Paragraph) or vocabulary.is_introduction(blocks[0].text):
        return []
    titled = [i for i, p in paragraphs[:3] if p.style.is_title]
    if titled and titled[0] == paragraphs[0][0]:
        run = [titled[0]]
        for index in titled[1:]:
            if index == run[-1] + 1:
                run.append(index)
        return run
    cover = _cover_title(blocks, vocabulary)
    return [cover] if cover is not None else [paragraphs[0][0]]


def title_text(blocks: Sequence[Block], indices: Sequence[int], vocabulary: Vocabulary) -> str:
    """The title the paragraphs at `indices` make, their lines joined."""
    return " ".join(paragraph_text(b, vocabulary) for b in (blocks[i] for i in indices) if isinstance(b, Paragraph))


# How many paragraphs a cover page may hold before its title.
COVER_PARAGRAPHS = 6


def _cover_title(blocks: Sequence[Block], vocabulary: Vocabulary) -> int | None:
    """On a cover page (the organisation, a logo line, then the title), the title is the paragraph in
    the largest type that names a plan, when it is larger than the first paragraph."""
    candidates: list[tuple[int, Paragraph]] = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph) or block.style.heading_level is not None:
            break
        if len(candidates) >= COVER_PARAGRAPHS:
            break
        if block.text.strip():
            candidates.append((index, block))
    if len(candidates) < 2:
        return None
    index, largest = max(candidates, key=lambda c: (c[1].style.size or 0, c[1].style.is_title))
    first_size = candidates[0][1].style.size or 0
    names_plan = vocabulary.names_plan(largest.text)
    if index != candidates[0][0] and names_plan and ((largest.style.size or 0) > first_size or largest.style.is_title):
        return index
    return None


# A paragraph longer than this, or of two sentences or more, is prose, not a goal's sentence.
GOAL_TEXT_MAX = 220
_SENTENCE_END = re.compile(r"[a-zæøåäöü)]{2}[.!?]\s+[A-ZÆØÅÄÖÜ]")


# Paragraphs in the body's type, this many in a row, are prose whatever their length (a page set in
# columns reads a line at a time).
PROSE_RUN = 4


def _is_prose(paragraph: Paragraph) -> bool:
    text = paragraph.text.strip()
    return len(text) > GOAL_TEXT_MAX or _SENTENCE_END.search(text) is not None


_LABEL_ALONE = re.compile(r"^\s*[^\W\d_]{2,20}\s+\d{1,3}[.:]?\s*$")


def with_label_headings_joined(blocks: Sequence[Block]) -> list[Block]:
    """Blocks with a heading that is only a label and its number ("ACTION 1", "Tiltak 3") joined to
    the heading right under it, its title, as one heading ("ACTION 1 Identify Data Needs")."""
    paragraphs = [b for b in blocks if isinstance(b, Paragraph) and b.text.strip()]
    body = most_common([signature(p) for p in paragraphs], [len(p.text) for p in paragraphs])
    out: list[Block] = []
    skip = False
    for index, block in enumerate(blocks):
        if skip:
            skip = False
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (body is not None and isinstance(block, Paragraph) and _LABEL_ALONE.match(block.text)
                and outranks(signature(block), body) and isinstance(following, Paragraph)
                and following.text.strip() and not _is_prose(following) and outranks(signature(following), body)
                and following.location.page == block.location.page):
            text = f"{block.text.strip()} {following.text.strip()}"
            out.append(replace(block, text=text, lines=(text,), soft_breaks=()))
            skip = True
            continue
        out.append(block)
    return out


# A paragraph opening a page in print this much smaller than the body's, or smaller, is a running head
# (a scan's head read on one page only, 6.4 points over a body of 11.6), passed over when a table's
# goal is looked for; a heading a little smaller than the body as told (a contents page's long lines
# made the body 17 points, its months' headings 15) is not.
PAGE_HEAD_SIZE = 0.7


def _goal_indices(blocks: Sequence[Block], headers: dict[int, TableHeader], vocabulary: Vocabulary
                  ) -> dict[int, int]:
    """For each measure table, the index of its goal: the paragraph right before it (a line stating who
    is responsible may stand between), or, where prose in the body's type stands between the table and
    the heading above it (an "Action 1." heading, paragraphs of explanation, its table), that heading."""
    goals: dict[int, int] = {}
    paragraphs = [b for b in blocks if isinstance(b, Paragraph) and b.text.strip()]
    body = most_common([signature(p) for p in paragraphs], [len(p.text) for p in paragraphs])

    def small_print(block: Block) -> bool:  # a caption or a note in smaller type than the body
        return (isinstance(block, Paragraph) and body is not None and body.size is not None
                and block.style.size is not None
                and block.style.size < body.size - 1 and not block.style.bold)

    def page_head(index: int) -> bool:  # a page opening in far smaller print: a running head read on one page
        block = blocks[index]
        return (small_print(block) and index > 0 and isinstance(block, Paragraph) and body is not None
                and (block.style.size or 0) <= PAGE_HEAD_SIZE * (body.size or 0)
                and blocks[index - 1].location.page != block.location.page is not None)

    def passed_over(index: int) -> bool:
        block = blocks[index]
        if isinstance(block, Table):
            return False
        return (not block.text.strip() or responsible_statement(block.text, vocabulary) is not None
                or page_head(index))

    def passed_over_to_prose(index: int) -> int:
        """Where the prose above a table ends, past small print and boxes of other text between them."""
        while index > 0 and ((isinstance(blocks[index], Table) and index not in headers)
                             or small_print(blocks[index])):
            index -= 1
        return index

    def in_body(block: Block) -> bool:
        return isinstance(block, Paragraph) and block.text.strip() != "" and signature(block) == body

    def prose(block: Block, index: int) -> bool:
        if not isinstance(block, Paragraph):
            return False
        if not block.text.strip() or (in_body(block) and _is_prose(block)):
            return True
        # a line of a page set in columns, read a line at a time: one of a run of body lines
        return in_body(block) and any(
            all(in_body(blocks[k]) for k in range(start, start + PROSE_RUN))
            for start in range(max(0, index - PROSE_RUN + 1), min(index, len(blocks) - PROSE_RUN) + 1))

    headed: dict[int, int] = {}  # the heading over prose above a table, where there is one
    for table_index in headers:
        before = table_index - 1
        while before > 0 and passed_over(before):
            before -= 1
        candidate = blocks[before] if before >= 0 else None
        if not isinstance(candidate, Paragraph) or not candidate.text.strip():
            continue
        goals[table_index] = before
        above = passed_over_to_prose(before)
        if above < before and not prose(blocks[above], above):
            above = before  # only prose leads up to a heading
        while above >= 0 and prose(blocks[above], above):
            above -= 1
        heading = blocks[above] if above >= 0 else None
        if above < before and isinstance(heading, Paragraph) and heading.text.strip() and not _is_prose(heading):
            headed[table_index] = above
    if len(headed) * 2 > len(goals):  # the document's way: a heading, prose, the table
        goals.update(headed)
    return goals


def most_common(signatures: Sequence[Signature], weights: Sequence[int] | None = None) -> Signature | None:
    counter: Counter[Signature] = Counter()
    for index, sig in enumerate(signatures):
        counter[sig] += weights[index] if weights else 1
    return counter.most_common(1)[0][0] if counter else None


def _table_text_rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        texts: list[str] = []
        for cell in row.cells:
            if cell.text and not (texts and cell.merged and texts[-1] == cell.text):
                texts.append(cell.text)
        if texts:
            rows.append(" | ".join(texts))
    return rows


def _place_measure_table(chunks: list[Chunk], goal: Goal | None, table: Table, header: TableHeader,
                         vocabulary: Vocabulary, warnings: list[PlanWarning]) -> Goal | None:
    """Put a table's measures under the goal above it, and the goals its rows name after that (an
    area its area column names starts an area); returns the goal that is current after the table."""
    chunk = chunks[-1]
    reading = read_measure_table(table, header, vocabulary)
    warnings.extend(reading.warnings)
    if reading.measures or not reading.goal_rows:
        if goal is None:
            goal = Goal(text="", location=table.location)
            chunk.goals.append(goal)
            warnings.append(PlanWarning(code="table-without-goal", message="a measure table has no goal above it",
                                        location=table.location))
        goal.measures.extend(reading.measures)
        goal.columns = goal.columns or header.columns
    holder = goal  # text above the header belongs to the goal above the table, or else the first named in it
    for goal_row in reading.goal_rows:
        if goal_row.area and (chunk.heading is None or chunk.heading.text != goal_row.area):
            chunk = Chunk(heading=Paragraph(text=goal_row.area, location=goal_row.location))
            chunks.append(chunk)
        number, text = split_number(goal_row.text)
        name, roles = name_and_roles(text, vocabulary)
        goal = Goal(text=name, number=number, responsible=roles, measures=goal_row.measures, columns=header.columns,
                    location=goal_row.location)
        chunk.goals.append(goal)
        chunk.named_in_table.add(id(goal))
        holder = holder or goal
    if holder is not None:
        holder.notes.extend(reading.notes)
    return goal


def place_other_table(chunk: Chunk, goal: Goal | None, table: Table, warnings: list[PlanWarning],
                      summary: bool = False) -> None:
    rows = _table_text_rows(table)
    if rows:
        (goal.notes if goal is not None else chunk.notes).extend(rows)
        if summary:
            warnings.append(PlanWarning(code="summary-table", location=table.location,
                                        message="a table repeating measures read earlier was kept as notes, "
                                                "so they are not counted twice"))
        else:
            for place in _pages_of(table):  # said on each page it stands on, where its rows may be missed
                warnings.append(PlanWarning(code="table-not-measures", location=place,
                                            message="a table of no measures was kept as notes"))


def _pages_of(table: Table) -> list[Location]:
    """Where a table stands: its own place, and where it runs on over further pages, the box of its rows
    on each of those."""
    first = table.location
    boxes: dict[int, list[BBox]] = {}
    for row in table.rows:
        page, box = row.location.page, row.location.bbox
        if page is not None and box is not None and page != first.page:
            boxes.setdefault(page, []).append(box)
    return [first] + [Location(page=page, table=first.table, bbox=(
        min(b[0] for b in rows), min(b[1] for b in rows), max(b[2] for b in rows), max(b[3] for b in rows)))
        for page, rows in sorted(boxes.items())]


@dataclass
class _Looks:
    """How the plan's paragraphs look: which rank as area headings, which are goals."""

    paragraphs: dict[int, Paragraph]
    goal_paragraphs: set[int]  # the paragraph right above each measure table
    goal_sig: Signature | None
    rank_sig: Signature | None  # what an area heading must outrank
    distinct_goals: bool  # goals look unlike body text, so a goal without a table can be told
    first_table: int

    def is_area_heading(self, index: int) -> bool:
        text = self.paragraphs[index].text
        if index in self.goal_paragraphs or self.rank_sig is None or is_lead_in(text) or not names_something(text):
            return False
        return outranks(signature(self.paragraphs[index]), self.rank_sig)

    def is_goal(self, index: int) -> bool:
        return index in self.goal_paragraphs or (
            self.distinct_goals and index > self.first_table and signature(self.paragraphs[index]) == self.goal_sig)


def _looks(blocks: Sequence[Block], headers: dict[int, TableHeader], title_indices: list[int],
           vocabulary: Vocabulary) -> _Looks:
    goal_of_table = {t: p for t, p in _goal_indices(blocks, headers, vocabulary).items()
                     if not opens_with_goal_row(blocks[t], headers[t], vocabulary)}
    goal_paragraphs = set(goal_of_table.values())
    paragraphs = {i: b for i, b in enumerate(blocks) if isinstance(b, Paragraph) and i not in title_indices}
    goal_sig = most_common([signature(paragraphs[i]) for i in sorted(goal_paragraphs) if i in paragraphs])
    others = [p for i, p in paragraphs.items() if i not in goal_paragraphs and p.text]
    # Areas rank above goals; where every goal is named inside its table, above the body text.
    rank_sig = goal_sig or most_common([signature(p) for p in others], [len(p.text) for p in others])
    looks = _Looks(paragraphs, goal_paragraphs, goal_sig, rank_sig, False, min(headers) if headers else len(blocks))
    body = [p for i, p in paragraphs.items() if i not in goal_paragraphs and not looks.is_area_heading(i) and p.text]
    body_sig = most_common([signature(p) for p in body], [len(p.text) for p in body])
    looks.distinct_goals = goal_sig is not None and goal_sig != body_sig and (
        goal_sig.bold or goal_sig.heading_level is not None or goal_sig.depth is not None)
    return looks


def build_structure(blocks: Sequence[Block], headers: dict[int, TableHeader],
                    vocabulary: Vocabulary, summaries: frozenset[int] | set[int] = frozenset(),
                    items: dict[int, ItemTable] | None = None, listed: dict[int, str] | None = None
                    ) -> Structure:
    """Nest blocks into chunks (area-level sections) holding goals, measures and notes.

    `headers` maps the index of each measure table in `blocks` to its header; `items` the tables of
    item cells; `listed` the list items that are measures besides them (a document of item tables and
    lists).
    """

    warnings: list[PlanWarning] = []
    title_indices = title_blocks(blocks, vocabulary)
    title = title_text(blocks, title_indices, vocabulary)
    contents = contents_blocks(blocks, vocabulary)
    looks = _looks(blocks, headers, [*title_indices, *contents], vocabulary)
    chunks: list[Chunk] = [Chunk(heading=None)]
    goal: Goal | None = None
    for index, block in enumerate(blocks):
        chunk = chunks[-1]
        if isinstance(block, Table):
            if index in headers:
                goal = _place_measure_table(chunks, goal, block, headers[index], vocabulary, warnings)
            elif items and index in items:
                for name, location, goals in items[index].areas:
                    chunks.append(Chunk(heading=Paragraph(text=name, location=location), goals=goals))
                goal = None
            else:
                place_other_table(chunk, goal, block, warnings, summary=index in summaries)
            continue
        if index in contents:
            chunk.notes.append(paragraph_text(block, vocabulary))
            continue
        if index not in looks.paragraphs or not block.text:
            continue
        text = paragraph_text(block, vocabulary)
        statement = responsible_statement(text, vocabulary) if index not in looks.goal_paragraphs else None
        if statement is not None and not statement.before and (goal is None or not goal.measures):
            if goal is None:
                chunk.responsible = statement.roles
            else:
                goal.responsible = statement.roles
        elif listed is not None and index + 1 in listed and index not in listed and is_lead_in(text) \
                and item_marker(block, text) is not None:
            # a list's own heading set as an item of it ("• Viktige datoer:"): a part of its own
            name = (item_marker(block, text) or ("", text))[1].rstrip(" :")
            chunks.append(Chunk(heading=Paragraph(text=name, style=block.style, location=block.location)))
            goal = None
        elif listed is not None and index in listed:
            if goal is None or goal.text or goal.number:
                goal = next((g for g in chunk.goals if not g.text and not g.number and g.measures), None)
                if goal is None:
                    goal = Goal(text="", location=block.location)
                    chunk.goals.append(goal)
            goal.measures.append(listed_measure(index, listed[index], block, vocabulary))
        elif looks.is_area_heading(index):
            chunks.append(Chunk(heading=block))
            goal = None
        elif looks.is_goal(index):
            number, goal_text = split_number(text, block.style.list_label)
            goal = Goal(text=goal_text, number=number, location=block.location)
            chunk.goals.append(goal)
        elif goal is not None:
            goal.notes.append(text)
        else:
            chunk.notes.append(text)
    return Structure(title=title, chunks=promote_lone_area(chunks), warnings=warnings)


def areas_and_sections(structure: Structure, vocabulary: Vocabulary
                       ) -> tuple[Section | None, list[Area], list[Section]]:
    """Chunks with goals become areas; of those without goals before the first area, the one
    headed like an introduction (or else the first) becomes the introduction, the rest sections."""
    chunks = structure.chunks
    first_area = next((k for k, c in enumerate(chunks) if c.goals), len(chunks))
    headings = [paragraph_text(c.heading, vocabulary) if c.heading else None for c in chunks]
    candidates = [k for k, c in enumerate(chunks[:first_area]) if c.heading or c.notes]
    intro_at = next((k for k in candidates if headings[k] and vocabulary.is_introduction(
        split_number(headings[k] or "")[1])), candidates[0] if candidates else None)
    introduction: Section | None = None
    areas: list[Area] = []
    sections: list[Section] = []
    for k, chunk in enumerate(chunks):
        heading = chunk.heading
        if chunk.goals:
            number, title = split_number(headings[k] or "", heading.style.list_label if heading else None)
            areas.append(Area(title=title, number=number, notes=chunk.notes, goals=chunk.goals,
                              responsible=chunk.responsible, location=heading.location if heading else Location()))
        elif k == intro_at:
            introduction = Section(heading=headings[k], paragraphs=chunk.notes)
        elif heading is not None or chunk.notes:
            sections.append(Section(heading=headings[k], paragraphs=chunk.notes))
    return introduction, areas, sections
