"""A PDF page as a picture, with the box where a measure was read drawn on it (PDFium renders it)."""

from __future__ import annotations

import io
import threading
from pathlib import Path

from planparse.model import BBox
from planparse.options import Limits

RESOLUTION = 110  # dots per inch: a page about 900 pixels wide, sharp enough to read on a screen
# At most this many pixels a picture, whatever the page's size: an A4 page at RESOLUTION is 1.2 million;
# a page of 200 × 200 inches (which a PDF may declare in a few bytes) is drawn smaller, not in gigabytes.
MAX_PIXELS = 4_000_000
BOX_COLOUR = (204, 0, 102)
_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one page at a time


def picture_scale(width: float, height: float) -> float:
    """Pixels a point for a page of `width` × `height` points: RESOLUTION, or less for a page so large
    that it would take more than MAX_PIXELS."""
    scale = RESOLUTION / 72
    area = max(width, 1.0) * max(height, 1.0)
    if area * scale * scale > MAX_PIXELS:
        scale = (MAX_PIXELS / area) ** 0.5
    return scale


def page_picture(pdf: Path, page_number: int, bbox: BBox | None = None) -> bytes | None:
    """The page (1-based) as PNG with `bbox` (x0, top, x1, bottom in points from the page's top left,
    as the PDF reader gives it) drawn as a box; None when the PDF has no such page."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            if not 1 <= page_number <= len(document):
                return None
            page = document[page_number - 1]
            media_left, _, _, media_top = page.get_mediabox()
            crop_left, _, _, crop_top = page.get_cropbox()
            width, height = page.get_size()
            scale = picture_scale(width, height)
            image = page.render(scale=scale, may_draw_forms=False).to_pil().convert("RGB")
            page.close()
        finally:
            document.close()
    if bbox is not None:
        x0, top, x1, bottom = bbox
        dx, dy = crop_left - media_left, media_top - crop_top
        pad = 3
        box = ((x0 - dx - pad) * scale, (top - dy - pad) * scale, (x1 - dx + pad) * scale, (bottom - dy + pad) * scale)
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        ImageDraw.Draw(overlay).rectangle(box, fill=(*BOX_COLOUR, 40), outline=(*BOX_COLOUR, 255), width=3)
        image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def page_picture_isolated(pdf: Path, page_number: int, bbox: BBox | None, limits: Limits) -> bytes | None:
    """`page_picture` drawn by a child process held to `limits` (the server's reading limits), so a
    hostile page costs that child, never the server."""
    from planparse.isolation import run_in_child

    return run_in_child(page_picture, (pdf, page_number, bbox), pdf.name, limits, start_method="forkserver",
                        work="drawing")
