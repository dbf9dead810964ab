"""Lines → paragraphs: a paragraph goes on while its lines are full, alike in font and close together."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from planparse.layout import Paragraph, TextStyle
from planparse.model import BBox, Location
from planparse.readers.pdf.text import TextLine, Word

# A step from one line's top to the next above this many font sizes is a paragraph gap.
PARAGRAPH_STEP = 1.5


def _space(size: float) -> float:
    return 0.28 * size


def had_room_for(line: TextLine, word: Word, right_edge: float) -> bool:
    """Whether `word` would have fit at the end of `line`: if so, the break was made by the author."""
    return line.x1 + _space(word.size) + (word.x1 - word.x0) < right_edge - 0.3 * word.size


def _same_style(a: TextLine, b: TextLine) -> bool:
    return a.bold == b.bold and abs(a.size - b.size) <= 0.6


def continues_paragraph(previous: TextLine, line: TextLine, right_edge: float) -> bool:
    """Whether `line` is the wrapped rest of the paragraph `previous` ends."""
    size = max(previous.size, line.size)
    return (
        _same_style(previous, line)
        and line.top - previous.top <= PARAGRAPH_STEP * size
        and abs(line.x0 - previous.x0) <= 1.5 * size
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
        if groups and continues_paragraph(groups[-1][-1], line, right_edge):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [make_paragraph(group, locate(group)) for group in groups]
