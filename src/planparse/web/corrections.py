"""Correcting a reading on the plan page: a measure moved, merged, split, deleted or put back, a
measure made a goal or a goal an area (and back), a mark or the roles fixed, and the last correction
undone. The store keeps each plan as read and the corrections made on the page; the plan shown and
downloaded is always the plan as read with them applied (`planparse.corrections`), so every view and
every download carries them, and the plan's JSON holds them in its `corrections`.

A correction that does not fit the plan is answered 422 with one line in the page's language, and the
plan is left as it was."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from planparse.corrections import PATCH_MAX_ITEMS, CorrectionError, apply_corrections
from planparse.language import Language
from planparse.model import Correction, CorrectionKind, Plan
from planparse.web.common import language_of, state
from planparse.web.store import StoredPlan
from planparse.web.texts import TEXTS

FIELDS = ("kind", "target", "to", "at", "period", "mark", "roles", "text")
FIELD_MAX_CHARS = 20_000  # a measure's text, as a person could type it
SHOWN_TEXT_CHARS = 80  # a text quoted in the list of corrections or the list of goals


class Misfit(Exception):
    """A correction the page refuses before it reaches the plan: its one line, in the page's language."""


@dataclass(frozen=True)
class Shown:
    """One of the plan's corrections as the page lists it."""

    number: int  # from 1, as a restore names it
    text: str
    restorable: bool  # a delete not put back since
    restored: bool  # a delete put back since
    on_page: bool  # made on this page (undo drops the last of these), not read with the plan


