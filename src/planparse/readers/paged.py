"""Reading a document of pages from any page source (a PDF engine, a file of page images): each page
guarded, its text taken from the source or, for a scanned page, read by OCR from its picture (the one
place that choice is made), then the page chain builds the layout."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from planparse import progress
from planparse.errors import NoPlanError, PlanparseError, UnreadableInputError
from planparse.layout import Layout
from planparse.model import Location, PlanWarning, SourceFormat
from planparse.options import Limits, ReadOptions
from planparse.readers.complaints import complaints
from planparse.readers.pages.build import pages_to_blocks
from planparse.readers.pages.bullets import drawn_bullets
from planparse.readers.pages.glyphs import drawn_sign
from planparse.readers.pages.page import PageText, SourcePage
from planparse.readers.pages.ruled import Grid, edges_to_grids
from planparse.readers.pages.settings import SETTINGS
from planparse.readers.pages.source import PageSource
from planparse.readers.pages.text import Word, chars_to_words, dedupe_chars, layer_chars_fitted, words_to_lines

OCR_DPI = 300  # a page with text drawn for OCR (--ocr always); a scan is drawn at its own resolution
SCAN_DPI = (150.0, 400.0)  # the resolutions a scan is drawn at, at least and at most
PASSED_OVER = ("page-unreadable", "page-too-complex", "page-too-dense")


def refuse_too_many_pages(name: str, count: int, limits: Limits) -> None:
    if count > limits.max_pages:
        raise UnreadableInputError(f"{name}: {count:,} pages, more than the limit of "
                                   f"{limits.max_pages:,} (--max-pages to allow more)")


def _too_complex(number: int, drawings: int, limits: Limits, warnings: list[PlanWarning]) -> bool:
    if drawings <= limits.max_drawings_per_page:
        return False
    warnings.append(PlanWarning(code="page-too-complex", location=Location(page=number),
                                message=f"the page draws more than {limits.max_drawings_per_page:,} "
                                        "things (forms drawn inside forms); page passed over"))
    return True


def page_text(number: int, page: SourcePage, limits: Limits, warnings: list[PlanWarning]) -> PageText:
    """One page's words, lines and ruled grids from its characters and drawn edges (any engine's)."""
    upright = dedupe_chars(c for c in page.chars if c.get("upright", True))
    if len(upright) > limits.max_chars_per_page:
        warnings.append(PlanWarning(code="page-too-dense", location=Location(page=number),
                                    message=f"{len(upright)} characters on one page; page passed over"))
        upright = []
    words = [drawn_sign(word) for word in chars_to_words(upright)]
    words += drawn_bullets(words, page.fills, page.images)
    return PageText(number, float(page.width), float(page.height), words, words_to_lines(words),
                    edges_to_grids(page.edges) if words else [], fills=list(page.fills), images=list(page.images))


def picture_regions(page: SourcePage) -> list[tuple[float, float, float, float]]:
    """The pictures on a page that hold its content: large, with hardly any text drawn over them (the
    settings' picture_cover and scan_text_inside)."""
    chars = [c for c in page.chars if c["text"].strip()]
    area = max(page.width * page.height, 1.0)
    regions = []
    for x0, top, x1, bottom in page.images:
        if (x1 - x0) * (bottom - top) < SETTINGS.picture_cover * area:
            continue
        inside = sum(1 for c in chars if x0 <= c["x0"] <= x1 and top <= c["top"] <= bottom)
        if inside <= SETTINGS.scan_text_inside:
            regions.append((x0, top, x1, bottom))
    return regions


def is_scanned(page: SourcePage) -> bool:
    """Whether a page's content is a picture: it draws no text, or its content pictures cover much of it
    (with only a running head or footer beside them)."""
    if not any(c["text"].strip() for c in page.chars):
        return True
    area = max(page.width * page.height, 1.0)
    covered = sum((x1 - x0) * (bottom - top) for x0, top, x1, bottom in picture_regions(page))
    return covered >= SETTINGS.scan_cover * area


# A picture's OCR reads text only where it finds this many words, this sure on average: a photo gives a
# few unsure "words" from its shapes.
PICTURE_WORDS_MIN = 20
PICTURE_CONFIDENCE_MIN = 70.0


# And of its words this share must be words of letters: a chart's picture reads as figures and labels.
# (Counted by characters, a measure sheet's rating column specks would count for little, but a survey's
# bar charts were read as text: their labels are long words.)
PICTURE_WORDY_SHARE = 0.7


def _holds_text(words: list[Word]) -> bool:
    """Whether OCR read text from a picture (a table of measures set as an image), not a photo's or a
    chart's shapes and figures."""
    sure = [w.confidence for w in words if w.confidence is not None]
    wordy = sum(1 for w in words if sum(char.isalpha() for char in w.text) >= 3)
    return (len(words) >= PICTURE_WORDS_MIN and bool(sure) and sum(sure) / len(sure) >= PICTURE_CONFIDENCE_MIN
            and wordy >= PICTURE_WORDY_SHARE * len(words))


def _inside(word: Word, regions: list[tuple[float, float, float, float]]) -> bool:
    return any(x0 <= word.center_x <= x1 and top <= word.center_y <= bottom for x0, top, x1, bottom in regions)


# Lines of each page with text that go to telling the document's language.
OWN_LINES = 40


class _PageReader:
    """Reads the pages of one source: a page with text as text, a scanned page (or every page, with
    --ocr always) by OCR, with one OCR session for the whole document (its language chosen once)."""

    def __init__(self, source: PageSource, options: ReadOptions, warnings: list[PlanWarning]) -> None:
        self.source, self.options, self.warnings = source, options, warnings
        self.session: object | None = None
        self.own_text: list[str] = []  # the document's own text, by which OCR's language is chosen
        self.count = 0  # the source's pages, as progress reports them

    def read(self, index: int) -> PageText:
        number, limits = index + 1, self.options.limits
        self.count = self.count or len(self.source)
        if _too_complex(number, self.source.drawings(index), limits, self.warnings):
            return PageText.empty(number)
        page = self.source.page(index)
        scan = None
        if self.options.ocr != "never" and is_scanned(page):
            scan = self.source.scan_resolution(index)
        if self.options.ocr == "always" or scan is not None:
            dpi = OCR_DPI if scan is None else min(max(scan, SCAN_DPI[0]), SCAN_DPI[1])
            progress.reading_page(number, self.count, True)
            return self._ocr(index, dpi)
        if self._searchable(page):
            progress.reading_page(number, self.count, True)
            return self._from_layer(index, page)
        progress.reading_page(number, self.count, False)
        text = page_text(number, page, limits, self.warnings)
        self.own_text.extend(line.text for line in text.lines[:OWN_LINES])
        regions = picture_regions(page) if self.options.ocr != "never" else []
        if not regions:
            return text
        # pictures holding content among the page's text: OCR reads them, the text layer the rest
        progress.reading_page(number, self.count, True)
        resolution = self.source.scan_resolution(index)
        dpi = OCR_DPI if resolution is None else min(max(resolution, SCAN_DPI[0]), SCAN_DPI[1])
        found: list[PlanWarning] = []
        box = _union(regions)
        read = self._ocr(index, dpi, found, box)
        found = [w if w.location.bbox is None else w.model_copy(update={"location": w.location.model_copy(update={
            "bbox": (w.location.bbox[0] + box[0], w.location.bbox[1] + box[1], w.location.bbox[2] + box[0],
                     w.location.bbox[3] + box[1])})}) for w in found]
        regions = [region for region in regions if _holds_text([w for w in read.words if _inside(w, [region])])]
        self.warnings.extend(w for w in found if regions and (w.location.bbox is None or _inside_box(
            w.location.bbox, regions)))
        words = [w for w in text.words if not _inside(w, regions)] + [w for w in read.words if _inside(w, regions)]
        grids = [*text.grids, *(g for g in read.grids if _inside_box(g.bbox, regions))]
        return replace(text, words=words, lines=words_to_lines(words), grids=grids, ocr=True)

    def _searchable(self, page: SourcePage) -> bool:
        """Whether a page is a searchable scan: an invisible text layer over a picture covering it."""
        if not page.hidden_text or page.edges or self.options.ocr == "never":
            return False
        area = max(page.width * page.height, 1.0)
        return sum((x1 - x0) * (bottom - top) for x0, top, x1, bottom in page.images) >= SETTINGS.scan_cover * area

    def _from_layer(self, index: int, page: SourcePage) -> PageText:
        """A searchable scan read from its text layer's words, far faster than OCR again, with its ruling
        lines, shaded bands, type weights and marks from its picture, where alone they are."""
        # the layer's OCR read some ruling lines as "|": the lines are the picture's, not letters
        import numpy as np

        from planparse.readers.ocr.pixels import edges_in_points, fills_made_paper, ruling_lines
        from planparse.readers.ocr.tesseract import tesseract_installed

        chars = dedupe_chars(c for c in layer_chars_fitted(page.chars) if c.get("upright", True) and c["text"] != "|")
        resolution = self.source.scan_resolution(index) or OCR_DPI
        dpi = min(max(resolution, SCAN_DPI[0]), SCAN_DPI[1])
        if not tesseract_installed():  # its words as text all the same, ruled from its picture
            image, dpi = self.source.picture(index, dpi)
            segments, _ = ruling_lines(fills_made_paper(np.asarray(image.convert("L")), dpi), dpi)
            return page_text(index + 1, replace(page, chars=chars, edges=edges_in_points(segments, dpi)),
                             self.options.limits, self.warnings)
        words = [drawn_sign(word) for word in chars_to_words(chars)]
        self.own_text.extend(line.text for line in words_to_lines(words)[:OWN_LINES])
        return self._ocr(index, dpi, layer=words)

    def _ocr(self, index: int, dpi: float, warnings: list[PlanWarning] | None = None,
             box: tuple[float, float, float, float] | None = None, layer: list[Word] | None = None) -> PageText:
        """The page read by OCR; only the part `box` (points) of it where given, its words placed on the
        page; with `layer`, its words those of the page's text layer."""
        from planparse.readers.ocr.session import OcrSession, ocr_page_text

        if self.session is None:
            self.session = OcrSession()
        assert isinstance(self.session, OcrSession)
        self.session.own_text = self.own_text
        from planparse.readers.ocr.page import READ_DPI, on_clean_paper

        image, resolution = self.source.picture(index, dpi)
        if box is None and layer is None and resolution < READ_DPI and on_clean_paper(image):
            # a page that is a drawn picture, drawn again finer where the source can (a PDF): OCR reads
            # it far better than the picture enlarged, which the OCR session does where the source
            # cannot (an image) and for a picture among a page's text (drawn finer, a diagram among
            # text read differently, and a plan's headings with it)
            image, resolution = self.source.picture(index, READ_DPI)
        name = self.source.name
        what = f"{name}: page {index + 1} has no text and" if self.source.kind == "pdf" else name
        if box is None:
            return ocr_page_text(image, resolution, index + 1, what, self.options,
                                 self.warnings if warnings is None else warnings, self.session, layer)
        scale = resolution / 72
        crop = image.crop(tuple(round(value * scale) for value in box))
        read = ocr_page_text(crop, resolution, index + 1, what, self.options,
                             self.warnings if warnings is None else warnings, self.session)
        return shifted(read, box[0], box[1])


def _union(regions: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (min(r[0] for r in regions), min(r[1] for r in regions), max(r[2] for r in regions),
            max(r[3] for r in regions))


def shifted(page: PageText, dx: float, dy: float) -> PageText:
    """A page read from a part of a page, its words and grids moved to where that part stands."""
    words = [replace(w, x0=w.x0 + dx, x1=w.x1 + dx, top=w.top + dy, bottom=w.bottom + dy) for w in page.words]
    grids = [Grid(tuple(x + dx for x in g.xs), tuple(y + dy for y in g.ys),
                  tuple(replace(c, bbox=(c.bbox[0] + dx, c.bbox[1] + dy, c.bbox[2] + dx, c.bbox[3] + dy))
                        for c in g.cells)) for g in page.grids]
    return replace(page, words=words, lines=words_to_lines(words), grids=grids)


def _inside_box(box: tuple[float, float, float, float], regions: list[tuple[float, float, float, float]]) -> bool:
    middle = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    return any(x0 <= middle[0] <= x1 and top <= middle[1] <= bottom for x0, top, x1, bottom in regions)


def _page_or_warning(read: Callable[[int], PageText], index: int, warnings: list[PlanWarning]) -> PageText:
    """One page read, or, where the page is too damaged to read, an empty page and a warning saying so."""
    number = index + 1
    try:
        return read(index)
    except (PlanparseError, MemoryError, RecursionError):
        raise
    except Exception as error:  # a damaged page (no MediaBox, a bad /Rotate, a broken stream): say so, go on
        warnings.append(PlanWarning(code="page-unreadable", location=Location(page=number),
                                    message=f"the page could not be read ({error.__class__.__name__}: "
                                            f"{' '.join(str(error).split())[:80]}); its text is missing"))
        return PageText.empty(number)


def read_pages(source: PageSource, options: ReadOptions, warnings: list[PlanWarning]) -> list[PageText]:
    """Every page of the source, read as text or by OCR; what the libraries complain of kept as warnings."""
    reader = _PageReader(source, options, warnings)
    pages = []
    with complaints(warnings, source.kind) as reported:
        count = len(source)
        refuse_too_many_pages(source.name, count, options.limits)
        for index in range(count):
            reported.page = index + 1
            pages.append(_page_or_warning(reader.read, index, warnings))
    return pages


def _respelled(pages: list[PageText]) -> list[PageText]:
    """Pages read by OCR with words spelled the way the document spells them elsewhere, where OCR's
    reading may be taken so (readers/ocr/context.py)."""
    from planparse.readers.ocr.context import spelled_as_elsewhere

    read = [word for page in pages if page.ocr for word in page.words]
    texts = spelled_as_elsewhere([(word.text, word.spellings) for word in read])
    fixed = {id(word): text for word, text in zip(read, texts, strict=True) if text != word.text}
    if not fixed:
        return pages
    out = []
    for page in pages:
        if any(id(word) in fixed for word in page.words):
            words = [replace(word, text=fixed[id(word)], spellings=()) if id(word) in fixed else word
                     for word in page.words]
            page = replace(page, words=words, lines=words_to_lines(words))
        out.append(page)
    return out


def _refuse_empty(pages: list[PageText], warnings: list[PlanWarning], name: str, options: ReadOptions) -> None:
    """A document none of whose pages gave any text: said in one line, with what to do."""
    if any(page.words for page in pages):
        return
    skipped = [w for w in warnings if w.code in PASSED_OVER]
    if skipped:
        raise UnreadableInputError(f"{name}: no page could be read (page {skipped[0].location.page}: "
                                   f"{skipped[0].message[:100]}); export the plan to PDF again")
    if any(page.ocr for page in pages):
        raise NoPlanError(f"{name}: no plan found: OCR found no text on its pages; check that the scan "
                          "is of a plan and is sharp enough (200 dpi or more)")
    if options.ocr == "never":
        raise NoPlanError(f"{name}: no plan found: the PDF has no text (a scanned document?); read it "
                          "with OCR (leave out --ocr never) or export the plan from its source file")
    raise NoPlanError(f"{name}: no plan found: the PDF has no text and no scanned page; "
                      "export the plan from its source file")


def layout_from_pages(pages: list[PageText], title: str | None, warnings: list[PlanWarning], name: str,
                      source_format: SourceFormat, options: ReadOptions) -> Layout:
    """Pages of words and grids (from a PDF's text or from OCR) into the neutral layout."""
    if any(page.ocr for page in pages):
        pages = _respelled(pages)
    _refuse_empty(pages, warnings, name, options)
    confidences = [(page.number, (w.x0, w.top, w.x1, w.bottom), w.confidence)
                   for page in pages for w in page.words if w.confidence is not None]
    return Layout(blocks=pages_to_blocks(pages), source_format=source_format, pages=len(pages), warnings=warnings,
                  title=title, confidences=confidences)


def read_source(source: PageSource, options: ReadOptions, source_format: SourceFormat) -> Layout:
    """The layout of a document of pages; the source is closed when done."""
    warnings: list[PlanWarning] = []
    try:
        pages = read_pages(source, options, warnings)
        title = source.title()
    finally:
        source.close()
    return layout_from_pages(pages, title, warnings, source.name, source_format, options)
