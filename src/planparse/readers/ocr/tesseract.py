"""Tesseract, through pytesseract: words with their boxes and how sure Tesseract is of each, and each
line's text size as Tesseract's model of the line has it (hOCR's x_size: from the line's baseline and
mean line, so diacritics and descenders do not swell it as they swell the line's ink)."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from planparse.errors import UnreadableInputError

INSTALL = ("install Tesseract with Norwegian and English (Debian/Ubuntu: apt-get install tesseract-ocr "
           "tesseract-ocr-nor tesseract-ocr-eng; macOS: brew install tesseract tesseract-lang; Windows: the "
           "installer from UB Mannheim, with Norwegian ticked), or read without OCR: --ocr never")
# The models planparse reads with where they are installed: Norwegian and English always wanted, Swedish,
# Danish and German for plans in those languages.
WANTED_LANGUAGES = ("nor", "eng", "swe", "dan", "deu")


@dataclass(frozen=True)
class OcrWord:
    """A word Tesseract read, in pixels of the image it was given, with its line and confidence (0-100)."""

    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: float
    line: tuple[int, int, int]  # block, paragraph, line
    line_size: float = 0.0  # pixels: Tesseract's size of the line's text (ascender to descender); 0 unknown
    line_ascent: float = 0.0  # pixels: from the top of the line's ink to its baseline; 0 unknown
    baseline: float = 0.0  # pixels: where the line's baseline is, at its middle, from the image's top; 0 unknown
    # for each character of `text`, the readings Tesseract's recognizer found likely in its place, with
    # how likely (0-100), its own reading first; () where it did not say character by character
    choices: tuple[tuple[tuple[str, float], ...], ...] = ()

    def likelihood(self, index: int, character: str) -> float:
        """How likely the recognizer found `character` at `index` (0 where it did not say)."""
        if not self.choices:
            return 0.0
        return next((confidence for choice, confidence in self.choices[index] if choice == character), 0.0)

    def spellings(self) -> tuple[str, ...]:
        """The word with one of its letters read as another letter of the same case that the recognizer
        found likely (not a digit or a stop as a letter, nor a capital as a small letter: "4" as "å",
        "Som" as "(om" or "som" are other words, not other spellings)."""
        return tuple(self.text[:index] + choice + self.text[index + 1:]
                     for index, (own, *others) in enumerate(self.choices) for choice, _ in others
                     if own[0].isalpha() and choice.isalpha() and own[0].islower() == choice.islower())

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def center_x(self) -> float:
        return (self.left + self.right) / 2


def tesseract_installed() -> bool:
    import pytesseract

    return shutil.which(pytesseract.pytesseract.tesseract_cmd) is not None


def require_tesseract(what: str) -> frozenset[str]:
    """The languages there are models for, of those planparse reads; UnreadableInputError saying how to
    install Tesseract when it is not there."""
    if not tesseract_installed():
        raise UnreadableInputError(f"{what} needs OCR, but Tesseract is not installed; {INSTALL}")
    return _languages()


@functools.lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    import pytesseract

    try:
        installed = set(pytesseract.get_languages(config=""))
    except Exception:  # an old Tesseract that cannot list them: ask for English, which every one has
        installed = {"eng"}
    return frozenset(language for language in WANTED_LANGUAGES if language in installed)


# Tesseract's own threads (OpenMP) for each page: where pages are read at once, one each, the cores
# going to pages, not to threads of one Tesseract contending with the others'.
THREADS_ENV = "OMP_THREAD_LIMIT"


@contextlib.contextmanager
def one_thread_each(pages_at_once: bool) -> Iterator[None]:
    """Tesseract run in one thread while the block runs, where pages are read at once and the
    environment does not say otherwise (pytesseract runs Tesseract in this process's environment)."""
    if not pages_at_once or THREADS_ENV in os.environ:
        yield
        return
    os.environ[THREADS_ENV] = "1"
    try:
        yield
    finally:
        os.environ.pop(THREADS_ENV, None)


_BOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_CONFIDENCE = re.compile(r"x_wconf (-?\d+(?:\.\d+)?)")
_SIZE = re.compile(r"x_size (\d+(?:\.\d+)?)")
_CONFIDENCE_OF_CHOICE = re.compile(r"x_confs (-?\d+(?:\.\d+)?)")
_BASELINE = re.compile(r"baseline (-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)")
_XHTML = "{http://www.w3.org/1999/xhtml}"
LIKELY = 20.0  # percent: a character Tesseract's recognizer gave at least this is a likely reading


# How sure Tesseract's orientation detection must be before a page is turned: its confidence is about
# 13-15 on a turned page of text, below 1 where it has too little to go on.
TURN_CONFIDENCE = 2.0
# Where it is less sure, or cannot tell at all ("too few characters": a calendar, a table of short words,
# at 0.0-1.7 where a page of running text gives 8-19), the page is read at each of the four turns and the
# turn it reads best at is taken. Read at this share of the page's resolution (a quarter of its pixels):
# from 150 and 200 dpi scans, at 75 and 100 dpi, the right turn still read at least twice as well as any
# other on all pages but one; read at 75 dpi from 200 dpi, an upright calendar page read within 2% as well
# upside down.
TURN_READ_SCALE = 0.5
# Tesseract's page segmentation mode for those readings: one block of lines. The whole page's layout
# analysis (mode 3) finds lines running up or down a page and reads them turned (even with its search
# for vertical text off), so that most pages read about as well on their side as upright (within 1-7%)
# and the reading could not tell the two apart.
TURN_READ_MODE = 6
# How many times better than at any other turn the page must read at its best turn to be turned so: of
# 78 upright pages (our plans and a year-wheel plan, 150 and 200 dpi, portrait and landscape), none read at
# any other turn more than 0.52 times as well as upright; of 23 pages scanned turned that orientation
# detection was unsure of, 22 read 2.6-51 times better at their right turn than at any other (the other,
# at 1.27, is left as it is).
TURN_MARGIN = 2.0
# The least reading of the best turn, in characters read (the letters of the word-like words, each counted
# as Tesseract's confidence in the word, 0-1), for the page to be turned: the page turned with the fewest
# words measured read 16 at its right turn; a blank scan and a picture read nothing at any turn.
TURN_LEAST_READING = 15.0
# A word-like word: three letters or more together, nothing but punctuation around them (not a number,
# not a run of letters and other signs as a page read the wrong way round gives).
_WORD_LIKE = re.compile(r"^[^\w]*([^\W\d_]{3,})[^\w]*$")


@dataclass(frozen=True)
class Turn:
    """How far a page image must be turned to stand upright, and how that was told."""

    degrees: int  # clockwise: 0, 90, 180 or 270
    by_reading: bool = False  # told by reading the page at each turn, orientation detection being unsure


def page_turn(image: Any, dpi: float, languages: str = "eng") -> Turn:
    """The degrees (0, 90, 180 or 270, clockwise) a page image must be turned to stand upright, by
    Tesseract's orientation and script detection; where that is unsure or cannot tell (a page with little
    running text), by reading the page reduced at each turn (in `languages`); 0 where neither can tell."""
    import pytesseract

    try:
        found = pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT,
                                         config=f"--psm 0 --dpi {round(dpi)}")
    except pytesseract.TesseractError:  # too few characters to tell
        return turn_by_reading(image, dpi, languages)
    degrees = int(found.get("rotate", 0)) % 360
    if float(found.get("orientation_conf", 0)) < TURN_CONFIDENCE:
        return turn_by_reading(image, dpi, languages)
    return Turn(degrees if degrees in (90, 180, 270) else 0)


