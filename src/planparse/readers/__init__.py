"""Readers: one per input format, each turning a file into the neutral layout."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from planparse.errors import UnreadableInputError
from planparse.layout import Layout
from planparse.model import Plan, SourceFormat
from planparse.recognizer.vocabulary import Vocabulary

Reader = Callable[[Path], Layout]
PlanReader = Callable[[Path, Vocabulary], Plan]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_format(path: Path) -> SourceFormat:
    """The file's format from its content, not its name; raises UnreadableInputError otherwise."""
    if not path.exists():
        raise UnreadableInputError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise UnreadableInputError(f"{path}: is a folder; give a .docx or .pdf file")
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError as error:
        raise UnreadableInputError(f"{path}: cannot be opened ({error.strerror}); check its permissions") from error
    if not head.strip():
        raise UnreadableInputError(f"{path.name}: the file is empty; export the plan again")
    if b"%PDF-" in head[:1024]:
        return SourceFormat.PDF
    if head.startswith(_OLE_MAGIC):
        raise UnreadableInputError(
            f"{path.name}: an old Word/Excel 97-2003 file or a password-protected document; "
            "save it as .docx (without a password) and try again"
        )
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError) as error:
            raise UnreadableInputError(f"{path.name}: the file is damaged (not a readable zip archive); "
                                       "export the plan again") from error
        if "word/document.xml" in names:
            return SourceFormat.DOCX
        if "xl/workbook.xml" in names:
            return SourceFormat.XLSX
        raise UnreadableInputError(f"{path.name}: a zip archive, but not a Word document or workbook; "
                                   "give a .docx, .pdf, .xlsx or .json file")
    if head.lstrip().startswith((b"{", b"\xef\xbb\xbf{")):
        return SourceFormat.JSON
    raise UnreadableInputError(f"{path.name}: not a Word (.docx), PDF, workbook (.xlsx) or planparse JSON file; "
                               "export the plan as .docx or .pdf")


def layout_reader_for(source_format: SourceFormat) -> Reader | None:
    """The reader that turns a file of this format into a layout, or None for planparse's own formats."""
    if source_format is SourceFormat.DOCX:
        from planparse.readers.docx_reader import read_docx

        return read_docx
    if source_format is SourceFormat.PDF:
        from planparse.readers.pdf import read_pdf

        return read_pdf
    return None


def plan_reader_for(source_format: SourceFormat) -> PlanReader:
    """The reader of planparse's own outputs (JSON, workbook), which hold a plan already."""
    if source_format is SourceFormat.JSON:
        from planparse.readers.json_reader import read_plan_json

        return read_plan_json
    from planparse.readers.xlsx_reader import read_plan_xlsx

    return read_plan_xlsx
