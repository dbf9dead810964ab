"""Correcting how a plan was read: a measure moved to another goal, two merged, one split, a measure
made a goal or a goal an area (and back), a mark, the roles or a text fixed, a measure deleted and
restored. Each correction is a record (`model.Correction`) applied to the plan as it stands, so a list
of them is a patch that can be kept beside the plan and applied again to the plan read again; the
plan keeps the corrections made to it in its `corrections`, in order.

A correction that does not fit the plan (an ID it does not have, a split where the text does not
say) is a CorrectionError saying what the plan has instead."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from planparse.errors import UsageError
from planparse.model import (
    Area,
    Correction,
    CorrectionKind,
    Goal,
    Mark,
    MarkKind,
    Measure,
    Plan,
    StatedAt,
)
from planparse.profile import Headings, Marks, Profile

PATCH_MAX_BYTES = 5 * 1024 * 1024  # a patch file: thousands of corrections fit in far less
PATCH_MAX_ITEMS = 10_000


class CorrectionError(UsageError):
    """A correction that does not fit the plan it is applied to."""


def _numbers(target: str, parts: int, what: str) -> list[int]:
    pieces = target.strip().split(".")
    if len(pieces) != parts or not all(piece.isdigit() and int(piece) > 0 for piece in pieces):
        example = ".".join(["2", "1", "3"][:parts])
        raise CorrectionError(f"'{target}' is not the ID of {what} (such as {example})")
    return [int(piece) - 1 for piece in pieces]


def _area(plan: Plan, target: str) -> Area:
    (a,) = _numbers(target, 1, "an area")
    if a >= len(plan.areas):
        raise CorrectionError(f"the plan has no area {target}: it has {len(plan.areas)}")
    return plan.areas[a]


def _goal(plan: Plan, target: str) -> Goal:
    a, g = _numbers(target, 2, "a goal")
    area = _area(plan, str(a + 1))
    if g >= len(area.goals):
        raise CorrectionError(f"the plan has no goal {target}: area {a + 1} has {len(area.goals)} goals")
    return area.goals[g]


def _measure(plan: Plan, target: str) -> tuple[Goal, int]:
    a, g, m = _numbers(target, 3, "a measure")
    try:
        goal = _goal(plan, f"{a + 1}.{g + 1}")
    except CorrectionError as error:
        raise CorrectionError(f"no measure {target}: {error}") from error
    if m >= len(goal.measures):
        raise CorrectionError(f"the plan has no measure {target}: goal {a + 1}.{g + 1} has {len(goal.measures)}")
    return goal, m


def _shown(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _level(target: str) -> int:
    """1 for an area's ID, 2 for a goal's, 3 for a measure's."""
    return len(target.strip().split("."))


def _joined(first: str, second: str) -> str:
    return f"{first.rstrip()} {second.lstrip()}".strip()


def _merged(into: Measure, other: Measure) -> Measure:
    """Two measures as one: texts and paragraphs joined, marks and roles together."""
    schedule = dict(into.schedule)
    for label, mark in other.schedule.items():
        if label not in schedule or not schedule[label].is_marked:
            schedule[label] = mark
    extra = dict(into.extra)
    for name, value in other.extra.items():
        extra[name] = _joined(extra[name], value) if extra.get(name) and extra[name] != value else value
    return into.model_copy(update={
        "text": _joined(into.text, other.text),
        "paragraphs": [*(into.paragraphs or [into.text]), *(other.paragraphs or [other.text])],
        "schedule": schedule, "extra": extra, "timing": into.timing or other.timing,
        "responsible": list(dict.fromkeys([*into.responsible, *other.responsible])),
        "follow_up": into.follow_up or other.follow_up})


def _mark_kind(raw: str) -> MarkKind:
    """What a mark typed by a person means: none when empty, tentative in brackets, planned otherwise."""
    text = raw.strip()
    if not text:
        return MarkKind.NONE
    return MarkKind.TENTATIVE if text.startswith(("(", "[")) else MarkKind.PLANNED


