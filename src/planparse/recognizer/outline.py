"""Areas from a plan's table of contents, where the body does not name them: a contents page lists its
parts ("Peace and Security") over the chapters in them ("Peace Operations: WP1 …… 5"); a chapter read
as an area with no goal of its own becomes a goal of the part its contents entry stands under, and the
chapters after it in the body, not listed, go on under the same part."""

from __future__ import annotations

import re
from collections.abc import Sequence

from planparse.layout import Block, Paragraph
from planparse.model import Area, Goal, Location
from planparse.recognizer.contents import is_contents_line
from planparse.recognizer.text import text_key

_LEADERS = re.compile(r"(?:(?:\.\s?){2,}|…+|_{2,}|·{2,})?\s*\d{1,3}\s*$")
_LABEL_TAIL = re.compile(r"[:|–-]\s*\S{1,12}$")  # "Peace Operations: WP1": the chapter's short label after


def _entry_name(text: str) -> str:
    name = _LEADERS.sub("", text.strip()).strip(" .…")
    return _LABEL_TAIL.sub("", name).strip()


def _is_contents_heading(text: str) -> bool:
    from planparse.vocabulary import DEFAULT_VOCABULARY, LANGUAGE_WORDS

    words = {*DEFAULT_VOCABULARY.contents_headings, *(w for lang in LANGUAGE_WORDS.values()
                                                       for w in lang.get("contents_headings", ()))}
    return text.strip().casefold().rstrip(":") in words


def contents_parts(blocks: Sequence[Block], contents: set[int]) -> dict[str, str]:
    """Each contents entry's key (its name, without its page or a short label after it) with the name of
    the part it stands under (the nearest line above it without a page number)."""
    parts: dict[str, str] = {}
    part: str | None = None
    for index in sorted(contents):
        block = blocks[index]
        if not isinstance(block, Paragraph):
            continue
        if is_contents_line(block):
            if part is not None:
                parts.setdefault(text_key(_entry_name(block.text)), part)
        elif not _is_contents_heading(block.text):
            part = block.text.strip()
    return parts


def areas_from_contents(areas: list[Area], blocks: Sequence[Block], contents: set[int]) -> list[Area]:
    """The areas regrouped by the parts of the contents page, where at least two of them are chapters
    listed under a part: each such chapter a goal of its part, the goals read under it (labels of its
    sections) its notes; the areas as they are otherwise."""
    if len(areas) < 2:
        return areas
    parts = contents_parts(blocks, contents)
    listed = [parts.get(text_key(area.title)) for area in areas]
    if sum(part is not None for part in listed) < 2:
        return areas
    out: list[Area] = []
    current: Area | None = None
    for area, part in zip(areas, listed, strict=True):
        if part is None and current is None:
            out.append(area)
            continue
        if part is not None and (current is None or current.title != part):
            current = Area(title=part, location=Location())
            out.append(current)
        assert current is not None
        measures = [m for goal in area.goals for m in goal.measures]
        notes = [*area.notes, *(text for goal in area.goals for text in (goal.text, *goal.notes) if text)]
        current.goals.append(Goal(text=area.title, number=area.number, responsible=area.responsible,
                                  measures=measures, notes=notes, location=area.location,
                                  columns=next((g.columns for g in area.goals if g.columns), [])))
    return out
