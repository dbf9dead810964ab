"""Reading a document of pages from any page source (a PDF engine, a file of page images): each page
guarded, its text taken from the source or, for a scanned page, read by OCR from its picture (the one
place that choice is made), then the page chain builds the layout."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from planparse import progress
from planparse.budget import allow_more_time
from planparse.errors import NoPlanError, PlanparseError, UnreadableInputError
from planparse.layout import Block, Layout
from planparse.model import Location, PlanWarning, SourceFormat
from planparse.options import Limits, ReadOptions
from planparse.readers.complaints import Complaints, complaints
from planparse.readers.pages.build import pages_to_blocks
from planparse.readers.pages.bullets import drawn_bullets
from planparse.readers.pages.glyphs import drawn_sign
from planparse.readers.pages.page import PageText, SourcePage
from planparse.readers.pages.placed import moved_warning, numbered_in_order, placed
from planparse.readers.pages.ruled import Grid, edges_to_grids
from planparse.readers.pages.settings import SETTINGS
from planparse.readers.pages.source import PageSource
from planparse.readers.pages.text import (
    Word,
    char_turn,
    chars_to_words,
    dedupe_chars,
    layer_chars_fitted,
    levelled_chars,
    words_to_lines,
)

OCR_DPI = 300  # a page with text drawn for OCR (--ocr always); a scan is drawn at its own resolution
SCAN_DPI = (150.0, 400.0)  # the resolutions a scan is drawn at, at least and at most
PASSED_OVER = ("page-unreadable", "page-too-complex", "page-too-dense")
# What reading one page of a source gives: a page, or the two pages one scanned image held side by side
PageRead = PageText | list[PageText]


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

# Pages read ahead of the first page not yet done, for each thread reading by OCR: enough to keep every
# thread busy, few enough that a long scan's pictures are not all held at once.
AHEAD_PER_JOB = 2
# Memory (MB of the limit on reading one file) each thread reading a page by OCR may take: a page's
# picture at 300 dpi and the images made from it while it is read; fewer threads where the limit is low.
PAGE_JOB_MB = 128


def page_jobs(options: ReadOptions, count: int) -> int:
    """How many pages of a document of `count` pages are read by OCR at once: as the options ask, no more
    than the pages after the first (the first chooses the language) or the memory limit allows."""
    return max(1, min(options.page_jobs, count - 1, options.limits.max_memory_mb // PAGE_JOB_MB))


@dataclass
class _Page:
    """A page being read: the progress it reports and the warnings it gives, kept until the pages before
    it are done, and the page, or the OCR that reads it in a thread."""

    index: int
    reports: list[tuple[int, int, bool]] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)
    result: PageRead | Future[PageRead] | None = None


class _PageReader:
    """Reads the pages of one source: a page with text as text, a scanned page (or every page, with
    --ocr always) by OCR, with one OCR session for the whole document (its language chosen once).

    With threads (`jobs` > 1), a page is taken from the source (drawn, for OCR) here, in page order,
    and its OCR runs in a thread: Tesseract runs as a process of its own, so the threads read pages at
    once, while PDFium, which is not safe in threads, is only called here. The first page read by OCR
    chooses the document's language and is read before the others are (_Languages), so the plan is the
    one read one page after another; the pages, their warnings and their progress come out in page
    order. At most AHEAD_PER_JOB pages a thread are taken ahead of the first page not yet done."""

    def __init__(self, source: PageSource, options: ReadOptions, warnings: list[PlanWarning], jobs: int = 1,
                 reported: Complaints | None = None) -> None:
        self.source, self.options, self.warnings = source, options, warnings
        self.session: object | None = None
        self.own_text: list[str] = []  # the document's own text, by which OCR's language is chosen
        self.count = 0  # the source's pages, as progress reports them
        self.layered: list[int] = []  # the pages read from a searchable scan's own text layer
        self.jobs, self.reported = jobs, reported
        self.pool: ThreadPoolExecutor | None = None
        self.languages: _Languages | None = None  # the order pages are read in by the threads
        self.pending: deque[_Page] = deque()  # pages started, not yet done, in page order
        self.current = _Page(0)
        self.done: list[PageText] = []

    def __enter__(self) -> _PageReader:
        if self.jobs > 1:
            self.pool = ThreadPoolExecutor(self.jobs, thread_name_prefix="planparse-ocr")
        return self

    def __exit__(self, *_: object) -> None:
        if self.languages is not None:
            self.languages.stopped = True
        if self.pool is not None:  # (on an error, pages not begun are not read)
            self.pool.shutdown(wait=True, cancel_futures=True)

    def start(self, index: int) -> None:
        """Page `index` read, or its OCR begun in a thread; pages done as the threads need room."""
        self.current = page = _Page(index, warnings=self.warnings if self.pool is None else [])
        try:
            page.result = self.read(index)
        except (PlanparseError, MemoryError, RecursionError):
            raise
        except Exception as error:
            page.result = _unreadable(index + 1, error, page.warnings)
        self.pending.append(page)
        while self.pending and (self.pool is None or len(self.pending) > AHEAD_PER_JOB * self.jobs):
            self._finish()

    def pages(self) -> list[PageText]:
        """Every page started, done, in page order."""
        while self.pending:
            self._finish()
        return self.done

    def _finish(self) -> None:
        """The first page not yet done, done: its progress said, its OCR waited for, its warnings kept."""
        page = self.pending.popleft()
        self._report(page)
        result = page.result
        if isinstance(result, Future):
            try:
                result = result.result()
            except (PlanparseError, MemoryError, RecursionError):
                raise
            except Exception as error:
                result = _unreadable(page.index + 1, error, page.warnings)
        assert result is not None
        if page.warnings is not self.warnings:
            self.warnings.extend(page.warnings)
        self.done.extend(result if isinstance(result, list) else [result])

    def _report(self, page: _Page) -> None:
        for number, pages, ocr in page.reports:
            progress.reading_page(number, pages, ocr)
        page.reports.clear()

    def _reading(self, number: int, ocr: bool) -> None:
        """Progress: page `number` is being read; said when the pages before it are done."""
        if self.pool is None:
            progress.reading_page(number, self.count, ocr)
        else:
            self.current.reports.append((number, self.count, ocr))

    def _run(self, prepare: Callable[[], Any], finish: Callable[[Any], PageRead]) -> PageRead | Future[PageRead]:
        """A page's OCR: its steps that do not depend on the language (`prepare`), then its reading
        (`finish`, given what `prepare` gave), here, or in threads (see _Languages)."""
        allow_more_time(self.options.limits.ocr_seconds_per_page)
        if self.pool is None:
            return finish(prepare())
        if self.languages is None:
            from planparse.readers.ocr.session import OcrSession

            assert isinstance(self.session, OcrSession)
            session = self.session
            self.languages = _Languages(self.pool, lambda: session.languages is not None)
        reported, number = self.reported, self.current.index + 1

        def on_page(step: Callable[[], Any]) -> Any:
            if reported is None:
                return step()
            with reported.reading(number):  # what the libraries complain of, of this page
                return step()

        return self.languages.submit(lambda: on_page(prepare), lambda prepared: on_page(lambda: finish(prepared)))

    def read(self, index: int) -> PageRead | Future[PageRead]:
        number, limits = index + 1, self.options.limits
        warnings = self.current.warnings
        self.count = self.count or len(self.source)
        if _too_complex(number, self.source.drawings(index), limits, warnings):
            return PageText.empty(number)
        page = self.source.page(index)
        scan = None
        if self.options.ocr != "never" and is_scanned(page):
            scan = self.source.scan_resolution(index)
        if self.options.ocr == "always" or scan is not None:
            dpi = OCR_DPI if scan is None else min(max(scan, SCAN_DPI[0]), SCAN_DPI[1])
            self._reading(number, True)
            return self._ocr(index, dpi)
        if self._searchable(page):
            self._reading(number, True)
            return self._from_layer(index, page)
        self._reading(number, False)
        text = page_text(number, page, limits, warnings)
        self.own_text.extend(line.text for line in text.lines[:OWN_LINES])
        regions = picture_regions(page) if self.options.ocr != "never" else []
        if not regions:
            return text
        # pictures holding content among the page's text: OCR reads them, the text layer the rest
        self._reading(number, True)
        resolution = self.source.scan_resolution(index)
        dpi = OCR_DPI if resolution is None else min(max(resolution, SCAN_DPI[0]), SCAN_DPI[1])
        box = _union(regions)
        return self._ocr(index, dpi, box, then=lambda read, found: _with_pictures_read(text, read, box, regions,
                                                                                        found))

    def _searchable(self, page: SourcePage) -> bool:
        """Whether a page is a searchable scan: an invisible text layer over a picture covering it."""
        if not page.hidden_text or page.edges or self.options.ocr == "never":
            return False
        area = max(page.width * page.height, 1.0)
        return sum((x1 - x0) * (bottom - top) for x0, top, x1, bottom in page.images) >= SETTINGS.scan_cover * area

    def _from_layer(self, index: int, page: SourcePage) -> PageRead | Future[PageRead]:
        """A searchable scan read from its text layer's words, far faster than OCR again, with its ruling
        lines, shaded bands, type weights and marks from its picture, where alone they are."""
        # the layer's OCR read some ruling lines as "|": the lines are the picture's, not letters
        import numpy as np

        from planparse.readers.ocr.pixels import edges_in_points, paper_and_blocks, ruling_lines
        from planparse.readers.ocr.tesseract import tesseract_installed

        self.layered.append(index + 1)
        chars, turn = _layer_levelled(page)
        chars = dedupe_chars(c for c in layer_chars_fitted(chars) if c.get("upright", True) and c["text"] != "|")
        resolution = self.source.scan_resolution(index) or OCR_DPI
        dpi = min(max(resolution, SCAN_DPI[0]), SCAN_DPI[1])
        if not tesseract_installed():  # its words as text all the same, ruled from its picture
            image, dpi = self.source.picture(index, dpi)
            image = _turned(image, turn)
            paper, blocks = paper_and_blocks(np.asarray(image.convert("L")), dpi)
            segments, _ = ruling_lines(paper, dpi, blocks)
            return page_text(index + 1, replace(page, chars=chars, edges=edges_in_points(segments, dpi)),
                             self.options.limits, self.current.warnings)
        words = [drawn_sign(word) for word in chars_to_words(chars)]
        self.own_text.extend(line.text for line in words_to_lines(words)[:OWN_LINES])
        return self._ocr(index, dpi, layer=words, turn=turn)

    def _ocr(self, index: int, dpi: float, box: tuple[float, float, float, float] | None = None,
             layer: list[Word] | None = None, turn: float = 0.0,
             then: Callable[[PageText, list[PlanWarning]], tuple[PageText, list[PlanWarning]]] | None = None
             ) -> PageRead | Future[PageRead]:
        """The page read by OCR; only the part `box` (points) of it where given, its words placed on the
        page, and made the page by `then` (given what was read and the warnings its reading gave); with
        `layer`, its words those of the page's text layer (levelled from `turn` degrees, as its picture is
        then). The page's picture is drawn here; its reading may run in a thread."""
        from planparse.readers.ocr.session import OcrSession, ocr_page_text, prepared
        from planparse.readers.ocr.spread import Gutter, maybe_two_pages, read_two_pages, two_pages

        if self.session is None:
            self.session = OcrSession()
        session = self.session
        assert isinstance(session, OcrSession)
        from planparse.readers.ocr.page import READ_DPI, on_clean_paper

        image, resolution = self.source.picture(index, dpi)
        if box is None and layer is None and resolution < READ_DPI and on_clean_paper(image):
            # a page that is a drawn picture, drawn again finer where the source can (a PDF): OCR reads
            # it far better than the picture enlarged, which the OCR session does where the source
            # cannot (an image) and for a picture among a page's text (drawn finer, a diagram among
            # text read differently, and a plan's headings with it)
            image, resolution = self.source.picture(index, READ_DPI)
        image = _turned(image, turn)
        name = self.source.name
        what = f"{name}: page {index + 1} has no text and" if self.source.kind == "pdf" else name
        if box is not None:
            scale = resolution / 72
            image = image.crop(tuple(round(value * scale) for value in box))
        elif self.pool is not None:
            image = image.copy()  # its own pixels: PDFium's picture shares its bitmap, freed here, not in a thread
        # the page's warnings; a picture's among text, only those of what it is taken to hold (by `then`)
        kept = self.current.warnings
        warnings: list[PlanWarning] = kept if box is None else []
        # the lines of the pages before this one with text, by which the language may be chosen on it
        own_text = list(self.own_text) if session.languages is None else []

        whole = box is None and layer is None  # a scanned page's whole image, which may hold two pages

        def prepare() -> tuple[Any, float, Gutter | None]:
            upright, dpi = prepared(image, resolution, index + 1, what, warnings, layer, picture=box is not None)
            return upright, dpi, two_pages(upright, dpi) if whole else None

        def finish(ready: tuple[Any, float, Gutter | None]) -> PageRead:
            upright, dpi, gutter = ready
            if gutter is not None and gutter.sure:
                return read_two_pages(upright, dpi, gutter, index + 1, what, warnings, session, own_text)
            if gutter is not None:
                warnings.append(maybe_two_pages(index + 1))
            read = ocr_page_text(upright, dpi, index + 1, what, warnings, session, layer, own_text)
            if then is None:
                return read
            assert box is not None
            page, theirs = then(shifted(read, box[0], box[1]), warnings)
            kept.extend(theirs)
            return page

        return self._run(prepare, finish)


