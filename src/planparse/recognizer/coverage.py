"""How much of what a reader saw ended up in the plan, counted in non-space characters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from planparse.layout import Layout, Paragraph, Table
from planparse.model import Coverage, Plan, StatedAt


def _count(texts: Iterable[str | None]) -> int:
    return sum(len("".join(text.split())) for text in texts if text)


def _layout_texts(layout: Layout) -> Iterator[str]:
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            for row in block.rows:
                yield from (cell.text for cell in row.cells if not cell.merged)


def _plan_texts(plan: Plan) -> Iterator[str | None]:
    yield plan.title
    for section in [plan.introduction, *plan.sections]:
        if section is not None:
            yield section.heading
            yield from section.paragraphs
    for area in plan.areas:
        yield from (area.number, area.title, *area.notes, *area.responsible)
        for goal in area.goals:
            yield from (goal.number, goal.text, *goal.notes, *goal.responsible)
            if goal.measures:
                yield from goal.columns  # the header row the table was read by
            for measure in goal.measures:
                yield measure.label
                yield measure.timing.text if measure.timing else None
                yield from measure.paragraphs or [measure.text]
                yield from (mark.raw for mark in measure.schedule.values())
                if measure.responsible_stated is StatedAt.MEASURE:
                    yield from measure.responsible_as_written or measure.responsible
                yield from measure.extra.values()


def text_coverage(layout: Layout, plan: Plan) -> Coverage:
    """What share of the text read was placed; text placed twice (a role given to several measures, a
    merged cell repeated) is counted once at most, so the share never passes 100%."""
    read = _count(_layout_texts(layout))
    return Coverage(read_characters=read, placed_characters=min(read, _count(_plan_texts(plan))))
