"""One page image read by OCR into what a born-digital PDF page gives: words with boxes in points
(each with its confidence) and the ruled grids of its tables. The small cells Tesseract's page
reading passes over (a lone "x" in a year column) are read again, all of a page's at once, as
lines of one strip image."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from planparse.model import Location, PlanWarning
from planparse.readers.ocr.pixels import deskewed, edges_in_points, ink, ruling_lines
from planparse.readers.ocr.tesseract import OcrWord, read_words
from planparse.readers.pdf.ruled import Grid, edges_to_grids
from planparse.readers.pdf.text import Word

UNSURE = 60.0  # confidence (0-100) below which a word is reported as unsure
MAX_UNSURE_WARNINGS = 20  # a page; beyond, one count
CELL_INSET = 0.02  # inches kept off a cell's ruling lines when looking for ink in it
MIN_INK = 0.0004  # square inches of ink that make a cell not empty
STRIP_GAP = 0.15  # inches between the cells of the strip image
SHORT = 3  # characters: a cell's text this short may be a mark, read again alone if Tesseract was unsure
SURE_OF_SHORT = 90.0
LINE_REMNANTS = frozenset("|¦│┃[]!")  # what a ruling line's leftover pixels read as


@dataclass
class OcrPage:
    width: float  # points
    height: float
    words: list[Word]
    grids: list[Grid]
    angle: float  # degrees the page was turned to be level


def _line_words(words: Sequence[OcrWord], scale: float) -> list[Word]:
    """Tesseract's words as planparse's, each line's words sharing its top, bottom and size."""
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    out = []
    for line in lines.values():
        top, bottom = min(w.top for w in line) * scale, max(w.bottom for w in line) * scale
        size = max(4.0, (bottom - top) / 0.95)
        out.extend(Word(w.text, w.left * scale, w.right * scale, bottom - size, bottom, size, "", w.confidence)
                   for w in line)
    return out


def _short_cells(grids: Sequence[Grid], words: Sequence[Word], binary: Any, dpi: float
                 ) -> list[tuple[tuple[int, int, int, int], list[Word]]]:
    """Cells with ink in them and nothing read there, or only a short word Tesseract was unsure of
    (a mark): the pixel box of their ink, and the words read in them."""
    scale = dpi / 72.0
    inset = max(2, round(CELL_INSET * dpi))
    least = MIN_INK * dpi * dpi
    out = []
    for grid in grids:
        for cell in grid.cells:
            x0, top, x1, bottom = cell.bbox
            inside = [w for w in words if x0 <= w.center_x <= x1 and top <= w.center_y <= bottom]
            if inside and (len("".join(w.text for w in inside)) > SHORT
                           or min(w.confidence or 0.0 for w in inside) >= SURE_OF_SHORT):
                continue
            left, upper = round(x0 * scale) + inset, round(top * scale) + inset
            right, lower = round(x1 * scale) - inset, round(bottom * scale) - inset
            if right - left < 4 or lower - upper < 4:
                continue
            patch = binary[upper:lower, left:right]
            if np.count_nonzero(patch) < least:
                continue
            ys, xs = np.nonzero(patch)
            out.append(((left + int(xs.min()), upper + int(ys.min()), left + int(xs.max()) + 1,
                         upper + int(ys.max()) + 1), inside))
    return out


def _read_cells(gray: Any, boxes: Sequence[tuple[int, int, int, int]], languages: str, dpi: float
                ) -> list[OcrWord]:
    """The cells' contents read as the lines of one strip image (one Tesseract run for the page), each
    word placed back in its cell."""
    from PIL import Image

    pad, gap = round(0.05 * dpi), round(STRIP_GAP * dpi)
    width = max(right - left for left, _, right, _ in boxes) + 2 * pad
    height = sum(lower - upper + gap for _, upper, _, lower in boxes) + gap
    strip = np.full((height, width), 255, dtype=np.uint8)
    placed = []
    y = gap
    for left, upper, right, lower in boxes:
        strip[y:y + lower - upper, pad:pad + right - left] = gray[upper:lower, left:right]
        placed.append((y, y + lower - upper, left, upper))
        y += lower - upper + gap
    found = []
    for word in read_words(Image.fromarray(strip), languages, dpi, mode=6):
        for start, end, left, upper in placed:
            if start - gap / 2 <= word.center_y <= end + gap / 2:
                dx, dy = left - pad, upper - start
                found.append(OcrWord(word.text, word.left + dx, word.top + dy, word.right + dx, word.bottom + dy,
                                     word.confidence, (-1, start, 0)))
                break
    return found


def read_page(image: Any, dpi: float, number: int, languages: str, warnings: list[PlanWarning]) -> OcrPage:
    """Words and ruled grids of a page image (any PIL mode) scanned at `dpi`."""
    from PIL import Image

    gray = np.asarray(image.convert("L"))
    gray, angle = deskewed(gray)
    segments, mask = ruling_lines(gray, dpi)
    clean = gray.copy()
    clean[mask > 0] = 255
    scale = 72.0 / dpi
    found = [w for w in read_words(Image.fromarray(clean), languages, dpi) if not set(w.text) <= LINE_REMNANTS]
    words = _line_words(found, scale)
    grids = edges_to_grids(edges_in_points(segments, dpi))
    cells = _short_cells(grids, words, ink(clean), dpi)
    if cells:
        cell_words = _read_cells(clean, [box for box, _ in cells], languages, dpi)
        if cell_words:
            replaced = {id(w) for box, inside in cells for w in inside}
            words = [w for w in words if id(w) not in replaced]
            found = [w for w in found if w.confidence >= SURE_OF_SHORT or len(w.text) > SHORT] + cell_words
        words += _line_words(cell_words, scale)
    unsure = [w for w in found if w.confidence < UNSURE]
    for word in unsure[:MAX_UNSURE_WARNINGS]:
        box = (round(word.left * scale, 1), round(word.top * scale, 1), round(word.right * scale, 1),
               round(word.bottom * scale, 1))
        warnings.append(PlanWarning(code="ocr-unsure", location=Location(page=number, bbox=box),
                                    message=f"OCR is unsure ({word.confidence:.0f}%) of «{word.text}»; "
                                            "check it against the page"))
    if len(unsure) > MAX_UNSURE_WARNINGS:
        warnings.append(PlanWarning(code="ocr-unsure", location=Location(page=number),
                                    message=f"{len(unsure) - MAX_UNSURE_WARNINGS} more words the OCR is unsure "
                                            "of on this page"))
    height, width = gray.shape
    return OcrPage(width * scale, height * scale, words, grids if words else [], angle)
