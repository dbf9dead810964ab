"""One page image read by OCR into what a born-digital PDF page gives: words with boxes in points
(each with its confidence) and the ruled grids of its tables. What Tesseract's page reading passes
over or misreads (a lone "x" in a year column, ruled or not, ink no word covers, a short word alone
in its line) is read again, all of a page's at once, as lines of one strip image; a tick or a dot,
which Tesseract has no letter for, is told from its ink's shape."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import cv2
import numpy as np

from planparse.model import Location, PlanWarning
from planparse.readers.ocr.context import in_context
from planparse.readers.ocr.pixels import (
    Segment,
    clean_paper,
    deskewed,
    dotted_leaders,
    edges_in_points,
    faint_darkened,
    ink,
    paper_and_blocks,
    ruling_lines,
)
from planparse.readers.ocr.tesseract import OcrWord, read_words
from planparse.readers.pages.ruled import Grid, edges_to_grids
from planparse.readers.pages.text import Word

UNSURE = 60.0  # confidence (0-100) below which a word is reported as unsure
MAX_UNSURE_WARNINGS = 20  # a page; beyond, one count
CELL_INSET = 0.02  # inches kept off a cell's ruling lines when looking for ink in it
MIN_INK = 0.0004  # square inches of ink that make a cell not empty
STRIP_GAP = 0.15  # inches between the cells of the strip image
WORD_MARGIN = 0.02  # inches around a word read that its ink may reach beyond its box
LETTER_GAP = (0.06, 0.03)  # inches across and up: ink this close together is one word's
NO_INK = 0.0001  # square inches: a word whose box holds less ink than this (less than a full stop's) was
# read from specks too faint for the page's ink
# Of a line's size: ink no farther than this from a word of the line on its left and one on its right lies
# among the line's words (a word's gap is about 0.3); a bullet's dot after a cell's padding, or a mark in a
# column of its own, stands farther off.
IN_WORDS = 0.5
DASHES = "—–-"
DASH_THICKNESS = 0.2  # of a word's height: a dash's stroke is no thicker than this
ALONE = 2.0  # of the line's size: a short word this far from the words beside it stands in a column of its own
INK_HEIGHT = 0.85  # of the font size: a line's ink from ascender to descender, in common text fonts
# Tesseract's size of a line's text, ascender to descender, is about this much less than the font's size
# (the sample's 11, 14 and 16 point lines scanned at 150 dpi); used where a page has no long lines
LINE_SIZE_TO_FONT = 1.08
DESCENT = 0.21  # of the font size: a font's box reaches this far below the baseline, in common text fonts
ASCENT = 0.75  # of the font size: a line's ink above its baseline (capitals, ascenders), where not measured
# Of a line's ascent: ink whose lowest point stays this far above the baseline or farther is no letter's
# (letters stand on the baseline, descenders reach below it) but a mark: over a capital its foot stands about
# a whole ascent up, over a small letter about half of one, and a round letter's overshoot below the line or
# a level page's leftover skew across a line moves a letter's foot a pixel or two
MARK_ZONE = 0.25
ABOVE = 230  # Unicode's combining class of a mark set above its letter
LONG_LINE = 20  # characters: a line this long has ascenders and descenders, so its ink tells its size
SAME_SIZE = 1.1  # lines' sizes this close (as a ratio, one to the next) are one size
ONE_SIZE = 1.2  # and no chain of such steps spans more than this: a 14 point heading is not an 11 point line's
OPEN_END = 3.0  # points: upright lines ending this close together end a table's open bottom
DASH_WIDTH = 0.32  # of the line's size: a dash's ink is this wide or wider (a hyphen's about a quarter)
WORD_GAP = 0.2  # of the font size: the least room kept between two words Tesseract read apart
STROKE_ROOM = 0.15  # of a line's height: room around its words' box when its strokes are measured
BOLD_STROKES = 1.12  # a line whose strokes are this much thicker than the page's usual is bold
# A paragraph's lines whose weights step up by this much between them are of two weights (bold goal rows
# among regular measure rows); by PARAGRAPH_STEP_ONE where one line stands apart (a blurred regular line
# measures up to 1.25 × its paragraph).
PARAGRAPH_STEP = 1.2
PARAGRAPH_STEP_ONE = 1.3
LAYER_COVER = 0.8  # share of a page's text-like ink a text layer's words cover, at least, to be read from it
SHORT = 3  # characters: a cell's text this short may be a mark, read again alone (a page's reading takes
# a lone "x" for "på" as surely as for "x")
MARK_GLYPHS = re.compile(r"^[(\[]?[xX×✓✔]{1,2}[.,]?[)\]]?$")  # a mark as OCR reads one: x, X, x., (x, (x) ...
DRAWN_CONFIDENCE = 70.0  # a mark told from its ink's shape: sure enough not to be reported, not a reading
SPECK_SHARE = 0.1  # of a cell's largest piece of ink: smaller pieces are specks
DOT_ASPECT, DOT_FILL = (0.7, 1.4), 0.6  # a filled dot: about as wide as high, mostly ink
DOT_SOLID = 0.9  # and filling its convex hull
TICK_ASPECT, TICK_FILL = (0.6, 1.7), 0.45  # a tick: strokes, about as wide as high
LINE_REMNANTS = frozenset("|¦│┃[]!=_—~")  # what a ruling line's leftover pixels read as
# Of the height of the tallest of its line's other words: a short word this much taller is a picture's
# ink OCR read as letters (a corner ornament beside a heading read as "p"), not one of the line's
# letters: a tick or a bracket reaches at most about half as high again as the letters beside it.
PICTURE_TALL = 2.0
# Of the median height of its line's other words: a word with a letter or digit this much lower is a
# rule's or a fill's edge read as letters ("Fia" on a header's 1-pixel edge): small letters stand about
# half as high as a line's tallest, a bullet a third.
LETTERS_LOW = 0.2


@dataclass
class OcrPage:
    width: float  # points
    height: float
    words: list[Word]
    grids: list[Grid]
    # read from a text layer: the share of the page's text-like ink its words cover (1.0 where OCR read it)
    layer_cover: float = 1.0


def _without_remnants(words: Sequence[OcrWord]) -> list[OcrWord]:
    """Words with what a ruling line's leftover pixels read as taken off: a lone "|" or "=", and "_"
    run on at a word's end."""
    out = []
    for word in words:
        text = word.text.strip("_")
        if text and not set(text) <= LINE_REMNANTS:
            out.append(word if text == word.text else OcrWord(text, word.left, word.top, word.right, word.bottom,
                                                              word.confidence, word.line))
    return out


def _by_line(words: Sequence[OcrWord]) -> dict[tuple[int, int, int], list[OcrWord]]:
    """Words by the line Tesseract read them in, lines in the order they first come."""
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    return lines


