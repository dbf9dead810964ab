"""A page image made ready to read: its skew measured and undone, and the ruling lines of its tables
found from the pixels (long thin dark runs, through small breaks), then taken out of the image so
that the OCR does not read them as letters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

MAX_SKEW = 3.0  # degrees either way
LINE_LENGTH = 0.3  # inches: a dark run this long is a ruling line (longer than the stem of any letter)
LINE_THICKNESS = 0.05  # inches: and at most this thick
LINE_BREAK = 0.1  # inches: a break this short in a level ruling line is wear, not the line's end
UPRIGHT_BREAK = 0.03  # inches: the same for an upright one
PIECE = 0.1  # inches: thin dark runs this long, in line and close together, make a ruling line when long enough
PINHOLE = 3  # pixels: the widest break (specks of paper in the scan) a ruling line is carried over by such pieces
FILL = 0.06  # inches: dark areas this wide and high every way are a fill, not letters' strokes
FILL_WIDTH, FILL_HEIGHT = 0.5, 0.1  # inches: the least fill that is a box of text (a header row, a cell)
FILLED = 0.5  # of such a box's area at least is dark
FILL_LIGHT = 0.9  # of the paper's light: a fill's shade is darker than this (the paper's noise is lighter)
FILL_EDGE = 0.02  # inches: a fill's edge, blurred into the paper around, is left out of measuring it
LETTERS = 25  # grey levels: pixels this much lighter or darker than a fill are its letters
END_REACH = 0.15  # inches: a line ending this short of a line across it is taken to meet it
# inches: a ruling line that stops at a dark block lying across it (a picture laid over a table, a fill) and
# shows again this close past the block's far side, or meets a line across there, runs on under the block
# (a picture's box, its edge blurred into the paper, ends a few pixels short of or beyond where the line
# shows again; a picture over the foot of a column ends just above the table's bottom rule)
UNDER_BLOCK = 0.15
# inches: a picture's edge, blurred into the paper, reaches this far past the box of its solid part; a ruling
# line that runs into the picture is looked for off the box grown by it
BLOCK_EDGE = 0.05
LINE_CLEAR = 0.01  # inches: how far beside a dark run the paper is looked at
LETTERS_BESIDE = 0.25  # of a dark run's length at least with ink (not another run) that close along both
# its sides: a row through letters run together (bold type blurred at a low resolution), not a ruling line,
# which has paper beside it at least on one side (text may touch a rule from one side). Found on 150 dpi
# scans: at most 0.06 beside rules, 0.38-0.89 on each side of such rows through bold headings


@dataclass(frozen=True)
class Segment:
    """A ruling line in pixels: horizontal (x0..x1 at y) or vertical (y0..y1 at x)."""

    horizontal: bool
    start: float
    end: float
    at: float


def ink(gray: Any) -> Any:
    """Dark pixels as 255 on 0 (Otsu's threshold, so a grey or faded scan works alike)."""
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return binary


# A page's paper is clean where this share of its light pixels is pure white: about 0.97 on a picture
# drawn by a program, about 0.03 on a scan, whose paper always carries the scanner's noise.
CLEAN_PAPER_SHARE = 0.5


PAPER_LEVEL = 90  # percentile of a page's pixels that is its paper's light (a page is mostly paper)
FAINT_TOP = 0.9  # of the paper's light: pixels darker than this are marked (the paper's noise is lighter)
FAINT_DARK = 0.55  # and darker than this, print in black or a dark colour
FAINT_JOIN = 0.03  # inches: marked pixels this close side by side are one word's
FAINT_HEIGHT = (0.06, 0.6)  # inches: a word of faint print is this high (not a speck, not a picture)
FAINT_WIDTH = 0.1  # inches: and at least this wide (the specks of a fill's noise are smaller)
FAINT_DENSE = 0.6  # share of its box at most that a word's marked pixels fill (a light fill fills it all)
# A word's strokes have a core: this share of its marked pixels at least is darker than FAINT_CORE of the
# paper's light. The noise of a light fill hovers just under FAINT_TOP (on JPEG scans at most 8% of its
# pixels darker than 0.8, 16% at a light rule of a fill's edge; faint headings at least 25%)
FAINT_CORE, FAINT_CORE_SHARE = 0.8, 0.2
# The power the shades of faint print (as shares of the paper's light) are raised to: print in a light
# colour (a heading in pale green, grey at about 0.8 of the paper) comes out at about 0.4, as dark as the
# OCR's one threshold for the page needs to take it for ink beside black print.
FAINT_POWER = 4.0


def faint_darkened(gray: Any, dpi: float) -> Any:
    """A page with its faint print (words in a light colour: grey on a scan, lighter than the OCR's one
    threshold for the page, which is set between black print and paper) darkened. Only words with no
    dark pixel are: the pale halo JPEG leaves around black print and specks of dirt stay as they were."""
    paper = max(float(np.percentile(gray, PAPER_LEVEL)), 1.0)
    shares = gray.astype(np.float32) / paper
    marked = (shares < FAINT_TOP).astype(np.uint8)
    join = max(1, round(FAINT_JOIN * dpi))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(marked, np.ones((1, join), np.uint8)),
                                                              connectivity=8)
    if count <= 1:
        return gray
    dark = np.zeros(count, dtype=bool)
    dark[np.unique(labels[shares < FAINT_DARK])] = True
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    pixels = np.bincount(labels[marked > 0], minlength=count)
    cores = np.bincount(labels[shares < FAINT_CORE], minlength=count)
    faint = (~dark & (heights >= FAINT_HEIGHT[0] * dpi) & (heights <= FAINT_HEIGHT[1] * dpi)
             & (widths >= FAINT_WIDTH * dpi)
             & (pixels <= FAINT_DENSE * heights * widths) & (cores >= FAINT_CORE_SHARE * pixels))
    faint[0] = False
    region = faint[labels] & (marked > 0)
    if not region.any():
        return gray
    out = gray.copy()
    out[region] = (255.0 * np.minimum(shares[region], 1.0) ** FAINT_POWER).astype(np.uint8)
    return out


