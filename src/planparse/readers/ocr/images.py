"""Page images as a plan: a PNG or JPEG (one page) or a TIFF (one page a frame), each read by OCR."""

from __future__ import annotations

import numbers
from pathlib import Path
from typing import Any

from planparse.errors import UnreadableInputError
from planparse.options import Limits, ReadOptions
from planparse.readers.pages.page import SourcePage

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


class ImageSource:
    """A page image file as a page source: one page a frame, no text, its picture at its own resolution."""

    kind = "image"

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path, self.name, self.limits = path, path.name, limits
        self._image: Any = None

    def _opened(self) -> Any:
        from PIL import Image

        if self._image is None:
            Image.MAX_IMAGE_PIXELS = self.limits.max_image_pixels  # a larger one raises DecompressionBombError
            try:
                self._image = Image.open(self.path)
            except Image.DecompressionBombError as error:
                raise UnreadableInputError(f"{self.name}: the image has more pixels than a scanned page ({error}); "
                                           "scan it at 300 dpi or less") from error
        return self._image

    def _frame(self, index: int) -> Any:
        image = self._opened()
        image.seek(index)
        if image.width * image.height > self.limits.max_image_pixels:
            raise UnreadableInputError(f"{self.name}: page {index + 1} has {image.width}×{image.height} pixels, "
                                       "more than a scanned page; scan it at 300 dpi or less")
        return image

    def __len__(self) -> int:
        return int(getattr(self._opened(), "n_frames", 1))

    def title(self) -> str | None:
        return None

    def drawings(self, index: int) -> int:
        return 0

    def page(self, index: int) -> SourcePage:
        frame = self._frame(index)
        dpi = image_resolution(frame.info)
        return SourcePage(frame.width * 72 / dpi, frame.height * 72 / dpi, [], [])

    def scan_resolution(self, index: int) -> float | None:
        return image_resolution(self._frame(index).info)

    def picture(self, index: int, dpi: float) -> tuple[Any, float]:
        frame = self._frame(index)
        return frame.convert("L"), image_resolution(frame.info)

    def close(self) -> None:
        if self._image is not None:
            self._image.close()


def open_images(path: Path, options: ReadOptions) -> ImageSource:
    """A page image file as a page source, each page for OCR to read."""
    if options.ocr == "never":
        raise UnreadableInputError(f"{path.name}: a page image, which only OCR reads; leave out --ocr never")
    return ImageSource(path, options.limits)
