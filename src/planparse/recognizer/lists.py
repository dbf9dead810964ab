"""Plans without measure tables: measures as list items (Word's lists, typed or glyph bullets, numbered
or bulletless lines) under goal and area headings, each item's inline responsibility and timing read."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from planparse.layout import Block, Paragraph, Table
from planparse.model import Goal, PlanWarning, StatedAt
from planparse.recognizer.columns import labelled
from planparse.recognizer.contents import contents_blocks
from planparse.recognizer.inline import split_inline
from planparse.recognizer.items import TYPED_NUMBER, item_marker, listed_measure
from planparse.recognizer.responsibility import name_and_roles, responsible_statement
from planparse.recognizer.structure import (
    Chunk,
    Signature,
    Structure,
    is_lead_in,
    most_common,
    outranks,
    place_other_table,
    promote_lone_area,
    reads_as_goal,
    signature,
    title_blocks,
    title_text,
)
from planparse.recognizer.text import names_something, paragraph_text, split_number, text_key
from planparse.vocabulary import Vocabulary

# A heading is short: longer paragraphs in bold are body text that is emphasised.
HEADING_MAX = 160
# An item after a lead-in is a line or two; a longer paragraph there is body text.
LEAD_IN_ITEM_MAX = 400


def _shared_glyph(texts: Sequence[str]) -> set[int]:
    """Positions of paragraphs that open with the same one-letter token as a neighbour: a bullet a
    symbol font turned into a letter (Wingdings' "ü", "Ø")."""
    found: set[int] = set()
    for index in range(len(texts) - 1):
        a, b = texts[index].split(" ", 1)[0], texts[index + 1].split(" ", 1)[0]
        if a == b and len(a) == 1 and not a.isascii():
            found.update((index, index + 1))
    return found


def _numbered_heading(paragraph: Paragraph, text: str, marked: tuple[str, str] | None,
                      body: Signature | None) -> bool:
    """A typed number before a short text in a heading's type ("2. Kortfattad beskrivning"): a numbered
    heading, not an item of a list."""
    if marked is None or paragraph.style.list_level is not None or body is None:
        return False
    if not TYPED_NUMBER.match(text) or len(text) > HEADING_MAX:
        return False
    look = signature(paragraph)
    return (look.size or 0) > (body.size or 0) or (look.bold and not body.bold)


def _is_list_style(paragraph: Paragraph) -> bool:
    name = (paragraph.style.style_name or "").lower()
    return "list" in name or "liste" in name


@dataclass
class _Reading:
    paragraphs: dict[int, Paragraph]
    texts: dict[int, str]
    items: dict[int, str]  # block index -> the item's text without its marker
    contents: set[int]
    aims: dict[int, str] = field(default_factory=dict)  # items of a list of aims ("Lokala mål:") or of reports
    # on measures ("Next steps:"): goal text and notes, not measures
    title: set[int] = field(default_factory=set)  # the title's paragraphs, and those that repeat it
    goal_lines: dict[int, tuple[str | None, str]] = field(default_factory=dict)  # "Mål 3" + its sentence
    consumed: set[int] = field(default_factory=set)  # a goal's sentence read with its label above


# How many paragraphs before a list may hold the label that says what its items are.
LABEL_REACH = 3


def _list_label(reading: _Reading, start: int, order: Sequence[int], vocabulary: Vocabulary) -> str | None:
    """What the label before a list says its items are: "aims" or "measures" (None: it says nothing).
    The label is the nearest of the few paragraphs before the list ("Lokala mål:", "Tiltak", "Mål" over
    a lead-in), up to the item before it."""
    position = order.index(start)
    for index in reversed(order[max(0, position - LABEL_REACH):position]):
        if index in reading.items or index in reading.goal_lines:
            return None  # (a numbered goal's measures follow it)
        kind = vocabulary.label_kind(reading.texts[index])
        if kind is not None:
            return kind
    return None


def _set_aims_apart(reading: _Reading, vocabulary: Vocabulary) -> None:
    """Lists whose label names aims, or reports on the measures, are goal text and notes, not measures."""
    order = sorted(reading.paragraphs)
    runs: list[list[int]] = []
    for position, index in enumerate(order):
        if index not in reading.items:
            continue
        if runs and position and order[position - 1] == runs[-1][-1]:
            runs[-1].append(index)
        else:
            runs.append([index])
    for run in runs:
        if _list_label(reading, run[0], order, vocabulary) in ("aims", "status"):
            for index in run:
                reading.aims[index] = reading.items.pop(index)


def _title_repeats(blocks: Sequence[Block], title: set[int], vocabulary: Vocabulary) -> set[int]:
    """Paragraphs that say the title again (an inner title page, a running title set as a heading)."""
    words = {text_key(block.text) for block in (blocks[i] for i in title) if isinstance(block, Paragraph)}
    return {i for i, block in enumerate(blocks) if i not in title and isinstance(block, Paragraph)
            and block.text.strip() and text_key(block.text) in words}


def _read(blocks: Sequence[Block], vocabulary: Vocabulary) -> _Reading:
    title = set(title_blocks(blocks, vocabulary))
    title |= _title_repeats(blocks, title, vocabulary)
    contents = contents_blocks(blocks, vocabulary)
    paragraphs = {i: b for i, b in enumerate(blocks)
                  if isinstance(b, Paragraph) and b.text and i not in title and i not in contents}
    texts = {i: paragraph_text(p, vocabulary) for i, p in paragraphs.items()}
    items: dict[int, str] = {}
    order = sorted(paragraphs)
    shared = {order[k] for k in _shared_glyph([texts[i] for i in order])}
    body = most_common([signature(p) for p in paragraphs.values()], [len(texts[i]) for i in paragraphs])
    lead_in = False
    goal_lines: dict[int, tuple[str | None, str]] = {}
    consumed: set[int] = set()
    for position, i in enumerate(order):
        if i in consumed:
            continue
        paragraph, text = paragraphs[i], texts[i]
        numbered = _numbered_goal(text, vocabulary)
        if numbered is not None and paragraph.style.list_level is None:
            number, value = numbered
            if not value and position + 1 < len(order):
                following = order[position + 1]
                value = texts[following]
                consumed.add(following)
            goal_lines[i] = (number, value)
            lead_in = True  # what follows a goal, unmarked, is its measures
            continue
        marked = item_marker(paragraph, text)
        if i in shared:
            marked = (text[0], text[2:].strip())
        if paragraph.style.heading_level is not None or _numbered_heading(paragraph, text, marked, body):
            lead_in = False
            continue
        if not any(char.isalpha() for char in text):
            continue  # figures alone (a page number "1 0", a total) are no measure
        heading_like = body is not None and outranks(signature(paragraph), body)
        if marked is not None and not is_lead_in(marked[1]):
            items[i] = marked[1]
            lead_in = False  # a list with marks goes on only where its items carry marks
        elif marked is None and not heading_like and _unmarked_item(paragraph, text, lead_in, vocabulary):
            items[i] = text
        lead_in = is_lead_in(marked[1] if marked else text) if i not in items else lead_in
    reading = _Reading(paragraphs, texts, items, contents, title=title, goal_lines=goal_lines, consumed=consumed)
    _set_aims_apart(reading, vocabulary)
    return reading


_NUMBERED_LABEL = re.compile(r"^(?P<label>[^\W\d][\w ]{0,25}?)\s+(?P<number>\d{1,3}[a-z]?)\s*[:.]?\s*(?P<value>.*)$",
                             re.DOTALL)


_GOAL_REFERENCE = re.compile(r"^(?P<label>[^\W\d][\w ]{0,40}?)[,:]?\s+(?:(?:för|for|til|to|für|zu)\s+)?"
                             r"(?P<word>[^\W\d]+)\s+(?P<number>\d{1,3})(?:\s*(?:[-–,&]|och|og|and|und)\s*\d{1,3})*:?$")


def _goal_referred(text: str, vocabulary: Vocabulary) -> str | None:
    """The number of the goal a label of measures names ("Åtgärder, mål 11-12" -> "11"), if it names one."""
    match = _GOAL_REFERENCE.match(" ".join(text.split()))
    if match is None:
        return None
    label, word = match.group("label").casefold().strip(), match.group("word").casefold()
    if label not in vocabulary.measure_labels or (word not in vocabulary.goal_labels
                                                  and word not in vocabulary.aim_labels):
        return None
    return match.group("number")


# A label line naming measures is short.
MEASURES_LABEL_MAX = 60


def _names_measures(text: str, vocabulary: Vocabulary) -> bool:
    """Whether a short line names a group of measures by its first words ("Övriga åtgärder, …")."""
    words = [word.strip(",:;.").casefold() for word in text.split()]
    return (len(text) <= MEASURES_LABEL_MAX and not any(char.isdigit() for char in text) and len(words) >= 3
            and any(word in vocabulary.measure_labels for word in words[:2]))  # (a bare "Åtgärder" heads its goal's)


# A numbered goal's text is a sentence; a label and a name is a heading.
GOAL_SENTENCE_WORDS = 5


def _numbered_goal(text: str, vocabulary: Vocabulary) -> tuple[str | None, str] | None:
    """A numbered goal's label ("Mål 3", "Goal 2:", "Ziel 4") and the goal's text after it, if any."""
    match = _NUMBERED_LABEL.match(text.strip())
    if match is None or len(text) > 400:
        return None
    label = " ".join(match.group("label").split()).casefold()
    if label not in vocabulary.goal_labels and label not in vocabulary.aim_labels:
        return None
    value = " ".join(match.group("value").split())
    if value and len(value.split()) < GOAL_SENTENCE_WORDS:
        return None  # "Utvecklingsområde 1: Allemansrätten": a labelled heading's name, read by its rank
    return match.group("number"), value


# Share of list items that must state their responsibility or timing inline in a document that does
# not call itself a plan, for its lists to be measures (so a report's bullets are not read as a plan).
INLINE_SHARE = 0.3
# How many paragraphs from the top may name the plan (a cover page, a title over two lines).
TITLE_REACH = 8


def _reads_as_plan(blocks: Sequence[Block], reading: _Reading, vocabulary: Vocabulary) -> bool:
    """Whether a document without measure tables is a plan: its first lines name one ("Handlingsplan
    for …", "Action plan 2026"), or many of its list items say who is responsible or when, or carry a
    measure's ID ("Action 15: …")."""
    top = [b for b in blocks if isinstance(b, Paragraph) and b.text.strip()][:TITLE_REACH]
    if any(vocabulary.names_plan(b.text) for b in top):
        return True
    stating = sum(1 for text in reading.items.values()
                  if _states_inline(text, vocabulary) or _names_measure(split_inline(text, vocabulary).label))
    return stating >= INLINE_SHARE * len(reading.items)


def _names_measure(label: str | None) -> bool:
    """Whether an item's ID names a measure ("Action 15", "Tiltak 1.2"), not only a section's number."""
    return label is not None and any(char.isalpha() for char in label)


def _unmarked_item(paragraph: Paragraph, text: str, after_lead_in: bool, vocabulary: Vocabulary) -> bool:
    """A list item without a bullet: in a list style, a line after a lead-in ("Derfor vil vi:"), or a
    line that states its responsibility or timing inline."""
    if _is_list_style(paragraph) or (after_lead_in and not paragraph.style.bold and len(text) < LEAD_IN_ITEM_MAX):
        return True
    return _states_inline(text, vocabulary) and responsible_statement(text, vocabulary) is None


def _states_inline(text: str, vocabulary: Vocabulary) -> bool:
    """Whether a line states a measure's responsibility or timing inline ("... (Ansvar: X, 2026)")."""
    inline = split_inline(text, vocabulary)
    return bool(inline.roles or inline.timing)


def list_item_texts(blocks: Sequence[Block], vocabulary: Vocabulary) -> dict[int, str]:
    """The list items of a document by block index, their markers left out."""
    return _read(blocks, vocabulary).items


def _is_heading(paragraph: Paragraph, text: str, body: Signature | None) -> bool:
    if paragraph.style.heading_level is not None:
        return True
    if len(text) > HEADING_MAX or is_lead_in(text) or body is None or not names_something(text):
        return False
    return outranks(signature(paragraph), body)


@dataclass
class _Ranks:
    areas: set[int]
    goals: set[int]


def _ranks(reading: _Reading, headings: list[int], blocks: Sequence[Block]) -> _Ranks:
    """Which headings are areas and which goals: the headings right above the lists are goals, those
    above them areas; where nothing ranks above the headings over the lists and the lists follow a
    lead-in or body text, those headings are areas whose goals are not named."""
    items = sorted(reading.items)
    anchors: list[int] = []
    direct = 0
    for item in items:
        if item - 1 in reading.items:
            continue
        above = [h for h in headings if h < item]
        if not above:
            continue
        anchors.append(above[-1])
        between = [i for i in reading.paragraphs if above[-1] < i < item]
        direct += all(reading.texts[i].endswith(":") is False and _is_statement_like(reading.texts[i])
                      for i in between)
    if not anchors:
        return _Ranks(set(), set())
    goal_sig = most_common([signature(reading.paragraphs[a]) for a in anchors])
    assert goal_sig is not None
    level = {h for h in headings if signature(reading.paragraphs[h]) == goal_sig}
    higher = {h for h in headings if outranks(signature(reading.paragraphs[h]), goal_sig)}
    higher -= _lone_above(higher, min(level))
    if higher:
        return _Ranks(higher, level)
    sentences = sum(reads_as_goal(reading.texts[a]) for a in set(anchors))
    if direct * 2 >= len(anchors) and sentences * 2 > len(set(anchors)):
        return _Ranks(higher, level)
    return _Ranks(level, set())


def _lone_above(higher: set[int], first_goal: int) -> set[int]:
    """Headings of a higher rank that stand alone in their look before the first heading of the level
    over the lists (the plan's own title again, a part's title): a section, not a level of areas."""
    lone: set[int] = set()
    for index in higher:
        if index < first_goal and not any(other != index and other > first_goal for other in higher):
            lone.add(index)
    return lone


# A bare line under a goal heading is a measure when it is short; a longer paragraph there is body text.
BARE_LINE_MAX = 200


def _bare_lines(reading: _Reading, ranks: _Ranks, headings: list[int], vocabulary: Vocabulary) -> dict[int, str]:
    """Measures as lines with no bullet under a goal heading that has no list: two or more short plain
    lines in a row, in a plan whose other goals hold lists."""
    found: dict[int, str] = {}
    bounds = [*headings, max(reading.paragraphs, default=0) + 1]
    for heading, end in itertools.pairwise(bounds):
        if heading not in ranks.goals:
            continue
        under = [i for i in sorted(reading.paragraphs) if heading < i < end]
        if any(i in reading.items for i in under):
            continue
        lines = [i for i in under if responsible_statement(reading.texts[i], vocabulary) is None]
        bare = [i for i in lines if len(reading.texts[i]) <= BARE_LINE_MAX and not reading.texts[i].endswith(":")
                and not reading.paragraphs[i].style.bold]
        if len(bare) >= 2 and bare == lines:
            found.update((i, reading.texts[i]) for i in bare)
    return found


# A list without marks has at least this many lines under its heading.
BARE_RUN_MIN = 2


def _bare_runs(reading: _Reading, headings: list[int], vocabulary: Vocabulary) -> dict[int, str]:
    """In a document with no list marks at all, measures as runs of short plain lines under headings
    (a sentence a line): every paragraph under the heading such a line, two or more of them."""
    found: dict[int, str] = {}
    bounds = [*headings, max(reading.paragraphs, default=0) + 1]
    for heading, end in itertools.pairwise(bounds):
        under = [i for i in sorted(reading.paragraphs) if heading < i < end and i not in reading.title]
        if len(under) < BARE_RUN_MIN or vocabulary.label_kind(reading.texts[heading]) in ("aims", "status"):
            continue
        if all(len(reading.texts[i]) <= BARE_LINE_MAX and not reading.texts[i].endswith(":")
               and not reading.paragraphs[i].style.bold and len(reading.paragraphs[i].line_texts()) <= 2
               and responsible_statement(reading.texts[i], vocabulary) is None for i in under):
            found.update((i, reading.texts[i]) for i in under)
    return found


def _is_statement_like(text: str) -> bool:
    """A line that may stand between a goal heading and its list: a statement of responsibility."""
    return ":" in text[:60]


def _shifted(ranks: _Ranks, reading: _Reading, headings: list[int]) -> _Ranks:
    """The ranks one level up from the recurring labels over the lists (`ranks.goals`): the look most
    headings right above those labels have is the goals', what outranks it the areas' (a higher heading
    alone before them aside)."""
    above = [max((h for h in headings if h < label and h not in ranks.goals), default=None)
             for label in sorted(ranks.goals)]
    goal_sig = most_common([signature(reading.paragraphs[a]) for a in above if a is not None])
    if goal_sig is None:
        return _Ranks(set(), set())
    goals = {h for h in headings if h not in ranks.goals and signature(reading.paragraphs[h]) == goal_sig}
    areas = {h for h in headings if h not in ranks.goals and outranks(signature(reading.paragraphs[h]), goal_sig)}
    return _Ranks(areas - _lone_above(areas, min(goals)), goals)


def _by_labels(ranks: _Ranks, reading: _Reading, headings: list[int], vocabulary: Vocabulary) -> _Ranks:
    """Headings whose label names their level ("Tema: Djur & Natur" an area, "Utvecklingsområde 1:
    Allemansrätten" a goal) take that level, whatever their look says."""
    areas, goals = set(ranks.areas), set(ranks.goals)
    found = False
    for index in headings:
        named = labelled(reading.texts[index], vocabulary)
        if named is None:
            continue
        found = True
        (areas if named.level == "area" else goals).add(index)
        (goals if named.level == "area" else areas).discard(index)
    if not found:
        return ranks
    return _Ranks(areas, goals)


def _recurring(ranks: _Ranks, reading: _Reading) -> set[int]:
    """Headings over the lists that say the same twice or more ("Tiltak", "Arbete för att nå målen",
    "How we get there"): a recurring label of a part, not a goal or area of its own."""
    level = ranks.goals or ranks.areas
    keys = {index: text_key(reading.texts[index]) for index in level}
    counts = Counter(keys.values())
    return {index for index, key in keys.items() if counts[key] >= 2}


def build_list_structure(blocks: Sequence[Block], vocabulary: Vocabulary, summaries: set[int]) -> Structure | None:
    """Areas, goals and measures of a plan whose measures are list items; None when it has no items
    under a heading."""
    reading = _read(blocks, vocabulary)
    body = most_common([signature(p) for i, p in reading.paragraphs.items()],
                       [len(reading.texts[i]) for i in reading.paragraphs])
    headings = [i for i in sorted(reading.paragraphs)
                if i not in reading.items and i not in reading.aims
                and _is_heading(reading.paragraphs[i], reading.texts[i], body)]
    if not reading.items:
        reading.items.update(_bare_runs(reading, headings, vocabulary))
    if not reading.items or not _reads_as_plan(blocks, reading, vocabulary):
        return None
    ranks = _ranks(reading, headings, blocks)
    reading.items.update(_bare_lines(reading, ranks, headings, vocabulary))
    recurring = _recurring(ranks, reading)
    level = ranks.goals or ranks.areas
    shifted = bool(level) and recurring >= level
    if shifted:  # every heading over the lists is a recurring label: the goals are the level above them
        ranks = _shifted(_Ranks(ranks.areas - level, level), reading, headings)
    ranks = _by_labels(ranks, reading, headings, vocabulary)
    if reading.goal_lines and ranks.goals:
        # numbered goals ("Mål 3") stand under the headings over the lists: those headings are the areas
        ranks = _Ranks(set(ranks.goals), set())
    title_indices = title_blocks(blocks, vocabulary)
    title = title_text(blocks, title_indices, vocabulary)
    warnings: list[PlanWarning] = []
    chunks: list[Chunk] = [Chunk(heading=None)]
    goal: Goal | None = None
    group: list[str] = []
    for index, block in enumerate(blocks):
        chunk = chunks[-1]
        if isinstance(block, Table):
            place_other_table(chunk, goal, block, warnings, summary=index in summaries)
            continue
        if index in reading.contents:
            chunk.notes.append(paragraph_text(block, vocabulary))
            continue
        if index not in reading.paragraphs or index in reading.consumed:
            continue
        text = reading.texts[index]
        referred = _goal_referred(text, vocabulary) if reading.goal_lines else None
        if referred is not None and (found := next((g for g in chunk.goals if g.number == referred), None)):
            goal, group = found, []  # "Åtgärder, mål 11-12": the measures below serve goal 11 (and 12)
            goal.notes.append(text)
            continue
        if reading.goal_lines and referred is None and _names_measures(text, vocabulary):
            # "Övriga åtgärder, ingående i fler mål" after measures labelled by their goals: measures
            # serving no one goal, a part of their own
            chunks.append(Chunk(heading=block))
            goal, group = None, []
            continue
        if index in reading.goal_lines and index not in ranks.areas:
            number, value = reading.goal_lines[index]
            goal = Goal(text=value, number=number, location=block.location)
            chunk.goals.append(goal)
            group = []
            continue
        if index in ranks.areas:
            named = labelled(text, vocabulary)
            heading = block if named is None or not named.value else replace(
                block, text=named.value, lines=(named.value,), soft_breaks=())
            if chunk.heading is not None and text_key(chunk.heading.text) == text_key(heading.text):
                goal, group = None, []  # the same area again, on its next page: it goes on
                continue
            chunks.append(Chunk(heading=heading))
            goal, group = None, []
        elif index in recurring:
            # the same heading under every area ("Tiltak", "Arbete för att nå målen"): a label, no goal;
            # under a named goal it heads a part of that goal
            if goal is None or (not shifted and (goal.text or goal.number)):
                goal = next((g for g in chunk.goals if not g.text and not g.number), None)
                if goal is None:
                    goal = Goal(text="", location=block.location)
                    chunk.goals.append(goal)
            goal.notes.append(text)
        elif index in ranks.goals:
            number, goal_text = split_number(text, block.style.list_label)
            named = labelled(goal_text, vocabulary)
            if named is not None and named.value:
                number, goal_text = named.number or number, named.value
            name, roles = name_and_roles(goal_text, vocabulary)
            goal = Goal(text=name, number=number, responsible=roles, location=block.location)
            chunk.goals.append(goal)
            group = []
        elif index in reading.items:
            if goal is None:
                goal = Goal(text="", location=block.location)
                chunk.goals.append(goal)
            measure = listed_measure(index, reading.items[index], block, vocabulary)
            if not measure.responsible and group:
                measure = measure.model_copy(update={"responsible": list(group),
                                                     "responsible_stated": StatedAt.GROUP})
            goal.measures.append(measure)
        elif (statement := responsible_statement(text, vocabulary)) is not None:
            if goal is None and not statement.before:
                chunk.responsible = statement.roles
            elif goal is not None and not goal.measures and not statement.before:
                goal.responsible = statement.roles
            else:
                group = statement.roles
                (goal.notes if goal is not None else chunk.notes).append(text)
        elif goal is not None:
            goal.notes.append(text)
        else:
            chunk.notes.append(text)
    if not any(chunk.goals for chunk in chunks):
        return None
    return Structure(title=title, chunks=promote_lone_area(chunks), warnings=warnings)
