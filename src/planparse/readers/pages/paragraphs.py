"""Lines → paragraphs: a paragraph goes on while its lines are full, alike in font and close together."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from planparse.layout import Paragraph, TextStyle
from planparse.model import BBox, Location
from planparse.readers.pages.settings import SETTINGS
from planparse.readers.pages.text import TextLine, Word


def _space(size: float) -> float:
    return SETTINGS.space_width * size


def had_room_for(line: TextLine, word: Word, right_edge: float) -> bool:
    """Whether `word` would have fit at the end of `line`: if so, the break was made by the author."""
    return line.x1 + _space(word.size) + (word.x1 - word.x0) < right_edge - SETTINGS.right_margin * word.size


def _same_style(a: TextLine, b: TextLine) -> bool:
    return a.bold == b.bold and abs(a.size - b.size) <= SETTINGS.same_size


# Glyphs that open a list item; a line opening with one starts a paragraph of its own.
BULLETS = frozenset("•●▪■◦○·‣⁃∙►▶➢➤✓✔❖◆◇□§")


def bullet_of(line: TextLine) -> str | None:
    """The bullet a line opens with: a listed glyph, or a symbol font's private-use character."""
    first = line.words[0].text
    if len(line.words) > 1 and len(first) == 1 and (first in BULLETS or 0xE000 <= ord(first) <= 0xF8FF):
        return first
    return None


def continues_paragraph(previous: TextLine, line: TextLine, right_edge: float, first: TextLine | None = None) -> bool:
    """Whether `line` is the wrapped rest of the paragraph `previous` ends; `first` is that paragraph's
    first line, whose bullet makes its wrapped lines hang at the text after the bullet."""
    size = max(previous.size, line.size)
    hang = first.words[1].x0 if first is not None and bullet_of(first) else None
    return (
        bullet_of(line) is None
        and _same_style(previous, line)
        and line.top - previous.top <= SETTINGS.paragraph_step * size
        and (abs(line.x0 - previous.x0) <= SETTINGS.indent * size
             or (hang is not None and abs(line.x0 - hang) <= SETTINGS.hang * size))
        and not had_room_for(previous, line.words[0], right_edge)
    )


def bbox_of(lines: Sequence[TextLine]) -> BBox:
    return (round(min(li.x0 for li in lines), 2), round(min(li.top for li in lines), 2),
            round(max(li.x1 for li in lines), 2), round(max(li.bottom for li in lines), 2))


def make_paragraph(lines: Sequence[TextLine], location: Location) -> Paragraph:
    texts = tuple(line.text for line in lines)
    style = TextStyle(bold=all(li.bold for li in lines), size=round(max(li.size for li in lines), 1),
                      font=lines[0].font)
    return Paragraph(text=" ".join(texts), style=style, location=location, lines=texts,
                     soft_breaks=tuple(True for _ in texts[1:]))


def lines_to_paragraphs(lines: Sequence[TextLine], right_edge: float,
                        locate: Callable[[Sequence[TextLine]], Location]) -> list[Paragraph]:
    """Group lines (top to bottom) into paragraphs; `locate` gives each paragraph its location."""
    groups: list[list[TextLine]] = []
    for line in lines:
        if groups and continues_paragraph(groups[-1][-1], line, right_edge, groups[-1][0]):
            groups[-1].append(line)
        else:
            groups.append([line])
    groups = split_at_wider_steps(groups)
    return [make_paragraph(group, locate(group)) for group in groups]


def split_at_wider_steps(groups: list[list[TextLine]]) -> list[list[TextLine]]:
    """Groups split where the step to the next line is wider than the narrowest step in the group and
    that line starts with a capital: paragraphs (list items without bullets) that each filled their
    last line are told apart by the little space between them."""
    out: list[list[TextLine]] = []
    for group in groups:
        steps = [(b.top - a.top) / b.size for a, b in itertools.pairwise(group)]
        narrowest = min(steps, default=0.0)
        out.append([group[0]])
        for step, (_, line) in zip(steps, itertools.pairwise(group), strict=True):
            first = line.words[0].text[:1]
            if step > narrowest + SETTINGS.extra_step and (first.isupper() or first.isdigit()):
                out.append([line])
            else:
                out[-1].append(line)
    return out
