"""Page images as a plan: a PNG or JPEG (one page) or a TIFF (one page a frame), each read by OCR."""

from __future__ import annotations

import numbers
from pathlib import Path

from planparse.errors import UnreadableInputError
from planparse.layout import Layout
from planparse.model import PlanWarning, SourceFormat
from planparse.options import ReadOptions

DEFAULT_DPI = 200.0  # when an image does not say its resolution: a common scanner setting
DPI_RANGE = (100.0, 600.0)


def image_resolution(info: dict[str, object]) -> float:
    """The resolution an image says it has, within reason; DEFAULT_DPI where it says none."""
    value = info.get("dpi")
    # a TIFF's resolution comes as Pillow's IFDRational, a number but not a float
    if isinstance(value, tuple) and value and isinstance(value[0], numbers.Real):
        dpi = float(value[0])
        if DPI_RANGE[0] <= dpi <= DPI_RANGE[1]:
            return dpi
    return DEFAULT_DPI


def read_images(path: Path, options: ReadOptions) -> Layout:
    """The plan in a page image file, by OCR of each of its pages."""
    from PIL import Image, ImageSequence

    from planparse.readers.ocr.session import OcrSession
    from planparse.readers.pdf import layout_from_pages, ocr_page_text, refuse_too_many_pages
    from planparse.readers.pdf.guard import complaints

    limits = options.limits
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels  # a larger one raises DecompressionBombError at once
    if options.ocr == "never":
        raise UnreadableInputError(f"{path.name}: a page image, which only OCR reads; leave out --ocr never")
    warnings: list[PlanWarning] = []
    session = OcrSession()
    pages = []
    with complaints(warnings, "image") as reported:
        try:
            opened = Image.open(path)
        except Image.DecompressionBombError as error:
            raise UnreadableInputError(f"{path.name}: the image has more pixels than a scanned page ({error}); "
                                       "scan it at 300 dpi or less") from error
        with opened as image:
            refuse_too_many_pages(path, getattr(image, "n_frames", 1), limits)
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                if frame.width * frame.height > limits.max_image_pixels:
                    raise UnreadableInputError(f"{path.name}: page {number} has {frame.width}×{frame.height} pixels, "
                                               "more than a scanned page; scan it at 300 dpi or less")
                dpi = image_resolution(frame.info)
                reported.page = number
                pages.append(ocr_page_text(frame.convert("L"), dpi, number, path.name, options, warnings, session))
    return layout_from_pages(pages, None, warnings, path.name, SourceFormat.IMAGE, options)
