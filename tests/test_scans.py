"""The scans made some other way (tests/scans.py, `other_scan`): seeded, and each variant what it says."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from conftest import PLANS
from scans import SUFFIXES, VARIANTS, other_scan, other_scanned_pages

TWO_PAGES = PLANS / "kommunen-2026-2028.pdf"  # two portrait pages


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v != "searchable"])
def test_each_variant_is_the_same_bytes_every_time_and_another_seed_is_another_scan(
        variant: str, tmp_path: Path) -> None:
    once, again, other = (other_scan(TWO_PAGES, tmp_path / f"{name}{SUFFIXES[variant]}", 150, variant, seed=seed)
                          for name, seed in (("once", 7), ("again", 7), ("other", 8)))
    assert once.read_bytes() == again.read_bytes()
    assert once.read_bytes() != other.read_bytes()


def test_each_variant_looks_as_it_says() -> None:
    plain = other_scanned_pages(TWO_PAGES, 150, 7, "jpeg")
    assert len(plain) == 2 and all(page.height > page.width for page in plain)
    turned = other_scanned_pages(TWO_PAGES, 150, 7, "turned-90")
    assert all(page.width > page.height for page in turned)
    spread = other_scanned_pages(TWO_PAGES, 150, 7, "spread")
    assert len(spread) == 1 and spread[0].width > 1.8 * plain[0].width
    upside = np.asarray(other_scanned_pages(TWO_PAGES, 150, 7, "turned-180")[0], dtype=float)
    upright = np.asarray(plain[0], dtype=float)
    # the title stands at the top of an upright page and at the bottom of a page turned over
    assert upright[: len(upright) // 8].mean() < upright[-len(upright) // 8:].mean()
    assert upside[: len(upside) // 8].mean() > upside[-len(upside) // 8:].mean()
    phone = np.asarray(other_scanned_pages(TWO_PAGES, 150, 7, "phone")[0], dtype=float)
    assert phone[:20, :20].mean() < 200 and upright[:20, :20].mean() > 230  # on the table, in its shadow


def test_resolution_and_jpeg_quality_are_the_variants(tmp_path: Path) -> None:
    low, high = (other_scanned_pages(TWO_PAGES, dpi, 7, "jpeg")[0] for dpi in (150, 300))
    assert 1.9 < high.width / low.width < 2.1 and low.info["dpi"] == (150, 150)
    small = other_scan(TWO_PAGES, tmp_path / "a.pdf", 150, "jpeg")
    large = other_scan(TWO_PAGES, tmp_path / "b.pdf", 300, "jpeg")
    assert b"/DCTDecode" in small.read_bytes()  # JPEG pages
    widths = []
    for path in (small, large):
        document = pdfium.PdfDocument(path)
        try:
            image = next(o for o in document[0].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE)
            widths.append(image.get_px_size()[0])
        finally:
            document.close()
    assert 1.9 < widths[1] / widths[0] < 2.1


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Tesseract")
def test_a_searchable_scan_has_the_picture_and_an_invisible_text_layer(tmp_path: Path) -> None:
    once = other_scan(PLANS / "english-2025-2026.pdf", tmp_path / "once.pdf", 150, "searchable")
    again = other_scan(PLANS / "english-2025-2026.pdf", tmp_path / "again.pdf", 150, "searchable")
    assert once.read_bytes() == again.read_bytes()
    document = pdfium.PdfDocument(once)
    try:
        text = document[0].get_textpage().get_text_range()
        assert "grant" in text and len(document) == 1
        assert any(o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE for o in document[0].get_objects())
    finally:
        document.close()
