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
            header = find_header(block, vocabulary)
            if header is not None and (header.responsible is not None or header.timing is not None):
                return True
            continue
        found = _field(block.text)
        if found and (found[0].casefold() in vocabulary.responsible_prefixes
                      or found[0].casefold() in vocabulary.timing_prefixes):
            return True
    return False


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
    found = [i for i, p in paragraphs.items() if len(p.text) <= HEADING_MAX and not is_lead_in(p.text)
             and (p.style.heading_level is not None or outranks(signature(p), body))]
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


def _measure(heading: Paragraph, part: _Part, blocks: Sequence[Block], vocabulary: Vocabulary) -> Measure:
    text = paragraph_text(heading, vocabulary)
    inline = split_inline(text, vocabulary)
    number, _ = split_number(text)
    responsible: list[str] = []
    timing: str | None = None
    extra: dict[str, str] = {}
    description: list[str] = []
    last: str | None = None  # the label of the field a continuation line goes on with
    for index in part.blocks:
        block = blocks[index]
        if isinstance(block, Table):
            header = find_header(block, vocabulary)
            if header is None:
                continue
            for row in block.rows[header.row_index + 1:]:
                if header.responsible is not None and header.responsible < len(row.cells):
                    for role in split_roles(row.cells[header.responsible].paragraphs, vocabulary):
                        if role not in responsible:
                            responsible.append(role)
                if header.timing is not None and header.timing < len(row.cells) and row.cells[header.timing].text:
                    value = row.cells[header.timing].text
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
            last = label
        elif last is not None and block.location.bbox and heading.location.bbox and \
                block.location.bbox[0] > heading.location.bbox[0] + 20:
            extra[last] = join_wrapped(extra.get(last, ""), line, vocabulary) if extra.get(last) else line
        else:
            description.append(line)
            last = None
    if description:
        extra.setdefault("description", " ".join(description))
    return Measure(text=inline.text if inline.label else text, label=inline.label or number,
                   paragraphs=[inline.text if inline.label else text], responsible=responsible,
                   timing=Timing(text=timing, understood=False) if timing else None, extra=extra,
                   location=heading.location)


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
        elif look_here == area_look:
            chunks.append(Chunk(heading=block))
            goal = None
        elif look_here == goal_look:
            goal = Goal(text=paragraph_text(block, vocabulary), location=block.location)
            chunks[-1].goals.append(goal)
    for index, block in enumerate(blocks):  # what stands outside the measures' parts: notes of the plan
        if index in inside or index in headings or index in title_indices or not isinstance(block, Paragraph):
            continue
        if block.text.strip():
            chunks[0].notes.append(paragraph_text(block, vocabulary))
    return Structure(title=title_text(blocks, title_indices, vocabulary), chunks=chunks, warnings=warnings)
