"""PDFium's view of a page (through pypdfium2): its characters and its drawn lines, in the same shape
as pdfplumber gives them (top-left origin, points), so the steps after do not know which engine read.

Characters: unicode, the loose box's left, right and bottom (PDFium's font-based box, as pdfminer
boxes a glyph), top one font size above the bottom, the font's name and size, bold where the font's
weight says so, and invisible text (render mode 3, an OCR layer's) left out, unless a page has no other
text (a searchable scan: its OCR layer is its text). Drawn lines: every
straight, level or upright segment of every path, in page space (the path's matrix and those of the
forms it is drawn in applied), which is what pdfplumber's edges are."""

from __future__ import annotations

import ctypes
import itertools
import math
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pypdfium2 import PdfiumError

from planparse.model import BBox
from planparse.readers.pages.page import Fill, SourcePage

__all__ = ["PdfiumDocument", "PdfiumError", "page_chars", "page_edges", "page_fills", "view_matrix"]

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
BOLD_WEIGHT = 600
MAX_FORM_DEPTH = 12
LEVEL = 0.01  # points: a segment whose ends differ this little in height (or across) is level (or upright)


def _multiply(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying `inner` first, then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def view_matrix(rotation: int, media: tuple[float, float, float, float]) -> tuple[Matrix, float, float]:
    """The matrix from page space to the page as viewed (its /Rotate applied, origin at the lower left
    of the media box), with the viewed width and height: as pdfminer lays a rotated page out."""
    x0, y0, x1, y1 = media
    rotation %= 360
    if rotation == 90:
        return (0.0, -1.0, 1.0, 0.0, -y0, x1), y1 - y0, x1 - x0
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, x1, y1), x1 - x0, y1 - y0
    if rotation == 270:
        return (0.0, 1.0, -1.0, 0.0, y1, -x0), y1 - y0, x1 - x0
    return (1.0, 0.0, 0.0, 1.0, -x0, -y0), x1 - x0, y1 - y0


def _font_name(textpage: Any, index: int, buffer: Any, flags: Any) -> str:
    length = raw.FPDFText_GetFontInfo(textpage, index, buffer, len(buffer), flags)
    if length <= 0:
        return ""
    if length > len(buffer):
        buffer = ctypes.create_string_buffer(length)
        length = raw.FPDFText_GetFontInfo(textpage, index, buffer, length, flags)
    return bytes(buffer.raw[: length - 1]).decode("utf-8", "replace")


def page_chars(page: Any, view: Matrix, height: float, hidden: bool = False) -> list[dict[str, Any]]:
    """The page's characters as pdfplumber's char dicts (text, x0, x1, top, bottom, size, fontname,
    upright); characters PDFium made up (spaces and line ends it inferred) left out, and the invisible
    ones (an OCR layer's, render mode 3), unless `hidden` asks for those alone."""
    textpage = page.get_textpage()
    try:
        glyphs = _ligatures_split(list(_glyphs(textpage.raw, hidden)))
    finally:
        textpage.close()
    # A font whose loose boxes do not all reach below the baseline had no ascent and descent for PDFium,
    # which then boxes each glyph by its outline; pdfminer puts such a font's glyphs on the baseline.
    no_descent = {glyph[1] for glyph in glyphs if glyph[4] >= glyph[5] - 0.01}
    turned = view[:4] != IDENTITY[:4]
    chars = []
    # A loose box can reach past the glyph's advance (a narrow font boxed by its wide outline): the
    # next glyph's origin in the same text object is where a glyph ends, as pdfminer boxes it.
    ends: dict[int, float] = {}
    for index, glyph in enumerate(glyphs[:-1]):
        following = glyphs[index + 1]
        if following[9] == glyph[9] and glyph[2] < following[8] < glyph[3] and glyph[7][1:3] == (0, 0):
            ends[index] = following[8]
    for index, (text, font, left, right, bottom, baseline, size, matrix, _origin, _key) in enumerate(glyphs):
        right = ends.get(index, right)
        if font in no_descent:
            bottom = baseline
        a, b, c, d = matrix
        if turned:
            xs, ys = zip(*(_apply(view, x, y) for x, y in ((left, bottom), (right, bottom))), strict=True)
            left, right, bottom = min(xs), max(xs), min(ys)
            a, b, c, d = _multiply((a, b, c, d, 0.0, 0.0), view)[:4]
        else:
            left, right, bottom = left + view[4], right + view[4], bottom + view[5]
        upright = abs(b) < 1e-6 and abs(c) < 1e-6 and a > 0 and d > 0
        chars.append({"text": text, "fontname": font, "size": size, "x0": left, "x1": right,
                      "top": height - bottom - size, "bottom": height - bottom, "doctop": height - bottom - size,
                      "upright": upright, "turn": 0.0 if upright else math.degrees(math.atan2(b, a))})
    return chars


