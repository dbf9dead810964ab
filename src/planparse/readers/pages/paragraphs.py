"""Lines → paragraphs: a paragraph goes on while its lines are full, alike in font and close together."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence

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


def _weight_measured(a: TextLine, b: TextLine) -> bool:
    """Whether two lines differ in weight only as their ink was measured (OCR's lines: a word with a
    confidence was read from pixels), where a long bold line's strokes, blurred, can measure regular."""
    return (a.words[0].confidence is not None and b.words[0].confidence is not None
            and abs(a.size - b.size) <= SETTINGS.same_size)


def _size_measured(a: TextLine, b: TextLine) -> bool:
    """Whether two OCR lines of one weight differ in size only as their ink was measured: a few pixels
    of a photographed page's line make a point."""
    sizes = sorted((a.size, b.size))
    return (a.words[0].confidence is not None and b.words[0].confidence is not None and a.bold == b.bold
            and sizes[0] > 0 and sizes[1] <= SETTINGS.measured_size * sizes[0])


# Glyphs that open a list item; a line opening with one starts a paragraph of its own.
BULLETS = frozenset("•●▪■◦○·‣⁃∙►▶➢➤✓✔❖◆◇□§")
# Dashes open a list item only in a list of them: where the paragraph's first line opened with one too.
DASHES = frozenset("-–—*")
# A list number or a section number as a line's first word: "1.", "2)", "a)", "(iv)", "2.1", "2.1.3".
_NUMBERED = re.compile(r"^(?:\d{1,2}[.)]|\d{1,2}(?:\.\d{1,2})+\.?|[a-zA-Z][.)]|\(\w{1,4}\))$")
# Dotted leaders to a page number end a contents line, which goes on in no other.
_LEADERS = re.compile(r"(?:(?:\.\s?){4,}|…{2,}|_{4,}|·{4,})\s*\d{1,4}\s*$")
# A line ending in one of these goes on in the next ("Kultur,", "Barn &", "stats-").
OPEN_ENDS = (",", "&", "/", "-", "+")
# A line ending in one of these ends a sentence: a heading that does is not wrapped.
TERMINAL = (".", "!", "?", ":", ";")


def bullet_of(line: TextLine) -> str | None:
    """The bullet a line opens with: a listed glyph, or a symbol font's private-use character."""
    first = line.words[0].text
    if len(line.words) > 1 and len(first) == 1 and (first in BULLETS or 0xE000 <= ord(first) <= 0xF8FF):
        return first
    return None


def opens_section(lines: Sequence[TextLine]) -> bool:
    """Whether lines, each in one piece, open with a section's number ("2.", "3.1"): a heading."""
    return (bool(lines) and all(len(line.segments()) == 1 for line in lines) and len(lines[0].words) > 1
            and bool(_NUMBERED.match(lines[0].words[0].text)) and lines[0].words[0].text[:1].isdigit())


def _opens_item(line: TextLine, first: TextLine | None) -> bool:
    """Whether `line` opens a list item of its own: a bullet, or, in a paragraph whose first line opened
    with a dash or a number, a line opening the same way."""
    if bullet_of(line) is not None:
        return True
    if first is None or len(line.words) < 2 or len(first.words) < 2:
        return False
    mark, opening = line.words[0].text, first.words[0].text
    if mark in DASHES:
        return mark == opening
    return bool(_NUMBERED.match(mark)) and bool(_NUMBERED.match(opening))


def _has_column_gap(line: TextLine) -> bool:
    """Whether a gap as wide as a column's parts the line's text (after its bullet or number)."""
    words = line.words[1:] if bullet_of(line) or _NUMBERED.match(line.words[0].text) else line.words
    return len(words) > 1 and len(TextLine(words).segments()) > 1


def _starts_lower(line: TextLine) -> bool:
    text = line.text_words[0].text
    letter = next((char for char in text if char.isalpha()), "")
    return letter.islower() and not text[:1].isdigit()


def _heading_sized(line: TextLine, body_size: float | None) -> bool:
    return body_size is not None and line.size >= SETTINGS.heading_size * body_size


