"""A plan in the reviewed reference form (samples/seed/reference.json), for comparing field by field."""

from __future__ import annotations

from typing import Any

from planparse.model import Plan


def reference_form(plan: Plan) -> dict[str, Any]:
    """The fields the reference reading holds: marks only for marked years, paragraphs only when several."""
    out: dict[str, Any] = {"title": plan.title, "years": plan.years}
    if plan.introduction is not None:
        out["introduction"] = {"heading": plan.introduction.heading, "text": plan.introduction.text}
    out["areas"] = []
    for area in plan.areas:
        goals = []
        for goal in area.goals:
            measures = []
            for measure in goal.measures:
                item: dict[str, Any] = {
                    "text": measure.text,
                    "marks": {str(y): m.raw for y, m in measure.schedule.items() if m.raw},
                    "responsible": measure.responsible_as_written or measure.responsible,
                }
                if len(measure.paragraphs) > 1:
                    item["paragraphs"] = measure.paragraphs
                measures.append(item)
            goals.append({"text": goal.text, "measures": measures})
        out["areas"].append({"title": area.title, "goals": goals})
    return out


def differences(actual: Any, expected: Any, path: str = "") -> list[str]:
    """Every field where `actual` and `expected` differ, by its path, for a readable failure."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                found.append(f"{path}.{key}: missing")
            elif key not in expected:
                found.append(f"{path}.{key}: unexpected {actual[key]!r}")
            else:
                found.extend(differences(actual[key], expected[key], f"{path}.{key}"))
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        found = [f"{path}: {len(actual)} items, expected {len(expected)}"] if len(actual) != len(expected) else []
        for index, (a, e) in enumerate(zip(actual, expected, strict=False)):
            found.extend(differences(a, e, f"{path}[{index}]"))
        return found
    return [] if actual == expected else [f"{path}: {actual!r} != {expected!r}"]


def without_provenance(plan: Plan) -> dict[str, Any]:
    """The plan's content: everything but where and how well it was read, what the reading warned of, and
    how roles were spelled before they were unified (a report shows the unified roles only)."""
    data = plan.model_dump(exclude={"source": True, "warnings": True, "coverage": True})
    for area in data["areas"]:
        area.pop("location")
        for goal in area["goals"]:
            goal.pop("location")
            for measure in goal["measures"]:
                measure.pop("location")
                measure.pop("responsible_as_written")
    return data