class _Job:
    """A page's OCR run in threads: its steps that do not depend on the language, then its reading."""

    def __init__(self, prepare: Callable[[], Any], finish: Callable[[Any], PageRead]) -> None:
        self.prepare, self.finish = prepare, finish
        self.out: Future[PageRead] = Future()
        self.prepared: Any = None
        self.error: BaseException | None = None
        self.ready = False  # prepared (or failed to be)
        self.waits = False  # for the language to be chosen

    def read(self) -> None:
        if self.error is not None:
            self.out.set_exception(self.error)
            return
        try:
            self.out.set_result(self.finish(self.prepared))
        except BaseException as error:  # (the reader says what became of the page, in page order)
            self.out.set_exception(error)


class _Languages:
    """Pages read by OCR in threads in the order the document's language allows: each page's steps that
    do not depend on the language at once; its reading, until a page has chosen the language, one page
    at a time in page order (each page as it would be read alone: the first may choose the language,
    or fail and leave it to the next), then all at once."""

    def __init__(self, pool: ThreadPoolExecutor, chosen: Callable[[], bool]) -> None:
        self.pool, self.chosen_yet = pool, chosen
        self.lock = threading.Lock()
        self.chosen = False
        self.waiting: deque[_Job] = deque()  # pages in page order waiting for the language
        self.busy = False  # a waiting page is being read
        self.stopped = False  # the reading stopped (a page failed): waiting pages are not read

    def submit(self, prepare: Callable[[], Any], finish: Callable[[Any], PageRead]) -> Future[PageRead]:
        """A page's OCR begun (pages submitted in page order); what it reads, when it is read."""
        job = _Job(prepare, finish)
        with self.lock:
            if not self.chosen:
                job.waits = True
                self.waiting.append(job)
        self._start(self._prepare, job)
        return job.out

    def _start(self, step: Callable[[_Job], None], job: _Job) -> None:
        try:
            self.pool.submit(step, job)
        except RuntimeError as error:  # the reading stopped (a page failed): the pages not begun are not read
            job.out.set_exception(error)

    def _prepare(self, job: _Job) -> None:
        try:
            job.prepared = job.prepare()
        except BaseException as error:
            job.error = error
        with self.lock:
            job.ready = True
            waits = job.waits
            first = self._first() if waits else None
        if not waits:
            job.read()
        elif first is not None:
            self._one_at_a_time(first)

    def _first(self) -> _Job | None:
        """The first waiting page, to be read now, where it is prepared and no other is being read (with the lock)."""
        if self.busy or not self.waiting or not self.waiting[0].ready:
            return None
        self.busy = True
        return self.waiting.popleft()

    def _one_at_a_time(self, job: _Job | None) -> None:
        """Waiting pages read in page order, here, until one has chosen the language (the others then
        read at once) or the next is not prepared yet (its preparing reads it)."""
        while job is not None:
            if self.stopped:
                job.out.cancel()
                return
            job.read()
            with self.lock:
                self.busy = False
                released: list[_Job] = []
                if self.chosen_yet():
                    self.chosen = True
                    released, job = list(self.waiting), None
                    self.waiting.clear()
                    for waiting in released:
                        waiting.waits = False
                else:
                    job = self._first()
            for waiting in released:
                if waiting.ready:
                    self._start(_Job.read, waiting)


