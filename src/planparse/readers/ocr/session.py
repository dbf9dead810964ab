"""The OCR of one document: Tesseract looked for once, and the language chosen once (Norwegian, English,
Swedish, Danish or German), since one language model reads better than several together: the language of
the document's own text where its other pages have text, else that of the first page read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from planparse.model import Location, PlanWarning
from planparse.readers.ocr.tesseract import page_turn, require_tesseract
from planparse.readers.pages.page import PageText
from planparse.readers.pages.text import Word, words_to_lines
from planparse.vocabulary import reading_language, reading_language_told

if TYPE_CHECKING:  # the image libraries are imported when a page is read by OCR, not for every PDF
    from planparse.readers.ocr.page import OcrPage

FIRST_TRY = "nor"  # most plans planparse reads are Norwegian
# Tesseract's model for each reading language.
MODELS = {"nb": "nor", "nn": "nor", "en": "eng", "sv": "swe", "da": "dan", "de": "deu"}
# Words of the document's own text enough to tell its language by.
HINT_WORDS = 60
# The letters of each model's language that English has not (about 1.5-3.5% of a page's letters), and
# the least share of a text layer's letters they must make: a layer made by OCR in English from a page
# in one of these languages has none of them ("giennomstromning" for "gjennomstrømning") and reads
# worse than OCR in the page's own language.
MODEL_LETTERS = {"nor": "æøå", "dan": "æøå", "swe": "åäö", "deu": "äöüß"}
OWN_LETTERS = 0.002
LETTERS_TO_TELL = 300  # letters of a layer's page, at least, to judge its letters by (about four lines)


def model_for(texts: list[str], installed: frozenset[str], fallback: str) -> str:
    """The model to read a document in whose words are `texts`: its language's, where installed."""
    model = MODELS.get(reading_language(texts), fallback)
    return model if model in installed else fallback


class OcrSession:
    def __init__(self) -> None:
        self.languages: str | None = None

    def read(self, image: Any, dpi: float, number: int, what: str, warnings: list[PlanWarning],
             layer: Sequence[Word] | None = None, own_text: Sequence[str] = ()) -> OcrPage:
        """The page image (as `prepared` gives it) read by OCR; with `layer` (a searchable scan's words),
        read from those, only its grid and its cells' marks from the image, unless they cover too little
        of it (then by OCR, said in a warning). Where the language is not chosen yet, it is chosen here:
        from `own_text` (the lines of the document's pages with text before this one) where they are
        enough, else from this page's reading."""
        from planparse.readers.ocr.page import LAYER_COVER, enlarged, layer_words, read_page

        installed = require_tesseract(what)
        if layer is not None:
            languages = self.languages or model_for([w.text for w in layer], installed, _fallback(installed))
            lacking = _lacks_own_letters([w.text for w in layer], languages)
            if lacking:
                warnings.append(PlanWarning(code="layer-poor", location=Location(page=number), message=(
                    f"the page's text layer has none of its language's letters ({lacking}): it was made by "
                    "OCR in another language; the page was read by OCR again")))
            else:
                page = read_page(image, dpi, number, languages, warnings, layer_words(layer, dpi))
                if page.layer_cover >= LAYER_COVER:
                    return page
                warnings.append(PlanWarning(code="layer-poor", location=Location(page=number), message=(
                    f"the page's text layer covers only {page.layer_cover:.0%} of its text; the page was read "
                    "by OCR again")))
            image = as_scanned(image, dpi, number, warnings)  # as `prepared` does for a page read by OCR
            image, dpi = enlarged(image, dpi)
            image = _upright(image, dpi, number, warnings, languages)
        if self.languages is None and sum(len(line.split()) for line in own_text) >= HINT_WORDS:
            self.languages = model_for(list(own_text), installed, _fallback(installed))
        if self.languages is not None:
            return read_page(image, dpi, number, self.languages, warnings)
        first = FIRST_TRY if FIRST_TRY in installed else "+".join(sorted(installed)) or "eng"
        found: list[PlanWarning] = []
        page = read_page(image, dpi, number, first, found)
        if reading_language_told([w.text for w in page.words]) is None:
            warnings.extend(found)  # (a page of names: the next page chooses)
            return page
        self.languages = model_for([w.text for w in page.words], installed, first)
        if self.languages != first:
            found = []
            page = read_page(image, dpi, number, self.languages, found)
        warnings.extend(found)
        return page


