"""What changed between two versions of a plan: measures matched by their text, small edits allowed,
then reported as added, removed, moved to another goal, reworded, rescheduled, given other roles, or
followed up differently (status, comment or date in the workbook's follow-up columns)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum

from rapidfuzz import fuzz, process

from planparse.language import Labels
from planparse.model import FollowUp, Goal, Location, MarkKind, Measure, Plan, StrictModel
from planparse.vocabulary import role_key

# Least similarity (0–100) for two measure texts to be one measure reworded, in the same goal or across.
SAME_GOAL_MATCH = 70.0
OTHER_GOAL_MATCH = 85.0
GOAL_MATCH = 80.0
SAME_GOAL_BONUS = 5.0  # a measure alike one in its own goal is more likely that one than one elsewhere


class ChangeKind(str, Enum):
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    REWORDED = "reworded"
    RESCHEDULED = "schedule-changed"
    RESPONSIBLE = "responsible-changed"
    FOLLOW_UP = "follow-up-changed"


class MeasureRef(StrictModel):
    """A measure in one version, as a change names it."""

    id: str | None = None
    area: str
    goal: str
    goal_number: str | None = None
    text: str
    schedule: dict[str, str]
    timing: str | None = None
    responsible: list[str]
    follow_up: FollowUp | None = None
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
        return MeasureRef(id=m.id, area=self.area, goal=self.goal.text, goal_number=self.goal.number, text=m.text,
                          schedule={label: mark.raw for label, mark in m.schedule.items() if mark.is_marked},
                          timing=m.timing.text if m.timing else None,
                          responsible=m.responsible, follow_up=m.follow_up, location=m.location)


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


# How many of the most alike texts are weighed for each text: enough for a text reworded among many.
CANDIDATES = 8


def _alike(queries: list[str], choices: list[str], cutoff: float) -> list[tuple[float, int, int]]:
    """(similarity, query index, choice index) of each query's most alike choices scoring at least
    `cutoff`. rapidfuzz scores every pair at once in C on all cores (by edit ratio and by sorted
    words); only each query's few best are weighed further, so no pair is sorted in Python."""
    if not queries or not choices:
        return []
    import numpy as np

    # Words sorted once per text, so one fast edit ratio per pair finds both a reworded and a reordered text.
    normal_queries = [" ".join(sorted(_norm(q).split())) for q in queries]
    normal_choices = [" ".join(sorted(_norm(c).split())) for c in choices]
    scores = np.maximum(
        process.cdist([_norm(q) for q in queries], [_norm(c) for c in choices], scorer=fuzz.ratio,
                      score_cutoff=cutoff, workers=-1, dtype=np.uint8),
        process.cdist(normal_queries, normal_choices, scorer=fuzz.ratio, score_cutoff=cutoff, workers=-1,
                      dtype=np.uint8))
    keep = min(CANDIDATES, len(choices))
    best = np.argpartition(-scores.astype(np.int16), keep - 1, axis=1)[:, :keep]
    found = [(_similarity(queries[i], choices[j]), i, int(j)) for i, row in enumerate(best) for j in row
             if scores[i, j] >= cutoff]
    return sorted((item for item in found if item[0] >= cutoff), reverse=True)


def _goal_map(old: Plan, new: Plan) -> dict[int, int]:
    """Old goal index → new goal index, for goals that are the same goal (maybe reworded)."""
    old_goals, new_goals = old.goals(), new.goals()
    mapping: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in _alike([g.text for g in old_goals], [g.text for g in new_goals], GOAL_MATCH):
        if i not in mapping and j not in taken:
            mapping[i] = j
            taken.add(j)
    return mapping


