"""What changed between two versions of a plan: measures matched by their text, small edits allowed,
then reported as added, removed, moved to another goal, reworded, rescheduled or given other roles."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum

from rapidfuzz import fuzz

from planparse.model import Goal, Location, MarkKind, Measure, Plan, StrictModel
from planparse.recognizer.vocabulary import role_key

# Least similarity (0–100) for two measure texts to be one measure reworded, in the same goal or across.
SAME_GOAL_MATCH = 70.0
OTHER_GOAL_MATCH = 85.0
GOAL_MATCH = 80.0


class ChangeKind(str, Enum):
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    REWORDED = "reworded"
    RESCHEDULED = "schedule-changed"
    RESPONSIBLE = "responsible-changed"


class MeasureRef(StrictModel):
    """A measure in one version, as a change names it."""

    area: str
    goal: str
    goal_number: str | None = None
    text: str
    schedule: dict[str, str]
    timing: str | None = None
    responsible: list[str]
    location: Location


class Change(StrictModel):
    kind: ChangeKind
    old: MeasureRef | None = None
    new: MeasureRef | None = None
    detail: str = ""

    def describe(self) -> str:
        measure = self.new or self.old
        assert measure is not None
        return f"{self.kind.value:20} «{measure.text}»" + (f": {self.detail}" if self.detail else "")


@dataclass(frozen=True)
class _Entry:
    area: str
    goal: Goal
    goal_index: int
    measure: Measure

    def ref(self) -> MeasureRef:
        m = self.measure
        return MeasureRef(area=self.area, goal=self.goal.text, goal_number=self.goal.number, text=m.text,
                          schedule={label: mark.raw for label, mark in m.schedule.items() if mark.is_marked},
                          timing=m.timing.text if m.timing else None,
                          responsible=m.responsible, location=m.location)


def _entries(plan: Plan) -> list[_Entry]:
    out: list[_Entry] = []
    index = 0
    for area in plan.areas:
        for goal in area.goals:
            out.extend(_Entry(area.title, goal, index, measure) for measure in goal.measures)
            index += 1
    return out


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _similarity(a: str, b: str) -> float:
    a, b = _norm(a), _norm(b)
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def _goal_map(old: Plan, new: Plan) -> dict[int, int]:
    """Old goal index → new goal index, for goals that are the same goal (maybe reworded)."""
    old_goals, new_goals = old.goals(), new.goals()
    pairs = sorted(((_similarity(a.text, b.text), i, j) for i, a in enumerate(old_goals)
                    for j, b in enumerate(new_goals)), reverse=True)
    mapping: dict[int, int] = {}
    taken: set[int] = set()
    for score, i, j in pairs:
        if score < GOAL_MATCH:
            break
        if i not in mapping and j not in taken:
            mapping[i] = j
            taken.add(j)
    return mapping


def _match(old: list[_Entry], new: list[_Entry], goals: dict[int, int]) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of the same measure: same text first, then the most alike."""
    pairs: list[tuple[int, int]] = []
    free_old, free_new = set(range(len(old))), set(range(len(new)))

    def take(i: int, j: int) -> None:
        pairs.append((i, j))
        free_old.discard(i)
        free_new.discard(j)

    for same_goal_only in (True, False):
        for i in sorted(free_old):
            for j in sorted(free_new):
                same_goal = goals.get(old[i].goal_index) == new[j].goal_index
                if _norm(old[i].measure.text) == _norm(new[j].measure.text) and (same_goal or not same_goal_only):
                    take(i, j)
                    break
    scored = []
    for i in free_old:
        for j in free_new:
            same_goal = goals.get(old[i].goal_index) == new[j].goal_index
            score = _similarity(old[i].measure.text, new[j].measure.text)
            if score >= (SAME_GOAL_MATCH if same_goal else OTHER_GOAL_MATCH):
                scored.append((score + (5 if same_goal else 0), i, j))
    for _, i, j in sorted(scored, reverse=True):
        if i in free_old and j in free_new:
            take(i, j)
    return pairs


