"""JSON output: the plan model as it is, validated against `planparse schema`."""

from __future__ import annotations

from pathlib import Path

from planparse.model import Plan, PlanWarning
from planparse.writers.atomic import atomic_path


def plan_to_json(plan: Plan) -> str:
    # A plan nobody corrected is written as before corrections were kept.
    return plan.model_dump_json(indent=2, exclude=None if plan.corrections else {"corrections"}) + "\n"


def write_json(plan: Plan, target: Path) -> list[PlanWarning]:
    with atomic_path(target) as temporary:
        temporary.write_text(plan_to_json(plan), encoding="utf-8")
    return []
