"""What the libraries reading a document (pdfminer, pdfplumber, PIL, pikepdf's qpdf) log or warn while it is read,
kept as the page's warnings instead of lines on stderr."""

from __future__ import annotations

import contextlib
import logging
import threading
import warnings
from collections.abc import Iterator

from planparse.model import Location, PlanWarning

LIBRARIES = {"pdf": "PDF", "image": "image"}


class Complaints(logging.Handler):
    """What a reading library logs or warns while a document is read, each report with the page being read."""

    def __init__(self, kind: str = "pdf") -> None:
        super().__init__(logging.WARNING)
        self.kind = kind  # "pdf" or "image": what was read, for the warnings' code and words
        self._page: int | None = None  # the page the reading thread is at
        self._local = threading.local()  # the page a thread reading pages alongside it is at
        self.reports: list[tuple[int | None, str]] = []

    @property
    def page(self) -> int | None:
        """The page being read by the thread asking: the page the reader is at, or the page a thread
        reading pages alongside it (OCR) is reading."""
        return getattr(self._local, "page", self._page)

    @page.setter
    def page(self, number: int | None) -> None:
        self._page = number

    @contextlib.contextmanager
    def reading(self, number: int) -> Iterator[None]:
        """What this thread reports while the block runs is of page `number`."""
        self._local.page = number
        try:
            yield
        finally:
            del self._local.page

    def emit(self, record: logging.LogRecord) -> None:
        self.reports.append((self.page, record.getMessage()))

    def warnings(self) -> list[PlanWarning]:
        """At most a few reports a page as warnings, and how many more there were, in page order (pages
        read alongside each other report in the order they are read)."""
        out: list[PlanWarning] = []
        by_page: dict[int | None, list[str]] = {}
        for page, message in sorted(self.reports, key=lambda report: -1 if report[0] is None else report[0]):
            by_page.setdefault(page, [])
            if message not in by_page[page]:
                by_page[page].append(message)
        for page, messages in by_page.items():
            for message in messages[:5]:
                out.append(PlanWarning(code=f"{self.kind}-damaged", location=Location(page=page),
                                       message=f"the {LIBRARIES[self.kind]} library reported: "
                                               f"{' '.join(message.split())[:160]}; text may be missing"))
            if len(messages) > 5:
                out.append(PlanWarning(code=f"{self.kind}-damaged", location=Location(page=page),
                                       message=f"{len(messages) - 5} more reports of damage"))
        return out


@contextlib.contextmanager
def complaints(out: list[PlanWarning], kind: str = "pdf") -> Iterator[Complaints]:
    """Collect what the libraries reading a PDF (pdfminer, pdfplumber) or an image (PIL) log or warn
    while the block runs (set `.page` as pages are read); kept as warnings in `out` instead of lines on
    stderr, also when the block fails."""
    collector = Complaints(kind)
    loggers = [logging.getLogger(name) for name in ("pdfminer", "pdfplumber", "PIL", "pikepdf")]
    saved = [(logger.propagate, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(collector)
        logger.propagate = False
        logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            original = warnings.showwarning
            warnings.showwarning = lambda message, *_: collector.reports.append((collector.page, str(message)))
            try:
                yield collector
            finally:
                warnings.showwarning = original
    finally:
        for logger, (propagate, level) in zip(loggers, saved, strict=True):
            logger.removeHandler(collector)
            logger.propagate = propagate
            logger.setLevel(level)
        out.extend(collector.warnings())