def _target_text(plan: Plan, correction: Correction) -> str | None:
    """The text of what a correction is made to, as the plan stands (None for a restore)."""
    if correction.kind is CorrectionKind.RESTORE:
        return None
    level = _level(correction.target)
    if level == 3:
        goal, index = _measure(plan, correction.target)
        return goal.measures[index].text
    if level == 2:
        return _goal(plan, correction.target).text
    return _area(plan, correction.target).title if level == 1 else None


def _same(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def _apply_one(plan: Plan, correction: Correction, history: list[Correction]) -> Correction:
    """The correction applied to `plan` in place; the record kept in the history (with the text of what
    it was made to, and a delete with the measure it removed). A correction that names what it was made
    to ("was") is refused where the plan has something else at its place."""
    try:
        current = _target_text(plan, correction)
    except CorrectionError:
        current = None  # the kind's own check says what the plan has instead
    if correction.was is not None and current is not None and not _same(current, correction.was):
        raise CorrectionError(f"{correction.target} reads «{_shown(current)}», not «{_shown(correction.was)}» as when "
                              f"the correction ({correction.kind.value}) was made: the plan has changed since")
    if correction.was is None and current is not None:
        correction = correction.model_copy(update={"was": current})
    kind, target = correction.kind, correction.target
    if kind is CorrectionKind.MOVE:
        goal, index = _measure(plan, target)
        if correction.to is None:
            raise CorrectionError("a move needs the goal the measure goes to (--to 2.1)")
        destination = _goal(plan, correction.to)
        destination.measures.append(goal.measures.pop(index))
    elif kind is CorrectionKind.MERGE:
        goal, index = _measure(plan, target)
        into_target = correction.to or (f"{target.rsplit('.', 1)[0]}.{index}" if index > 0 else None)
        if into_target is None:
            raise CorrectionError(f"measure {target} is the first of its goal: say which measure it merges into")
        into_goal, into_index = _measure(plan, into_target)
        if into_goal is goal and into_index == index:
            raise CorrectionError(f"a measure cannot be merged into itself ({target})")
        merged = _merged(into_goal.measures[into_index], goal.measures[index])
        into_goal.measures[into_index] = merged
        goal.measures.pop(index)
    elif kind is CorrectionKind.SPLIT:
        goal, index = _measure(plan, target)
        measure = goal.measures[index]
        at = (correction.at or "").strip()
        where = measure.text.find(at) if at else -1
        if where <= 0:
            raise CorrectionError(f"measure {target} does not hold '{at}' after its first words; give the text the "
                                  "second measure starts with")
        first, second = measure.text[:where].strip(), measure.text[where:].strip()
        goal.measures[index] = measure.model_copy(update={"text": first, "paragraphs": []})
        goal.measures.insert(index + 1, measure.model_copy(update={"text": second, "paragraphs": [], "label": None}))
    elif kind is CorrectionKind.PROMOTE and _level(target) == 3:
        goal, index = _measure(plan, target)
        area = next(a for a in plan.areas if any(g is goal for g in a.goals))
        measure = goal.measures[index]
        new_goal = Goal(text=measure.text, measures=goal.measures[index + 1:], location=measure.location)
        del goal.measures[index:]
        area.goals.insert(area.goals.index(goal) + 1, new_goal)
    elif kind is CorrectionKind.PROMOTE and _level(target) == 2:
        goal = _goal(plan, target)
        area = next(a for a in plan.areas if any(g is goal for g in a.goals))
        position = area.goals.index(goal)
        moved = area.goals[position:]
        del area.goals[position:]
        # the heading's own measures, if it had any, stay together as the new area's first goal, unnamed
        unnamed = [goal.model_copy(update={"text": "", "number": None})] if goal.measures else []
        new_area = Area(title=goal.text, number=goal.number, goals=[*unnamed, *moved[1:]], location=goal.location)
        plan.areas.insert(plan.areas.index(area) + 1, new_area)
    elif kind is CorrectionKind.DEMOTE and _level(target) == 2:
        goal = _goal(plan, target)
        area = next(a for a in plan.areas if any(g is goal for g in a.goals))
        position = area.goals.index(goal)
        if position == 0:
            raise CorrectionError(f"goal {target} is the first of its area: there is no goal for it to be a measure of")
        previous = area.goals[position - 1]
        previous.measures.append(Measure(text=goal.text, responsible=goal.responsible, location=goal.location))
        previous.measures.extend(goal.measures)
        area.goals.pop(position)
    elif kind is CorrectionKind.DEMOTE and _level(target) == 1:
        area = _area(plan, target)
        position = plan.areas.index(area)
        if position == 0:
            raise CorrectionError(f"area {target} is the first: there is no area for it to be a goal of")
        goals = list(area.goals)
        if goals and not goals[0].text:
            goals[0] = goals[0].model_copy(update={"text": area.title, "number": area.number})
        else:
            goals.insert(0, Goal(text=area.title, number=area.number, location=area.location))
        plan.areas[position - 1].goals.extend(goals)
        plan.areas.pop(position)
    elif kind in (CorrectionKind.PROMOTE, CorrectionKind.DEMOTE):
        raise CorrectionError(f"'{target}': a measure (1.2.3) is promoted to a goal and a goal (1.2) to an area; a "
                              "goal is demoted to a measure and an area (1) to a goal")
    elif kind is CorrectionKind.MARK:
        goal, index = _measure(plan, target)
        labels = plan.period_labels() or list(goal.measures[index].schedule)
        if correction.period is None or correction.period not in labels:
            raise CorrectionError(f"the plan has no period '{correction.period}': it has {', '.join(labels) or 'none'}")
        raw = (correction.mark or "").strip()
        schedule = dict(goal.measures[index].schedule)
        schedule[correction.period] = Mark(raw=raw, kind=_mark_kind(raw))
        goal.measures[index] = goal.measures[index].model_copy(update={"schedule": schedule})
    elif kind is CorrectionKind.ROLES:
        goal, index = _measure(plan, target)
        roles = [role.strip() for role in correction.roles or [] if role.strip()]
        goal.measures[index] = goal.measures[index].model_copy(update={
            "responsible": roles, "responsible_stated": StatedAt.MEASURE, "responsible_as_written": None})
    elif kind is CorrectionKind.TEXT:
        text = (correction.text or "").strip()
        if not text:
            raise CorrectionError("a text correction needs the text (--text '...')")
        level = _level(target)
        if level == 3:
            goal, index = _measure(plan, target)
            goal.measures[index] = goal.measures[index].model_copy(update={"text": text, "paragraphs": []})
        elif level == 2:
            _goal(plan, target).text = text
        else:
            _area(plan, target).title = text
    elif kind is CorrectionKind.DELETE:
        goal, index = _measure(plan, target)
        removed = goal.measures.pop(index)
        return correction.model_copy(update={"removed": removed, "removed_from": target.rsplit(".", 1)[0]})
    elif kind is CorrectionKind.RESTORE:
        number = int(target) if target.strip().isdigit() else 0
        if not 1 <= number <= len(history) or history[number - 1].kind is not CorrectionKind.DELETE:
            deletes = [str(i) for i, c in enumerate(history, start=1) if c.kind is CorrectionKind.DELETE]
            raise CorrectionError(f"correction {target} is not a delete; the deletes are number "
                                  f"{', '.join(deletes) or '(none)'}")
        delete = history[number - 1]
        assert delete.removed is not None
        goals = [g for a in plan.areas for g in a.goals]
        try:  # where it stood, as far as its goal still has measures
            home = _goal(plan, delete.removed_from or "")
            position = int(delete.target.rsplit(".", 1)[-1]) - 1
        except (CorrectionError, ValueError):
            if not goals:
                raise CorrectionError("the plan has no goal left to restore the measure to") from None
            home = goals[-1]  # its goal is gone since: the plan's last goal, where a person will see it
            position = len(home.measures)
        home.measures.insert(min(position, len(home.measures)), delete.removed)
    return correction


def apply_corrections(plan: Plan, corrections: Iterable[Correction]) -> Plan:
    """The plan with the corrections applied in order and added to its history; the plan given is
    not changed."""
    corrected = plan.model_copy(deep=True)
    history = list(corrected.corrections)
    for correction in corrections:
        history.append(_apply_one(corrected, correction, history))
    data = corrected.model_dump()
    data["corrections"] = [c.model_dump() for c in history]
    return Plan.model_validate(data)  # IDs and years worked out again for where everything stands now


_PATCH = TypeAdapter(list[Correction])


def load_patch(path: Path) -> list[Correction]:
    """A patch file: a JSON list of corrections (as a plan's `corrections` holds them)."""
    try:
        size = path.stat().st_size
        if size > PATCH_MAX_BYTES:
            raise UsageError(f"{path.name}: a patch of {size:,} bytes is more than the {PATCH_MAX_BYTES:,} allowed; "
                             "it is not a list of corrections")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"{path.name}: cannot read the patch ({error.strerror})") from error
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise UsageError(f"{path.name}: the patch is not JSON ({error.__class__.__name__}); it should be a list "
                         "of corrections, as planparse fix --save-patch writes") from error
    if isinstance(data, dict) and isinstance(data.get("corrections"), list):
        data = data["corrections"]  # a corrected plan's JSON: its corrections
    if not isinstance(data, list) or len(data) > PATCH_MAX_ITEMS:
        raise UsageError(f"{path.name}: a patch is a list of at most {PATCH_MAX_ITEMS:,} corrections")
    try:
        return _PATCH.validate_python(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise UsageError(f"{path.name}: correction {where}: {first['msg']}") from error


_LABEL = re.compile(r"^(?P<label>[^\W\d][\w&/ -]{0,40}?)\s*\d+[.)]?\s*[:–—-]\s*\S")


def _title_label(text: str) -> str | None:
    """The label a heading's text starts with ("Fokus 2: Helse" → "Fokus"), if it has one."""
    match = _LABEL.match(text.strip())
    return match.group("label").strip() if match else None


def generalised(plan: Plan, corrections: Iterable[Correction]) -> Profile:
    """What of the corrections made to `plan` (as read) holds for other documents of its family, as a
    reading profile: the label of a heading made an area or a goal, a mark a person read as planned or
    tentative where planparse did not know it, a role written otherwise. The rest (which measure moved
    where) is this document's alone and stays in its corrections."""
    areas: list[str] = []
    goals: list[str] = []
    planned: list[str] = []
    tentative: list[str] = []
    roles: dict[str, list[str]] = {}
    # applied in place to one copy, as they were made (a correction refused changes nothing: each kind
    # checks before it changes the plan), not copied and validated again after each
    current = plan.model_copy(deep=True)
    history = list(current.corrections)
    for correction in corrections:
        kind, target, level = correction.kind, correction.target, _level(correction.target)
        try:
            if kind is CorrectionKind.PROMOTE and level == 2:
                label = _title_label(_goal(current, target).text)
                areas.extend([label] if label else [])
            elif kind in (CorrectionKind.PROMOTE, CorrectionKind.DEMOTE) and level in (1, 3):
                text = _area(current, target).title if level == 1 else \
                    _measure(current, target)[0].measures[_measure(current, target)[1]].text
                label = _title_label(text)
                goals.extend([label] if label else [])
            elif kind is CorrectionKind.MARK and correction.period:
                goal, index = _measure(current, target)
                before = goal.measures[index].schedule.get(correction.period)
                after = _mark_kind(correction.mark or "")
                if before is not None and before.kind is MarkKind.UNKNOWN and before.raw.strip():
                    if after is MarkKind.PLANNED:
                        planned.append(before.raw.strip())
                    elif after is MarkKind.TENTATIVE:
                        tentative.append(before.raw.strip())
            elif kind is CorrectionKind.ROLES and correction.roles:
                goal, index = _measure(current, target)
                was = goal.measures[index].responsible
                now = [role.strip() for role in correction.roles if role.strip()]
                if len(was) == len(now):
                    for old, new in zip(was, now, strict=True):
                        if old != new:
                            roles.setdefault(new, []).append(old)
            history.append(_apply_one(current, correction, history))
        except CorrectionError:
            continue  # a correction that no longer fits generalises nothing
    def unique(items: list[str]) -> list[str]:
        return list(dict.fromkeys(items))

    return Profile(headings=Headings(areas=unique(areas), goals=unique(goals)),
                   marks=Marks(planned=unique(planned), tentative=unique(tentative)),
                   roles={role: unique(spellings) for role, spellings in roles.items()})
