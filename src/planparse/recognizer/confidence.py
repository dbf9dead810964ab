"""How sure the reading of each measure was, where a reader says how sure it was of each word (OCR):
a measure carries the confidence of the least sure word of its row."""

from __future__ import annotations

from collections.abc import Sequence

from planparse.model import BBox, Plan

Confidence = tuple[int, BBox, float]  # page, word box, confidence 0-100


def with_confidence(plan: Plan, confidences: Sequence[Confidence]) -> Plan:
    """`plan` with each measure's confidence set from the words in its row's band of its page."""
    if not confidences:
        return plan
    by_page: dict[int, list[tuple[float, float]]] = {}
    for page, (_, top, _, bottom), confidence in confidences:
        by_page.setdefault(page, []).append(((top + bottom) / 2, confidence))
    for measure in plan.measures():
        location = measure.location
        if location.page is None or location.bbox is None:
            continue
        _, top, _, bottom = location.bbox
        inside = [confidence for middle, confidence in by_page.get(location.page, []) if top <= middle <= bottom]
        if inside:
            measure.confidence = round(min(inside), 1)
    return plan
