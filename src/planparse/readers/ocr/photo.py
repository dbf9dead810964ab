"""A page photographed rather than scanned, made to look scanned: the paper found on the darker table
around it and straightened from its four corners (a phone held not quite square over a page sees it
keystoned and turned), and its uneven light (brighter on one side, darker towards the corners, a
shadow's soft edge) divided out, so that one threshold tells ink from paper all over the page. Each
step is taken only where its sign is there: a flatbed scan has no table around the page and even light,
and is left exactly as it was."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

PAPER_DPI = 60.0  # dots per inch the paper's outline is looked for at: text is specks there, the edge is not
PAPER_SMOOTH = 5  # pixels (at PAPER_DPI): the median that takes letters off before the paper's edge is found
# ratio: the paper at least this much lighter than the table just outside each of its sides; a ruled box or
# a fill on a page has paper (or the same fill) on both sides of its edge
PAPER_CONTRAST = 1.25
PAPER_LEAST = 0.3  # share of the image's area the paper covers at least: a photo of a page is mostly page
PAPER_CORNERS = 0.02  # of the outline's length: how far it may stray from four straight sides and be a sheet
SIDE_PROBE = 0.12  # inches inside and outside each side where paper and table are compared
SIDE_SAMPLES = 24  # points along each side where they are compared; most of them must show the contrast
EDGE_TRIM = 0.08  # inches of the paper's edge cut off once straightened: its outline is found to a few
# pixels, and a sliver of the dark table left along a side would be read as a ruling line
LIGHT_BLOCK = 0.25  # inches: the paper's light is measured in squares this wide (a letter's few strokes
# leave paper around them in every such square of text)
LIGHT_PAPER = 95  # percentile of a square's pixels that is its paper's light
LIGHT_DEGREE = 3  # of the polynomial the light over the page is fitted by: a gradient times a vignette
LIGHT_OFF = 0.08  # natural log: a square this much darker than the fitted light is a fill or a picture, not
# paper, and is left out of the next fit
LIGHT_FITS = 4  # fits, each leaving out the squares the one before found darker than paper
# ratio of the brightest to the dimmest paper light over the page from which the light is evened: a
# flatbed's light varies by a few percent, a phone's under a lamp by a third and more
LIGHT_SPREAD = 1.12


@dataclass(frozen=True)
class Photo:
    """What was done to a page found photographed: the paper cut out and straightened (its four
    corners as found, in pixels) and the light evened (the ratio of its brightest to its dimmest)."""

    corners: tuple[tuple[float, float], ...] | None
    spread: float


def photographed(gray: Any, dpi: float) -> tuple[Any, Photo | None]:
    """The page as a scanner would have given it, where it was photographed (None where it was not):
    the paper cut from the table and straightened, then its light evened."""
    corners = paper_corners(gray, dpi)
    if corners is not None:
        gray = straightened(gray, corners, dpi)
    light = paper_light(gray, dpi)
    spread = float(light.max() / light.min()) if light is not None else 1.0
    if spread >= LIGHT_SPREAD and light is not None:
        gray = evened(gray, light)
    else:
        spread = 1.0
    if corners is None and spread == 1.0:
        return gray, None
    return gray, Photo(None if corners is None else tuple((float(x), float(y)) for x, y in corners), spread)


def paper_corners(gray: Any, dpi: float) -> Any:
    """The four corners (top left, top right, bottom right, bottom left; pixels) of a sheet of paper
    lying on something darker, where the whole sheet is in the picture; None where there is no such
    sheet (a scan: the page is the picture, or lies on the scanner's white lid)."""
    factor = min(1.0, PAPER_DPI / dpi)
    small = cv2.resize(gray, (max(1, round(gray.shape[1] * factor)), max(1, round(gray.shape[0] * factor))),
                       interpolation=cv2.INTER_AREA)
    small = cv2.medianBlur(small, PAPER_SMOOTH)
    # in the logarithm of the light a step from table to paper is as high in shade as in full light
    shade = np.log1p(small.astype(np.float32))
    level = (shade * (255.0 / np.log(256.0))).astype(np.uint8)
    step = float(np.log(PAPER_CONTRAST) * 255.0 / np.log(256.0))
    edges = cv2.Canny(level, step, 2 * step)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    hull = cv2.convexHull(max(contours, key=lambda c: cv2.contourArea(cv2.convexHull(c))))
    outline = cv2.approxPolyDP(hull, PAPER_CORNERS * cv2.arcLength(hull, True), True)
    if len(outline) != 4 or cv2.contourArea(outline) < PAPER_LEAST * small.size:
        return None
    corners = _in_order(outline.reshape(4, 2).astype(np.float64))
    if not _lighter_inside(small, corners, max(2.0, SIDE_PROBE * dpi * factor)):
        return None
    return corners / factor


def _in_order(points: Any) -> Any:
    """Four corners as top left, top right, bottom right, bottom left."""
    total, difference = points.sum(axis=1), points[:, 0] - points[:, 1]
    return np.array([points[np.argmin(total)], points[np.argmax(difference)], points[np.argmax(total)],
                     points[np.argmin(difference)]])


def _lighter_inside(small: Any, corners: Any, probe: float) -> bool:
    """Whether along every side of the outline the picture is lighter just inside than just outside
    (by PAPER_CONTRAST, at most of the points where both can be seen): the sheet on the table."""
    height, width = small.shape
    centre = corners.mean(axis=0)
    for start, end in zip(corners, np.roll(corners, -1, axis=0), strict=True):
        along = end - start
        normal = np.array([-along[1], along[0]]) / max(float(np.hypot(*along)), 1.0)
        if np.dot(normal, centre - start) < 0:
            normal = -normal  # pointing into the sheet
        seen = shown = 0
        for t in (np.arange(SIDE_SAMPLES) + 0.5) / SIDE_SAMPLES:
            point = start + t * along
            inside, outside = point + probe * normal, point - probe * normal
            if not all(0 <= p[0] < width and 0 <= p[1] < height for p in (inside, outside)):
                continue
            seen += 1
            light = float(small[int(inside[1]), int(inside[0])])
            dark = float(small[int(outside[1]), int(outside[0])])
            shown += light >= PAPER_CONTRAST * max(dark, 1.0)
        if seen < SIDE_SAMPLES / 2 or shown < 0.75 * seen:
            return False
    return True


def straightened(gray: Any, corners: Any, dpi: float) -> Any:
    """The sheet within `corners` as a level rectangle (each side as long as the longer of the two it
    was seen as, so the print keeps its size at about `dpi`), its outer edge cut off."""
    top, right = np.hypot(*(corners[1] - corners[0])), np.hypot(*(corners[2] - corners[1]))
    bottom, left = np.hypot(*(corners[2] - corners[3])), np.hypot(*(corners[3] - corners[0]))
    width, height = round(max(top, bottom)), round(max(left, right))
    square = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), square)
    flat = cv2.warpPerspective(gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    trim = max(1, round(EDGE_TRIM * dpi))
    return np.ascontiguousarray(flat[trim:height - trim, trim:width - trim])


def paper_light(gray: Any, dpi: float) -> Any:
    """The light falling on the page's paper, in squares of LIGHT_BLOCK: a smooth surface fitted to the
    lightest pixels of each square, the squares darker than it (fills, pictures, the table around a
    sheet) left out fit by fit. None where the page is too small to tell."""
    side = max(4, round(LIGHT_BLOCK * dpi))
    rows, columns = gray.shape[0] // side, gray.shape[1] // side
    if rows < LIGHT_DEGREE + 1 or columns < LIGHT_DEGREE + 1:
        return None
    blocks = gray[:rows * side, :columns * side].reshape(rows, side, columns, side).transpose(0, 2, 1, 3)
    paper = np.log(np.maximum(np.percentile(blocks.reshape(rows, columns, -1), LIGHT_PAPER, axis=2), 1.0))
    terms = _terms(rows, columns)
    keep = np.ones(paper.size, dtype=bool)
    fitted = paper.ravel()
    for _ in range(LIGHT_FITS):
        if keep.sum() < terms.shape[1] * 4:
            return None
        coefficients, *_ = np.linalg.lstsq(terms[keep], paper.ravel()[keep], rcond=None)
        fitted = terms @ coefficients
        keep = paper.ravel() >= fitted - LIGHT_OFF
    return np.exp(fitted.reshape(rows, columns))


def _terms(rows: int, columns: int) -> Any:
    """The polynomial's terms (x^i y^j, i + j <= LIGHT_DEGREE) at each square's centre, x and y in -1..1."""
    ys, xs = np.mgrid[0:rows, 0:columns].astype(np.float64)
    xs, ys = (xs + 0.5) / columns * 2 - 1, (ys + 0.5) / rows * 2 - 1
    return np.stack([(xs ** i * ys ** j).ravel() for i in range(LIGHT_DEGREE + 1)
                     for j in range(LIGHT_DEGREE + 1 - i)], axis=1)


def evened(gray: Any, light: Any) -> Any:
    """The page with its light divided out: the paper white everywhere (its lightest pixels at full
    white, as a scanner's lamp makes them)."""
    surface = cv2.resize(light.astype(np.float32), (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    lifted = gray.astype(np.float32) * (255.0 / surface)
    return np.clip(lifted, 0, 255).astype(np.uint8)
