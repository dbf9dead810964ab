"""Reading a year cell's mark: planned, tentative, none, or unknown text kept as written."""

from __future__ import annotations

import re

from planparse.model import MarkKind, YearMark
from planparse.recognizer.vocabulary import Vocabulary, mark_key

_BRACKETED = re.compile(r"^[(\[{](?P<inner>.+)[)\]}]$")
_QUESTIONED = re.compile(r"^(?P<inner>.+?)\s*\?$")


def read_mark(raw: str, vocabulary: Vocabulary) -> YearMark:
    """The meaning of the text in a year cell; `raw` is kept as written (spaces folded)."""
    text = " ".join(raw.split())
    compact = mark_key(text)
    if compact in vocabulary.empty_marks:
        return YearMark(raw=text, kind=MarkKind.NONE)
    if compact in vocabulary.planned_marks:
        return YearMark(raw=text, kind=MarkKind.PLANNED)
    for pattern in (_BRACKETED, _QUESTIONED):
        match = pattern.match(compact)
        if match and match.group("inner") in vocabulary.planned_marks:
            return YearMark(raw=text, kind=MarkKind.TENTATIVE)
    return YearMark(raw=text, kind=MarkKind.UNKNOWN)