def turn_by_reading(image: Any, dpi: float, languages: str) -> Turn:
    """The turn a page reads best at, where it reads TURN_MARGIN times better so than at any other and
    reads at least TURN_LEAST_READING characters so; else 0 (the page read as it is)."""
    from PIL import Image

    size = (max(1, round(image.width * TURN_READ_SCALE)), max(1, round(image.height * TURN_READ_SCALE)))
    reduced = image.resize(size, Image.Resampling.LANCZOS)
    readings = {degrees: _characters_read(reduced.rotate(-degrees, expand=True), dpi * TURN_READ_SCALE, languages)
                for degrees in (0, 90, 180, 270)}  # PIL turns counter-clockwise
    best = max(readings, key=readings.__getitem__)
    others = max(reading for degrees, reading in readings.items() if degrees != best)
    if best and readings[best] >= TURN_LEAST_READING and readings[best] >= TURN_MARGIN * others:
        return Turn(best, by_reading=True)
    return Turn(0)


def _characters_read(image: Any, dpi: float, languages: str) -> float:
    """How much of a page image Tesseract reads as words: the letters of its word-like words, each
    counted as Tesseract's confidence in the word (0-1)."""
    import pytesseract

    try:
        found = pytesseract.image_to_data(image, lang=languages, config=f"--psm {TURN_READ_MODE} --dpi {round(dpi)}",
                                          output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:  # an image too small or too odd to read: nothing read
        return 0.0
    total = 0.0
    for text, confidence in zip(found["text"], found["conf"], strict=True):
        word = _WORD_LIKE.match(text.strip())
        if word is not None and float(confidence) > 0:
            total += len(word.group(1)) * float(confidence) / 100
    return total


def read_words(image: Any, languages: str, dpi: float, mode: int = 3) -> list[OcrWord]:
    """The words of a PIL image (page segmentation `mode`: 3 a whole page, 6 one block of lines)."""
    import pytesseract

    # lstm_choice_mode 2: each character's likely readings, for what the context decides (a capital at a
    # sentence's start, a full stop at its end); about 4% more time
    hocr = pytesseract.image_to_pdf_or_hocr(
        image, lang=languages, config=f"--psm {mode} --dpi {round(dpi)} -c lstm_choice_mode=2", extension="hocr")
    return words_of_hocr(hocr)


def words_of_hocr(hocr: bytes) -> list[OcrWord]:
    """The words of Tesseract's hOCR, each with its block, paragraph and line (counted from 1) and
    its line's size."""
    from lxml import etree

    root = etree.fromstring(hocr, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    words = []
    for block_number, block in enumerate(_classed(root, "ocr_carea"), start=1):
        for paragraph_number, paragraph in enumerate(_classed(block, "ocr_par"), start=1):
            lines = [line for line in paragraph.iter(f"{_XHTML}span")
                     if (line.get("class") or "").startswith("ocr_") and line.get("class") != "ocrx_word"]
            for line_number, line in enumerate(lines, start=1):
                title = line.get("title") or ""
                size, (line_top, baseline) = _SIZE.search(title), _top_and_baseline(title)
                ascent = max(0.0, baseline - line_top) if baseline else 0.0
                for word in _classed(line, "ocrx_word"):
                    text = "".join(word.xpath("text() | */text()[not(ancestor::*[@class='ocrx_cinfo'])]")).strip()
                    box = _BOX.search(word.get("title") or "")
                    confidence = _CONFIDENCE.search(word.get("title") or "")
                    if not text or box is None or confidence is None or float(confidence.group(1)) < 0:
                        continue
                    left, top, right, bottom = (int(value) for value in box.groups())
                    words.append(OcrWord(text, left, top, right, bottom, float(confidence.group(1)),
                                         (block_number, paragraph_number, line_number),
                                         float(size.group(1)) if size else 0.0, ascent, baseline,
                                         _choices(word, text)))
    return words


def _choices(word: Any, text: str) -> tuple[tuple[tuple[str, float], ...], ...]:
    """For each character of the word, its likely readings, from hOCR's character choices (one group of
    choices a character; a group whose likeliest reading is a space, the room before the word, left
    out): the word's own first, then those at least LIKELY. () where the groups do not line up with the
    word's characters (the word list joined or split what the recognizer read)."""
    groups = []
    for group in word.iter(f"{_XHTML}span"):
        if not (group.get("id") or "").startswith("lstm_choices"):
            continue
        likely: dict[str, float] = {}
        for choice in group:
            confidence = _CONFIDENCE_OF_CHOICE.search(choice.get("title") or "")
            if choice.text and confidence is not None:
                likely[choice.text] = max(likely.get(choice.text, 0.0), float(confidence.group(1)))
        if likely and not max(likely, key=likely.__getitem__).isspace():
            groups.append(likely)
    if len(groups) != len(text) or any(character not in likely for character, likely in zip(text, groups, strict=True)):
        return ()
    return tuple(((character, likely[character]), *((c, confidence) for c, confidence in likely.items()
                                                    if c != character and confidence >= LIKELY and not c.isspace()))
                 for character, likely in zip(text, groups, strict=True))


def _top_and_baseline(title: str) -> tuple[float, float]:
    """The top of a line's box, and where its baseline is at its middle (hOCR gives it as a slope and
    an offset from the box's lower left corner); the baseline 0 where the title does not say."""
    box, baseline = _BOX.search(title), _BASELINE.search(title)
    if box is None:
        return 0.0, 0.0
    left, top, right, bottom = (int(value) for value in box.groups())
    if baseline is None:
        return float(top), 0.0
    slope, offset = float(baseline.group(1)), float(baseline.group(2))
    return float(top), max(0.0, bottom + offset + slope * (right - left) / 2)


def _classed(element: Any, name: str) -> list[Any]:
    return [child for child in element.iter(f"{_XHTML}div", f"{_XHTML}p", f"{_XHTML}span")
            if child.get("class") == name]