def _picture_pieces(words: Sequence[OcrWord]) -> tuple[list[OcrWord], list[OcrWord]]:
    """The words, and apart from them those that are no letters of the line they were read in: a short
    word (SHORT characters at most) far taller than the line's other words (PICTURE_TALL), a picture's
    ink, or a word of letters or digits far lower than them (LETTERS_LOW), a rule's edge. Taken into
    the line, a picture's ink made the line's size a picture's (a heading beside an ornament ranked
    above every other) and its letters part of the heading's text, and a rule's made a table's header
    no header ("Aktivitet Fia")."""
    lines = _by_line(words)
    pieces: set[int] = set()
    for line in lines.values():
        for word in line:
            # the line's letters' height: its other words' of two letters or digits or more (a dash, a
            # mark "x" stand lower), the tallest's for what stands taller (a word of small letters stands
            # lower), their median's for what stands lower (a picture's piece among them stands far taller)
            others = sorted(w.bottom - w.top for w in line if w is not word and _letters(w.text) >= 2)
            if not others:
                continue
            height = word.bottom - word.top
            if (len(word.text) <= SHORT and height > PICTURE_TALL * others[-1]) or \
                    (height < LETTERS_LOW * others[len(others) // 2] and _letters(word.text)):
                pieces.add(id(word))
    return [w for w in words if id(w) not in pieces], [w for w in words if id(w) in pieces]


def _letters(text: str) -> int:
    """How many letters and digits a text holds."""
    return sum(character.isalnum() for character in text)


def _warn_pictures(pieces: Sequence[OcrWord], scale: float, number: int, warnings: list[PlanWarning]) -> None:
    for word in pieces[:MAX_UNSURE_WARNINGS]:
        box = (round(word.left * scale, 1), round(word.top * scale, 1), round(word.right * scale, 1),
               round(word.bottom * scale, 1))
        warnings.append(PlanWarning(code="picture-read", location=Location(page=number, bbox=box), message=(
            f"ink here far taller or lower than the letters of the line beside it (a picture, a rule's edge) "
            f"was read as «{word.text}»; it was left out of the text: check it against the page")))


def _line_words(words: Sequence[OcrWord], scale: float, binary: Any = None, norwegian: bool = False,
                usual_weight: float | None = None, strokes: dict[tuple[int, int, int], float] | None = None
                ) -> list[Word]:
    """Tesseract's words as planparse's, each line's words sharing its top, bottom and size, bold where
    its strokes are thicker than the page's lines' usually are (with `binary`, the page's ink), and
    a "-" standing alone between words taken as the dash it stands for where it is as wide as one.
    In Norwegian, a capital "I" alone after a word in lower case is the preposition "i" (Norwegian has
    no pronoun "I"). With `usual_weight`, bold is told against that weight (the page's, for words read
    again in cells) rather than these lines' own; `strokes` are the lines' stroke weights where the
    caller measured them already (`_stroke_weights`)."""
    lines = _by_line(words)
    sizes = sizes_unified({key: max(4.0, size * scale) for key, size in _line_sizes(lines, binary).items()})
    if strokes is None:
        strokes = _stroke_weights(lines, binary) if binary is not None else {}
    weights = _per_paragraph(strokes, sizes)
    usual = usual_weight if usual_weight is not None else _usual_of(weights, lines)
    doubted = {key for key, line in lines.items() if all(w.confidence < UNSURE for w in line)}
    sure = sorted(size for key, size in sizes.items() if key not in doubted)
    if sure:  # a line OCR was unsure of throughout (a logo's letters) stands as no heading by its size or weight
        sizes.update({key: min(sizes[key], sure[len(sure) // 2]) for key in doubted})
        weights.update({key: 0.0 for key in doubted})
    out: list[Word] = []
    for key, line in lines.items():
        size = sizes[key]
        # as a font's box: from the baseline, where Tesseract found it, so that a line with no letter
        # reaching below it stands as low as one with (rows of an unruled table are told by the room
        # between lines)
        bottom = line[0].baseline * scale + DESCENT * size if line[0].baseline else max(w.bottom for w in line) * scale
        font = "OCR-Bold" if usual and weights.get(key, 0.0) > BOLD_STROKES * usual else "OCR"
        for index, w in enumerate(line):
            text = "–" if w.text == "-" and 0 < index < len(line) - 1 and _dash_wide(w) else w.text
            if norwegian and text == "I" and index and line[index - 1].text[-1:].islower():
                text = "i"
            right = w.right * scale
            if index + 1 < len(line):
                # Tesseract's word boxes can reach into the space after them; it said they are two words,
                # so they keep a space's width apart (what joins words into a line's text goes by gaps)
                right = max(w.left * scale + 1.0, min(right, line[index + 1].left * scale - WORD_GAP * size))
            out.append(Word(text, w.left * scale, right, bottom - size, bottom, size, font, w.confidence,
                            w.spellings() if text == w.text else ()))
    return out


def _dash_wide(word: OcrWord) -> bool:
    """Whether a lone "-" between words is as wide as a dash (–), not a hyphen: OCR reads both as "-"."""
    return word.line_size <= 0 or word.right - word.left >= DASH_WIDTH * word.line_size


def _ink_size(line: Sequence[OcrWord]) -> float:
    return (max(w.bottom for w in line) - min(w.top for w in line)) / INK_HEIGHT


def _line_sizes(lines: dict[Any, list[OcrWord]], binary: Any = None) -> dict[Any, float]:
    """Each line's font size in pixels: the smaller of two estimates, each of which swells now and then
    and seldom both at once: Tesseract's size of the line's text (swollen now and then by its model of
    the line) and the line's ink above its baseline. Marks over a capital (the dots of "Ä", the ring of
    "Å", the accent of "É") stand above every letter and swell the ink above the baseline, and at times
    Tesseract's size too: with `binary` (the page's ink), what they raise the ink by (`_mark_rise`) is
    taken off the ink above the baseline, which then stands for the line's size where Tesseract's
    swelled. Not off Tesseract's size: its model of a line takes such a mark in on some scans and not on
    others (a heading's size 4 pixels over its siblings' at 150 dpi, none over them at 200). Both are
    scaled to what the ink says on the whole (the median over the page's longer lines, whose letters
    reach above and below). The line's whole ink is not used: diacritics and specks swell it, and it
    falls short where no letter reaches below the baseline. Without Tesseract's line facts, by the ink
    alone."""
    measures = {}
    for key, line in lines.items():
        first = line[0]
        rise = _mark_rise(binary, line) if binary is not None else 0.0
        measures[key] = (first.line_size, max(0.0, first.line_ascent - rise))
    long_lines = [key for key, line in lines.items() if sum(len(w.text) for w in line) >= LONG_LINE]

    def factor(which: int, default: float) -> float:
        ratios = sorted(_ink_size(lines[key]) / measures[key][which] for key in long_lines if measures[key][which] > 0)
        return ratios[len(ratios) // 2] if ratios else default

    by_size = factor(0, LINE_SIZE_TO_FONT)
    by_ascent = factor(1, 1 / ASCENT)
    out = {}
    for key, line in lines.items():
        size, ascent = measures[key]
        out[key] = min(size * by_size, ascent * by_ascent) if size > 0 and ascent > 0 else _ink_size(line)
    return out


def _mark_rise(binary: Any, line: Sequence[OcrWord]) -> float:
    """Pixels by which marks over capitals raise a line's ink above its letters: from the top of the ink
    in its words' boxes to the top of the tallest piece of that ink that reaches down to the baseline (a
    letter's: such a mark is a piece of its own, standing clear above its letter). 0 where the line's text
    has no capital with a mark above it: in a line with no tall letter, a mark over a small letter (an
    i's dot, ä's dots) stands about where a tall letter's top would, and is kept."""
    first = line[0]
    if not first.baseline or first.line_ascent <= 0 or not any(_capital_with_mark(c) for w in line for c in w.text):
        return 0.0
    left, top = min(w.left for w in line), max(0, min(w.top for w in line))
    right, bottom = max(w.right for w in line), max(w.bottom for w in line)
    patch = binary[top:bottom, max(0, left):right]
    if not patch.size:
        return 0.0
    count, _, stats, _ = cv2.connectedComponentsWithStats(patch, connectivity=8)
    pieces = stats[1:count]
    if not len(pieces):
        return 0.0
    foot = first.baseline - top - MARK_ZONE * first.line_ascent  # in the patch's rows
    letters = pieces[pieces[:, cv2.CC_STAT_TOP] + pieces[:, cv2.CC_STAT_HEIGHT] >= foot]
    if not len(letters):
        return 0.0
    return float(max(0, int(letters[:, cv2.CC_STAT_TOP].min()) - int(pieces[:, cv2.CC_STAT_TOP].min())))


def _capital_with_mark(character: str) -> bool:
    """Whether a character is a capital letter with a mark above it (Ä, Å, É, Ü, Ñ, Й; in any script
    Unicode composes so)."""
    if not character.isupper():
        return False
    parts = unicodedata.normalize("NFD", character)
    return any(unicodedata.combining(part) == ABOVE for part in parts[1:])


def _a_number(text: str) -> bool:
    return any(character.isdigit() for character in text) and all(
        character.isdigit() or not character.isalnum() for character in text)


def _stroke_weights(lines: dict[tuple[int, int, int], list[OcrWord]], binary: Any) -> dict[tuple[int, int, int], float]:
    """Each line's stroke weight (`_stroke_weight`), by its key."""
    return {key: _stroke_weight(binary, line) for key, line in lines.items()}


def _usual_of(weights: dict[Any, float], lines: dict[Any, list[OcrWord]]) -> float:
    """The weight most of the page's letters are in: the median of its lines' weights, each line counted
    by its letters (0 where none could be told). Counted by lines, a page of short bold labels (a
    table's years and column names, goal rows) beside its regular text had its usual weight bold."""
    known = sorted((weight, sum(len(word.text) for word in lines[key])) for key, weight in weights.items() if weight)
    half = sum(letters for _, letters in known) / 2
    counted = 0
    for weight, letters in known:
        counted += letters
        if counted >= half:
            return weight
    return 0.0


def _per_paragraph(weights: dict[tuple[int, int, int], float], sizes: dict[tuple[int, int, int], float]
                   ) -> dict[tuple[int, int, int], float]:
    """Each line's stroke weight made the median of its Tesseract paragraph's lines of its size (as
    `sizes_unified` gives them): the lines of one paragraph are in one weight, and a line measured a
    little thinner or thicker does not split it. A line of another size is no line of the paragraph's
    text: Tesseract took a heading into it ("2.2 Februari" read as the second line of a table's header
    cell's paragraph), which the paragraph's median made regular. A first line bolder than the rest's
    median by BOLD_STROKES keeps its own: Tesseract takes a bold heading ("Direkt", "Ändamål") of its
    text's size into the paragraph under it, whose one line of text the median of two then made bold
    too."""
    paragraphs: dict[tuple[int, int, float], list[tuple[tuple[int, int, int], float]]] = {}
    for key, weight in sorted(weights.items()):
        if weight and key[0] >= 0:
            paragraphs.setdefault((*key[:2], sizes.get(key, 0.0)), []).append((key, weight))
    out = dict(weights)
    for lines in paragraphs.values():
        heaviest, rest = lines[0][1], [weight for _, weight in lines[1:]]
        if rest and heaviest > BOLD_STROKES * sorted(rest)[len(rest) // 2]:
            lines = lines[1:]  # a heading taken in: it keeps its weight, the text under it its own
        for group in _weight_groups(lines):
            median = float(np.median([weight for _, weight in group]))  # of two lines, their mean: not the thicker
            out.update({key: median for key, _ in group})
    return out


def _weight_groups(lines: list[tuple[Any, float]]) -> list[list[tuple[Any, float]]]:
    """A paragraph's lines parted where their weights fall into two: the widest step between weights
    in order, where it is PARAGRAPH_STEP or more (PARAGRAPH_STEP_ONE where it parts one line from the
    rest). Tesseract takes a table's column of cells as one paragraph, bold goal rows and regular
    measure rows alike, which one median made all of one weight."""
    ordered = sorted(lines, key=lambda line: line[1])
    steps = [(b[1] / a[1], index + 1) for index, (a, b) in enumerate(itertools.pairwise(ordered)) if a[1] > 0]
    if steps:
        step, cut = max(steps)
        light, heavy = ordered[:cut], ordered[cut:]
        if step >= (PARAGRAPH_STEP if min(len(light), len(heavy)) > 1 else PARAGRAPH_STEP_ONE):
            return [light, heavy]
    return [lines]


def sizes_unified(sizes: dict[Any, float]) -> dict[Any, float]:
    """Lines' sizes told from their ink vary with the letters in them (ascenders, descenders); sizes
    within SAME_SIZE of each other, in a chain no wider than ONE_SIZE, are taken as one size, their
    median, so that lines of one paragraph are not told apart by size while headings stay larger (a
    table's header, measured a little large, no longer links the body to the headings)."""
    ordered = sorted(sizes.items(), key=lambda item: item[1])
    groups: list[list[tuple[Any, float]]] = []
    for key, size in ordered:
        if groups and size <= groups[-1][-1][1] * SAME_SIZE and size <= groups[-1][0][1] * ONE_SIZE:
            groups[-1].append((key, size))
        else:
            groups.append([(key, size)])
    out = {}
    for group in groups:
        median = group[len(group) // 2][1]
        out.update({key: median for key, _ in group})
    return out


def _stroke_weight(binary: Any, line: Sequence[OcrWord]) -> float:
    """How thick a line's strokes are: their mean width in pixels, twice the ink's area over its edge
    (a stroke of length L and width w has area L × w and an edge of about 2 × L); 0 where the line has
    too little ink to tell. Every stroke counts, the thin and the thick: a long bold line of a serif font
    (Times' hairlines stay thin in its bold) measured by its thickest strokes alone was as thin as a
    short regular one."""
    import cv2

    left, top = min(w.left for w in line), min(w.top for w in line)
    right, bottom = max(w.right for w in line), max(w.bottom for w in line)
    # the box a little grown, so that letters its edge cuts through (a text layer's boxes are tight) are
    # whole: where a stroke ran out of the box its cut end counted as no edge, and a regular line whose
    # box cut its letters measured as thick as a bold heading
    pad = max(2, round(STROKE_ROOM * (bottom - top)))
    box = binary[max(0, top - pad):bottom + pad, max(0, left - pad):right + pad]
    patch = cv2.morphologyEx(box, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8)) > 0
    area = int(np.count_nonzero(patch))
    if area < 50:
        return 0.0
    inner = cv2.erode(patch.astype(np.uint8), np.ones((3, 3), np.uint8), borderType=cv2.BORDER_CONSTANT, borderValue=0)
    edge = area - int(np.count_nonzero(inner))
    return 2.0 * area / edge if edge else 0.0


def _closing_edges(edges: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """A level edge where three or more upright ones end together with none across them: the open
    bottom of a table whose last row runs on to the next page. Only for finding the marks in that
    row's cells; the page's grids stay as drawn, as a born-digital page's do."""
    ends: dict[int, list[dict[str, Any]]] = {}
    for edge in edges:
        if edge["orientation"] == "v":
            ends.setdefault(round(edge["bottom"] / OPEN_END), []).append(edge)
    closing = []
    for uprights in ends.values():
        if len(uprights) < 3:
            continue
        bottom = max(edge["bottom"] for edge in uprights)
        left, right = min(edge["x0"] for edge in uprights), max(edge["x0"] for edge in uprights)
        if any(edge["orientation"] == "h" and abs(edge["top"] - bottom) <= OPEN_END and edge["x0"] <= left + OPEN_END
               and edge["x1"] >= right - OPEN_END for edge in edges):
            continue
        closing.append({"object_type": "scan_edge", "orientation": "h", "x0": left, "x1": right, "top": bottom,
                        "bottom": bottom, "doctop": bottom, "width": right - left, "height": 0.0})
    return closing


def _short_cells(grids: Sequence[Grid], words: Sequence[Word], binary: Any, dpi: float
                 ) -> list[tuple[tuple[int, int, int, int], list[Word]]]:
    """Cells with ink in them and nothing read there, or only a short word (a mark, or a lone "x" read
    as "på"): the pixel box of their ink, and the words read in them."""
    scale = dpi / 72.0
    inset = max(2, round(CELL_INSET * dpi))
    least = MIN_INK * dpi * dpi
    out: list[tuple[tuple[int, int, int, int], list[Word]]] = []
    for grid in grids:
        for cell in grid.cells:
            x0, top, x1, bottom = cell.bbox
            inside = _words_in(words, cell.bbox)
            if inside and len("".join(w.text for w in inside)) > SHORT:
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


def _with_ink(words: Sequence[OcrWord], binary: Any, dpi: float) -> list[OcrWord]:
    """The words, less those of no letter or digit with no ink in or near their boxes, and with a dash
    read glued to a word's start taken off where the word's ink starts with no dash
    ("—Bibliotekdirektør", "—(X)"): Tesseract, binarizing the page its own way and reading a line
    whole, now and then reads a dash from specks beside a word, or a stop from specks alone, where the
    page's ink has none. A letter is never dropped: its box can sit off its ink ("i", 1 pixel wide)."""
    least = NO_INK * dpi * dpi
    margin = round(WORD_MARGIN * dpi)  # Tesseract's box of a narrow letter can sit a few pixels off its ink
    out = []
    for word in words:
        patch = binary[word.top:word.bottom, word.left:word.right]
        near = binary[_grown(word, margin)]
        if not any(character.isalnum() for character in word.text) and np.count_nonzero(near) < least:
            continue
        if not np.count_nonzero(patch):
            out.append(word)
            continue
        text = word.text
        if len(text) > 1 and text[0] in DASHES and text[1] not in DASHES and not text[1].isspace() \
                and not _starts_with_a_dash(patch):
            word = replace(word, text=text.lstrip(DASHES), choices=word.choices[len(text) - len(text.lstrip(DASHES)):])
        out.append(word)
    return out


def _grown(word: OcrWord, margin: int) -> tuple[slice, slice]:
    """The rows and columns of a word's box grown by `margin` pixels every way."""
    return (slice(max(0, word.top - margin), word.bottom + margin),
            slice(max(0, word.left - margin), word.right + margin))


def _starts_with_a_dash(patch: Any) -> bool:
    """Whether a word's ink starts with a dash: a level stroke, thin for the word's height, as wide as
    a hyphen at least."""
    height = patch.shape[0]
    columns = np.count_nonzero(patch, axis=0)
    inked = np.flatnonzero(columns)
    start = int(inked[0])
    first = columns[start:start + max(2, round(DASH_WIDTH * height))]
    return bool(first.size) and int(first.max()) <= DASH_THICKNESS * height


def _alone(words: Sequence[OcrWord], grids: Sequence[Grid], dpi: float) -> list[tuple[int, int, int, int]]:
    """The pixel boxes of short words outside the ruled grids that stand apart from the words beside
    them in their line (a mark or a year's digits in an unruled table's column): read alone again, as
    a ruled cell's short text is, since the page's reading takes a lone "x" for "på" or "PN"."""
    scale = 72.0 / dpi
    lines = _by_line(words)
    out = []
    for line in lines.values():
        line = sorted(line, key=lambda word: word.left)
        for index, word in enumerate(line):
            if len(word.text) > SHORT or any(grid.contains(word.center_x * scale, word.center_y * scale)
                                             for grid in grids):
                continue
            room = ALONE * (word.line_size or word.bottom - word.top)
            before = word.left - line[index - 1].right if index else room
            after = line[index + 1].left - word.right if index + 1 < len(line) else room
            if min(before, after) >= room:
                out.append((word.left, word.top, word.right, word.bottom))
    return out


def _unread_ink(binary: Any, words: Sequence[OcrWord], grids: Sequence[Grid], dpi: float
                ) -> list[tuple[int, int, int, int]]:
    """The pixel boxes of ink outside the ruled grids that no word read covers, each a word's worth (its
    letters joined): what the page reading passed over in an unruled table, a lone "x" or a year's
    digits in a column of their own. Ink taller than the page's tallest word read (a logo, a
    signature) is left out."""
    left = binary.copy()
    margin = round(WORD_MARGIN * dpi)
    for word in words:
        left[_grown(word, margin)] = 0
    scale = dpi / 72.0
    for grid in grids:
        x0, top, x1, bottom = (round(value * scale) for value in grid.bbox)
        left[max(0, top):bottom, max(0, x0):x1] = 0
    tallest = max((word.bottom - word.top for word in words), default=0)
    lines = _by_line(words)
    joined = cv2.dilate(left, np.ones((round(LETTER_GAP[1] * dpi), round(LETTER_GAP[0] * dpi)), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined)
    least = MIN_INK * dpi * dpi
    out = []
    for x, y, width, height, _ in stats[1:count]:
        patch = left[y:y + height, x:x + width]
        if np.count_nonzero(patch) < least:
            continue
        ys, xs = np.nonzero(patch)
        box = (x + int(xs.min()), y + int(ys.min()), x + int(xs.max()) + 1, y + int(ys.max()) + 1)
        if box[3] - box[1] <= tallest and not _within_a_line(box, lines):
            out.append(box)
    return out


def _within_a_line(box: tuple[int, int, int, int], lines: dict[tuple[int, int, int], list[OcrWord]]) -> bool:
    """Whether a patch of ink sits inside a line of words read: level with it, between two of its words
    no farther than a word's gap on either side (IN_WORDS). Such ink is a sliver of those words' letters
    that their boxes cut off, or a speck of the paper, never a column's mark or year of its own (those
    stand apart, as `_alone` tells): read alone, it became an "'", "I" or "!" among a heading's words."""
    left, top, right, bottom = box
    middle = (top + bottom) / 2
    for line in lines.values():
        if not min(w.top for w in line) <= middle <= max(w.bottom for w in line):
            continue
        room = IN_WORDS * max(w.line_size or w.bottom - w.top for w in line)
        before = any(0 <= left - w.right <= room for w in line)
        after = any(0 <= w.left - right <= room for w in line)
        if before and after:
            return True
    return False


def _words_in(words: Sequence[Word], box: Sequence[float]) -> list[Word]:
    """The words whose middles lie in a box (in points)."""
    left, top, right, bottom = box
    return [word for word in words if left <= word.center_x <= right and top <= word.center_y <= bottom]


def _in_place_of(word: Word, replaced: Sequence[Word]) -> Word:
    """A word of letters read again alone (`_alone`) in the size of the page's words it replaces, where
    those were of one line: a strip's reading sizes a word by its own letters alone ("ut" with no tall
    letter, a wrapped measure's last word, as 9 points under its lines' 12.6), which parted it from the
    lines it ends. Not a mark or a number: those stand in columns of their own, told by their own size."""
    if not replaced or len({(w.top, w.bottom) for w in replaced}) > 1 or MARK_GLYPHS.match(word.text) \
            or not any(character.isalpha() for character in word.text):
        return word
    return replace(word, size=replaced[0].size)


def _drawn_marks(cells: list[tuple[tuple[int, int, int, int], list[Word]]], words: list[Word], binary: Any,
                 scale: float) -> tuple[list[tuple[tuple[int, int, int, int], list[Word]]], list[Word]]:
    """The cells whose ink draws a mark Tesseract has no letter for (✓, ●) given that mark, in place of
    what the page's reading made of it ("På", "*", "."); the other cells, to be read again, and the words."""
    rest: list[tuple[tuple[int, int, int, int], list[Word]]] = []
    drawn: list[Word] = []
    replaced: set[int] = set()
    usual = sorted(word.size for word in words)
    for box, inside in cells:
        left, top, right, bottom = box
        read = "".join(w.text for w in inside)
        mark = None if MARK_GLYPHS.match(read) else drawn_mark(binary[top:bottom, left:right])
        if mark is None:
            rest.append((box, inside))
            continue
        # standing in the line of text beside it (a tick reaches higher than the letters, and its ink
        # would make the row's line a heading's size), else in the page's usual size on its ink's bottom
        middle = (top + bottom) / 2 * scale
        own = {id(word) for word in inside}
        beside = [w for w in words if w.top <= middle <= w.bottom and id(w) not in own]
        if beside:
            line = min(beside, key=lambda w: abs((w.top + w.bottom) / 2 - middle))
            place = (line.top, line.bottom, line.size)
        else:
            size = usual[len(usual) // 2] if usual else (bottom - top) * scale
            place = (bottom * scale - size, bottom * scale, size)
        drawn.append(Word(mark, left * scale, right * scale, *place, "OCR", DRAWN_CONFIDENCE, ()))
        replaced |= own
    if not drawn:
        return cells, words
    return rest, [w for w in words if id(w) not in replaced] + drawn


# A bullet's dot misread as a word ("e", "«", "°") is at most this many characters, most of its box on the dot.
BULLET_MISREAD = 2
# Of a short word's width: a word this much on a dot is what OCR made of the dot (its box holds the dot and
# a halo); a word of a letter and a dot-like letter ("To", its bold "o" filled at 150 dpi) is half on it.
ON_DOT = 0.75
# Of its line's font size: a bullet's dot is at most this high (about 0.35-0.45 in common fonts); a bold
# capital blurred at 150 dpi fills its outline as a dot does, but stands about 0.65 high
DOT_BULLET = 0.5


def _dot_bullets(words: list[Word], found: list[OcrWord], binary: Any, scale: float,
                 marks_at: Sequence[tuple[int, int, int, int]]) -> tuple[list[Word], list[OcrWord]]:
    """Each filled dot of ink that stands as a line's bullet (just left of the line's first word, about
    a letter's size: the PDF chain's drawn_bullets) made a "•" word, in place of what Tesseract made of
    it ("e", "«", "°", or nothing): a list in a scanned plan's cell is then told by its bullets as on a
    born-digital page. Dots in cells looked at for marks are the marks'."""
    from planparse.readers.pages.bullets import drawn_bullets
    from planparse.readers.pages.text import is_text

    _, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    widths, heights, areas = (stats[1:, column].astype(np.float64)
                              for column in (cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT, cv2.CC_STAT_AREA))
    shaped = ((widths >= DOT_ASPECT[0] * heights) & (widths <= DOT_ASPECT[1] * heights)
              & (areas >= DOT_FILL * widths * heights))
    dots: list[tuple[float, float, float, float]] = []
    for left, top, width, height, _ in (tuple(int(v) for v in stat) for stat in stats[1:][shaped]):
        if any(x0 <= left and left + width <= x1 and y0 <= top and top + height <= y1 for x0, y0, x1, y1 in marks_at):
            continue
        if _solid(binary[top:top + height, left:left + width] > 0):
            dots.append((left * scale, top * scale, (left + width) * scale, (top + height) * scale))
    if not dots:
        return words, found

    kept = [word for word in words if not _on_dot((word.x0, word.top, word.x1, word.bottom), word.text, dots)]
    high = {(round(d[0], 3), round(d[2], 3)): d[3] - d[1] for d in dots}
    bullets = [bullet for bullet in drawn_bullets([word for word in kept if is_text(word)], [], dots)
               if high.get((round(bullet.x0, 3), round(bullet.x1, 3)), 0.0) <= DOT_BULLET * bullet.size]
    if not bullets:
        return words, found
    taken = [(b.x0, b.top, b.x1, b.bottom) for b in bullets]  # only these dots' misreadings give way
    words = [word for word in words if not _on_dot((word.x0, word.top, word.x1, word.bottom), word.text, taken)]
    found = [w for w in found
             if not _on_dot((w.left * scale, w.top * scale, w.right * scale, w.bottom * scale), w.text, taken)]
    return words + bullets, found


def _on_dot(box: tuple[float, float, float, float], text: str, dots: Sequence[tuple[float, float, float, float]]
            ) -> bool:
    """Whether a word is what OCR made of a dot: short, most of its width (ON_DOT) on one."""
    x0, top, x1, bottom = box
    return len(text) <= BULLET_MISREAD and any(
        min(x1, d[2]) - max(x0, d[0]) >= ON_DOT * (x1 - x0) and min(bottom, d[3]) - max(top, d[1]) > 0 for d in dots)


def drawn_mark(patch: Any) -> str | None:
    """The mark a cell's ink draws, where it is one Tesseract has no letter for: a filled dot ("●") or
    a tick ("✓"), either in brackets; None for anything else (an "x", letters, specks), which is read."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(patch, connectivity=8)
    parts = sorted((tuple(int(v) for v in stat) for stat in stats[1:count]), key=lambda stat: stat[0])
    if not parts:
        return None
    largest = max(part[4] for part in parts)
    parts = [part for part in parts if part[4] >= SPECK_SHARE * largest]
    bracketed = len(parts) == 3 and all(_bracket(side, parts[1]) for side in (parts[0], parts[2]))
    if bracketed:
        parts = parts[1:2]
    if len(parts) != 1:
        return None
    left, top, width, height, area = parts[0]
    shape = patch[top:top + height, left:left + width] > 0
    fill, aspect = area / (width * height), width / height
    mark = None
    if DOT_ASPECT[0] <= aspect <= DOT_ASPECT[1] and fill >= DOT_FILL and _solid(shape):
        mark = "●"
    elif TICK_ASPECT[0] <= aspect <= TICK_ASPECT[1] and fill <= TICK_FILL and _tick(shape):
        mark = "✓"
    return f"({mark})" if mark and bracketed else mark


def _bracket(side: tuple[int, ...], inner: tuple[int, ...]) -> bool:
    """Whether a part beside a mark is a bracket: thin, and at least as tall as the mark."""
    return side[2] <= 0.5 * side[3] and side[3] >= inner[3]


def _solid(shape: Any) -> bool:
    """Whether a shape is solid: its ink fills its outline's convex hull (a dot; not a heavy "7" or
    "5", however blurred, whose hull takes in paper)."""
    contours, _ = cv2.findContours(shape.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    hull = cv2.contourArea(cv2.convexHull(max(contours, key=cv2.contourArea))) if contours else 0.0
    return bool(hull) and float(np.count_nonzero(shape)) >= DOT_SOLID * hull


def _tick(shape: Any) -> bool:
    """Whether a stroke shape is a tick: its lowest ink left of the middle, its highest at the right
    (an "x" and a "v" reach their top at both sides, their bottom in the middle or at both sides)."""
    height, width = shape.shape
    band = max(1, round(0.2 * height))
    low = np.flatnonzero(shape[-band:].any(axis=0))
    high = np.flatnonzero(shape[:band].any(axis=0))
    return bool(low.size and high.size) and low.mean() < 0.55 * width and high.min() > 0.5 * width


def _strip(gray: Any, boxes: Sequence[tuple[int, int, int, int]], dpi: float
           ) -> tuple[Any, list[tuple[int, int, int, int]], int, int]:
    """The boxes (pixels) of a page image one under the other in a strip image, STRIP_GAP apart: the
    picture, where each stands in it (its first and last row in the strip, and its left and top on the
    page), and the strip's margin and gap in pixels."""
    from PIL import Image

    pad, gap = round(0.05 * dpi), round(STRIP_GAP * dpi)
    width = max(right - left for left, _, right, _ in boxes) + 2 * pad
    strip = np.full((sum(bottom - top + gap for _, top, _, bottom in boxes) + gap, width), 255, dtype=np.uint8)
    placed, y = [], gap
    for left, top, right, bottom in boxes:
        strip[y:y + bottom - top, pad:pad + right - left] = gray[top:bottom, left:right]
        placed.append((y, y + bottom - top, left, top))
        y += bottom - top + gap
    return Image.fromarray(strip), placed, pad, gap


def _read_cells(gray: Any, boxes: Sequence[tuple[int, int, int, int]], before: Sequence[str], languages: str,
                dpi: float) -> tuple[list[OcrWord], set[int]]:
    """The cells' contents read as the lines of one strip image, each word placed back in its cell.

    The strip is read twice: in the document's language, and in English, whose model reads a lone
    mark as a mark (the Norwegian one reads an "x" alone as "på" as often as not); a cell whose
    English reading is a mark takes that one. A cell whose page reading (`before`) was a mark and whose
    strip readings are not keeps the page's: the words of the strip, and the cells kept."""
    picture, placed, pad, gap = _strip(gray, boxes, dpi)
    readings = [_by_cell(read_words(picture, language, dpi, mode=6), placed, gap, pad)
                for language in dict.fromkeys((languages, "eng"))]
    found: list[OcrWord] = []
    kept: set[int] = set()
    for index in range(len(placed)):
        english = readings[-1].get(index, [])
        if MARK_GLYPHS.match("".join(w.text for w in english)):
            found.extend(english)
        elif MARK_GLYPHS.match(before[index]) and not MARK_GLYPHS.match(
                "".join(w.text for w in readings[0].get(index, []))):
            kept.add(index)
        else:
            found.extend(readings[0].get(index, []))
    return found, kept


# Of a line's height: words of one OCR line in cells side by side whose middles lie this far apart are of
# two lines (the cells' lines do not line up) that Tesseract ran together, fitting one baseline to both and
# misreading them ("Vivi sal Ven GS" for a line it read right on its own: 1.2 apart); a table's row of
# cells is one line, its cells' words' middles within 0.1 of each other. Cells of two words at least are
# compared (a lone mark's box is its ink's, not its line's).
MISALIGNED = 0.5
CELL_BLOCKS = 1000  # the OCR lines of cells read again are told from the page's by blocks numbered from here


def _cell_at(word: OcrWord, boxes: Sequence[tuple[float, float, float, float]]) -> int | None:
    return next((index for index, (x0, top, x1, bottom) in enumerate(boxes)
                 if x0 <= word.center_x <= x1 and top <= word.center_y <= bottom), None)


def _run_across(words: Sequence[OcrWord], boxes: Sequence[tuple[float, float, float, float]]) -> list[int]:
    """The cells (indexes of `boxes`, pixels) holding part of an OCR line run across cells side by side
    whose lines do not line up (MISALIGNED)."""
    lines = _by_line(words)
    crossed: set[int] = set()
    for line in lines.values():
        middles: dict[int, list[float]] = {}
        for word in line:
            cell = _cell_at(word, boxes)
            if cell is not None:
                middles.setdefault(cell, []).append(word.center_y)
        middles = {cell: values for cell, values in middles.items() if len(values) >= 2}
        if len(middles) < 2:
            continue
        height = sorted(word.bottom - word.top for word in line)[len(line) // 2]
        each = [sorted(values)[len(values) // 2] for values in middles.values()]
        if max(each) - min(each) > MISALIGNED * height:
            crossed |= set(middles)
    return sorted(crossed)


def _across_cells_read_again(words: list[OcrWord], gray: Any, boxes: Sequence[tuple[float, float, float, float]],
                             languages: str, dpi: float) -> list[OcrWord]:
    """The page's words, those of cells whose lines the page's reading ran together with the lines of
    the cells beside them (`_run_across`) read again cell by cell, as the blocks of one strip image."""
    crossed = _run_across(words, boxes)
    if not crossed:
        return words
    cells = [(round(x0), round(top), round(x1), round(bottom)) for x0, top, x1, bottom in (boxes[i] for i in crossed)]
    picture, placed, pad, _ = _strip(gray, cells, dpi)
    again: list[OcrWord] = []
    for word in read_words(picture, languages, dpi, mode=4):
        index = next((i for i, (start, end, _, _) in enumerate(placed) if start <= word.center_y <= end), None)
        if index is None:
            continue
        start, _, left, top = placed[index]
        dx, dy = left - pad, top - start
        block, paragraph, line = word.line
        again.append(replace(word, left=word.left + dx, top=word.top + dy, right=word.right + dx,
                             bottom=word.bottom + dy, baseline=word.baseline + dy if word.baseline else 0.0,
                             line=(CELL_BLOCKS * (index + 1) + block, paragraph, line)))
    inside = set(crossed)
    return [word for word in words if _cell_at(word, boxes) not in inside] + again


# A word read unsure in ink the page's reading passed over is a word, not a picture's strokes (a logo read
# as "ua q", "fem", "sv") or a rule's (an underline read as "————==—eerp=mrrsrm—==" or "EREESEEEE", at 0%),
# where it has this many letters at least, they make this share of it, and OCR was this sure of it at least
# (a responsible passed over, "IT-rådgiver", read at 48%; "FoU-ledet" at 35%).
GUESS_WORD, GUESS_LETTERS, GUESS_SURE = 4, 0.8, 20.0


def _sure_of_patches(words: list[OcrWord], boxes: Sequence[tuple[int, int, int, int]],
                     patches: Sequence[tuple[int, int, int, int]]) -> tuple[list[OcrWord], dict[int, str]]:
    """The words read again in cells (`boxes`; each word's line tells its cell) without those of the
    patches of ink no word covered (`patches`) whose reading is unsure throughout, no mark and holds no
    word (`_a_word`): a logo's strokes and letters read as "ua q" or "fem", which stood as lines of
    their own and at times as headings. (A word the page's reading passed over and this one read unsure,
    "IT-rådgiver", stays.) What they read as is kept, by the index of the cell, for the warning at the
    patch."""
    apart = set(patches)
    by_cell: dict[int, list[OcrWord]] = {}
    for word in words:
        by_cell.setdefault(-1 - word.line[0], []).append(word)
    guessed: dict[int, str] = {}
    for index, inside in by_cell.items():
        text = " ".join(w.text for w in inside)
        if 0 <= index < len(boxes) and boxes[index] in apart and not MARK_GLYPHS.match(text.replace(" ", "")) \
                and all(w.confidence < UNSURE for w in inside) \
                and not any(_a_word(w) for w in inside):
            guessed[index] = text
    return [w for w in words if -1 - w.line[0] not in guessed], guessed


def _a_word(word: OcrWord) -> bool:
    letters = sum(character.isalpha() for character in word.text)
    return letters >= GUESS_WORD and letters >= GUESS_LETTERS * len(word.text) and word.confidence >= GUESS_SURE


def _warn_unread(boxes: Sequence[tuple[int, int, int, int]], words: Sequence[Word], scale: float, number: int,
                 warnings: list[PlanWarning], guessed: dict[int, str] | None = None) -> None:
    """A warning at each cell (or patch of ink) that holds ink and still no word after being read again:
    a mark OCR could not tell (a faint tick, a cross half lost to the ruling line) would otherwise vanish
    without a word, and a measure would look as if it were not planned there. Where OCR made an unsure
    guess at it (`guessed`, by the index of the box), the warning says what."""
    unread = [(index, box) for index, box in enumerate(boxes)
              if not _words_in(words, [value * scale for value in _grown_box(box, round(WORD_MARGIN * 72 / scale))])]
    for index, box in unread[:MAX_UNSURE_WARNINGS]:
        left, top, right, bottom = (round(value * scale, 1) for value in box)
        guess = (guessed or {}).get(index)
        said = f" (it guessed «{guess}», unsure)" if guess else ""
        warnings.append(PlanWarning(code="ink-unread", location=Location(page=number, bbox=(left, top, right, bottom)),
                                    message=f"ink here that OCR could not read{said} (a mark? a picture?); "
                                            "check it against the page"))
    if len(unread) > MAX_UNSURE_WARNINGS:
        warnings.append(PlanWarning(code="ink-unread", location=Location(page=number),
                                    message=f"{len(unread) - MAX_UNSURE_WARNINGS} more patches of ink OCR could "
                                            "not read on this page"))


def _grown_box(box: tuple[int, int, int, int], margin: int) -> tuple[int, int, int, int]:
    left, top, right, bottom = box
    return left - margin, top - margin, right + margin, bottom + margin


def _by_cell(words: Sequence[OcrWord], placed: Sequence[tuple[int, int, int, int]], gap: int, pad: int
             ) -> dict[int, list[OcrWord]]:
    cells: dict[int, list[OcrWord]] = {}
    for word in words:
        for index, (start, end, left, upper) in enumerate(placed):
            if start - gap / 2 <= word.center_y <= end + gap / 2:
                dx, dy = left - pad, upper - start
                # each cell's lines kept apart, as Tesseract read them: a cell's list of names is no one line
                cells.setdefault(index, []).append(OcrWord(
                    word.text, word.left + dx, word.top + dy, word.right + dx, word.bottom + dy, word.confidence,
                    (-1 - index, word.line[1], word.line[2])))
                break
    return cells


# The least resolution a clean page is read at: one drawn coarser is enlarged to it first.
READ_DPI = 300.0


def enlarged(image: Any, dpi: float) -> tuple[Any, float]:
    """A page image drawn coarser than READ_DPI on clean paper, enlarged to it: a drawn picture's small
    print at 150 dpi is too few pixels for OCR (its orientation was misjudged, and the speckle filter
    ate its thin strokes), read nearly perfectly enlarged. A scan is left as it is: enlarged, its specks
    grow into letters and rules."""
    from PIL import Image

    gray = np.asarray(image.convert("L"))
    if dpi >= READ_DPI or not clean_paper(gray):
        return image, dpi
    factor = READ_DPI / dpi
    size = (round(gray.shape[1] * factor), round(gray.shape[0] * factor))
    return Image.fromarray(cv2.resize(gray, size, interpolation=cv2.INTER_LINEAR)), READ_DPI


def on_clean_paper(image: Any) -> bool:
    """Whether a page image (any PIL mode) stands on pure white paper, as a drawn picture does."""
    return clean_paper(np.asarray(image.convert("L")))


# How sure a searchable scan's text layer is of its words: its OCR did not say.
LAYER_CONFIDENCE = 96.0


def layer_cover(binary: Any, words: Sequence[OcrWord], dpi: float) -> float:
    """The share of a page's text-like ink (ruling lines taken out, and anything taller than its tallest
    word: a logo, a photo) that the words cover: a text layer made from another picture, or from part of
    this one, covers little of it."""
    left = binary.copy()
    margin = round(WORD_MARGIN * dpi)
    for word in words:
        left[_grown(word, margin)] = 0
    covered = int(np.count_nonzero(binary)) - int(np.count_nonzero(left))
    uncovered = sum(int(np.count_nonzero(binary[top:bottom, x0:x1]))
                    for x0, top, x1, bottom in _unread_ink(binary, words, [], dpi))
    return covered / (covered + uncovered) if covered + uncovered else 1.0


def layer_words(words: Sequence[Word], dpi: float) -> list[OcrWord]:
    """A searchable scan's text layer (its words in points) as the OCR words of its picture at `dpi`,
    each line its own paragraph."""
    from planparse.readers.pages.text import words_to_lines

    scale = dpi / 72.0
    return [OcrWord(word.text, round(word.x0 * scale), round(word.top * scale), round(word.x1 * scale),
                    round(word.bottom * scale), LAYER_CONFIDENCE, (0, number, 1))
            for number, line in enumerate(words_to_lines(words), 1) for word in line.words]


# inches: a leader runs from its entry's last word to its page number, each this close or closer (where
# dots at its ends were lost, farther than the space a leader leaves)
LEADER_REACH = 0.4
LEADER_LINE = 0.25  # inches: a contents line's letters stand at most this high over its leader's dots
LEADER_FOOT = 0.06  # inches over a leader's foot where its page number has ink and the line above none
WORD_SPACE = 0.06  # inches: a gap this wide between two patches of ink on a line parts two words


def _after_leaders(leaders: Sequence[tuple[int, int, int, int, int]], binary: Any, dpi: float
                   ) -> list[tuple[int, int, int, int]]:
    """The box of the ink just after each dotted leader (its page number, in pixels), to be read again
    on its own: with the leader taken out, Tesseract finds the page numbers a column of their own, and
    reads it as a line of upright text ("WWW")."""
    reach = round(LEADER_REACH * dpi)
    height, width = binary.shape

    def first_word(rows: slice, right: int) -> tuple[int, int] | None:
        """The columns of the ink in `rows` after `right`: from the first on, to the first gap as wide as
        a word's space."""
        columns = np.flatnonzero(binary[rows, right:min(width, right + reach)].any(axis=0))
        if not columns.size:
            return None
        gaps = np.flatnonzero(np.diff(columns) > WORD_SPACE * dpi)
        return right + int(columns[0]), right + (int(columns[gaps[0]]) if gaps.size else int(columns[-1]))

    boxes = []
    for _, _, right, bottom, _ in leaders:
        # the number's columns, looked for just over the line's baseline (where the dots stand), clear of
        # the line above
        low = slice(max(0, bottom - round(LEADER_FOOT * dpi)), min(height, bottom + 1))
        found = first_word(low, right)
        if found is None:
            continue
        first, last = found
        # its rows: from its lowest ink up while there is ink, no higher than a line's letters reach
        high = max(0, bottom - round(LEADER_LINE * dpi))
        inked = binary[high:low.stop, first:last + 1].any(axis=1)
        foot = int(np.flatnonzero(inked)[-1])
        empty = np.flatnonzero(~inked[:foot])
        top_row = high + (int(empty[-1]) + 1 if empty.size else 0)
        # and its columns again over those rows (a 7's foot is narrower than its top)
        first, last = first_word(slice(top_row, high + foot + 1), right) or found
        boxes.append((first, top_row, last + 1, high + foot + 1))
    return boxes


def _overlap(word: OcrWord, box: tuple[int, int, int, int]) -> bool:
    return _boxes_overlap((word.left, word.top, word.right, word.bottom), box)


def _boxes_overlap(one: tuple[int, int, int, int], other: tuple[int, int, int, int]) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def _with_leaders(words: list[Word], leaders: Sequence[tuple[int, int, int, int, int]], scale: float,
                  dpi: float) -> list[Word]:
    """The words with each dotted leader taken out of the page before OCR put back as a word of stops
    in its line, where a word stands close before it and one close after it (an entry and its page
    number); a leader's pieces (dots lost in a poor scan break it) are one leader. Other rows of dots
    (a dotted rule, specks on a fill) were only ink to take out."""
    reach = LEADER_REACH * dpi * scale
    pieces = sorted(((left * scale, top * scale, right * scale, bottom * scale, dots)
                     for left, top, right, bottom, dots in leaders), key=lambda piece: piece[0])
    rows: list[list[tuple[float, float, float, float, int]]] = []
    for piece in pieces:
        middle = (piece[1] + piece[3]) / 2
        row = next((row for row in rows if row[-1][1] - reach / 2 <= middle <= row[-1][3] + reach / 2
                    and piece[0] - row[-1][2] <= reach), None)
        if row is None:
            rows.append([piece])
        else:
            row.append(piece)
    out = list(words)
    for row in rows:
        left, right = row[0][0], row[-1][2]
        middle = (row[0][1] + row[0][3] + row[-1][1] + row[-1][3]) / 4
        in_line = [w for w in words if w.top <= middle <= w.bottom]
        before = max((w for w in in_line if left - reach <= w.x1 <= left + reach / 2), key=lambda w: w.x1,
                     default=None)
        after = any(right - reach / 2 <= w.x0 <= right + reach for w in in_line)
        if before is None or not after:
            continue
        dots = "." * sum(piece[4] for piece in row)
        out.append(Word(dots, max(left, before.x1 + 1.0), right, before.top, before.bottom, before.size,
                        before.font, confidence=100.0, spaced=True))
    return out


def cleaned(gray: Any, dpi: float) -> tuple[Any, Any, list[Segment]]:
    """A page's picture (grey, levelled) made ready for OCR: the page with its fills made paper; the
    same cleaned (specks out, faint print darkened, ruling lines taken out); and its ruling lines."""
    gray, blocks = paper_and_blocks(gray, dpi)
    segments, mask = ruling_lines(gray, dpi, blocks)
    clean = faint_darkened(cv2.medianBlur(gray, 3), dpi)  # speckles out: a lone dark dot is read as a full stop
    clean[mask > 0] = 255
    return gray, clean, segments


def read_page(image: Any, dpi: float, number: int, languages: str, warnings: list[PlanWarning],
              layer: Sequence[OcrWord] | None = None) -> OcrPage:
    """Words and ruled grids of a page image (any PIL mode) scanned at `dpi`; with `layer`, the words
    of its invisible text layer (a searchable scan's) stand for OCR's (only cells whose marks the layer
    left out are read again), and the page is not levelled, which would move its ink off the layer."""
    from PIL import Image

    gray = np.asarray(image.convert("L"))
    if layer is None:
        gray, _ = deskewed(gray)
    gray, clean, segments = cleaned(gray, dpi)
    leaders, dots = dotted_leaders(ink(clean), dpi)
    clean[dots > 0] = 255  # OCR reads them as letters, and runs lines together over them
    scale = 72.0 / dpi
    edges = edges_in_points(segments, dpi)
    grids = edges_to_grids(edges)
    cell_boxes = [(x0 / scale, top / scale, x1 / scale, bottom / scale)
                  for grid in grids for x0, top, x1, bottom in (cell.bbox for cell in grid.cells)]
    binary = ink(clean)
    read = read_words(Image.fromarray(clean), languages, dpi) if layer is None else list(layer)
    if layer is None:
        read = _across_cells_read_again(read, clean, cell_boxes, languages, dpi)
    if layer is not None:
        cover = layer_cover(binary, read, dpi)
        if cover < LAYER_COVER:  # the layer left much of the page out: the caller reads it by OCR
            return OcrPage(0.0, 0.0, [], [], cover)
    found = in_context(_with_ink(_without_remnants(read), binary, dpi), cell_boxes)
    found, pieces = _picture_pieces(found)
    _warn_pictures(pieces, scale, number, warnings)
    text_ink = binary.copy()  # the pictures' ink is no unread word
    for piece in pieces:
        text_ink[_grown(piece, round(WORD_MARGIN * dpi))] = 0
    numbers = _after_leaders(leaders, binary, dpi) if layer is None else []
    found = [w for w in found if not any(_overlap(w, box) for box in numbers)]
    lines = _by_line(found)
    strokes = _stroke_weights(lines, binary)  # measured once: for the page's lines and its usual weight
    words = _line_words(found, scale, binary, norwegian="nor" in languages.split("+"), strokes=strokes)
    usual_weight = _usual_of(strokes, lines)
    closing = _closing_edges(edges)
    tables = edges_to_grids(edges + closing) if closing else grids
    cells = _short_cells(tables, words, binary, dpi)
    if layer is None:  # (a text layer's word boxes cover its letters' ink loosely: only its cells are read)
        alone = _alone(found, tables, dpi)
        cells += [(box, _words_in(words, [value * scale for value in box])) for box in alone]
        unread = [box for box in _unread_ink(text_ink, found, tables, dpi)
                  if not any(_boxes_overlap(box, number) for number in numbers)]
        cells += [(box, []) for box in unread]
    else:
        alone, unread = [], []
    marks_at = [box for box, _ in cells]
    cells, words = _drawn_marks(cells, words, binary, scale)
    words, found = _dot_bullets(words, found, binary, scale, marks_at)
    cells += [(box, []) for box in numbers]  # (a page number is no mark drawn)
    if layer is not None:  # the layer's words in a cell stand; ink it has no word for, or only a short
        # word that is not a mark (its OCR read a lone "x" as "pe"), is read again
        cells = [(box, inside) for box, inside in cells
                 if not inside or not MARK_GLYPHS.match("".join(w.text for w in inside))]
    if cells:
        cell_words, kept = _read_cells(clean, [box for box, _ in cells],
                                       ["".join(w.text for w in inside) for _, inside in cells], languages, dpi)
        cell_words = in_context(cell_words, cell_boxes)
        cell_words, guessed = _sure_of_patches(cell_words, [box for box, _ in cells], unread)
        if cell_words:
            replaced = {id(w) for index, (_, inside) in enumerate(cells) if index not in kept for w in inside}
            words = [w for w in words if id(w) not in replaced]
            found = [w for w in found if len(w.text) > SHORT] + cell_words
        # (each in the order _line_words gives them: by line, as `_by_line` groups them)
        ordered = [w for line in _by_line(cell_words).values() for w in line]
        weighed = _line_words(cell_words, scale, binary, usual_weight=usual_weight)
        for again, placed, measured in zip(ordered, _line_words(cell_words, scale), weighed, strict=True):
            at = -1 - again.line[0]
            cell, stood = cells[at] if 0 <= at < len(cells) else (None, [])
            if cell in unread and _a_number(placed.text):
                placed = measured  # a number in ink the page passed over weighs its strokes (a bold header's years)
            words.append(_in_place_of(placed, stood if cell in alone and at not in kept else []))
        _warn_unread([box for box, _ in cells], words, scale, number, warnings, guessed)
    if layer is None:  # (a text layer has its leaders' dots as text)
        words = _with_leaders(words, leaders, scale, dpi)
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
    return OcrPage(width * scale, height * scale, words, grids if words else [])
