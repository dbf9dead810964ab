"""How sure the reading of each measure was, where a reader says how sure it was of each word (OCR):
a measure carries the confidence of the least sure word of its row."""

from __future__ import annotations

from collections.abc import Sequence

from planparse.model import BBox, Plan, PlanWarning

# Reading doubts about a spot of a page (OCR's): said at the measure whose row holds the spot.
SPOT_DOUBTS = frozenset({"ink-unread", "picture-read"})

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


def doubts_at_measures(plan: Plan) -> Plan:
    """`plan` with each doubt a reader had about a spot of a page (ink OCR could not read) placed at the
    measure whose row holds the spot, naming it, so that `check` and the page say it at the measure."""
    rows = [(measure, measure.location) for measure in plan.measures()
            if measure.location.page is not None and measure.location.bbox is not None]
    placed: list[PlanWarning] = []
    for warning in plan.warnings:
        spot = warning.location
        if warning.code in SPOT_DOUBTS and spot.page is not None and spot.bbox is not None:
            middle = (spot.bbox[1] + spot.bbox[3]) / 2
            for measure, location in rows:
                if location.page == spot.page and location.bbox is not None and \
                        location.bbox[1] <= middle <= location.bbox[3]:
                    warning = warning.model_copy(update={
                        "location": location, "message": f"{warning.message} (in the row of «{measure.text[:60]}»)"})
                    break
        placed.append(warning)
    plan.warnings = placed
    return plan
