"""Damage a PDF engine repairs without a word. PDFium draws what it can decode and drops the rest, so
a page may lose text with no error. This looks at the file's structure with qpdf (through pikepdf),
which says what it had to repair, so that the reading can say where text may be missing:

- a cross-reference table that did not match the file and was rebuilt (objects may have been read
  from the wrong place, or not found);
- a page whose contents, or a font it uses, do not decode whole, or point at something that is not
  page contents (an object the file does not hold, or another kind of object).

What qpdf repairs that loses nothing (an object at offset 0, linearization hints that do not match,
a stream's length recovered) is left unsaid."""

from __future__ import annotations

import base64
import zlib
from collections.abc import Iterator
from pathlib import Path

import pikepdf

from planparse.model import Location, PlanWarning

# Output read from one stream at a time while checking its zlib data (a bomb is not decompressed whole).
CHUNK = 1 << 20
OUTPUT_MAX = 64 << 20

# Font entries whose streams carry the letters a page's text is read as.
_FONT_STREAMS = ("/ToUnicode",)
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


# What qpdf says when it repaired a file in a way that may lose text: its cross-reference table rebuilt,
# an object it could not read at all, or not find.
_LOSSY = ("reconstruct cross-reference table", "giving up on reading object", "not found in file after regenerating")

# Every operator a page's contents may hold (ISO 32000-1, Table A.1). Anything else outside a BX/EX
# section is not page contents: a stream read undecoded, or damaged.
OPERATORS = frozenset("""b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID
j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' \"
""".split()) | {"INLINE IMAGE"}


def _lossy(pdf: pikepdf.Pdf) -> bool:
    """Whether qpdf, since it was last asked, repaired something in a way that may lose text."""
    return any(any(mark in str(warning) for mark in _LOSSY) for warning in pdf.get_warnings())


def _unknown_operators(page: pikepdf.Page) -> bool:
    """Whether the page's contents hold an operator PDF does not have, outside a BX/EX section."""
    compatible = 0
    try:
        instructions = pikepdf.parse_content_stream(page)
    except (pikepdf.PdfError, TypeError, ValueError, RuntimeError):  # not contents qpdf can parse
        return True
    for instruction in instructions:
        operator = str(instruction.operator)
        compatible += (operator == "BX") - (operator == "EX")
        if operator not in OPERATORS and compatible <= 0:
            return True
    return False


def _items(value: object) -> list[object]:
    if isinstance(value, pikepdf.Array):
        return list(value)
    return [value]


def _font_streams(font: object) -> Iterator[object]:
    """The streams a font's text is decoded with: its ToUnicode map and its embedded font program,
    the descendant font's too."""
    if not isinstance(font, pikepdf.Dictionary):
        return
    for key in _FONT_STREAMS:
        if key in font:
            yield font[key]
    descriptor = font.get("/FontDescriptor")
    if isinstance(descriptor, pikepdf.Dictionary):
        for key in _FONT_FILES:
            if key in descriptor:
                yield descriptor[key]
    for descendant in _items(font.get("/DescendantFonts")):
        if descendant is not None and descendant is not font:
            yield from _font_streams(descendant)


def _zlib_whole(data: bytes) -> bool:
    """Whether zlib data decompresses to its end with its checksum right (the output read a chunk at a
    time and dropped, so a bomb is not held)."""
    decoder = zlib.decompressobj()
    produced = 0
    try:
        chunk = decoder.decompress(data, CHUNK)
        produced += len(chunk)
        while decoder.unconsumed_tail and chunk and produced < OUTPUT_MAX:
            chunk = decoder.decompress(decoder.unconsumed_tail, CHUNK)
            produced += len(chunk)
    except zlib.error:
        return False
    return decoder.eof or produced >= OUTPUT_MAX


def _flate_whole(stream: pikepdf.Stream) -> bool:
    """Whether a Flate stream's data is whole. qpdf decodes a stream whose checksum is wrong without a
    word (a damaged byte inside it then reads as other text); zlib says so."""
    filters = stream.get("/Filter")
    names = [str(name) for name in _items(filters)] if filters is not None else []
    if names not in (["/FlateDecode"], ["/ASCII85Decode", "/FlateDecode"]):
        return True  # other filters: what qpdf says is all that is known
    data = stream.read_raw_bytes()
    if names[0] == "/ASCII85Decode":
        try:
            data = base64.a85decode(data.strip().removesuffix(b"~>"), ignorechars=b" \t\r\n\x0b\x0c")
        except ValueError:
            return False
    return _zlib_whole(data)


def _decodes(stream: object, seen: dict[tuple[int, int], bool]) -> bool:
    """Whether `stream` is a stream that decodes whole (each object checked once a file)."""
    if not isinstance(stream, pikepdf.Stream):
        return False
    key = stream.objgen
    if key not in seen or key == (0, 0):
        try:
            stream.read_bytes()
            seen[key] = _flate_whole(stream)
        except (pikepdf.PdfError, pikepdf.DataDecodingError, ValueError, RuntimeError):
            seen[key] = False
    return seen[key]


def _page_damaged(page: pikepdf.Page, seen: dict[tuple[int, int], bool]) -> bool:
    # a page without contents is blank (qpdf reads contents that point at nothing as none: a lossy repair)
    if "/Contents" in page.obj:
        if not all(_decodes(item, seen) for item in _items(page.obj.get("/Contents"))):
            return True
        if _unknown_operators(page):
            return True
    resources = page.obj.get("/Resources")
    fonts = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) else None
    if not isinstance(fonts, pikepdf.Dictionary):
        return False
    return not all(_decodes(stream, seen) for _name, font in fonts.items() for stream in _font_streams(font))


def damage_warnings(path: Path) -> list[PlanWarning]:
    """A warning where the PDF's cross-reference table had to be rebuilt, and one for each page whose
    contents or fonts are damaged; none for a file qpdf cannot open (the engine answers for it)."""
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, pikepdf.PasswordError, ValueError, OSError, RuntimeError):
        return []
    warnings: list[PlanWarning] = []
    with pdf:
        repaired = _lossy(pdf)  # qpdf repairs as it goes: on opening, and on reaching each object
        seen: dict[tuple[int, int], bool] = {}
        try:
            for number, page in enumerate(pdf.pages, start=1):
                if _page_damaged(page, seen) | _lossy(pdf):
                    warnings.append(PlanWarning(code="pdf-damaged", location=Location(page=number), message=(
                        "the page's contents or fonts are damaged and could only be read in part or not at "
                        "all: text may be missing from the plan here; compare it with the document, or "
                        "export the PDF again")))
        except (pikepdf.PdfError, ValueError, RuntimeError):
            repaired = True
        if repaired or _lossy(pdf):
            warnings.insert(0, PlanWarning(code="pdf-repaired", message=(
                "the PDF's table of where its parts are is damaged and was rebuilt: parts may have been read "
                "from the wrong place, and text or pages may be missing from the plan; compare it with the "
                "document, or export the PDF again")))
    return warnings
