"""Scans of our own plans, made as a printer and a scanner make them: each page drawn at 150 or 200 dpi
in grey, turned by up to a degree, with sensor noise, speckles and blur; saved as an image-only PDF, a
multi-page TIFF or one PNG a page. Seeded, so a scan is the same every run. The truth of a scan is
the truth of the plan it was made from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

ANGLES = (0.8, -0.6, 0.4, -1.0, 0.9, -0.3, 0.7, -0.8)  # degrees, page after page


def scanned_pages(pdf: Path, dpi: int, seed: int) -> list[Any]:
    """The PDF's pages as a scanner gives them back (PIL images, grey)."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            image = image.rotate(ANGLES[index % len(ANGLES)] * (1 if seed % 2 else -1), resample=Image.BICUBIC,
                                 fillcolor=255)
            pixels = np.asarray(image, dtype=np.float32) + rng.normal(0.0, 12.0, (image.height, image.width))
            speckle = rng.random(pixels.shape)
            pixels[speckle < 0.002] = 0
            pixels[speckle > 0.998] = 255
            image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7))
            image.info["dpi"] = (dpi, dpi)
            pages.append(image)
    finally:
        document.close()
    return pages


def scan_pdf(pdf: Path, target: Path, dpi: int, seed: int = 1) -> Path:
    """An image-only PDF of the scanned pages (no text layer)."""
    pages = scanned_pages(pdf, dpi, seed)
    pages[0].save(target, save_all=True, append_images=pages[1:], resolution=dpi)
    return target


def scan_tiff(pdf: Path, target: Path, dpi: int, seed: int = 2) -> Path:
    """A multi-page TIFF of the scanned pages."""
    pages = scanned_pages(pdf, dpi, seed)
    pages[0].save(target, save_all=True, append_images=pages[1:], dpi=(dpi, dpi), compression="tiff_deflate")
    return target


def scan_pngs(pdf: Path, folder: Path, dpi: int, seed: int = 3) -> list[Path]:
    """One PNG a scanned page."""
    paths = []
    for number, page in enumerate(scanned_pages(pdf, dpi, seed), start=1):
        path = folder / f"{pdf.stem}-{number}.png"
        page.save(path, dpi=(dpi, dpi))
        paths.append(path)
    return paths