def _lacks_own_letters(texts: Sequence[str], languages: str) -> str:
    """The letters of the language read in (`languages`, Tesseract's models) that a text layer's words
    lack, where they should have them (a page's worth of letters, hardly one of them its language's
    own); "" where the layer has them, is too short to tell, or its language has no letters of its own."""
    own = "".join(MODEL_LETTERS.get(model, "") for model in languages.split("+"))
    letters = [character for text in texts for character in text.lower() if character.isalpha()]
    if not own or len(letters) < LETTERS_TO_TELL:
        return ""
    found = sum(character in own for character in letters)
    return ", ".join(dict.fromkeys(own)) if found < OWN_LETTERS * len(letters) else ""


def _fallback(installed: frozenset[str]) -> str:
    """The model to read in where a document's words do not tell its language."""
    return FIRST_TRY if FIRST_TRY in installed else "eng"


def prepared(image: Any, dpi: float, number: int, what: str, warnings: list[PlanWarning],
             layer: Sequence[Word] | None = None, picture: bool = False) -> tuple[Any, float]:
    """What of a page's OCR does not depend on the document's language, done before it is read: a page
    photographed made as a scan (not a `picture` among a page's text: its own shading and frame are no
    table around a sheet nor uneven light), a page image drawn coarse on clean paper enlarged, and one
    scanned turned turned upright (not a searchable scan's, whose layer's words stand where its picture is)."""
    from planparse.readers.ocr.page import enlarged

    installed = require_tesseract(what)
    if layer is not None:
        return image, dpi
    if not picture:
        image = as_scanned(image, dpi, number, warnings)
    image, dpi = enlarged(image, dpi)
    return _upright(image, dpi, number, warnings, _fallback(installed)), dpi


def as_scanned(image: Any, dpi: float, number: int, warnings: list[PlanWarning]) -> Any:
    """A page photographed (the sheet on a table, its light uneven) as a scanner would have given it,
    what was done said in a warning; any other page as it is."""
    import numpy as np
    from PIL import Image

    from planparse.readers.ocr.photo import photographed

    gray, photo = photographed(np.asarray(image.convert("L")), dpi)
    if photo is None:
        return image
    done = []
    if photo.corners is not None:
        done.append("cut from what it lay on and straightened from its four corners")
    if photo.spread > 1.0:
        done.append(f"its uneven light evened (the brightest part {photo.spread:.1f}× the dimmest)")
    warnings.append(PlanWarning(code="page-photographed", location=Location(page=number), message=(
        f"the page was photographed, not scanned; it was {' and '.join(done)} before it was read")))
    evened = Image.fromarray(gray)
    evened.info = dict(image.info)
    return evened


def _upright(image: Any, dpi: float, number: int, warnings: list[PlanWarning], languages: str) -> Any:
    """The page image turned upright where it was scanned turned (90°, 180° or 270°), said in a warning;
    where orientation detection could not tell, told by reading the page at each turn in `languages`."""
    turn = page_turn(image.convert("L"), dpi, languages)
    if not turn.degrees:
        return image
    how = (" (orientation detection could not tell; it read best so, of the four turns)" if turn.by_reading
           else "")
    warnings.append(PlanWarning(code="page-turned", location=Location(page=number), message=(
        f"the page was scanned turned; it was turned {turn.degrees}° clockwise and read upright{how}")))
    turned = image.rotate(-turn.degrees, expand=True)  # PIL turns counter-clockwise
    turned.info = dict(image.info)
    return turned


def ocr_page_text(image: Any, dpi: float, number: int, what: str, warnings: list[PlanWarning], session: OcrSession,
                  layer: Sequence[Word] | None = None, own_text: Sequence[str] = ()) -> PageText:
    """A page image (as `prepared` gives it) read by OCR, as a page of text: the same words, lines and
    grids a PDF page gives, so that the chain after does not know the difference. `session` carries the
    language chosen on the first page; once it is chosen, pages may be read in threads alongside each
    other."""
    page = session.read(image, dpi, number, what, warnings, layer, own_text)
    return PageText(number, page.width, page.height, page.words, words_to_lines(page.words), page.grids, ocr=True)
