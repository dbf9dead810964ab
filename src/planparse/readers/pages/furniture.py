"""Running headers, footers and page numbers: lines near the page edge that repeat across pages."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from planparse.readers.pages.settings import SETTINGS
from planparse.readers.pages.text import TextLine

# (a page number's digits drawn one by one come apart in some engines' reading: "1 0" for "10")
_PAGE_NUMBER = re.compile(r"^(?:(?:side|sida|seite|page|s\.|p\.)\s*)?[-–—]?\s*\d(?: ?\d){0,3}\s*[-–—]?"
                          r"(?:\s*(?:av|af|of|von|/|\|)\s*\d{1,4}|\s*\(\d{1,4}\))?$",
                          re.IGNORECASE)


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _core(line: TextLine) -> frozenset[str]:
    """An OCR line's words of `core_word` letters or digits and more, digits aside; empty for a line a
    file gives as text (its words are its own)."""
    if not any(word.confidence is not None for word in line.words):
        return frozenset()
    return _words_core(line)


def _words_core(line: TextLine) -> frozenset[str]:
    shapes = (_shape(word.text) for word in line.words)
    return frozenset(shape for shape in shapes if sum(character.isalnum() for character in shape) >= SETTINGS.core_word)


def _running_cores(pages: Sequence[tuple[float, Sequence[TextLine]]], needed: int) -> list[frozenset[str]]:
    """Cores of lines at the page's edge (two words at least) found on `needed` pages or more, each whole
    in a line of its page: a running header or footer OCR read with other ink beside it (a logo's strokes
    read as «bå» before «DKRR Årshjul»), which the line's whole text does not repeat. A file's own lines
    count (only OCR lines are then taken by them): a born-digital document's foot OCR read on the one page
    whose logo was read as a picture with it («9 Ne DKRR Årshjul 4»)."""
    edges = [[_words_core(line) for line in lines if _in_edge_zone(line, height)] for height, lines in pages]
    counts: Counter[frozenset[str]] = Counter()
    for cores in edges:
        counts.update({core for core in cores if len(core) >= 2})
    return [core for core in counts if sum(any(core <= other for other in cores) for cores in edges) >= needed]


def _in_edge_zone(line: TextLine, height: float, zone: float | None = None) -> bool:
    zone = SETTINGS.edge_zone if zone is None else zone
    return line.bottom <= zone * height or line.top >= (1 - zone) * height


def _heads_a_table(line: TextLine, following: TextLine | None) -> bool:
    """Whether the line under a line in columns goes on in those columns, as a table's row does."""
    from planparse.readers.pages.unruled import header_columns

    columns = header_columns(line)
    return (columns is not None and following is not None and len(following.segments()) > 1
            and columns.taking(following) is not None)


def _banners(pages: Sequence[tuple[float, Sequence[TextLine]]], shapes: Counter[str], needed: int) -> set[str]:
    """Lines in columns repeated at the page's edge on most pages with no table going on under them: a
    running banner ("UN80 INITIATIVE   ADVANCE COPY   PROGRESS AND NEXT STEPS")."""
    heading: Counter[str] = Counter()
    for height, lines in pages:
        for index, line in enumerate(lines):
            shape = _shape(line.text)
            if shapes[shape] >= needed and len(line.segments()) >= 3 and _in_edge_zone(line, height) \
                    and _heads_a_table(line, lines[index + 1] if index + 1 < len(lines) else None):
                heading[shape] += 1
    return {shape for shape, count in shapes.items() if count >= needed and heading[shape] * 4 < count}


def furniture_lines(pages: Sequence[tuple[float, Sequence[TextLine]]]) -> set[tuple[int, int]]:
    """(page index, line index) of every running header, footer and page number.

    `pages` holds each page's height and lines. A line counts when it stands in the top or bottom
    zone and either is a page number or repeats (digits aside) on at least half the pages, two or more,
    or on the page next to its own (the running head of one part).
    """
    shapes: Counter[str] = Counter()
    on_page: list[set[str]] = []
    for height, lines in pages:
        edge = {_shape(line.text) for line in lines if _in_edge_zone(line, height)}
        shapes.update(edge)
        on_page.append(edge)
    needed = max(2, (len(pages) + 1) // 2)

    def running(page_index: int, shape: str) -> bool:
        """On half the pages or more, or on the page before or after too (a part's running head)."""
        return shapes[shape] >= needed or any(0 <= other < len(on_page) and shape in on_page[other]
                                              for other in (page_index - 1, page_index + 1))

    banners = _banners(pages, shapes, needed)
    cores = _running_cores(pages, needed)
    found: set[tuple[int, int]] = set()
    for page_index, (height, lines) in enumerate(pages):
        for line_index, line in enumerate(lines):
            if not _in_edge_zone(line, height, SETTINGS.page_number_zone):
                continue
            if len(line.segments()) >= 3:  # a table's header repeated at the top of each page is no furniture,
                if _shape(line.text) in banners or (  # a banner in columns with no table under it is
                        any(core <= _core(line) for core in cores) and not _heads_a_table(
                            line, lines[line_index + 1] if line_index + 1 < len(lines) else None)):
                    found.add((page_index, line_index))
                continue
            if _PAGE_NUMBER.match(line.text.strip()) or (
                    _in_edge_zone(line, height) and (running(page_index, _shape(line.text))
                                                     or any(core <= _core(line) for core in cores))):
                found.add((page_index, line_index))
    return found