def line_pitch(runs: Iterable[Sequence[TextLine]]) -> dict[float, float]:
    """The step from one line's top to the next within a paragraph, for each size of type, from runs of
    lines (a page's): the lower quartile of the steps between lines of that size (a font's own line
    gap, which some fonts make large; paragraphs and list items stand further apart)."""
    steps: dict[float, list[float]] = {}
    for lines in runs:
        for a, b in itertools.pairwise(lines):
            if abs(a.size - b.size) <= SETTINGS.same_size and a.size <= b.top - a.top <= 2.5 * a.size:
                steps.setdefault(round(a.size * 2) / 2, []).append(b.top - a.top)
    return {size: sorted(found)[len(found) // 4] for size, found in steps.items() if len(found) >= 2}


def _max_step(size: float, pitch: dict[float, float] | None) -> float:
    """How far apart (top to top) two lines of a paragraph may stand."""
    usual = (pitch or {}).get(round(size * 2) / 2)
    least = SETTINGS.paragraph_step * size
    return least if usual is None else min(max(least, SETTINGS.pitch_room * usual), SETTINGS.max_paragraph_step * size)


def _aligned(previous: TextLine, line: TextLine, size: float, hang: float | None) -> bool:
    """Whether `line` starts where a wrapped line of `previous`'s paragraph does: at its left edge, at
    the text after a bullet (a hanging indent), or centred under it."""
    if abs(line.x0 - previous.x0) <= SETTINGS.indent * size:
        return True
    if hang is not None and abs(line.x0 - hang) <= SETTINGS.hang * size:
        return True
    return abs((line.x0 + line.x1) / 2 - (previous.x0 + previous.x1) / 2) <= SETTINGS.indent * size


def continues_paragraph(previous: TextLine, line: TextLine, right_edge: float, first: TextLine | None = None,
                        body_size: float | None = None, pitch: dict[float, float] | None = None) -> bool:
    """Whether `line` is the wrapped rest of the paragraph `previous` ends; `first` is that paragraph's
    first line, whose bullet makes its wrapped lines hang at the text after the bullet.

    The line must keep the paragraph's type, step and left edge; then it goes on where `previous` had
    no room for its first word (the layout wrapped it), where it starts in lower case or `previous` ends
    open (the sentence goes on: a line may end short beside a picture), or where both are in a heading's
    type and `previous` ends no sentence (`body_size`: the size of the document's body text)."""
    size = max(previous.size, line.size)
    hang = first.words[1].x0 if first is not None and len(first.words) > 1 and (
        bullet_of(first) or _NUMBERED.match(first.words[0].text)) else None  # "2.1 Ta fram …" hangs at "Ta"
    styled = _same_style(previous, line)
    if (_opens_item(line, first) or not (styled or _weight_measured(previous, line) or _size_measured(previous, line))
            or line.top - previous.top > _max_step(size, pitch)):
        return False
    if not _aligned(previous, line, size, hang):
        return False
    if _has_column_gap(previous) or _LEADERS.search(previous.text):
        return False  # a line with a column's gap in it (a contents line, a row of figures) wraps no text
    wrapped = not had_room_for(previous, line.words[0], right_edge)
    if not styled:  # weights or sizes measured apart: the sentence must plainly go on from a full line
        return wrapped and (_starts_lower(line) or previous.text.rstrip().endswith(OPEN_ENDS))
    if wrapped:
        return True
    if (hang is not None and first is not None and abs(line.x0 - hang) <= SETTINGS.hang * size
            and abs(line.x0 - first.x0) > SETTINGS.hang * size):
        return True  # at the text's indent under a bullet, not at the bullet's: the item's own next line
    ending = previous.text.rstrip()
    if _starts_lower(line) or ending.endswith(OPEN_ENDS):
        return True
    return (_heading_sized(previous, body_size) and _heading_sized(line, body_size)
            and not ending.endswith(TERMINAL))


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
                        locate: Callable[[Sequence[TextLine]], Location], body_size: float | None = None,
                        edge_at: Callable[[TextLine], float] | None = None,
                        pitch: dict[float, float] | None = None) -> list[Paragraph]:
    """Group lines (top to bottom) into paragraphs; `locate` gives each paragraph its location.
    `edge_at` gives a line's own right edge where something (a picture) stands right of it; `pitch` the
    document's line pitch by size (else the lines' own)."""
    groups: list[list[TextLine]] = []
    pitch = {**line_pitch([lines]), **(pitch or {})}
    for line in lines:
        if not groups:
            groups.append([line])
            continue
        previous = groups[-1][-1]
        edge = edge_at(previous) if edge_at is not None else right_edge
        if continues_paragraph(previous, line, edge, groups[-1][0], body_size, pitch):
            groups[-1].append(line)
        else:
            groups.append([line])
    groups = split_lines_of_sentences(split_at_wider_steps(groups))
    return [make_paragraph(group, locate(group)) for group in groups]


def _sentence_line(line: TextLine) -> bool:
    """A line that is a sentence of its own: it starts with a capital and ends one."""
    text = line.text.strip()
    return text[:1].isupper() and text.endswith(TERMINAL)


def split_lines_of_sentences(groups: list[list[TextLine]]) -> list[list[TextLine]]:
    """Among one-line paragraphs (a list without marks: a sentence a line), a paragraph whose every
    line is a sentence of its own is as many paragraphs: its first line filled the line, which is all
    that joined them."""
    out: list[list[TextLine]] = []
    for index, group in enumerate(groups):
        neighbours = [groups[i] for i in (index - 1, index + 1) if 0 <= i < len(groups)]
        alike = [n for n in neighbours if _same_style(n[0], group[0]) and abs(n[0].x0 - group[0].x0) < 1.0]
        if (len(group) > 1 and all(_sentence_line(line) for line in group) and alike
                and all(len(n) == 1 for n in alike)):
            out.extend([line] for line in group)
        else:
            out.append(group)
    return out


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