def _with_pictures_read(text: PageText, read: PageText, box: tuple[float, float, float, float],
                        regions: list[tuple[float, float, float, float]], found: list[PlanWarning]
                        ) -> tuple[PageText, list[PlanWarning]]:
    """A page with text whose pictures (`regions`, within `box`) were read by OCR (`read`, giving the
    warnings `found`): the pictures that hold text read, their warnings kept, the page's text the rest."""
    found = [moved_warning(w, box[0], box[1]) for w in found]
    regions = [region for region in regions if _holds_text([w for w in read.words if _inside(w, [region])])]
    kept = [w for w in found if regions and (w.location.bbox is None or _inside_box(w.location.bbox, regions))]
    words = [w for w in text.words if not _inside(w, regions)] + [w for w in read.words if _inside(w, regions)]
    grids = [*text.grids, *(g for g in read.grids if _inside_box(g.bbox, regions))]
    return replace(text, words=words, lines=words_to_lines(words), grids=grids, ocr=True), kept


def _layer_levelled(page: SourcePage) -> tuple[list[dict[str, Any]], float]:
    """A searchable scan's layer characters level, and the turn they were levelled from (degrees): the
    layer of a skewed scan writes each line along its skewed baseline, which would split its lines
    apart and leave its characters out as not upright; the page's usual turn, where it is a skew
    (small), is turned back about the page's middle, and characters turned otherwise are left out."""
    turns = sorted(char_turn(c) for c in page.chars if c["text"].strip())
    turn = turns[len(turns) // 2] if turns else 0.0
    if not SETTINGS.min_layer_skew <= abs(turn) <= SETTINGS.max_layer_skew:
        return list(page.chars), 0.0
    skewed = [c for c in page.chars if abs(char_turn(c) - turn) <= SETTINGS.layer_skew_spread]
    return levelled_chars(skewed, page.width, page.height, turn), turn


def _turned(image: Any, turn: float) -> Any:
    """A page's picture turned back `turn` degrees (as its layer's characters were), about its middle."""
    if not turn:
        return image
    from PIL import Image

    levelled = image.rotate(-turn, resample=Image.Resampling.BICUBIC, fillcolor="white")
    levelled.info = dict(image.info)
    return levelled


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


def _unreadable(number: int, error: Exception, warnings: list[PlanWarning]) -> PageText:
    """A page too damaged to read (no MediaBox, a bad /Rotate, a broken stream): an empty page, and a
    warning saying so."""
    warnings.append(PlanWarning(code="page-unreadable", location=Location(page=number),
                                message=f"the page could not be read ({error.__class__.__name__}: "
                                        f"{' '.join(str(error).split())[:80]}); its text is missing"))
    return PageText.empty(number)


def read_pages(source: PageSource, options: ReadOptions, warnings: list[PlanWarning]) -> list[PageText]:
    """Every page of the source, read as text or by OCR (pages of a scan read at once as
    `options.page_jobs` asks), in order; a scanned image holding two pages side by side gives both, under
    its one number; what the libraries complain of kept as warnings."""
    from planparse.readers.ocr.tesseract import one_thread_each

    with complaints(warnings, source.kind) as reported:
        count = len(source)
        refuse_too_many_pages(source.name, count, options.limits)
        jobs = page_jobs(options, count)
        with _PageReader(source, options, warnings, jobs, reported) as reader, one_thread_each(jobs > 1):
            for index in range(count):
                reported.page = index + 1
                reader.start(index)
            pages = reader.pages()
    again = {w.location.page for w in warnings if w.code == "layer-poor"}  # read by OCR after all
    layered = [number for number in reader.layered if number not in again]
    if layered:
        warnings.append(_from_the_layer(layered))
    return pages


def _from_the_layer(numbers: list[int]) -> PlanWarning:
    """The word that a document's words were its scan's own OCR's: planparse reads a text layer as it
    is, without knowing how sure that OCR was of a word (a layer made in another language's model
    reads "oke" for "øke")."""
    run = numbers == list(range(numbers[0], numbers[-1] + 1))
    pages = f"page {numbers[0]}" if len(numbers) == 1 else (
        f"pages {numbers[0]}-{numbers[-1]}" if run else "pages " + ", ".join(map(str, numbers)))
    return PlanWarning(code="text-layer", location=Location(page=numbers[0]), message=(
        f"{pages}: the text is the scan's own text layer (its OCR, not checked by planparse); where a word "
        "looks wrong, compare with the page, or read the scan again by OCR with --ocr always"))


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


def _sizes_as_one(pages: list[PageText]) -> list[PageText]:
    """Pages read by OCR with their lines' sizes made one over the document as over each page: sizes told
    from ink are measured page by page, and the body of one page measured 13.6 where another's was 13.0,
    and so ranked above that page's headings. Sizes close together (`sizes_unified`) are one size."""
    from planparse.readers.ocr.page import sizes_unified

    read = {id(word): word.size for page in pages if page.ocr for word in page.words}
    sizes = sizes_unified(read)
    if all(abs(sizes[key] - size) < 0.01 for key, size in read.items()):
        return pages
    out = []
    for page in pages:
        if page.ocr:
            words = [replace(word, size=sizes[id(word)]) for word in page.words]
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
        pages = _sizes_as_one(_respelled(pages))
    _refuse_empty(pages, warnings, name, options)
    confidences = [(page.number, (w.x0 + page.left, w.top, w.x1 + page.left, w.bottom), w.confidence)
                   for page in pages for w in page.words if w.confidence is not None]
    count = len({page.number for page in pages})  # (an image holding two pages gives both under its number)
    return Layout(blocks=blocks_of(pages), source_format=source_format, pages=count, warnings=warnings,
                  title=title, confidences=confidences)


def blocks_of(pages: list[PageText]) -> list[Block]:
    """The pages' blocks, each half of an image holding two pages read as a page of its own, then
    placed where it stands on the image."""
    chain, where = numbered_in_order(pages)
    return placed(pages_to_blocks(chain), where)


def read_source(source: PageSource, options: ReadOptions, source_format: SourceFormat) -> Layout:
    """The layout of a document of pages; the source is closed when done."""
    warnings: list[PlanWarning] = []
    try:
        pages = read_pages(source, options, warnings)
        title = source.title()
    finally:
        source.close()
    return layout_from_pages(pages, title, warnings, source.name, source_format, options)
