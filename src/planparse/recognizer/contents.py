"""A contents page: its heading and the lines that end in a page number (often after dotted leaders)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from planparse.layout import Block, Paragraph
from planparse.vocabulary import Vocabulary

_PAGE_END = re.compile(r"\S\s+\d{1,3}$")
_LEADERS_TO_PAGE = re.compile(r"(?:(?:\.\s?){4,}|…{2,}|_{4,}|·{4,})\s*\d{1,3}$")


def _is_contents_style(paragraph: Paragraph) -> bool:
    name = (paragraph.style.style_name or "").lower()
    return name.startswith(("toc", "innholdsfortegnelse", "contents", "innhold"))


def is_contents_line(paragraph: Paragraph) -> bool:
    """A line of a contents page: dotted leaders to a page number, or in a contents style."""
    text = paragraph.text.strip()
    return _is_contents_style(paragraph) or _LEADERS_TO_PAGE.search(text) is not None


def contents_blocks(blocks: Sequence[Block], vocabulary: Vocabulary) -> set[int]:
    """Indices of the contents heading and lines; the lines under a contents heading that end in a
    page number count even without leaders."""
    found: set[int] = set()
    under_heading = False
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            under_heading = False
            continue
        text = block.text.strip()
        if not text:
            continue
        if text.casefold().rstrip(":") in vocabulary.contents_headings:
            found.add(index)
            under_heading = True
        elif is_contents_line(block) or (under_heading and _PAGE_END.search(text)):
            found.add(index)
        elif under_heading and _group_line(blocks, index):
            found.add(index)  # a part's heading in the contents, over the lines of its chapters
        else:
            under_heading = False
    return found


# A part's heading inside a contents page is a short line.
GROUP_LINE_MAX = 90


def _group_line(blocks: Sequence[Block], index: int) -> bool:
    """A short line in a contents page with a line ending in a page number soon after it (within the
    next few): the heading of a part, listed without a page of its own."""
    block = blocks[index]
    if not isinstance(block, Paragraph) or len(block.text) > GROUP_LINE_MAX or block.text.rstrip().endswith("."):
        return False
    for following in blocks[index + 1:index + 5]:
        if not isinstance(following, Paragraph):
            return False
        if is_contents_line(following):
            return True
    return False
