"""Tesseract, through pytesseract: words with their boxes and how sure Tesseract is of each."""

from __future__ import annotations

import functools
import shutil
from dataclasses import dataclass
from typing import Any

from planparse.errors import UnreadableInputError

INSTALL = ("install Tesseract with Norwegian and English (Debian/Ubuntu: apt-get install tesseract-ocr "
           "tesseract-ocr-nor tesseract-ocr-eng; macOS: brew install tesseract tesseract-lang; Windows: the "
           "installer from UB Mannheim, with Norwegian ticked), or read without OCR: --ocr never")
WANTED_LANGUAGES = ("nor", "eng")


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

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def center_x(self) -> float:
        return (self.left + self.right) / 2


def require_tesseract(what: str) -> frozenset[str]:
    """The languages there are models for, of Norwegian and English; UnreadableInputError saying how to
    install Tesseract when it is not there."""
    import pytesseract

    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
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


def read_words(image: Any, languages: str, dpi: float, mode: int = 3) -> list[OcrWord]:
    """The words of a PIL image (page segmentation `mode`: 3 a whole page, 6 one block of lines)."""
    import pytesseract

    data = pytesseract.image_to_data(image, lang=languages, config=f"--psm {mode} --dpi {round(dpi)}",
                                     output_type=pytesseract.Output.DICT)
    words = []
    for index, text in enumerate(data["text"]):
        text = (text or "").strip()
        confidence = float(data["conf"][index])
        if not text or confidence < 0:
            continue
        left, top = int(data["left"][index]), int(data["top"][index])
        words.append(OcrWord(text, left, top, left + int(data["width"][index]), top + int(data["height"][index]),
                             confidence, (int(data["block_num"][index]), int(data["par_num"][index]),
                                          int(data["line_num"][index]))))
    return words