def clean_paper(gray: Any) -> bool:
    """Whether a page's paper is pure white, as a drawn picture's is and a scan's not."""
    light = gray[gray >= 180]
    return bool(light.size) and float((light == 255).mean()) >= CLEAN_PAPER_SHARE


def _solid_boxes(binary: Any, dpi: float) -> list[tuple[int, int, int, int]]:
    """The boxes (left, top, width, height in pixels) of the dark areas of the ink that are FILL wide and
    high every way and at least FILL_WIDTH by FILL_HEIGHT in all: a fill, or a picture."""
    side = max(3, round(FILL * dpi))
    solid = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((side, side), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    return [(int(left), int(top), int(width), int(height)) for left, top, width, height, _ in stats[1:count]
            if width >= FILL_WIDTH * dpi and height >= FILL_HEIGHT * dpi]


def dark_blocks(gray: Any, dpi: float) -> list[tuple[int, int, int, int]]:
    """The dark blocks of a page (left, top, right, bottom in pixels): pictures and fills, which hide
    the stretch of a ruling line they are laid over."""
    return [(left, top, left + width, top + height) for left, top, width, height in _solid_boxes(ink(gray), dpi)]


def fills_made_paper(gray: Any, dpi: float) -> Any:
    """The page with each dark filled box (a table's header row on a grey or black fill) made white
    paper with black letters, as OCR reads a page: the fill's shade stretched to white and the letters
    to black, turned first where the letters are lighter than the fill. Otherwise the box is one dark
    block to Tesseract, its words lost."""
    return paper_and_blocks(gray, dpi)[0]


def paper_and_blocks(gray: Any, dpi: float) -> tuple[Any, list[tuple[int, int, int, int]]]:
    """The page with its fills made paper (`fills_made_paper`), and its dark blocks as found before
    (`dark_blocks`: a picture or fill made paper hides a rule no less), the page's ink looked at once."""
    binary = ink(gray)
    solid = _solid_boxes(binary, dpi)
    blocks = [(left, top, left + width, top + height) for left, top, width, height in solid]
    # a light fill (a pale grey header row) is no ink to Otsu's threshold, or half of it is, and
    # Tesseract reads no word on it: it is found as what is darker than paper
    shaded = np.where(gray < FILL_LIGHT * np.percentile(gray, PAPER_LEVEL), 255, 0).astype(np.uint8)
    light = [(box, shaded) for box in _solid_boxes(shaded, dpi)
             if not any(_overlap_share(box, other) > 0.5 for other in solid)]
    out = gray
    for (left, top, width, height), dark in [*((box, binary) for box in solid), *light]:
        box = (slice(top, top + height), slice(left, left + width))
        if np.count_nonzero(dark[box]) < FILLED * width * height:
            continue
        left, top, width, height = _filled_part(dark, left, top, width, height)
        box = (slice(top, top + height), slice(left, left + width))
        if min(width, height) <= 2 * max(1, round(FILL_EDGE * dpi)):
            continue
        # measured inside the box's edges (blurred into the paper around) with specks left out
        inset = max(1, round(FILL_EDGE * dpi))
        steady = cv2.medianBlur(np.ascontiguousarray(gray[top + inset:top + height - inset,
                                                          left + inset:left + width - inset]), 3).astype(np.float32)
        fill = float(np.median(steady))
        if np.count_nonzero(steady > fill + LETTERS) > np.count_nonzero(steady < fill - LETTERS):
            patch, steady, fill = 255.0 - gray[box].astype(np.float32), 255.0 - steady, 255.0 - fill
        else:
            patch = gray[box].astype(np.float32)
        marks = steady[steady < fill - LETTERS]
        if not marks.size:
            continue  # a fill with nothing on it
        letters = float(np.percentile(marks, 10))
        if out is gray:
            out = gray.copy()
        out[box] = np.clip((patch - letters) * 255.0 / max(fill - letters, 1.0), 0, 255).astype(np.uint8)
    return out, blocks


def _overlap_share(one: tuple[int, int, int, int], other: tuple[int, int, int, int]) -> float:
    """The share of box `one` (left, top, width, height) that lies in box `other`."""
    across = min(one[0] + one[2], other[0] + other[2]) - max(one[0], other[0])
    down = min(one[1] + one[3], other[1] + other[3]) - max(one[1], other[1])
    return max(0, across) * max(0, down) / max(1, one[2] * one[3])


def _filled_part(binary: Any, left: int, top: int, width: int, height: int) -> tuple[int, int, int, int]:
    """The box (left, top, width, height) cut to its longest run of rows, then of columns, mostly dark
    (FILLED): a fill's box can take in a stretch of the paper beside it where the fill touches other
    dark ink (a photographed page's shadow at its edge), and that paper is not the fill's to measure."""
    def longest(dark: Any) -> tuple[int, int]:
        edges = np.flatnonzero(np.diff(np.concatenate(([0], dark.astype(np.int8), [0]))))
        starts, ends = edges[0::2], edges[1::2]
        if not starts.size:
            return 0, len(dark)
        best = int(np.argmax(ends - starts))
        return int(starts[best]), int(ends[best])

    patch = binary[top:top + height, left:left + width] > 0
    first, last = longest(patch.mean(axis=1) >= FILLED)
    patch = patch[first:last]
    start, end = longest(patch.mean(axis=0) >= FILLED)
    return left + start, top + first, end - start, last - first


def _profile_score(binary: Any, angle: float) -> float:
    height, width = binary.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    turned = cv2.warpAffine(binary, matrix, (width, height), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.sum(np.diff(rows) ** 2))


def skew_angle(gray: Any) -> float:
    """The angle (degrees, counter-clockwise) that makes the page's lines of text level: the one whose
    rows of ink are sharpest, searched in tenths on a quarter-size copy, then in fiftieths on a
    half-size one (a quarter-size page is too narrow to tell a tenth of a degree)."""
    height, width = gray.shape
    quarter = ink(cv2.resize(gray, (max(1, width // 4), max(1, height // 4)), interpolation=cv2.INTER_AREA))
    if not quarter.any():
        return 0.0
    coarse = max((round(a, 2) for a in np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.1)),
                 key=lambda a: _profile_score(quarter, a))
    half = ink(cv2.resize(gray, (max(1, width // 2), max(1, height // 2)), interpolation=cv2.INTER_AREA))
    fine = max((round(coarse + a, 2) for a in np.arange(-0.1, 0.101, 0.02)), key=lambda a: _profile_score(half, a))
    return round(float(fine), 2)


def deskewed(gray: Any) -> tuple[Any, float]:
    """The page turned level, and the angle it was turned by."""
    angle = skew_angle(gray)
    if abs(angle) < 0.05:
        return gray, 0.0
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=255), angle


def ruling_lines(gray: Any, dpi: float, blocks: Sequence[tuple[int, int, int, int]] = ()
                 ) -> tuple[list[Segment], Any]:
    """The ruling lines of a level page, and a mask of their pixels (slightly widened) to take out. A line
    hidden for a stretch by one of the dark `blocks` (pixel boxes: pictures and fills, as `dark_blocks`
    finds them on the page as scanned) runs on under it (`_under_blocks`)."""
    binary = ink(gray)
    length = max(8, round(LINE_LENGTH * dpi))
    thickness = max(2, round(LINE_THICKNESS * dpi))
    segments: list[Segment] = []
    masks = []
    blocked = _blocked(blocks, binary.shape, round(BLOCK_EDGE * dpi))
    for horizontal in (True, False):
        clear = max(1, round(LINE_CLEAR * dpi))
        lines, kept = _thin_runs(binary, horizontal, length, thickness, clear, blocked)
        pieces, kept_pieces = _thin_runs(binary, horizontal, max(4, round(PIECE * dpi)), thickness, clear, blocked)
        # level pieces are carried on from a line only: the bars of letters side by side (t, T, the tops
        # of m) run on with breaks as short as a pricked line's; letters' stems one above the other do not
        carried = _carried(lines, pieces, thickness / 2) if horizontal else _chained(pieces, length, thickness / 2)
        segments += carried
        masks.append(kept)
        if carried != lines:  # the pieces that carried a line on over its breaks are taken out with it
            masks.append(kept_pieces & _breaks(lines, carried, binary.shape, thickness / 2))
        if not horizontal:  # a low row's borders: too short for lines, but reaching from one rule to the next
            borders = _between_rules(pieces, [s for s in segments if s.horizontal], carried, thickness)
            segments += borders
            masks.append(kept_pieces & _along(borders, binary.shape, thickness / 2))
    mask = np.logical_or.reduce(masks).astype(np.uint8) * 255
    lines = _under_blocks(_joined(segments, dpi), blocks, UNDER_BLOCK * dpi, LINE_THICKNESS * dpi)
    return _reaching(lines, END_REACH * dpi), cv2.dilate(mask, np.ones((3, 3), np.uint8))


def _blocked(blocks: Sequence[tuple[int, int, int, int]], shape: tuple[int, int], margin: int) -> Any:
    """The pixels of the blocks' boxes grown by `margin`, or None where there are no blocks."""
    if not blocks:
        return None
    out = np.zeros(shape, dtype=bool)
    for left, top, right, bottom in blocks:
        out[max(0, top - margin):max(0, bottom + margin), max(0, left - margin):max(0, right + margin)] = True
    return out


def _thin_runs(binary: Any, horizontal: bool, length: int, thickness: int, clear: int, blocked: Any = None
               ) -> tuple[list[Segment], Any]:
    """Dark runs at least `length` long and at most `thickness` across, one way, a level one with paper
    `clear` pixels beside it: as segments, and their pixels. Where a run too thick to be a line touches a
    dark block (`blocked`: its pixels), what of it lies off the block is looked at again: a ruling line
    running into a picture laid over it is one piece of ink with the picture."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
    runs = cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel)
    segments, keep, labels, thick = _thin_components(binary, runs, horizontal, thickness, clear)
    kept = keep[labels]
    if blocked is not None and thick and (blocked & np.isin(labels, thick)).any():
        rest = np.where(np.isin(labels, thick) & ~blocked, runs, 0).astype(np.uint8)
        more, keep_more, labels_more, _ = _thin_components(binary, cv2.morphologyEx(rest, cv2.MORPH_OPEN, kernel),
                                                           horizontal, thickness, clear)
        segments += more
        kept |= keep_more[labels_more]
    return segments, kept


def _thin_components(binary: Any, runs: Any, horizontal: bool, thickness: int, clear: int
                     ) -> tuple[list[Segment], Any, Any, list[int]]:
    """The thin components of `runs` (as `_thin_runs` says) as segments, which components (`labels`) they
    are, and the labels of those too thick to be lines."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    keep = np.zeros(count, dtype=bool)
    segments = []
    thick = []
    # ink that is no run (letters, not a rule beside another: a double rule); upright runs through letters
    # are too short to be lines, and an upright rule may have a cramped column's letters on both sides
    loose = (binary > 0) & (runs == 0) if horizontal else None
    for label in range(1, count):
        left, top, width, height, _area = stats[label]
        if (height if horizontal else width) > thickness:
            thick.append(label)
            continue  # a dark block (a filled cell, a picture), not a line
        if loose is not None and _letters_beside(loose, left, width, top, height, clear):
            continue
        keep[label] = True
        if horizontal:
            segments.append(Segment(True, float(left), float(left + width), top + height / 2))
        else:
            segments.append(Segment(False, float(top), float(top + height), left + width / 2))
    return segments, keep, labels, thick


def _letters_beside(loose: Any, start: int, size: int, at: int, across: int, clear: int) -> bool:
    """Whether ink (`loose`) lies `clear` pixels above and below a level run (`size` long from `start`,
    `across` thick from `at`) along LETTERS_BESIDE of its length on both sides."""
    above, below = at - clear, at + across - 1 + clear
    return all(0 <= row < loose.shape[0] and loose[row, start:start + size].mean() >= LETTERS_BESIDE
               for row in (above, below))


def _carried(lines: list[Segment], pieces: list[Segment], across: float) -> list[Segment]:
    """Each line carried on, at either end, over pieces in line with it that begin within PINHOLE pixels
    of where it stops: a ruling line pricked by specks of paper breaks into pieces too short to be taken
    for lines on their own."""
    out = []
    for line in lines:
        start, end = line.start, line.end
        along = sorted((p for p in pieces if abs(p.at - line.at) <= across), key=lambda p: p.start)
        for piece in along:
            if end < piece.end and piece.start - end <= PINHOLE:
                end = piece.end
        for piece in reversed(sorted(along, key=lambda p: p.end)):
            if piece.start < start and start - piece.end <= PINHOLE:
                start = piece.start
        out.append(Segment(line.horizontal, start, end, line.at))
    return out


def _chained(pieces: list[Segment], length: int, across: float) -> list[Segment]:
    """Lines made of pieces in line with each other (within `across`) with breaks of at most PINHOLE
    pixels between them, at least `length` long in all: a ruling line pricked by specks of paper breaks
    into pieces too short to be taken for lines on their own. Each line lies where its longest piece does."""
    chains: dict[int, list[list[Segment]]] = {}
    for piece in sorted(pieces, key=lambda p: p.start):
        band = round(piece.at / max(across, 1.0))
        near = [chain for key in (band - 1, band, band + 1) for chain in chains.get(key, [])
                if abs(chain[0].at - piece.at) <= across and piece.start - max(p.end for p in chain) <= PINHOLE]
        if near:
            near[0].append(piece)
        else:
            chains.setdefault(band, []).append([piece])
    out = []
    for chain in (chain for group in chains.values() for chain in group):
        start, end = min(p.start for p in chain), max(p.end for p in chain)
        if end - start >= length:
            out.append(Segment(chain[0].horizontal, start, end, max(chain, key=lambda p: p.end - p.start).at))
    return sorted(out, key=lambda s: (s.at, s.start))


def _between_rules(pieces: list[Segment], level: list[Segment], upright: list[Segment], reach: float
                   ) -> list[Segment]:
    """The upright pieces that reach from one level rule to another, each rule running across the
    piece, in line with an upright line found elsewhere: the borders of a row too low for them to be
    as long as a line (a table's one-line header). Letters' stems in a tight row reach from rule to
    rule too, but seldom in line with a column's border."""
    def rule_at(y: float, x: float) -> Segment | None:
        return next((rule for rule in level
                     if abs(rule.at - y) <= reach and rule.start - reach <= x <= rule.end + reach), None)

    out = []
    for piece in pieces:
        if not any(abs(line.at - piece.at) <= reach / 2 for line in upright):
            continue
        above, below = rule_at(piece.start, piece.at), rule_at(piece.end, piece.at)
        if above is not None and below is not None and above != below:
            out.append(Segment(False, above.at, below.at, piece.at))
    return out


def _along(segments: list[Segment], shape: tuple[int, int], across: float) -> Any:
    """The pixels within `across` of the segments."""
    near = np.zeros(shape, dtype=bool)
    for segment in segments:
        lo, hi = max(0, round(segment.at - across)), round(segment.at + across) + 1
        band = (slice(lo, hi), slice(max(0, round(segment.start)), round(segment.end) + 1))
        near[band if segment.horizontal else band[::-1]] = True
    return near


def _breaks(lines: list[Segment], carried: list[Segment], shape: tuple[int, int], across: float) -> Any:
    """Where carrying the lines on bridged a break (no line found there before), `across` either side."""
    gaps = []
    for longer in set(carried) - set(lines):
        found = sorted((line.start, line.end) for line in lines
                       if line.horizontal == longer.horizontal and abs(line.at - longer.at) <= across
                       and line.start <= longer.end and line.end >= longer.start)
        at = longer.start
        for start, end in [*found, (longer.end, longer.end)]:
            if start > at:
                gaps.append(Segment(longer.horizontal, at, start, longer.at))
            at = max(at, end)
    return _along(gaps, shape, across)


def _under_blocks(segments: list[Segment], blocks: Sequence[tuple[int, int, int, int]], reach: float,
                  across: float) -> list[Segment]:
    """Each line's end that stops at a dark block lying across it (the line's place within `across` of
    the block's box, the line coming from outside the box) carried on under the block: to the next piece
    of the line beginning no farther than `reach` past the block's far side, joined with it, or else to the
    farthest line across it that lies there. An end at a line across is where the line ends, and stays.
    A picture laid over a table hides the stretches of its rules
    under it, and the table's last row, its bottom rule cut in pieces, would have no closed cell; pieces
    in line on both sides of the picture are one line, as pieces on both sides of a speck are. Level lines
    first, then upright ones, which may then meet a level line joined under a block."""
    if not blocks:
        return segments
    carried: dict[int, Segment | None] = {}  # by index in `segments`; None: joined into another
    for horizontal in (True, False):
        own = sorted((i for i, s in enumerate(segments) if s.horizontal == horizontal), key=lambda i: segments[i].start)
        crossing = [carried.get(i) or s for i, s in enumerate(segments) if s.horizontal != horizontal]
        spans = [((left, right), (top, bottom)) if horizontal else ((top, bottom), (left, right))
                 for left, top, right, bottom in blocks]  # each block along the lines, and across them
        for index in own:
            if index in carried:
                continue
            line = segments[index]
            start, end = line.start, line.end
            # an end at a line across (a table's bottom rule, a picture below it) ended there; it is not carried
            while (not _meeting(crossing, line.at, end - across, end + across, reach) and (far := _far_side(
                    spans, Segment(horizontal, start, end, line.at), True, reach, across)) is not None):
                piece = min((i for i in own if i not in carried and i != index and abs(segments[i].at - line.at)
                             <= across and end < segments[i].start <= far + reach),
                            key=lambda i: segments[i].start, default=None)
                if piece is None:
                    end = max(_meeting(crossing, line.at, end, far + reach, reach), default=end)
                    break
                carried[piece] = None
                end = max(end, segments[piece].end)
            if (not _meeting(crossing, line.at, start - across, start + across, reach) and (far := _far_side(
                    spans, Segment(horizontal, start, end, line.at), False, reach, across)) is not None):
                start = min(_meeting(crossing, line.at, far - reach, start, reach, before=True), default=start)
            carried[index] = Segment(horizontal, start, end, line.at)
    return [segment for segment in (carried[i] for i in range(len(segments))) if segment is not None]


def _far_side(spans: Sequence[tuple[tuple[int, int], tuple[int, int]]], line: Segment, forward: bool, reach: float,
              across: float) -> float | None:
    """The far side of the block (`spans`: each along the line's way, and across it) that the line's end
    (forward: its end, else its start) stops at, coming from outside it; None where it stops at none."""
    for (low, high), (side, other) in spans:
        if side - across <= line.at <= other + across:
            if forward and line.start < low and low - reach <= line.end < high:
                return high
            if not forward and line.end > high and low < line.start <= high + reach:
                return low
    return None


def _meeting(crossing: Sequence[Segment], at: float, low: float, high: float, reach: float, before: bool = False
             ) -> list[float]:
    """Where the crossing lines that reach a line at `at` lie between `low` and `high` (the one end or
    the other left out: `before` leaves out `high`, else `low`)."""
    return [c.at for c in crossing if c.start - reach <= at <= c.end + reach
            and (low <= c.at < high if before else low < c.at <= high)]


def _reaching(segments: list[Segment], reach: float) -> list[Segment]:
    """Each line's ends carried to a crossing line they stop short of by at most `reach` (the scan lost
    the last pixels before the crossing), so that the cells of the table close."""
    out = []
    for segment in segments:
        crossing = [c.at for c in segments if c.horizontal != segment.horizontal
                    and c.start - reach <= segment.at <= c.end + reach]
        before = [at for at in crossing if segment.start - reach <= at < segment.start]
        after = [at for at in crossing if segment.end < at <= segment.end + reach]
        out.append(Segment(segment.horizontal, min(before, default=segment.start), max(after, default=segment.end),
                           segment.at))
    return out


def _joined(segments: list[Segment], dpi: float) -> list[Segment]:
    """Pieces of one line (the same direction and place, a short break between them) joined: a ruling
    line worn or faded in the scan is one line again. An upright line is joined over less, since the
    next table may begin just below where one ends."""
    across = LINE_THICKNESS * dpi
    out: list[Segment] = []
    for horizontal in (False, True):
        # the lines in one place: a chain of places each within `across` of the last (places rounded to
        # bands of `across` parted 671.0 from 671.5, and a line's pieces were taken out of order)
        places: list[list[Segment]] = []
        for segment in sorted((s for s in segments if s.horizontal == horizontal), key=lambda s: s.at):
            if places and segment.at - places[-1][-1].at <= across:
                places[-1].append(segment)
            else:
                places.append([segment])
        gap = (LINE_BREAK if horizontal else UPRIGHT_BREAK) * dpi
        for place in places:
            joined: list[Segment] = []
            for segment in sorted(place, key=lambda s: s.start):
                last = joined[-1] if joined else None
                if last is not None and segment.start - last.end <= gap:
                    joined[-1] = Segment(horizontal, last.start, max(last.end, segment.end), (last.at + segment.at) / 2)
                else:
                    joined.append(segment)
            out += joined
    return out


def edges_in_points(segments: list[Segment], dpi: float) -> list[dict[str, Any]]:
    """The segments as the edge dicts the ruled-table step takes (points, top-left origin)."""
    scale = 72.0 / dpi
    edges = []
    for segment in segments:
        start, end, at = segment.start * scale, segment.end * scale, segment.at * scale
        if segment.horizontal:
            edge = {"orientation": "h", "x0": start, "x1": end, "top": at, "bottom": at, "width": end - start,
                    "height": 0.0}
        else:
            edge = {"orientation": "v", "x0": at, "x1": at, "top": start, "bottom": end, "width": 0.0,
                    "height": end - start}
        edges.append({"object_type": "scan_edge", "doctop": edge["top"], **edge})
    return edges


# Dotted leaders (a contents page's rows of dots from an entry to its page number): Tesseract reads them
# as letters ("JE pedniig aS EE NES") and runs lines together over them, so they are found in the ink and
# taken out before it reads the page.
DOT_SIZE = 0.04  # inches: a printed dot is at most this high (a full stop at up to 14 points)
DOT_ROUND = 3.0  # its height to its width at most (a blurred dot smears a little; a letter's stem is taller)
DOTS_RUN = 3  # dots a blurred scan runs together into one speck at most: a speck is at most this many wide
DOT_STEP = 0.1  # inches at most from one dot's centre to the next along a leader (a dot or two lost between)
DOT_DRIFT = 0.2  # of the step: how far a next dot's centre may sit above or below (a page photographed askew)
DOT_GAPS = 3.0  # of the leader's median step: no step longer (a lost dot or two, not a space between words)
DOT_CLEAR = 2.0  # of a dot's height: the paper above and below a leader is clear this far (letters are not)
DOT_CLEAR_INK = 0.05  # share of that paper at most dark (a speck or two)
LEADER_DOTS = 8  # dots at least in a leader (an ellipsis has three)
LEADER_ABOVE = 0.05  # inches over a leader's dots where an entry's or a page number's letters have ink


def dotted_leaders(binary: Any, dpi: float) -> tuple[list[tuple[int, int, int, int, int]], Any]:
    """The page's dotted leaders, each as its box (left, top, right, bottom in pixels) and its number of
    dots: rows of small specks of ink (`_dot_chains`), each carried on to the letters before and after
    it (where a poor scan blurred its dots together or lost them) and joined with the rest of its row;
    and a mask (255 on 0) of their ink: the specks wholly inside a leader's box, with their blur."""
    count, labels, stats, centres = cv2.connectedComponentsWithStats(binary, connectivity=8)
    mask = np.zeros_like(binary)
    chains = _dot_chains(stats, centres, binary, dpi)
    if not chains:
        return [], mask
    up = max(1, round(LEADER_ABOVE * dpi))
    rows: list[list[float]] = []  # left, top, right, bottom, pitch
    for left, top, right, bottom, dots in sorted(chains):
        above = binary[max(0, top - 1 - up):max(0, top - 1)]
        if not above.size:
            continue
        inked = above.any(axis=0)
        letters = np.flatnonzero(inked & (np.roll(inked, 1) | np.roll(inked, -1)))  # (a speck is no letter)
        before, after = letters[letters < left], letters[letters >= right]
        start = min(left, int(before.max()) + 2) if before.size else left
        end = max(right, int(after.min()) - 1) if after.size else right
        row = next((row for row in rows if row[2] >= start - 1
                    and abs(row[1] + row[3] - top - bottom) <= 2 * (bottom - top + 2)), None)
        if row is None:
            rows.append([start, top, end, bottom, (right - left) / max(1, dots - 1)])
        else:
            row[1], row[2], row[3] = min(row[1], top), max(row[2], end), max(row[3], bottom)
    leaders = [(int(left), int(top), int(right), int(bottom), round((right - left) / pitch) + 1)
               for left, top, right, bottom, pitch in rows]
    inside = [index for index in range(1, count) if stats[index, 3] <= DOT_SIZE * dpi and any(
        left - 1 <= stats[index, 0] and stats[index, 0] + stats[index, 2] <= right + 1
        and top - 1 <= stats[index, 1] and stats[index, 1] + stats[index, 3] <= bottom + 1
        for left, top, right, bottom, _ in leaders)]
    if inside:
        mask[np.isin(labels, inside)] = 255
        mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    return leaders, mask


def _dot_chains(stats: Any, centres: Any, binary: Any, dpi: float) -> list[tuple[int, int, int, int, int]]:
    """Rows of LEADER_DOTS or more small specks of ink (`stats` and `centres` of the ink's connected
    components), close together and about evenly spaced, with clear paper above and below them: each
    as its box (left, top, right, bottom in pixels) and its number of specks."""
    count = len(stats)
    if count <= LEADER_DOTS:
        return []
    widths, heights = stats[1:, 2], stats[1:, 3]
    small = (heights <= DOT_SIZE * dpi) & (widths <= DOTS_RUN * DOT_SIZE * dpi) & (heights <= DOT_ROUND * widths)
    dots = np.flatnonzero(small) + 1
    if dots.size < LEADER_DOTS:
        return []
    step = DOT_STEP * dpi
    band = max(1.0, DOT_DRIFT * step)
    rows: dict[int, list[int]] = {}
    for index in dots[np.argsort(centres[dots, 0])]:
        rows.setdefault(int(centres[index, 1] // band), []).append(int(index))
    following: dict[int, int] = {}
    for row, members in rows.items():
        for index in members:
            x, y = centres[index]
            best, best_dx = 0, step
            for near in (rows.get(row - 1, ()), members, rows.get(row + 1, ())):
                for other in near:  # (few: one row's dots)
                    dx = centres[other, 0] - x
                    if 0 < dx <= best_dx and abs(centres[other, 1] - y) <= DOT_DRIFT * dx + 1.0:
                        best, best_dx = other, dx
            if best:
                following[index] = best
    followed = set(following.values())
    boxes = []
    for first in following:
        if first in followed:
            continue
        chain = [first]
        while chain[-1] in following and len(chain) <= count:
            chain.append(following[chain[-1]])
        box = _leader(chain, stats, centres, binary)
        if box is not None:
            boxes.append((*box, len(chain)))
    return boxes


def _leader(chain: list[int], stats: Any, centres: Any, binary: Any) -> tuple[int, int, int, int] | None:
    """The chain of dots's box where it is a leader: long enough, its steps alike, paper clear around."""
    if len(chain) < LEADER_DOTS:
        return None
    steps = np.diff(centres[chain, 0])
    if float(steps.max()) > DOT_GAPS * float(np.median(steps)):
        return None
    left, top = int(stats[chain, 0].min()), int(stats[chain, 1].min())
    right = int((stats[chain, 0] + stats[chain, 2]).max())
    bottom = int((stats[chain, 1] + stats[chain, 3]).max())
    reach = max(1, round(DOT_CLEAR * float(np.median(stats[chain, 3]))))
    above = binary[max(0, top - reach):top, left:right]
    below = binary[bottom:bottom + reach, left:right]
    around = above.size + below.size
    if around and (np.count_nonzero(above) + np.count_nonzero(below)) > DOT_CLEAR_INK * around:
        return None
    return left, top, right, bottom
