"""From a page's drawn edges to the cells of its ruled tables: edges snapped to shared lines and joined
where they continue each other, their crossings found, each crossing's smallest closed cell, and
cells touching at corners gathered into tables.

The steps are pdfplumber's table finding (merge_edges, edges_to_intersections,
intersections_to_cells, cells_to_tables), done the same way to the same floating-point results, but
on tuples, with the edges meeting at a crossing kept as sets and the crossings looked up by line
instead of searched for: the same cells in a fraction of the time, without importing pdfplumber."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

# orientation ("h" or "v"), x0, top, x1, bottom
Edge = tuple[str, float, float, float, float]
Point = tuple[float, float]
Box = tuple[float, float, float, float]
NEAR = 1e-6  # points: a margin for rounding when narrowing the search, never what decides


def edge_tuples(edges: Iterable[dict[str, Any]]) -> list[Edge]:
    return [(e["orientation"], float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"])) for e in edges]


def cluster_indexes(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """Each value's cluster, numbered from the lowest: values each within `tolerance` of the next are
    one cluster (pdfplumber's make_cluster_dict)."""
    indexes: dict[float, int] = {}
    index, last = -1, None
    for value in sorted(set(values)):
        if last is None or value > last + tolerance:
            index += 1
        indexes[value], last = index, value
    return indexes


def _position(edge: Edge) -> float:
    """Where an edge lies across its length: the x0 of an upright edge, the top of a level one."""
    return edge[1] if edge[0] == "v" else edge[2]


def _snap(edges: list[Edge], tolerance: float) -> list[Edge]:
    """Edges of one orientation whose positions lie within `tolerance` of the next moved to their
    cluster's average; clusters in order of position, edges in their order within one."""
    cluster_of = cluster_indexes((_position(edge) for edge in edges), tolerance)
    clusters: dict[int, list[Edge]] = {}
    for edge in sorted(edges, key=lambda e: cluster_of[_position(e)]):
        clusters.setdefault(cluster_of[_position(edge)], []).append(edge)
    out: list[Edge] = []
    for members in clusters.values():
        average = sum(_position(edge) for edge in members) / len(members)
        for orientation, x0, top, x1, bottom in members:
            if orientation == "v":
                shift = average - x0
                out.append((orientation, x0 + shift, top, x1 + shift, bottom))
            else:
                shift = average - top
                out.append((orientation, x0, top + shift, x1, bottom + shift))
    return out


def _join(group: Iterable[Edge], orientation: str, tolerance: float) -> list[Edge]:
    """Edges on one line joined where one starts within `tolerance` of where the one before ends."""
    low, high = (1, 3) if orientation == "h" else (2, 4)
    joined: list[list[Any]] = []
    for edge in sorted(group, key=lambda e: e[low]):
        if joined and edge[low] <= joined[-1][high] + tolerance:
            if edge[high] > joined[-1][high]:
                joined[-1][high] = edge[high]
        else:
            joined.append(list(edge))
    return [(edge[0], edge[1], edge[2], edge[3], edge[4]) for edge in joined]


def merge_edges(edges: list[Edge], snap: float, join: float) -> list[Edge]:
    upright = [edge for edge in edges if edge[0] == "v"]
    level = [edge for edge in edges if edge[0] == "h"]
    snapped = _snap(upright, snap) + _snap(level, snap)

    def line(edge: Edge) -> tuple[str, float]:
        return (edge[0], _position(edge))

    return [joined for key, group in itertools.groupby(sorted(snapped, key=line), key=line)
            for joined in _join(group, key[0], join)]


def intersections(edges: Sequence[Edge], tolerance: float) -> dict[Point, tuple[set[Box], set[Box]]]:
    """Where an upright edge meets a level one (within `tolerance`): the point, with the boxes of the
    upright and of the level edges meeting there."""
    upright = sorted((e for e in edges if e[0] == "v"), key=lambda e: (e[1], e[2]))
    level = sorted((e for e in edges if e[0] == "h"), key=lambda e: (e[2], e[1]))
    tops = [edge[2] for edge in level]
    found: dict[Point, tuple[set[Box], set[Box]]] = {}
    for v in upright:
        _, x, v_top, _, v_bottom = v
        # the level edges near the upright one's height; the test below decides, as pdfplumber's does
        start = bisect.bisect_left(tops, v_top - tolerance - NEAR)
        end = bisect.bisect_right(tops, v_bottom + tolerance + NEAR)
        for h in level[start:end]:
            _, h_x0, h_top, h_x1, _ = h
            if v_top <= h_top + tolerance and v_bottom >= h_top - tolerance \
                    and h_x0 - tolerance <= x <= h_x1 + tolerance:
                uprights, levels = found.setdefault((x, h_top), (set(), set()))
                uprights.add(v[1:])
                levels.add(h[1:])
    return found


def cells(crossings: dict[Point, tuple[set[Box], set[Box]]]) -> list[Box]:
    """Each crossing's smallest cell: the nearest crossings below and to the right that an edge joins
    it to, whose corner across is joined to both."""
    points = sorted(crossings)
    by_x: dict[float, list[Point]] = {}
    by_y: dict[float, list[Point]] = {}
    for point in points:
        by_x.setdefault(point[0], []).append(point)
        by_y.setdefault(point[1], []).append(point)

    def upright_joins(a: Point, b: Point) -> bool:
        return not crossings[a][0].isdisjoint(crossings[b][0])

    def level_joins(a: Point, b: Point) -> bool:
        return not crossings[a][1].isdisjoint(crossings[b][1])

    out: list[Box] = []
    for point in points:
        column, row = by_x[point[0]], by_y[point[1]]
        below = column[column.index(point) + 1:]
        right = row[row.index(point) + 1:]
        found = None
        for under in below:
            if not upright_joins(point, under):
                continue
            for beside in right:
                if not level_joins(point, beside):
                    continue
                corner = (beside[0], under[1])
                if corner in crossings and upright_joins(corner, beside) and level_joins(corner, under):
                    found = (point[0], point[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            out.append(found)
    return out


def _corners(box: Box) -> tuple[Point, Point, Point, Point]:
    x0, top, x1, bottom = box
    return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))


def tables(boxes: list[Box]) -> list[list[Box]]:
    """Cells gathered into tables: a cell sharing a corner with a table's cells belongs to it; tables
    of more than one cell, top to bottom."""
    remaining = list(boxes)
    corners: set[Point] = set()
    current: list[Box] = []
    found: list[list[Box]] = []
    while remaining:
        before = len(current)
        kept = []
        for box in remaining:
            box_corners = _corners(box)
            if not current or any(corner in corners for corner in box_corners):
                corners.update(box_corners)
                current.append(box)
            else:
                kept.append(box)
        remaining = kept
        if len(current) == before:
            found.append(current)
            corners, current = set(), []
    if current:
        found.append(current)
    return [table for table in sorted(found, key=lambda t: min((c[1], c[0]) for c in t)) if len(table) > 1]