# text, font, loose left, right and bottom, baseline, size, the text matrix's linear part, origin x, text object
Glyph = tuple[str, str, float, float, float, float, float, tuple[float, float, float, float], float, int | None]


def _ligatures_split(glyphs: list[Glyph]) -> list[Glyph]:
    """The letters of a ligature ("tt", "fi") share one box in PDFium; each gets its share of it, as
    if drawn apart, so that they are not taken for one letter drawn twice."""
    out: list[Glyph] = []
    index = 0
    while index < len(glyphs):
        first = glyphs[index]
        end = index + 1
        while end < len(glyphs) and glyphs[end][1:6] == first[1:6]:
            end += 1
        if end - index == 1:
            out.append(first)
        else:
            left, right = first[2], first[3]
            step = (right - left) / (end - index)
            for offset, glyph in enumerate(glyphs[index:end]):
                out.append((glyph[0], glyph[1], left + offset * step, left + (offset + 1) * step, *glyph[4:]))
        index = end
    return out


def _fast(function: Any, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function called with plain addresses and numbers: pypdfium2's typed wrappers convert
    each argument and result, which costs more than the call itself when made for every character."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    if address is None:
        raise PdfiumError(f"PDFium has no {function.__name__}")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_TEXT_OBJECT = _fast(raw.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_IS_GENERATED = _fast(raw.FPDFText_IsGenerated, ctypes.c_int, ctypes.c_void_p, ctypes.c_int)
_LOOSE_BOX = _fast(raw.FPDFText_GetLooseCharBox, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
_ORIGIN = _fast(raw.FPDFText_GetCharOrigin, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
                ctypes.c_void_p)


def _codes(textpage: Any, count: int) -> list[int]:
    """Each character's code, from the page's text in one call where it has one code unit a character,
    else one character at a time."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", "surrogatepass")
    if len(text) != count:
        return [raw.FPDFText_GetUnicode(textpage, index) for index in range(count)]
    return [ord(char) for char in text]


def _glyphs(textpage: Any, hidden: bool = False) -> Iterator[Glyph]:
    """Each drawn, visible character (or, with `hidden`, each invisible one): text, font name, loose
    left, right and bottom, baseline, size and
    the text matrix's linear part, in page space. What is the same for a whole text object (font, size,
    matrix, render mode) is asked once per object."""
    box = raw.FS_RECTF()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    box_at, x_at, y_at = ctypes.addressof(box), ctypes.addressof(origin_x), ctypes.addressof(origin_y)
    matrix = raw.FS_MATRIX()
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    # per text object: invisible, font name (with weight), size, the matrix's linear part
    objects: dict[int | None, tuple[bool, str, float, tuple[float, float, float, float]]] = {}
    handle = ctypes.cast(textpage, ctypes.c_void_p).value
    count = raw.FPDFText_CountChars(textpage)
    for index, code in enumerate(_codes(textpage, count)):
        if code <= 0x20 and _IS_GENERATED(handle, index) == 1:
            continue  # a space or line end PDFium inferred; pdfminer infers none
        if code == 0xFFFE:  # the page's text stands this in for a code it does not give (a line-end hyphen)
            code = raw.FPDFText_GetUnicode(textpage, index)
        if code == 0x02:  # a hyphen drawn at a line's end, which PDFium marks instead of giving it
            code = 0x2D
        if code == 0 or 0xD800 <= code <= 0xDFFF:
            continue
        key = _TEXT_OBJECT(handle, index)
        facts = objects.get(key)
        if facts is None:
            text_object = raw.FPDFText_GetTextObject(textpage, index)
            invisible = bool(text_object) and (
                raw.FPDFTextObj_GetTextRenderMode(text_object) == raw.FPDF_TEXTRENDERMODE_INVISIBLE)
            name = _font_name(textpage, index, buffer, flags)
            if raw.FPDFText_GetFontWeight(textpage, index) >= BOLD_WEIGHT and "bold" not in name.lower():
                name += ",Bold"
            raw.FPDFText_GetMatrix(textpage, index, matrix)
            scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
            size = raw.FPDFText_GetFontSize(textpage, index) * scale
            facts = objects[key] = (invisible, name, size, (matrix.a, matrix.b, matrix.c, matrix.d))
        if facts[0] != hidden:
            continue
        _LOOSE_BOX(handle, index, box_at)
        _ORIGIN(handle, index, x_at, y_at)
        yield (chr(code), facts[1], box.left, box.right, box.bottom, origin_y.value, facts[2], facts[3],
               origin_x.value, key)


def page_edges(page: Any, view: Matrix, height: float) -> list[dict[str, Any]]:
    """Every level or upright straight segment the page draws, as pdfplumber's edge dicts."""
    edges: list[dict[str, Any]] = []
    for points in _subpaths(page, view):
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            if abs(y0 - y1) <= LEVEL:
                orientation = "h"
            elif abs(x0 - x1) <= LEVEL:
                orientation = "v"
            else:
                continue
            left, right = min(x0, x1), max(x0, x1)
            top, bottom = height - max(y0, y1), height - min(y0, y1)
            if orientation == "h":
                top = bottom = height - (y0 + y1) / 2
            else:
                left = right = (x0 + x1) / 2
            edges.append({"object_type": "path_edge", "orientation": orientation, "x0": left, "x1": right,
                          "top": top, "bottom": bottom, "doctop": top, "width": right - left,
                          "height": bottom - top})
    return edges


def _matrix_of(page_object: Any) -> Matrix:
    matrix = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(page_object, matrix):
        return IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _objects(page: Any, form: Any, matrix: Matrix, depth: int) -> Iterator[tuple[Any, Matrix]]:
    """Path objects with their matrix to view space, descending into forms."""
    count = raw.FPDFPage_CountObjects(page) if form is None else raw.FPDFFormObj_CountObjects(form)
    for index in range(max(count, 0)):
        page_object = raw.FPDFPage_GetObject(page, index) if form is None else raw.FPDFFormObj_GetObject(form, index)
        if not page_object:
            continue
        kind = raw.FPDFPageObj_GetType(page_object)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            yield page_object, _multiply(_matrix_of(page_object), matrix)
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            yield from _objects(page, page_object, _multiply(_matrix_of(page_object), matrix), depth + 1)


def _subpaths(page: Any, view: Matrix) -> Iterator[list[tuple[float, float]]]:
    x, y = ctypes.c_float(), ctypes.c_float()
    for path, matrix in _objects(page.raw, None, view, 0):
        points: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        for index in range(raw.FPDFPath_CountSegments(path)):
            segment = raw.FPDFPath_GetPathSegment(path, index)
            if not segment or not raw.FPDFPathSegment_GetPoint(segment, x, y):
                continue
            point = _apply(matrix, x.value, y.value)
            if raw.FPDFPathSegment_GetType(segment) == raw.FPDF_SEGMENT_MOVETO:
                if len(points) > 1:
                    yield points
                points, start = [point], point
            else:
                points.append(point)
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                points.append(start)
        if len(points) > 1:
            yield points


# A filled shape thinner than this (points) is a ruling line drawn as a rectangle, already an edge.
MIN_FILL = 1.0
# More filled shapes than this on a page is a drawing or a picture made of paths, not a document's shapes.
MAX_FILLS = 5000


def page_fills(page: Any, view: Matrix, height: float) -> list[Fill]:
    """Every filled path the page draws, as its box (points, from the top left) and its fill's grey."""
    fills: list[Fill] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    for path, matrix in _objects(page.raw, None, view, 0):
        if not raw.FPDFPath_GetDrawMode(path, mode, stroke) or mode.value == raw.FPDF_FILLMODE_NONE:
            continue
        xs: list[float] = []
        ys: list[float] = []
        for index in range(raw.FPDFPath_CountSegments(path)):
            segment = raw.FPDFPath_GetPathSegment(path, index)
            if segment and raw.FPDFPathSegment_GetPoint(segment, x, y):
                px, py = _apply(matrix, x.value, y.value)
                xs.append(px)
                ys.append(py)
        if not xs or max(xs) - min(xs) < MIN_FILL or max(ys) - min(ys) < MIN_FILL:
            continue
        grey = 0.0
        if raw.FPDFPageObj_GetFillColor(path, red, green, blue, alpha):
            if alpha.value == 0:
                continue  # drawn invisible
            grey = (0.299 * red.value + 0.587 * green.value + 0.114 * blue.value) / 255
        fills.append(Fill(min(xs), height - max(ys), max(xs), height - min(ys), round(grey, 3)))
        if len(fills) > MAX_FILLS:
            return []
    return fills


# More pictures than this on a page is a pattern or a drawing made of pictures: none are kept.
MAX_IMAGES = 500


def page_images(page: Any, view: Matrix, height: float) -> list[BBox]:
    """Where the page shows pictures: each image's box in points from the top left."""
    boxes: list[BBox] = []
    for image in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=MAX_FORM_DEPTH):
        left, bottom, right, top = image.get_bounds()
        xs, ys = zip(*(_apply(view, x, y) for x, y in ((left, bottom), (right, top))), strict=True)
        boxes.append((min(xs), height - max(ys), max(xs), height - min(ys)))
        if len(boxes) > MAX_IMAGES:
            return []
    return boxes


class PdfiumDocument:
    """A PDF opened by PDFium, page by page."""

    def __init__(self, path: Any) -> None:
        self.document = pdfium.PdfDocument(path)

    def __len__(self) -> int:
        return len(self.document)

    def title(self) -> str | None:
        value = self.document.get_metadata_value("Title")
        return value.strip() if isinstance(value, str) and value.strip() else None

    def page(self, index: int) -> SourcePage:
        """The page's viewed width and height, characters, edges and fills."""
        page = self.document[index]
        try:
            view, width, height = view_matrix(page.get_rotation(), tuple(page.get_mediabox()))
            chars = page_chars(page, view, height)
            hidden = not any(char["text"].strip() for char in chars)
            if hidden:
                # a searchable scan: its text is an invisible layer over the page's picture, read as text
                chars = page_chars(page, view, height, hidden=True)
            return SourcePage(width, height, chars, page_edges(page, view, height),
                              page_fills(page, view, height), page_images(page, view, height),
                              hidden_text=hidden and any(char["text"].strip() for char in chars))
        finally:
            page.close()

    def hidden_text(self, index: int) -> bool:
        """Whether the page's text is all invisible (drawn in render mode 3): a searchable scan's layer."""
        page = self.document[index]
        try:
            view, _, height = view_matrix(page.get_rotation(), tuple(page.get_mediabox()))
            if any(char["text"].strip() for char in page_chars(page, view, height)):
                return False
            return any(char["text"].strip() for char in page_chars(page, view, height, hidden=True))
        finally:
            page.close()

    def scan_resolution(self, index: int) -> float | None:
        """The resolution (dots per inch) of the largest image the page draws, or None when it draws
        none: a scanned page is one image, at the resolution it was scanned at."""
        page = self.document[index]
        try:
            best: tuple[float, float] | None = None
            for image in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=MAX_FORM_DEPTH):
                left, _, right, _ = image.get_bounds()
                pixels = image.get_px_size()[0]
                if right - left > 1 and (best is None or right - left > best[0]):
                    best = (right - left, pixels / ((right - left) / 72))
            return best[1] if best else None
        finally:
            page.close()

    def render(self, index: int, dpi: float) -> Any:
        """The page as a grey PIL image at `dpi`, its /Rotate applied."""
        page = self.document[index]
        try:
            return page.render(scale=dpi / 72, grayscale=True).to_pil()
        finally:
            page.close()

    def picture(self, index: int, dpi: float) -> tuple[Any, float]:
        return self.render(index, dpi), dpi

    def close(self) -> None:
        self.document.close()
