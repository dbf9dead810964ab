"""Splitting a responsible cell into roles: one per line or separator, a wrapped role kept whole."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from planparse.layout import Paragraph
from planparse.model import Measure
from planparse.recognizer.text import join_wrapped
from planparse.vocabulary import Vocabulary, role_key

_SEPARATORS = re.compile(r"(?:[;,]|\s\+\s)(?![^()]*\))")
_BULLET = re.compile(r"^[•·\-–—*▪◦]\s+")


def continues_role(previous: str, line: str, vocabulary: Vocabulary) -> bool:
    """Whether `line` goes on with the role that `previous` started (a wrapped role).

    Roles are names and start with a capital; a line that starts in lower case, or follows a
    line ending in a word like "for" or a hyphen, is the rest of the role above.
    """
    if not previous or previous.endswith((",", ";")):
        return False
    first = line.lstrip()[:1]
    if (first.isalpha() and first.islower()) or first == "(":
        return True  # "(Ordförande)" under "Styrelse": the role's own parenthesis
    if previous.rstrip().endswith("+"):
        return True  # "Festkommitté +" / "Styrelse": two roles, split at the "+" below
    last_word = previous.rsplit(maxsplit=1)[-1].lower()
    return last_word in vocabulary.continuation_words


def split_roles(paragraphs: Sequence[Paragraph], vocabulary: Vocabulary) -> list[str]:
    """The roles in a responsible cell, in order, each once."""
    chunks: list[str] = []
    for paragraph in paragraphs:
        for line in paragraph.line_texts():
            line = _BULLET.sub("", line.strip())
            if not line:
                continue
            if chunks and continues_role(chunks[-1], line, vocabulary):
                chunks[-1] = join_wrapped(chunks[-1], line, vocabulary)
            else:
                chunks.append(line)
    roles: list[str] = []
    for chunk in chunks:
        for part in _SEPARATORS.split(chunk):
            role = " ".join(part.split()).strip(" .+")
            if role and role not in roles and role.split()[0].casefold() not in vocabulary.through_words:
                roles.append(role)  # ("Genom KLF" names no role: the work is done through another unit)
    return roles


def unify_roles(measures: Sequence[Measure], vocabulary: Vocabulary) -> list[Measure]:
    """Measures with each role written one way across the plan: an alias's role, or else the most used
    of the spellings that differ only in case, spaces or dashes ("Fou-leder" → "FoU-leder").
    A measure whose roles changed keeps them as written in `responsible_as_written`."""
    aliased = [[vocabulary.role_aliases.get(role_key(role), role) for role in m.responsible] for m in measures]
    counts: Counter[str] = Counter(role for roles in aliased for role in roles)
    preferred: dict[str, str] = {}
    for role, _ in sorted(counts.items(), key=lambda item: -item[1]):  # stable: ties keep first seen
        preferred.setdefault(role_key(role), role)
    out = []
    for measure, roles in zip(measures, aliased, strict=True):
        unified = list(dict.fromkeys(preferred[role_key(role)] for role in roles))
        if unified == measure.responsible:
            out.append(measure)
        else:
            out.append(measure.model_copy(update={"responsible": unified,
                                                  "responsible_as_written": list(measure.responsible)}))
    return out
