"""What a user chooses for reading, as one frozen record passed from the API down: the words plans are
known by, and the limits that keep a hostile or damaged file from exhausting the machine."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from planparse.vocabulary import DEFAULT_VOCABULARY, Vocabulary

if TYPE_CHECKING:  # imported where a profile is read: `planparse --help` loads no model
    from planparse.profile import Profile


@dataclass(frozen=True)
class Limits:
    """Limits on what one file may cost; each checked before the work it guards."""

    max_pages: int = 1000  # pages of a PDF
    max_chars_per_page: int = 60_000  # a page with more is a data dump: passed over with a warning
    max_drawings_per_page: int = 200_000  # drawing operations, form XObjects expanded
    max_member_bytes: int = 256 * 1024 * 1024  # decompressed size of one zip member (DOCX, XLSX)
    max_total_bytes: int = 512 * 1024 * 1024  # decompressed size of all members together
    max_ratio: float = 200.0  # decompressed over compressed size of a member, beyond small ones
    max_grid_columns: int = 64  # columns of a Word table (Word allows 63)
    max_table_rows: int = 20_000  # rows of one table
    max_list_start: int = 32_767  # a list's start number (Word allows 32767)
    max_seconds: float = 30.0  # reading one file, all of it
    max_memory_mb: int = 1024  # memory of the process that reads one file
    ocr_seconds_per_page: float = 60.0  # more time for each page read by OCR
    max_image_pixels: int = 80_000_000  # pixels of one page image (a 600 dpi A3 scan is 70 million)


PdfEngine = Literal["pdfium", "pdfplumber"]
PDF_ENGINES: tuple[PdfEngine, ...] = ("pdfium", "pdfplumber")
OcrMode = Literal["auto", "always", "never"]
OCR_MODES: tuple[OcrMode, ...] = ("auto", "always", "never")


@dataclass(frozen=True)
class ReadOptions:
    """Everything reading depends on; built once by the API (or the command line) and passed down."""

    vocabulary: Vocabulary = DEFAULT_VOCABULARY
    limits: Limits = field(default_factory=Limits)
    pdf_engine: PdfEngine = "pdfium"  # which library reads a PDF's pages: PDFium (fast) or pdfplumber
    ocr: OcrMode = "auto"  # OCR the pages with no text (auto), every page (always), or none (never)
    # how a family of documents is read, where detection needs help; its words are in `vocabulary` already
    profile: Profile | None = None
    # pages of one scanned document read by OCR at once (threads, each running Tesseract); 1 reads them
    # one after another. The plan is the same either way.
    page_jobs: int = 1

    def with_profile(self, profile: Profile) -> ReadOptions:
        """These options reading with `profile`, its words added to the vocabulary."""
        return dataclasses.replace(self, profile=profile, vocabulary=profile.vocabulary(self.vocabulary))


DEFAULT_OPTIONS = ReadOptions()