def _match(old: list[_Entry], new: list[_Entry], goals: dict[int, int]) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of the same measure: same text first (in the same goal before
    another), then the most alike."""
    pairs: list[tuple[int, int]] = []
    free_old, free_new = set(range(len(old))), set(range(len(new)))

    def take(i: int, j: int) -> None:
        pairs.append((i, j))
        free_old.discard(i)
        free_new.discard(j)

    by_text: dict[str, list[int]] = {}
    for j, entry in enumerate(new):
        by_text.setdefault(_norm(entry.measure.text), []).append(j)
    for same_goal_only in (True, False):
        for i in sorted(free_old):
            for j in by_text.get(_norm(old[i].measure.text), []):
                same_goal = goals.get(old[i].goal_index) == new[j].goal_index
                if j in free_new and (same_goal or not same_goal_only):
                    take(i, j)
                    break
    def same_goal_scores(cutoff: float) -> list[tuple[float, int, int]]:
        in_goal: dict[int, list[int]] = {}
        for j in free_new:
            in_goal.setdefault(new[j].goal_index, []).append(j)
        found = []
        for i in free_old:
            for j in in_goal.get(goals.get(old[i].goal_index, -1), []):
                score = _similarity(old[i].measure.text, new[j].measure.text)
                if score >= cutoff:
                    found.append((score + SAME_GOAL_BONUS, i, j))
        return found

    def take_best(scored: list[tuple[float, int, int]]) -> None:
        for _, i, j in sorted(scored, reverse=True):
            if i in free_old and j in free_new:
                take(i, j)

    # Reworded a little in its own goal, the usual case: weighed among that goal's few measures only,
    # and alike enough that no measure from another goal could be more alike.
    take_best(same_goal_scores(OTHER_GOAL_MATCH + SAME_GOAL_BONUS))
    # The rest: reworded more in its goal, or moved to another and reworded, weighed all together (in C).
    olds, news = sorted(free_old), sorted(free_new)
    across = [(score, olds[a], news[b]) for score, a, b in _alike(
        [old[i].measure.text for i in olds], [new[j].measure.text for j in news], OTHER_GOAL_MATCH)]
    take_best(same_goal_scores(SAME_GOAL_MATCH) + across)
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
    follow_up = follow_up_changes(a.measure.follow_up, b.measure.follow_up)
    if follow_up:
        change(ChangeKind.FOLLOW_UP, "; ".join(f"{name}: {before or '(none)'} → {after or '(none)'}"
                                               for name, before, after in follow_up))
    return changes


FOLLOW_UP_FIELDS = ("status", "comment", "updated")


def follow_up_changes(old: FollowUp | None, new: FollowUp | None) -> list[tuple[str, str, str]]:
    """(field, before, after) of each follow-up field (status, comment, updated) written differently."""
    out = []
    for name in FOLLOW_UP_FIELDS:
        before = " ".join((getattr(old, name) or "").split()) if old else ""
        after = " ".join((getattr(new, name) or "").split()) if new else ""
        if before != after:
            out.append((name, before, after))
    return out


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


EMPTY = "–"  # a follow-up field nobody had written


def _when_in(measure: MeasureRef, names: Labels) -> str:
    marked = [f"{label}" + (f" ({names.tentative})" if raw.startswith(("(", "[")) else "")
              for label, raw in measure.schedule.items()]
    if measure.timing:
        marked.append(measure.timing)
    return ", ".join(marked) or names.no_year


def detail_in(change: Change, names: Labels) -> str:
    """What changed, in the words of `names`' language (the change's own detail is English, for the terminal)."""
    under, was_under, source, to, was = names.change_words
    old, new = change.old, change.new
    if change.kind is ChangeKind.ADDED and new:
        return f"{under} «{new.goal}»; {_when_in(new, names)}"
    if change.kind is ChangeKind.REMOVED and old:
        return f"{was_under} «{old.goal}»"
    if change.kind is ChangeKind.MOVED and old and new:
        return f"{source} «{old.goal}» {to} «{new.goal}»"
    if change.kind is ChangeKind.REWORDED and old:
        return f"{was} «{old.text}»"
    if change.kind is ChangeKind.RESCHEDULED and old and new:
        return f"{_when_in(old, names)} → {_when_in(new, names)}"
    if change.kind is ChangeKind.FOLLOW_UP and old and new:
        field_names = {"status": names.status, "comment": names.comment, "updated": names.updated}
        return "; ".join(f"{field_names[name]}: {before or EMPTY} → {after or EMPTY}"
                         for name, before, after in follow_up_changes(old.follow_up, new.follow_up))
    if old and new:
        return f"{', '.join(old.responsible) or names.no_one} → {', '.join(new.responsible) or names.no_one}"
    return change.detail
