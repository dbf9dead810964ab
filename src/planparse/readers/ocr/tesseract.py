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


def page_turn(image: Any, dpi: float) -> int:
    """The degrees (0, 90, 180 or 270, clockwise) a page image must be turned to stand upright, by
    Tesseract's orientation and script detection; 0 where it cannot tell (a page with little text)."""
    import pytesseract

    try:
        found = pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT,
                                         config=f"--psm 0 --dpi {round(dpi)}")
    except pytesseract.TesseractError:
        return 0  # too few characters to tell
    degrees = int(found.get("rotate", 0)) % 360
    return degrees if degrees in (90, 180, 270) and float(found.get("orientation_conf", 0)) >= TURN_CONFIDENCE else 0


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
