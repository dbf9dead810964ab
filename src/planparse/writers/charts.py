"""Bars for the status report's tables, drawn as small PNG pictures with Pillow: one bar a table row,
split in one coloured part a status. The pictures hold no text (the table beside them names the
parts and counts them), so they need no font and look the same in Word, LibreOffice and a PDF."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw

WIDTH_PX = 600  # drawn at about 300 dpi for the width it is shown at
HEIGHT_PX = 36
TRACK = "F2F2F2"  # the bar's empty rest, up to the longest bar of the table


def stacked_bar(counts: Sequence[int], colours: Sequence[str], most: int) -> bytes:
    """A PNG of one bar: each count a part in its colour (RRGGBB), the whole bar as long as `most`
    would be, so the bars of one table compare."""
    image = Image.new("RGB", (WIDTH_PX, HEIGHT_PX), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 4, WIDTH_PX - 1, HEIGHT_PX - 5), fill=f"#{TRACK}")
    left = 0.0
    for count, colour in zip(counts, colours, strict=True):
        width = WIDTH_PX * count / max(most, 1)
        if count:
            draw.rectangle((round(left), 4, max(round(left), round(left + width) - 1), HEIGHT_PX - 5),
                           fill=f"#{colour}")
        left += width
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()
