"""Reading a year cell's mark: planned, tentative, none, or unknown text kept as written."""

from __future__ import annotations

import re

from planparse.model import MarkKind, YearMark
from planparse.vocabulary import Vocabulary, mark_key

_BRACKETED = re.compile(r"^[(\[{](?P<inner>.+?)[)\]}]?$")  # "(x" too: a closing bracket the scan lost
_QUESTIONED = re.compile(r"^(?P<inner>.+?)\s*\?$")


def _planned(compact: str, vocabulary: Vocabulary) -> bool:
    """A planned mark, also as a scan reads one: with a full stop after it ("x."), or one letter of it
    read twice ("xx")."""
    if compact in vocabulary.planned_marks:
        return True
    trimmed = compact.rstrip(".,")
    if trimmed and trimmed != compact and trimmed in vocabulary.planned_marks:
        return True
    return len(compact) == 2 and compact[0] == compact[1] and compact[0] in vocabulary.planned_marks


def read_mark(raw: str, vocabulary: Vocabulary) -> YearMark:
    """The meaning of the text in a year cell; `raw` is kept as written (spaces folded)."""
    text = " ".join(raw.split())
    compact = mark_key(text)
    if compact in vocabulary.empty_marks:
        return YearMark(raw=text, kind=MarkKind.NONE)
    if _planned(compact, vocabulary):
        return YearMark(raw=text, kind=MarkKind.PLANNED)
    if compact in vocabulary.tentative_marks:
        return YearMark(raw=text, kind=MarkKind.TENTATIVE)
    for pattern in (_BRACKETED, _QUESTIONED):
        match = pattern.match(compact)
        if match and _planned(match.group("inner"), vocabulary):
            return YearMark(raw=text, kind=MarkKind.TENTATIVE)
    return YearMark(raw=text, kind=MarkKind.UNKNOWN)
