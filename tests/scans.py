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


# Scans that differ from the ones above: the same plans, scanned some other way. Other fonts cannot be
# had by drawing the PDF again, so the scanning varies: JPEG at quality 50-85 inside the PDF, 150, 200
# and 300 dpi, skew up to 3 degrees, light and shadow as from a phone photo (a gradient and a vignette,
# the page a little keystoned), pages turned a quarter or a half, two pages side by side on one image,
# and searchable PDFs (the image with Tesseract's invisible text over it, as ocrmypdf makes them).
# Every scan is drawn from its seed: the same bytes every run.

OTHER_DPIS = (150, 200, 300)
VARIANTS = ("jpeg", "phone", "turned-90", "turned-180", "spread", "searchable")
SUFFIXES = {"jpeg": ".pdf", "phone": ".pdf", "turned-90": ".pdf", "turned-180": ".tif", "spread": ".pdf",
            "searchable": ".pdf"}


def _keystone(image: Any, rng: np.random.Generator, fill: int) -> Any:
    """The page as a phone held not quite square over it sees it: each corner moved inward by up to
    3% of the side, the page's outline lying on the table the photo was taken on."""
    from PIL import Image

    width, height = image.size
    shift = rng.uniform(0.0, 0.03, 8) * np.array([width, height] * 4)
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=float)
    inward = np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]], dtype=float)
    seen = corners + inward * shift.reshape(4, 2)
    # the coefficients that take each output pixel (a seen corner) to its input pixel (a page corner)
    rows, values = [], []
    for (x, y), (u, v) in zip(seen, corners, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    coefficients = np.linalg.solve(np.array(rows), np.array(values))
    return image.transform(image.size, Image.PERSPECTIVE, tuple(coefficients), resample=Image.BICUBIC,
                           fillcolor=fill)


def _lighting(pixels: Any, rng: np.random.Generator) -> Any:
    """Uneven light over a page: brighter on one side than the other (a gradient in a random direction,
    down to 60-80% of full light) and darker towards the corners (a vignette)."""
    height, width = pixels.shape
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    along = (xs / width - 0.5) * np.cos(angle) + (ys / height - 0.5) * np.sin(angle)  # -0.7..0.7
    low = rng.uniform(0.6, 0.8)
    gradient = low + (1 - low) * (along - along.min()) / (along.max() - along.min())
    radius = ((xs / width - 0.5) ** 2 + (ys / height - 0.5) ** 2) / 0.5
    vignette = 1 - rng.uniform(0.15, 0.3) * radius
    return pixels * gradient * vignette


def other_scanned_pages(pdf: Path, dpi: int, seed: int, variant: str,
                        pages: tuple[int, ...] | None = None) -> list[Any]:
    """The PDF's pages (all, or the 1-based `pages`) scanned the way `variant` says (PIL images, grey);
    two pages to an image for "spread"."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    if variant not in VARIANTS:
        raise ValueError(f"no such variant: {variant}")
    rng = np.random.default_rng([seed, dpi, VARIANTS.index(variant)])
    document = pdfium.PdfDocument(pdf)
    out = []
    try:
        for index in [p - 1 for p in pages] if pages else range(len(document)):
            page = document[index]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            background = 255
            if variant == "phone":  # on a grey table, keystoned, lit from one side
                background = int(rng.integers(90, 160))
                margin = int(0.04 * image.width)
                canvas = Image.new("L", (image.width + 2 * margin, image.height + 2 * margin), background)
                canvas.paste(image, (margin, margin))
                image = _keystone(canvas, rng, background)
            image = image.rotate(float(rng.uniform(-3.0, 3.0)), resample=Image.BICUBIC, expand=True,
                                 fillcolor=background)
            pixels = np.asarray(image, dtype=np.float32)
            if variant == "phone":
                pixels = _lighting(pixels, rng)
            pixels = pixels + rng.normal(0.0, float(rng.uniform(5.0, 12.0)), pixels.shape)
            speckle = rng.random(pixels.shape)
            pixels[speckle < 0.001] = 0
            pixels[speckle > 0.999] = 255
            image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
            image = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.4, 1.0)) * dpi / 150))
            if variant == "turned-90":  # fed in sideways, a quarter one way or the other
                image = image.rotate(90 if index % 2 == 0 else 270, expand=True)
            elif variant == "turned-180":
                image = image.rotate(180)
            out.append(image)
    finally:
        document.close()
    if variant == "spread":  # the book open on the glass: two pages side by side, a dark gutter between
        rights = [*out[1::2], *[None] * (len(out) % 2)]
        out = [side_by_side(left, right) for left, right in zip(out[::2], rights, strict=True)]
    for image in out:
        image.info["dpi"] = (dpi, dpi)
    return out


def side_by_side(left: Any, right: Any | None) -> Any:
    """Two page images on one, as a book open on the scanner glass gives them: side by side, the gutter
    between them in shadow; blank paper right of the left page where there is no right one."""
    from PIL import Image

    width = left.width + (right.width if right is not None else left.width)
    canvas = Image.new("L", (width, max(left.height, right.height if right else 0)), 255)
    canvas.paste(left, (0, 0))
    if right is not None:
        canvas.paste(right, (left.width, 0))
    gutter = np.asarray(canvas, dtype=np.float32)
    x = np.arange(width, dtype=np.float32) - left.width
    gutter = gutter * (1 - 0.35 * np.exp(-((x / (0.01 * width)) ** 2)))
    return Image.fromarray(np.clip(gutter, 0, 255).astype(np.uint8))


def _searchable_pdf(images: list[Any], target: Path, quality: int) -> None:
    """A searchable PDF: each page Tesseract's one-page PDF of the image with its invisible text, the
    pages joined into one (as ocrmypdf makes them)."""
    import io

    import pikepdf
    import pytesseract

    joined = pikepdf.new()
    for image in images:
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=quality, dpi=image.info["dpi"])
        buffer.seek(0)
        from PIL import Image

        page = pytesseract.image_to_pdf_or_hocr(Image.open(buffer), extension="pdf",
                                                config=f"--dpi {image.info['dpi'][0]}")
        with pikepdf.open(io.BytesIO(page)) as one:
            joined.pages.extend(one.pages)
    joined.docinfo = joined.make_indirect(pikepdf.Dictionary())  # no creation date: the same bytes every run
    joined.save(target, deterministic_id=True)


def other_scan(pdf: Path, target: Path, dpi: int, variant: str, seed: int = 7,
               pages: tuple[int, ...] | None = None) -> Path:
    """The PDF scanned as `variant` at `dpi`, written to `target` (whose suffix should be
    SUFFIXES[variant]): an image-only PDF with JPEG pages (quality 50-85), a TIFF for "turned-180", a
    searchable PDF for "searchable"."""
    images = other_scanned_pages(pdf, dpi, seed, variant, pages)
    quality = int(np.random.default_rng([seed, dpi, VARIANTS.index(variant), 99]).integers(50, 86))
    if variant == "searchable":
        _searchable_pdf(images, target, quality)
    elif target.suffix in (".tif", ".tiff"):
        images[0].save(target, save_all=True, append_images=images[1:], dpi=(dpi, dpi),
                       compression="tiff_deflate")
    else:
        images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi, quality=quality,
                       title=None, creationDate=None, modDate=None)  # no name or date: the same bytes every run
    return target