def _with_reworded_goals(goals: dict[int, int], pairs: list[tuple[int, int]], old: list[_Entry],
                         new: list[_Entry]) -> dict[int, int]:
    """Goals whose text changed too much to match, mapped to the new goal most of their measures went to."""
    votes: dict[int, Counter[int]] = {}
    for i, j in pairs:
        votes.setdefault(old[i].goal_index, Counter())[new[j].goal_index] += 1
    mapped = dict(goals)
    taken = set(goals.values())
    for old_goal, counter in votes.items():
        target, count = counter.most_common(1)[0]
        if old_goal not in mapped and target not in taken and count * 2 > sum(counter.values()):
            mapped[old_goal] = target
            taken.add(target)
    return mapped


def _years(measure: Measure) -> str:
    marked = [f"{label}{' (tentative)' if m.kind is MarkKind.TENTATIVE else ''}"
              for label, m in measure.schedule.items() if m.is_marked]
    if measure.timing is not None:
        marked.append(measure.timing.text)
    return ", ".join(marked) or "no time"


def _when(measure: Measure) -> set[tuple[str, str]]:
    """What a measure's schedule says, to compare: its marked periods and its timing's dates."""
    when = {(label, m.kind.value) for label, m in measure.schedule.items() if m.is_marked}
    timing = measure.timing
    if timing is not None:
        dates = (str(timing.start), str(timing.end), str(timing.ongoing)) if timing.understood else (
            " ".join(timing.text.casefold().split()),)
        when.add(("timing", "|".join(dates)))
    return when


def _pair_changes(a: _Entry, b: _Entry, goals: dict[int, int]) -> list[Change]:
    old_ref, new_ref = a.ref(), b.ref()
    changes = []

    def change(kind: ChangeKind, detail: str) -> None:
        changes.append(Change(kind=kind, old=old_ref, new=new_ref, detail=detail))

    if goals.get(a.goal_index) != b.goal_index:
        change(ChangeKind.MOVED, f"from the goal «{a.goal.text}» to «{b.goal.text}»")
    if _norm(a.measure.text) != _norm(b.measure.text):
        change(ChangeKind.REWORDED, f"was «{a.measure.text}»")
    if _when(a.measure) != _when(b.measure):
        change(ChangeKind.RESCHEDULED, f"{_years(a.measure)} → {_years(b.measure)}")
    if {role_key(r) for r in a.measure.responsible} != {role_key(r) for r in b.measure.responsible}:
        change(ChangeKind.RESPONSIBLE, f"{', '.join(a.measure.responsible) or 'no one'} → "
                                       f"{', '.join(b.measure.responsible) or 'no one'}")
    return changes


def diff_plans(old: Plan, new: Plan) -> list[Change]:
    """The changes from `old` to `new`, in the order of the new plan, removed measures last."""
    old_entries, new_entries = _entries(old), _entries(new)
    goals = _goal_map(old, new)
    pairs = _match(old_entries, new_entries, goals)
    goals = _with_reworded_goals(goals, pairs, old_entries, new_entries)
    matched_old = {i for i, _ in pairs}
    by_new = {j: i for i, j in pairs}
    changes: list[Change] = []
    for j, entry in enumerate(new_entries):
        if j in by_new:
            changes.extend(_pair_changes(old_entries[by_new[j]], entry, goals))
        else:
            changes.append(Change(kind=ChangeKind.ADDED, new=entry.ref(),
                                  detail=f"under «{entry.goal.text}»; {_years(entry.measure)}"))
    for i, entry in enumerate(old_entries):
        if i not in matched_old:
            changes.append(Change(kind=ChangeKind.REMOVED, old=entry.ref(), detail=f"was under «{entry.goal.text}»"))
    return changes
