"""Readers: one per input format, each turning a file into the neutral layout (or, for planparse's
own outputs, straight into a plan). The formats are one table: how to recognise a file, how to read it."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planparse.errors import UnreadableInputError
from planparse.layout import Layout
from planparse.model import Plan, PlanWarning, SourceFormat
from planparse.options import ReadOptions
from planparse.readers.zip_guard import ZIP_ERRORS

LayoutReader = Callable[[Path, ReadOptions], Layout]
PlanReader = Callable[[Path, ReadOptions], Plan]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEAD_BYTES = 2048


@dataclass(frozen=True)
class Head:
    """What format sniffing looks at: the first bytes, and a zip archive's member names."""

    data: bytes
    zip_names: frozenset[str]


def _read_docx(path: Path, options: ReadOptions) -> Layout:
    from planparse.readers.docx_reader import read_docx

    return read_docx(path, options)


def _read_pdf(path: Path, options: ReadOptions) -> Layout:
    from planparse.readers.complaints import complaints
    from planparse.readers.paged import read_source
    from planparse.readers.pdf import open_pdf
    from planparse.readers.pdf.damage import damage_warnings

    layout = read_source(open_pdf(path, options), options, SourceFormat.PDF)
    reported: list[PlanWarning] = []
    with complaints(reported):  # (qpdf's own reports of damage, kept as warnings, not lines on stderr)
        found = damage_warnings(path)  # what the engine repaired without a word
    layout.warnings[:0] = found + reported
    return layout


def _read_images(path: Path, options: ReadOptions) -> Layout:
    from planparse.readers.ocr.images import open_images
    from planparse.readers.paged import read_source

    return read_source(open_images(path, options), options, SourceFormat.IMAGE)


def _read_json(path: Path, options: ReadOptions) -> Plan:
    from planparse.readers.json_reader import read_plan_json

    return read_plan_json(path, options)


def _read_xlsx(path: Path, options: ReadOptions) -> Plan:
    from planparse.readers.xlsx_reader import read_plan_xlsx

    return read_plan_xlsx(path, options)


# PNG, JPEG, and TIFF in either byte order: page images, read by OCR
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


@dataclass(frozen=True)
class InputFormat:
    """One input format: how its files are recognised, and the reader that turns one into a layout
    (documents) or a plan (planparse's own outputs)."""

    format: SourceFormat
    sniff: Callable[[Head], bool]
    read_layout: LayoutReader | None = None
    read_plan: PlanReader | None = None


INPUT_FORMATS: tuple[InputFormat, ...] = (
    InputFormat(SourceFormat.PDF, lambda head: b"%PDF-" in head.data[:1024], read_layout=_read_pdf),
    InputFormat(SourceFormat.DOCX, lambda head: "word/document.xml" in head.zip_names, read_layout=_read_docx),
    InputFormat(SourceFormat.XLSX, lambda head: "xl/workbook.xml" in head.zip_names, read_plan=_read_xlsx),
    InputFormat(SourceFormat.IMAGE, lambda head: head.data.startswith(IMAGE_MAGIC), read_layout=_read_images),
    InputFormat(SourceFormat.JSON, lambda head: head.data.lstrip().startswith((b"{", b"\xef\xbb\xbf{")),
                read_plan=_read_json),
)


def _head(path: Path) -> Head:
    if not path.exists():
        raise UnreadableInputError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise UnreadableInputError(f"{path}: is a folder; give a .docx or .pdf file")
    try:
        with path.open("rb") as handle:
            data = handle.read(HEAD_BYTES)
    except OSError as error:
        raise UnreadableInputError(f"{path}: cannot be opened ({error.strerror}); check its permissions") from error
    if not data.strip():
        raise UnreadableInputError(f"{path.name}: the file is empty; export the plan again")
    if data.startswith(_OLE_MAGIC):
        raise UnreadableInputError(
            f"{path.name}: an old Word/Excel 97-2003 file or a password-protected document; "
            "save it as .docx (without a password) and try again"
        )
    names: frozenset[str] = frozenset()
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = frozenset(archive.namelist())
        except ZIP_ERRORS as error:
            raise UnreadableInputError(f"{path.name}: the file is damaged (not a readable zip archive); "
                                       "export the plan again") from error
    return Head(data, names)


def input_format(path: Path) -> InputFormat:
    """The file's format from its content, not its name; raises UnreadableInputError otherwise."""
    head = _head(path)
    for entry in INPUT_FORMATS:
        if entry.sniff(head):
            return entry
    if head.zip_names:
        raise UnreadableInputError(f"{path.name}: a zip archive, but not a Word document or workbook; "
                                   "give a .docx, .pdf, .xlsx or .json file")
    raise UnreadableInputError(f"{path.name}: not a Word (.docx), PDF, page image (PNG, JPEG, TIFF), workbook (.xlsx) "
                               "or planparse JSON file; export the plan as .docx or .pdf")
