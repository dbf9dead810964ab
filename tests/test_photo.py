"""Pages photographed rather than scanned (tests/scans.py, the "phone" variant): the sheet found on the
table and straightened, its light evened; and a scan left exactly as it was."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest
from conftest import PLANS, load_json
from scans import other_scan, other_scanned_pages, scan_pdf, scanned_pages

from planparse.api import parse
from planparse.model import PlanWarning
from planparse.readers.ocr.photo import EDGE_TRIM, paper_light, photographed
from planparse.readers.ocr.pixels import deskewed, ink, ruling_lines, skew_angle
from planparse.readers.ocr.session import prepared

DPI = 150
PLAN = PLANS / "skolen-2025-2027.pdf"  # ruled under its headers, body text in two sizes and weights


def page_size() -> tuple[float, float]:
    """The plan's first page in pixels at DPI."""
    document = pdfium.PdfDocument(PLAN)
    try:
        width, height = document[0].get_size()
    finally:
        document.close()
    return width * DPI / 72, height * DPI / 72


def gray(image: object) -> np.ndarray:
    return np.asarray(image)


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_a_photographed_page_is_cut_from_the_table_and_straightened(seed: int) -> None:
    photo_page = gray(other_scanned_pages(PLAN, DPI, seed, "phone", pages=(1,))[0])
    out, photo = photographed(photo_page, DPI)
    assert photo is not None and photo.corners is not None
    width, height = page_size()
    trim = 2 * round(EDGE_TRIM * DPI)
    # a phone held not square sees each side up to 3% short: the longer of each two kept
    assert 0.92 * (width - trim) <= out.shape[1] <= 1.01 * (width - trim)
    assert 0.92 * (height - trim) <= out.shape[0] <= 1.01 * (height - trim)
    assert abs(skew_angle(out)) <= 0.5  # keystone and turn both undone, not only the turn
    assert not np.any(ink(out)[:, :5]) or np.count_nonzero(ink(out)[:, :5]) < 0.01 * out.shape[0] * 5


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_a_photographed_page_keeps_its_ruling_lines_and_gets_none_from_the_table(seed: int) -> None:
    scan = gray(scanned_pages(PLAN, DPI, seed=1)[0])
    out, _ = photographed(gray(other_scanned_pages(PLAN, DPI, seed, "phone", pages=(1,))[0]), DPI)
    scan_lines = [s for s in ruling_lines(deskewed(scan)[0], DPI)[0] if s.horizontal]
    photo_lines = [s for s in ruling_lines(deskewed(out)[0], DPI)[0] if s.horizontal]
    assert len(photo_lines) == len(scan_lines) == 2  # one rule under each table's header
    for found, drawn in zip(photo_lines, scan_lines, strict=True):  # as long, relative to the page
        assert found.end - found.start == pytest.approx((drawn.end - drawn.start) * out.shape[1] / scan.shape[1],
                                                        rel=0.05)


@pytest.mark.parametrize("seed", [7, 8])
def test_a_photographed_page_s_light_is_evened(seed: int) -> None:
    out, photo = photographed(gray(other_scanned_pages(PLAN, DPI, seed, "phone", pages=(1,))[0]), DPI)
    assert photo is not None and photo.spread > 1.2  # a phone's light: a third and more from side to corner
    light = paper_light(out, DPI)
    assert light is not None and light.max() / light.min() < 1.06
    scan = gray(scanned_pages(PLAN, DPI, seed=1)[0])
    # as much ink as the scan has (the dim corner not taken for ink, nor the light side's strokes for paper)
    assert np.count_nonzero(ink(out)) / out.size == pytest.approx(np.count_nonzero(ink(scan)) / scan.size, rel=0.25)


def test_uneven_light_on_a_page_with_no_table_around_it_is_evened_only() -> None:
    scan = gray(scanned_pages(PLAN, DPI, seed=1)[0]).astype(np.float32)
    shade = np.linspace(0.65, 1.0, scan.shape[1], dtype=np.float32)[None, :]  # a shadow over the left side
    out, photo = photographed(np.clip(scan * shade, 0, 255).astype(np.uint8), DPI)
    assert photo is not None and photo.corners is None and photo.spread > 1.3
    assert out.shape == scan.shape


@pytest.mark.parametrize("variant", ["flatbed", "jpeg"])
def test_a_scan_is_left_exactly_as_it_was(variant: str) -> None:
    pages = scanned_pages(PLAN, DPI, seed=1) if variant == "flatbed" else other_scanned_pages(PLAN, DPI, 7, "jpeg")
    for page in pages:
        before = gray(page)
        out, photo = photographed(before, DPI)
        assert photo is None
        assert out is before


def test_a_photographed_page_is_said_in_a_warning_and_a_scan_is_not() -> None:
    warnings: list[PlanWarning] = []
    image, dpi = prepared(other_scanned_pages(PLAN, DPI, 7, "phone", pages=(1,))[0], DPI, 1, "skolen", warnings)
    assert dpi == DPI and [w.code for w in warnings] == ["page-photographed"]
    assert "straightened" in warnings[0].message and warnings[0].location.page == 1
    scanned: list[PlanWarning] = []
    page = scanned_pages(PLAN, DPI, seed=1)[0]
    image, _ = prepared(page, DPI, 1, "skolen", scanned)
    assert scanned == [] and image is page


def first_page(plan: Path, target: Path) -> Path:
    with pikepdf.open(plan) as pdf:
        del pdf.pages[1:]
        pdf.save(target)
    return target


def test_a_photographed_page_reads_the_measures_its_scan_reads(tmp_path: Path) -> None:
    """A centred plan's first page photographed at 150 dpi (seed 7: light down to two thirds on one side,
    the sheet turned and keystoned on a grey table). Before, two of its four measures' texts came
    out (its goal and its header row were read as measures); now three do (two rows still run together).
    The scan reads the page's five measures, as the plan's truth has them (before, «Publisere resultater
    i tidsskrift med åpen tilgang» was lost in the row above: four)."""
    page = first_page(PLANS / "fakultetet-2024-2026-midtstilt.pdf", tmp_path / "page.pdf")
    photo = parse(other_scan(page, tmp_path / "photo.pdf", DPI, "phone"))
    scan = parse(scan_pdf(page, tmp_path / "scan.pdf", DPI))
    truth = [m["text"] for area in load_json(PLANS / "fakultetet-2024-2026-midtstilt.truth.json")["areas"]
             for goal in area["goals"] for m in goal["measures"]][:5]  # (those of its first page)
    assert [m.text for m in scan.measures()] == truth
    assert len({m.text for m in photo.measures()} & {m.text for m in scan.measures()}) >= 3
    assert any(w.code == "page-photographed" for w in photo.warnings)
    assert not any(w.code == "page-photographed" for w in scan.warnings)
