"""Responsibility stated once: "Ansvarlig: Enhetsleder" under a goal, or "Leads: A, B" above a group of
measures, and given to each measure under it that names no one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from planparse.layout import Paragraph
from planparse.model import Area, StatedAt
from planparse.recognizer.periods import ONGOING, date_in_text, read_timing
from planparse.recognizer.roles import split_roles
from planparse.vocabulary import Vocabulary

# How long the name of a group of measures before its statement may be ("Trinn 5–7 – Ansvar: ...").
GROUP_NAME_MAX = 30


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def has_time(text: str) -> bool:
    """Whether a text names a time: a year, a day, a period of a year, or an ongoing one (a month's
    abbreviation alone, as in "Under-Secretary-General (OCT)", is no time)."""
    return (_YEAR.search(text) is not None or date_in_text(text) is not None
            or ONGOING.search(text) is not None or (read_timing(text, None).understood and _season(text)))


def _season(text: str) -> bool:
    return re.search(r"\b(?:høst|haust|vår|spring|autumn|fall|höst|q[1-4]|h[12]|[1-3]\.\s*tertial)\b", text,
                     re.IGNORECASE) is not None


@dataclass(frozen=True)
class Statement:
    """A line stating who is responsible: the text before the statement (if any) and the roles."""

    before: str
    roles: list[str]


def _prefix_pattern(vocabulary: Vocabulary) -> str:
    words = sorted(vocabulary.responsible_prefixes, key=len, reverse=True)
    return r"(?:" + "|".join(re.escape(word) for word in words) + r")"


def responsible_statement(text: str, vocabulary: Vocabulary) -> Statement | None:
    """The roles a line states for what stands under it: "Ansvarlig: Rektor", "Ansvar for tiltakene:
    Rektor og inspektør" (a few words may stand between the word and the colon), or "Arbeidspakke 4 |
    Leads: A, B" (a name, then the statement). None for any other line."""
    pattern = re.compile(rf"^(?:(?P<before>.{{0,120}}?)\s*(?P<separator>\||\s[–—-]\s|[.;,])\s*)?"
                         rf"{_prefix_pattern(vocabulary)}(?:\s+[^:]{{1,40}}?)?\s*:\s*(?P<roles>\S.*)$", re.IGNORECASE)
    match = pattern.match(" ".join(text.split()))
    if match is None:
        return None
    before = (match.group("before") or "").strip()
    # A group's name stands short before the statement, or apart by a bar; a longer text is a measure
    # that states its own responsibility, and so is one that says when.
    if before and match.group("separator") != "|" and len(before) > GROUP_NAME_MAX:
        return None
    if has_time(match.group("roles")) or _timing_key(match.group("roles"), vocabulary):
        return None
    roles = split_roles([Paragraph(text=match.group("roles").rstrip(". "))], vocabulary)
    return Statement(before, roles) if roles else None


def _timing_key(text: str, vocabulary: Vocabulary) -> bool:
    words = "|".join(re.escape(word) for word in sorted(vocabulary.timing_prefixes, key=len, reverse=True))
    return re.search(rf"\b(?:{words})\s*:", text, re.IGNORECASE) is not None


def name_and_roles(text: str, vocabulary: Vocabulary) -> tuple[str, list[str]]:
    """A goal's name and the roles stated after it ("Work Package 4 | Leads: A, B"); the text
    itself and no roles when it states none."""
    statement = responsible_statement(text, vocabulary)
    if statement is None or not statement.before:
        return text, []
    return statement.before, statement.roles


def inherit_responsibility(areas: list[Area]) -> list[Area]:
    """Each measure naming no one takes the roles its goal, or else its area, states."""
    for area in areas:
        for goal in area.goals:
            stated = (goal.responsible, StatedAt.GOAL) if goal.responsible else (area.responsible, StatedAt.AREA)
            roles, level = stated
            if not roles:
                continue
            for index, measure in enumerate(goal.measures):
                if not measure.responsible:
                    goal.measures[index] = measure.model_copy(
                        update={"responsible": list(roles), "responsible_stated": level})
    return areas