def _short(text: str, limit: int = SHOWN_TEXT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _numbers(target: str) -> list[int] | None:
    pieces = target.strip().split(".")
    if not all(piece.isdigit() and int(piece) > 0 for piece in pieces):
        return None
    return [int(piece) - 1 for piece in pieces]


def _exists(plan: Plan, target: str) -> bool:
    """Whether the plan has the area (1), goal (1.2) or measure (1.2.3) the ID names."""
    numbers = _numbers(target)
    if numbers is None or not 1 <= len(numbers) <= 3 or numbers[0] >= len(plan.areas):
        return False
    area = plan.areas[numbers[0]]
    if len(numbers) == 1:
        return True
    if numbers[1] >= len(area.goals):
        return False
    return len(numbers) == 2 or numbers[2] < len(area.goals[numbers[1]].measures)


def _levels(kind: CorrectionKind) -> tuple[int, ...]:
    """The levels of ID (1 area, 2 goal, 3 measure) a correction of the kind is made to."""
    if kind is CorrectionKind.PROMOTE:
        return (3, 2)
    if kind is CorrectionKind.DEMOTE:
        return (2, 1)
    if kind is CorrectionKind.TEXT:
        return (3, 2, 1)
    return (3,)


def explained(plan: Plan, correction: Correction, error: CorrectionError, texts: dict[str, str]) -> str:
    """Why a correction does not fit the plan, in one line of the page's language; what the page does
    not foresee keeps planparse's own words."""
    kind, target = correction.kind, correction.target.strip()
    level = len(target.split("."))
    what = {1: texts["fix_what_area"], 2: texts["fix_what_goal"], 3: texts["fix_what_measure"]}
    if kind is CorrectionKind.RESTORE:
        return texts["fix_not_delete"].format(n=target)
    if level not in _levels(kind) or _numbers(target) is None:
        return texts["fix_wrong_id"].format(id=_short(target, 40))
    if not _exists(plan, target):
        return texts["fix_no_what"].format(what=what[level], id=target)
    position = _numbers(target) or [0]
    if kind is CorrectionKind.MOVE and (correction.to is None or len(correction.to.split(".")) != 2
                                        or not _exists(plan, correction.to)):
        if correction.to:
            return texts["fix_no_what"].format(what=what[2], id=_short(correction.to, 40))
        return texts["fix_move_where"]
    if kind is CorrectionKind.MERGE and correction.to is None and position[-1] == 0:
        return texts["fix_merge_first"].format(id=target)
    if kind is CorrectionKind.SPLIT:
        return texts["fix_split_where"].format(id=target)
    if kind is CorrectionKind.DEMOTE and position[-1] == 0:
        return texts["fix_demote_first_goal" if level == 2 else "fix_demote_first_area"].format(id=target)
    if kind is CorrectionKind.MARK:
        return texts["fix_no_period"].format(period=_short(correction.period or "", 40),
                                             labels=", ".join(plan.period_labels()) or "–")
    if kind is CorrectionKind.TEXT and not (correction.text or "").strip():
        return texts["fix_no_text"]
    return texts["fix_not_fitting"].format(reason=" ".join(str(error).split()))


def _split_at(plan: Plan, target: str, at: str) -> str:
    """Where a measure is split, as its text has it: the words the person chose found in the measure's
    text however the spaces between them were shown (paragraphs as lines, runs of spaces)."""
    words = at.split()
    numbers = _numbers(target)
    if not words or numbers is None or len(numbers) != 3 or not _exists(plan, target):
        return at
    text = plan.areas[numbers[0]].goals[numbers[1]].measures[numbers[2]].text
    found = re.search(r"\s+".join(re.escape(word) for word in words[:12]), text[1:])
    return text[found.start() + 1:found.end() + 1] if found else at


def correction_from(fields: dict[str, str], plan: Plan, texts: dict[str, str]) -> Correction:
    """The correction a form asks for (roles separated by ';'); Misfit when it is not one."""
    values: dict[str, Any] = {name: fields[name] for name in FIELDS if name in fields and name != "roles"}
    kind = values.get("kind", "")
    if "roles" in fields:
        values["roles"] = [role.strip() for role in fields["roles"].split(";") if role.strip()]
    for optional in ("to", "at", "period"):
        if not values.get(optional, "").strip():
            values.pop(optional, None)
    if kind == CorrectionKind.MARK.value:
        values.setdefault("mark", "")
    if kind == CorrectionKind.SPLIT.value and "at" in values:
        values["at"] = _split_at(plan, values.get("target", ""), values["at"])
    try:
        correction = Correction.model_validate(values)
    except ValidationError as error:
        raise Misfit(texts["fix_unknown"]) from error
    if correction.removed is not None or correction.removed_from is not None:
        raise Misfit(texts["fix_unknown"])
    return correction


def describe(correction: Correction, texts: dict[str, str]) -> str:
    """A correction in a line of the page's language, as the list of corrections shows it."""
    kind, target = correction.kind, correction.target
    level = len(target.split("."))
    if kind is CorrectionKind.MOVE:
        return texts["fix_did_move"].format(target=target, to=correction.to or "")
    if kind is CorrectionKind.MERGE:
        into = correction.to
        if into is None:
            head, _, last = target.rpartition(".")
            into = f"{head}.{int(last) - 1}" if last.isdigit() else "?"
        return texts["fix_did_merge"].format(target=target, to=into)
    if kind is CorrectionKind.SPLIT:
        return texts["fix_did_split"].format(target=target, at=_short(correction.at or "", 40))
    if kind is CorrectionKind.PROMOTE:
        return texts["fix_did_promote_measure" if level == 3 else "fix_did_promote_goal"].format(target=target)
    if kind is CorrectionKind.DEMOTE:
        return texts["fix_did_demote_goal" if level == 2 else "fix_did_demote_area"].format(target=target)
    if kind is CorrectionKind.MARK:
        return texts["fix_did_mark"].format(target=target, period=correction.period or "",
                                            mark=correction.mark or texts["fix_empty"])
    if kind is CorrectionKind.ROLES:
        return texts["fix_did_roles"].format(target=target, roles=", ".join(correction.roles or []) or "–")
    if kind is CorrectionKind.TEXT:
        what = {1: "fix_what_area", 2: "fix_what_goal"}.get(level, "fix_what_measure")
        return texts["fix_did_text"].format(what=texts[what], target=target, text=_short(correction.text or ""))
    if kind is CorrectionKind.DELETE:
        removed = correction.removed.text if correction.removed is not None else ""
        return texts["fix_did_delete"].format(target=target, text=_short(removed))
    return texts["fix_did_restore"].format(target=target)


def shown_corrections(stored: StoredPlan, texts: dict[str, str]) -> list[Shown]:
    """The plan's corrections as the page lists them: those read with the plan and those made here."""
    history = stored.plan.corrections
    restored = {c.target.strip() for c in history if c.kind is CorrectionKind.RESTORE}
    first_here = len(history) - len(stored.corrections)
    return [Shown(number, describe(correction, texts),
                  restorable=correction.kind is CorrectionKind.DELETE and str(number) not in restored,
                  restored=correction.kind is CorrectionKind.DELETE and str(number) in restored,
                  on_page=number > first_here)
            for number, correction in enumerate(history, start=1)]


def correction_context(stored: StoredPlan, language: Language) -> dict[str, Any]:
    """What the plan page's correcting part shows: the corrections, and the goals a measure can be moved to."""
    texts = TEXTS[language]
    goals = [(f"{a}.{g}", _short(goal.text) or "–")
             for a, area in enumerate(stored.plan.areas, start=1) for g, goal in enumerate(area.goals, start=1)]
    return {"fixes": shown_corrections(stored, texts), "can_undo": bool(stored.corrections), "fix_goals": goals}


def correct(stored: StoredPlan, correction: Correction) -> None:
    """The correction applied to the plan as shown and kept; CorrectionError (the plan unchanged) when
    it does not fit."""
    with stored.lock:
        stored.plan = apply_corrections(stored.plan, [correction])
        stored.corrections.append(correction)


def undo(stored: StoredPlan) -> bool:
    """The last correction made on the page dropped, the rest applied again to the plan as read; False
    when there is none."""
    with stored.lock:
        if not stored.corrections:
            return False
        rest = stored.corrections[:-1]
        stored.plan = apply_corrections(stored.as_read, rest)
        stored.corrections = rest
        return True


def _refused(request: Request, key: str, status_code: int, **values: object) -> Response:
    return _refused_line(TEXTS[language_of(request)][key].format(**values), status_code)


def _refused_line(line: str, status_code: int = 422) -> Response:
    return PlainTextResponse(" ".join(line.split()), status_code=status_code, headers={"cache-control": "no-store"})


def _shown(stored: StoredPlan) -> Response:
    return RedirectResponse(f"/plans/{stored.id}", status_code=303)


async def add(request: Request) -> Response:
    """One correction, from the form fields kind, target, to, at, period, mark, roles (separated by ';')
    and text: the plan's page (a redirect), or 422 and one line."""
    stored = state(request).store.plan(request.path_params["plan_id"])
    if stored is None:
        return _refused(request, "not_found", 404)
    texts = TEXTS[language_of(request)]
    try:
        form = await request.form(max_files=0, max_fields=len(FIELDS) + 2)
    except Exception:  # the form parser refuses (a file, too many fields, a damaged body)
        return _refused(request, "fix_unknown", 400)
    fields = {name: value for name, value in form.items() if name in FIELDS and isinstance(value, str)}
    if any(len(value) > FIELD_MAX_CHARS for value in fields.values()):
        return _refused(request, "fix_unknown", 422)
    if len(stored.corrections) >= PATCH_MAX_ITEMS:
        return _refused(request, "fix_too_many", 422, n=len(stored.corrections))
    plan = stored.plan
    try:
        correction = correction_from(fields, plan, texts)
        await run_in_threadpool(correct, stored, correction)
    except Misfit as misfit:
        return _refused_line(str(misfit))
    except CorrectionError as error:
        return _refused_line(explained(plan, correction, error, texts))
    return _shown(stored)


async def drop_last(request: Request) -> Response:
    """The last correction made on the page undone: the plan's page (a redirect), or 422 and one line."""
    stored = state(request).store.plan(request.path_params["plan_id"])
    if stored is None:
        return _refused(request, "not_found", 404)
    if not await run_in_threadpool(undo, stored):
        return _refused(request, "fix_nothing_to_undo", 422)
    return _shown(stored)


# The page's routes for correcting a plan: POST /plans/{id}/corrections (one correction) and POST
# /plans/{id}/corrections/undo.
ROUTES = [Route("/plans/{plan_id}/corrections", add, methods=["POST"]),
          Route("/plans/{plan_id}/corrections/undo", drop_last, methods=["POST"])]
