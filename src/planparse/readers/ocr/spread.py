"""Two pages on one scanned image (a book or booklet open on the scanner glass): told from the image,
where it is parted into its pages, and each read as a page. The signs: a landscape image two pages
wide (each half shaped like a page), and down it, near its middle, a band no ink crosses from top to
bottom, with a page's ink on both sides, and in it the gutter's shadow, or, without a shadow, a band
as wide as two pages' inner margins. A landscape page of one page is not split: its table's ruling
lines, its title or its page number cross the middle, and two text columns of one page stand closer
than two pages' margins (where they leave a band that wide between two tall blocks of text, the page
is read whole and that it may be two pages is said)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

from planparse.model import Location, PlanWarning
from planparse.readers.ocr.pixels import ink
from planparse.readers.pages.page import PageText
from planparse.readers.pages.placed import moved_warning

if TYPE_CHECKING:
    from planparse.readers.ocr.session import OcrSession

PAGE_SHAPE = (1.15, 1.8)  # long side to short side: each half is shaped like a page, upright or lying
# (A4 1.41, letter 1.29, legal 1.65; a book's page trimmed otherwise or scanned with a margin a little more
# or less), so the image is two upright pages wide (1.1-1.75 its height) or two lying ones (2.3-3.5)
MIDDLE = (0.35, 0.65)  # share of the image's width the gutter stands within: the book lies about centred
EDGE = 0.2  # inches at the image's top and bottom left out: the scanner's lid and the glass's edge
SPECK = 0.02  # inches of ink down a column that are specks, not text: the column counts as blank
GUTTER_SHADOWED = 0.3  # inches: the least blank band that splits the image where the gutter's shadow is in it
GUTTER_BARE = 1.2  # inches: without a shadow, only a band this wide splits it (two pages' inner margins
# of at least 0.6 inches each; two text columns of one page, or a table's columns, stand closer)
GUTTER_MAYBE = 0.6  # inches: a bare band this wide (two pages' inner margins of 0.3 inches each, as tight
# as a booklet's are) may be a gutter: the image is read whole and that said; a table's column gap, about
# a third of an inch, is narrower
RULE_WIDTH = 0.1  # inches: darker columns narrower than this are an upright ruling line, not a shadow
SHADOW = 0.12  # share darker than the paper the gutter's shadow is at its darkest, at least (a book's
# gutter curves away from the glass; the paper beside a text column is as light as the rest)
PAPER_WINDOW = 0.3  # inches: the paper's light is measured this far either side of the band
PAGE_INK = 0.5  # inches of columns holding ink each half has at least: a page with text on it
TALL_INK = 0.5  # share of the image's height each half's ink spans, at least, for a narrower bare band to be
# taken for a gutter at all (and said): two pages of text; a landscape page's table with a few rows, whose
# text column and year columns leave such a band between them, spans less
SPECKS = 3  # pixels: the median filter taking specks out before ink is looked for


@dataclass(frozen=True)
class Gutter:
    """Where a page image holding two pages side by side parts them."""

    at: int  # pixels from the image's left
    # a gutter's shadow, or a band as wide as two pages' margins; else a narrower bare band, which two
    # columns of one page may leave as well: the image is read whole, and that it may be two pages said
    sure: bool
    band: tuple[int, int] = (0, 0)  # the columns (pixels, start and end past the last) no ink crosses
    paper: int = 255  # the grey of the paper beside the band


def gutter(gray: Any, dpi: float) -> Gutter | None:
    """Where a page image (grey, upright) holding two pages side by side is parted into them, or None
    where it holds one page."""
    height, width = gray.shape
    if width <= height:
        return None
    paper = _paper(gray, dpi)
    flat = np.clip(gray.astype(np.float32) * 255.0 / np.maximum(paper, 1.0), 0, 255).astype(np.uint8)
    edge = round(EDGE * dpi)
    inside = ink(cv2.medianBlur(flat, SPECKS))[edge:height - edge]
    blank = (inside > 0).sum(axis=0) <= SPECK * dpi
    for start, end in _runs(blank):
        split = _split_in(paper, start, end, dpi)
        if split is None or not MIDDLE[0] * width <= split.at <= MIDDLE[1] * width:
            continue
        if not all(PAGE_SHAPE[0] <= max(side, height) / min(side, height) <= PAGE_SHAPE[1]
                   for side in (split.at, width - split.at)):
            continue
        if (~blank[:start]).sum() < PAGE_INK * dpi or (~blank[end:]).sum() < PAGE_INK * dpi:
            continue
        if split.sure or all(_ink_height(side) >= TALL_INK * height for side in (inside[:, :start], inside[:, end:])):
            return split
    return None


def _paper(gray: Any, dpi: float) -> Any:
    """Each column's paper: its usual grey (the gutter's shadow darkens a column from top to bottom),
    the lightest within a ruling line's width around it (an upright ruling line down most of the page
    would otherwise be taken for paper, and vanish from the ink)."""
    paper = np.median(gray, axis=0).astype(np.float32)
    reach = max(1, round(RULE_WIDTH * dpi / 2))
    padded = np.pad(paper, reach, mode="edge")
    return np.lib.stride_tricks.sliding_window_view(padded, 2 * reach + 1).max(axis=1)


def _ink_height(binary: Any) -> int:
    """How far down the image (pixels) a part's ink reaches from its first row with ink to its last."""
    rows = np.flatnonzero(binary.any(axis=1))
    return int(rows[-1] - rows[0]) if rows.size else 0


