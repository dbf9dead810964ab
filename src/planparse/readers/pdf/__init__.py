"""PDF reader: characters read once per page → words and lines → ruled and unruled tables and
paragraphs, in reading order, with running heads left out and tables joined across pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planparse.errors import NoPlanError, PlanparseError, UnreadableInputError
from planparse.layout import Block, Layout, Paragraph, RowBoundary, Table
from planparse.model import Location, PlanWarning, SourceFormat
from planparse.options import Limits, ReadOptions
from planparse.readers.pdf.furniture import furniture_lines
from planparse.readers.pdf.guard import complaints, drawing_count
from planparse.readers.pdf.paragraphs import bbox_of, lines_to_paragraphs
from planparse.readers.pdf.ruled import Grid, edges_to_grids, grid_rows
from planparse.readers.pdf.text import TextLine, Word, chars_to_words, dedupe_chars, words_to_lines
from planparse.readers.pdf.unruled import Columns, UnruledTable, grow_table, header_columns, looks_foreign, table_rows

if TYPE_CHECKING:
    from planparse.readers.ocr.session import OcrSession


@dataclass
class PageText:
    number: int
    width: float
    height: float
    words: list[Word]
    lines: list[TextLine]
    grids: list[Grid]
    ocr: bool = False  # read from the page's image


OCR_DPI = 300  # a page with text drawn for OCR (--ocr always); a scan is drawn at its own resolution
SCAN_DPI = (150.0, 400.0)  # the resolutions a scan is drawn at, at least and at most


def ocr_page_text(image: Any, dpi: float, number: int, what: str, options: ReadOptions,
                  warnings: list[PlanWarning], session: OcrSession) -> PageText:
    """A page image read by OCR, as a page of text: the same words, lines and grids, so that what
    follows does not know the difference. `session` carries the language chosen on the first page."""
    from planparse.isolation import allow_more_time

    allow_more_time(options.limits.ocr_seconds_per_page)
    page = session.read(image, dpi, number, what, warnings)
    return PageText(number, page.width, page.height, page.words, words_to_lines(page.words), page.grids, ocr=True)


@dataclass
class OpenTable:
    """The unruled table a page ended in, for the next page to go on with."""

    table: UnruledTable

    def taking(self, line: TextLine) -> tuple[Columns | None, bool]:
        """The columns to go on with at `line` (the first on a new page), and whether it is a header."""
        columns = self.table.columns
        if line.text == columns.header:
            return columns.taking(line), True
        if looks_foreign(self.table, line):
            return None, False
        return columns.taking(line), False


def _too_complex(number: int, drawings: int, limits: Limits, warnings: list[PlanWarning]) -> bool:
    if drawings <= limits.max_drawings_per_page:
        return False
    warnings.append(PlanWarning(code="page-too-complex", location=Location(page=number),
                                message=f"the page draws more than {limits.max_drawings_per_page:,} "
                                        "things (forms drawn inside forms); page passed over"))
    return True


def _page_text(number: int, width: float, height: float, chars: Any, edges: Any, limits: Limits,
               warnings: list[PlanWarning]) -> PageText:
    """One page's words, lines and ruled grids from its characters and drawn edges (either engine's)."""
    upright = dedupe_chars(c for c in chars if c.get("upright", True))
    if len(upright) > limits.max_chars_per_page:
        warnings.append(PlanWarning(code="page-too-dense", location=Location(page=number),
                                    message=f"{len(upright)} characters on one page; page passed over"))
        upright = []
    words = chars_to_words(upright)
    return PageText(number, float(width), float(height), words, words_to_lines(words),
                    edges_to_grids(edges) if words else [])


def _read_page(page: Any, limits: Limits, warnings: list[PlanWarning]) -> PageText:
    number = page.page_number
    if _too_complex(number, drawing_count(page.page_obj, limits.max_drawings_per_page), limits, warnings):
        return PageText(number, 0.0, 0.0, [], [], [])
    return _page_text(number, page.width, page.height, page.chars, page.edges, limits, warnings)


def _damaged_pdf(path: Path, error: BaseException) -> UnreadableInputError:
    cause = error.args[0] if error.args else error
    message = str(cause) or cause.__class__.__name__
    if any(word in f"{cause.__class__.__name__} {message}".lower() for word in ("password", "encrypt")):
        return UnreadableInputError(f"{path.name}: the PDF is protected by a password; "
                                    "save an unprotected copy and try again")
    return UnreadableInputError(f"{path.name}: the PDF is damaged ({message[:80]}); "
                                "export the plan to PDF again")


def refuse_too_many_pages(path: Path, count: int, limits: Limits) -> None:
    if count > limits.max_pages:
        raise UnreadableInputError(f"{path.name}: {count:,} pages, more than the limit of "
                                   f"{limits.max_pages:,} (--max-pages to allow more)")


def _read_pages(path: Path, options: ReadOptions, warnings: list[PlanWarning]) -> tuple[list[PageText], str | None]:
    if options.pdf_engine == "pdfium":
        return _read_pages_pdfium(path, options, warnings)
    return _read_pages_pdfplumber(path, options.limits, warnings)


def _read_pages_pdfplumber(path: Path, limits: Limits, warnings: list[PlanWarning]
                           ) -> tuple[list[PageText], str | None]:
    import pdfplumber  # only for this engine: PDFium's needs none of it
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    pages = []
    title = None
    try:
        with complaints(warnings) as reported, pdfplumber.open(path) as pdf:
            value = pdf.metadata.get("Title")
            title = value.strip() if isinstance(value, str) and value.strip() else None
            count = len(pdf.pages)
            refuse_too_many_pages(path, count, limits)
            for index in range(count):
                reported.page = index + 1
                pages.append(_page_or_warning(lambda i: _read_page_of(pdf, i, limits, warnings), index, warnings))
            reported.page = None
    except (PdfminerException, MalformedPDFException, PSException) as error:
        raise _damaged_pdf(path, error) from error
    return pages, title


def _read_page_of(pdf: Any, index: int, limits: Limits, warnings: list[PlanWarning]) -> PageText:
    page = pdf.pages[index]
    try:
        return _read_page(page, limits, warnings)
    finally:
        page.close()  # the page's objects are not needed again: keep memory flat


def _read_pages_pdfium(path: Path, options: ReadOptions, warnings: list[PlanWarning]
                       ) -> tuple[list[PageText], str | None]:
    """The pages read by PDFium; each page's drawing cost counted first from its content streams, so
    that a page drawing a form ten million times is passed over before PDFium would expand it. A page
    with no text but an image (a scan) is read by OCR, unless options.ocr says never; with "always",
    every page is."""
    from planparse.readers.ocr.session import OcrSession
    from planparse.readers.pdf.guard import PageCosts
    from planparse.readers.pdf.pdfium import PdfiumDocument, PdfiumError

    limits = options.limits
    session = OcrSession()
    try:
        document = PdfiumDocument(path)
    except PdfiumError as error:
        raise _damaged_pdf(path, error) from error
    costs: PageCosts | None = None
    try:
        count = len(document)
        refuse_too_many_pages(path, count, limits)
        with complaints(warnings):
            costs = PageCosts(path, limits.max_drawings_per_page)
        counted = costs

        def read(index: int) -> PageText:
            number = index + 1
            with complaints(warnings) as reported:
                reported.page = number
                drawings = counted.count(index)
            if _too_complex(number, drawings, limits, warnings):
                return PageText(number, 0.0, 0.0, [], [], [])
            width, height, chars, edges = document.page(index)
            scan = None
            if options.ocr != "never" and not any(c["text"].strip() for c in chars):
                scan = document.scan_resolution(index)
            if options.ocr == "always" or scan is not None:
                dpi = OCR_DPI if scan is None else min(max(scan, SCAN_DPI[0]), SCAN_DPI[1])
                return ocr_page_text(document.render(index, dpi), dpi, number,
                                     f"{path.name}: page {number} has no text and", options, warnings, session)
            return _page_text(number, width, height, chars, edges, limits, warnings)

        pages = [_page_or_warning(read, index, warnings) for index in range(count)]
        return pages, document.title()
    finally:
        if costs is not None:
            costs.close()
        document.close()


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
        return PageText(number, 0.0, 0.0, [], [], [])


def _right_edge(lines: Sequence[TextLine], page: PageText) -> float:
    full = sorted(line.x1 for line in lines if len(line.words) >= 4)
    if not full:
        return page.width - 0.1 * page.width
    return full[int(0.95 * (len(full) - 1))]


def _paragraph_blocks(lines: Sequence[TextLine], right_edge: float, page: int) -> list[Paragraph]:
    return lines_to_paragraphs(lines, right_edge, lambda group: Location(page=page, bbox=bbox_of(group)))


def _page_blocks(page: PageText, grid_words: list[list[Word]], lines: list[TextLine], carry: OpenTable | None
                 ) -> tuple[list[tuple[float, Block]], OpenTable | None]:
    """Blocks of one page with their top, and the unruled table the page ends in, if any.

    `grid_words` holds the words inside each ruled grid of the page, `lines` the lines outside them."""
    blocks: list[tuple[float, Block]] = []
    for grid, words in zip(page.grids, grid_words, strict=True):
        blocks.append((grid.bbox[1], Table(tuple(grid_rows(grid, words, page.number)),
                                           Location(page=page.number, bbox=grid.bbox))))
    right_edge = _right_edge(lines, page)
    pending: list[TextLine] = []
    open_table: OpenTable | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        columns, has_header = None, True
        if carry is not None and not pending and not blocks_above(blocks, line):
            columns, has_header = carry.taking(line)
        carry = None
        if columns is None:
            columns = header_columns(line)
        if columns is None:
            pending.append(line)
            open_table = None
            index += 1
            continue
        table, end = grow_table(lines, index, columns, has_header)
        if len(table.lines) == 1 and has_header and end < len(lines):
            # One line with wide gaps and other text under it is a spaced-out line, not a table;
            # at the foot of a page it may be a header whose rows follow on the next page.
            pending.append(line)
            index += 1
            continue
        index = end
        if pending:
            blocks.extend((p.location.bbox[1] if p.location.bbox else 0.0, p)
                          for p in _paragraph_blocks(pending, right_edge, page.number))
            pending = []
        rows = table_rows(table, page.number)
        bbox = bbox_of(table.lines)
        blocks.append((bbox[1], Table(tuple(rows), Location(page=page.number, bbox=bbox))))
        open_table = OpenTable(table)
    blocks.extend((p.location.bbox[1] if p.location.bbox else 0.0, p)
                  for p in _paragraph_blocks(pending, right_edge, page.number))
    blocks.sort(key=lambda item: item[0])
    blocks = _adjacent_tables_joined(blocks)
    ends_in_table = bool(blocks) and isinstance(blocks[-1][1], Table)
    return blocks, open_table if ends_in_table else None


def _adjacent_tables_joined(blocks: list[tuple[float, Block]]) -> list[tuple[float, Block]]:
    """Tables one right under the other with the same columns are one table drawn in parts."""
    out: list[tuple[float, Block]] = []
    for top, block in blocks:
        if out and isinstance(block, Table) and isinstance(out[-1][1], Table) and _same_columns(out[-1][1], block):
            previous = out[-1][1]
            bbox = None
            if previous.location.bbox and block.location.bbox:
                a, b = previous.location.bbox, block.location.bbox
                bbox = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
            location = previous.location.model_copy(update={"bbox": bbox})
            out[-1] = (out[-1][0], Table(previous.rows + block.rows, location))
            continue
        out.append((top, block))
    return out


def blocks_above(blocks: Sequence[tuple[float, Block]], line: TextLine) -> bool:
    return any(top < line.top for top, _ in blocks)


def _column_spans(table: Table) -> list[tuple[float, float]]:
    row = table.rows[0]
    return [(c.location.bbox[0], c.location.bbox[2]) if c.location.bbox else (0.0, 0.0) for c in row.cells]


def _same_columns(previous: Table, table: Table) -> bool:
    """Whether two tables have the same columns (within a few points), or start at the same x."""
    if not previous.rows or not table.rows:
        return False
    before, after = _column_spans(previous), _column_spans(table)
    if len(before) != len(after):
        return False
    return all(abs(a[0] - b[0]) <= 8 and abs(a[1] - b[1]) <= 8 for a, b in zip(before, after, strict=True)) or (
        previous.location.bbox is not None and table.location.bbox is not None
        and abs(previous.location.bbox[0] - table.location.bbox[0]) <= 8)


def _joined(previous: Table, table: Table) -> Table:
    rows = list(table.rows)
    header_texts = previous.rows[0].texts()
    first_body = next((i for i, row in enumerate(rows) if not row.is_header and row.texts() != header_texts), None)
    if first_body is not None:
        rows[first_body] = replace(rows[first_body], boundary=RowBoundary.PAGE_BREAK)
    return Table(previous.rows + tuple(rows), previous.location)


def _numbered(blocks: list[Block]) -> list[Block]:
    """Tables numbered in document order, rows numbered within each table."""
    out: list[Block] = []
    count = 0
    for block in blocks:
        if isinstance(block, Table):
            count += 1
            rows = tuple(replace(row, location=row.location.model_copy(update={"table": count, "row": number}))
                         for number, row in enumerate(block.rows, start=1))
            block = Table(rows, block.location.model_copy(update={"table": count}))
        out.append(block)
    return out


def _split_words(page: PageText, furniture: set[int]) -> tuple[list[list[Word]], list[TextLine]]:
    """The words inside each ruled grid, and the lines outside them, running heads left out."""
    if not page.grids:
        return [], [line for index, line in enumerate(page.lines) if index not in furniture]
    left_out = {id(word) for index in furniture for word in page.lines[index].words}
    grid_words: list[list[Word]] = [[] for _ in page.grids]
    body: list[Word] = []
    for word in page.words:
        if id(word) in left_out:
            continue
        holder = next((i for i, grid in enumerate(page.grids) if grid.holds(word)), None)
        (body if holder is None else grid_words[holder]).append(word)
    return grid_words, words_to_lines(body)


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


def read_pdf(path: Path, options: ReadOptions) -> Layout:
    """Read a PDF into the neutral layout; its characters are read once, page by page."""
    warnings: list[PlanWarning] = []
    pages, title = _read_pages(path, options, warnings)
    return layout_from_pages(pages, title, warnings, path.name, SourceFormat.PDF, options)


def layout_from_pages(pages: list[PageText], title: str | None, warnings: list[PlanWarning], name: str,
                      source_format: SourceFormat, options: ReadOptions) -> Layout:
    """Pages of words and grids (from a PDF's text or from OCR) into the neutral layout: running heads
    left out, ruled and unruled tables, paragraphs, tables joined across pages."""
    if any(page.ocr for page in pages):
        pages = _respelled(pages)
    furniture = furniture_lines([(p.height, p.lines) for p in pages])
    blocks: list[Block] = []
    carry: OpenTable | None = None
    for page_index, page in enumerate(pages):
        grid_words, lines = _split_words(page, {i for p, i in furniture if p == page_index})
        page_blocks, carry = _page_blocks(page, grid_words, lines, carry)
        for position, (_, block) in enumerate(page_blocks):
            if (position == 0 and isinstance(block, Table) and blocks and isinstance(blocks[-1], Table)
                    and _same_columns(blocks[-1], block)):
                previous = blocks.pop()
                assert isinstance(previous, Table)
                block = _joined(previous, block)
            blocks.append(block)
    skipped = [w for w in warnings if w.code in ("page-unreadable", "page-too-complex", "page-too-dense")]
    if not any(page.words for page in pages) and skipped:
        raise UnreadableInputError(f"{name}: no page could be read (page {skipped[0].location.page}: "
                                   f"{skipped[0].message[:100]}); export the plan to PDF again")
    if not any(page.words for page in pages):
        if any(page.ocr for page in pages):
            raise NoPlanError(f"{name}: no plan found: OCR found no text on its pages; check that the scan "
                              "is of a plan and is sharp enough (200 dpi or more)")
        if options.ocr == "never":
            raise NoPlanError(f"{name}: no plan found: the PDF has no text (a scanned document?); read it "
                              "with OCR (leave out --ocr never) or export the plan from its source file")
        raise NoPlanError(f"{name}: no plan found: the PDF has no text and no scanned page; "
                          "export the plan from its source file")
    confidences = [(page.number, (w.x0, w.top, w.x1, w.bottom), w.confidence)
                   for page in pages for w in page.words if w.confidence is not None]
    return Layout(blocks=_numbered(blocks), source_format=source_format, pages=len(pages), warnings=warnings,
                  title=title, confidences=confidences)