def _runs(blank: Any) -> list[tuple[int, int]]:
    """The runs of blank columns (start, end past the last), widest first."""
    padded = np.concatenate(([False], blank, [False])).astype(np.int8)
    steps = np.flatnonzero(np.diff(padded))
    runs = list(zip(steps[::2].tolist(), steps[1::2].tolist(), strict=True))
    return sorted(runs, key=lambda run: run[0] - run[1])


def _split_in(paper: Any, start: int, end: int, dpi: float) -> Gutter | None:
    """Where a blank band (columns start..end) parts the image: at its shadow's darkest where the band
    holds a gutter's shadow and is wide enough for one, at its middle where it is wide enough bare, and
    unsurely so where it is narrower; None where it is too narrow for a gutter."""
    band = end - start
    if band < GUTTER_SHADOWED * dpi:
        return None
    window = max(1, round(PAPER_WINDOW * dpi))
    beside = np.concatenate((paper[max(0, start - window):start], paper[end:end + window]))
    light = float(np.median(beside)) if beside.size else float(np.median(paper))
    darkest = start + int(np.argmin(paper[start:end]))
    grey = min(255, round(light))
    if paper[darkest] <= (1 - SHADOW) * light:
        return Gutter(darkest, True, (start, end), grey)
    if band < GUTTER_MAYBE * dpi:
        return None
    return Gutter((start + end) // 2, band >= GUTTER_BARE * dpi, (start, end), grey)


def two_pages(image: Any, dpi: float) -> Gutter | None:
    """Where a page image (any PIL mode, upright) holding two pages side by side is parted into them,
    or None."""
    return gutter(np.asarray(image.convert("L")), dpi)


def maybe_two_pages(number: int) -> PlanWarning:
    """The word that a page image read whole may hold two pages side by side."""
    return PlanWarning(code="two-pages-maybe", location=Location(page=number), message=(
        "the page image may hold two pages side by side (a blank band runs down its middle, with no "
        "gutter's shadow in it); it was read as one page: where the lines of its two halves run together, "
        "scan the pages one at a time"))


def read_two_pages(image: Any, dpi: float, split: Gutter, number: int, what: str, warnings: list[PlanWarning],
                   session: OcrSession, own_text: Sequence[str] = ()) -> list[PageText]:
    """A page image holding two pages side by side, parted at `split`, read as two pages by OCR:
    the left one, then the right one, both under the image's page number, each in its own coordinates
    (as the pages scanned one by one would be, so that a table running on from the left page to the
    right one is seen to), the right one saying where it stands on the image, and its warnings placed
    there (so a box points at the image the user has); that it was read so, said once."""
    from planparse.readers.ocr.session import ocr_page_text

    warnings.append(PlanWarning(code="two-pages", location=Location(page=number), message=(
        "the page image holds two pages side by side (a book or booklet open on the scanner); they were "
        "read as two pages, the left one first, both as this page")))
    pages = _without_shadow(image, split)
    left = pages.crop((0, 0, split.at, image.height))
    right = pages.crop((split.at, 0, image.width, image.height))
    left.info = right.info = dict(image.info)
    first = ocr_page_text(left, dpi, number, what, warnings, session, own_text=own_text)
    found: list[PlanWarning] = []
    second = ocr_page_text(right, dpi, number, what, found, session, own_text=own_text)
    dx = split.at * 72 / dpi
    warnings.extend(moved_warning(warning, dx) for warning in found)
    return [first, replace(second, left=dx)]


def _without_shadow(image: Any, split: Gutter) -> Any:
    """The image (grey) with the band between its pages made paper: the gutter's shadow, at the edge
    of each page, would be taken for a fill or ink (the band holds no more ink than specks)."""
    from PIL import Image

    gray = np.array(image.convert("L"))
    gray[:, split.band[0]:split.band[1]] = split.paper
    return Image.fromarray(gray)
