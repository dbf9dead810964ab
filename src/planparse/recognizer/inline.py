"""A measure's text with what it says inline split off: an ID in front ("Tiltak 1.2:"), and at its end
who is responsible and when ("(Ansvar: Rektor, 2025–2026)", "– Ansvar: X. Frist: Y")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planparse.layout import Paragraph
from planparse.recognizer.responsibility import has_time
from planparse.recognizer.roles import split_roles
from planparse.vocabulary import Vocabulary

_LABEL = re.compile(r"^(?P<label>(?:tiltak|tiltaka|measures?|actions?|aktivitet(?:er)?|tasks?|åtgärd(?:er)?|"
                    r"insats(?:er)?|maßnahmen?|massnahmen?)\s+\d+(?:\.\d+)*[a-z]?(?:\s*(?:,|og|and|och|und|&)\s*"
                    r"\d+(?:\.\d+)*[a-z]?)*|\d+(?:\.\d+)+)\s*[:.)–-]?\s+(?=\S)", re.IGNORECASE)


@dataclass(frozen=True)
class Inline:
    """A measure's own text and the parts its text stated inline."""

    text: str
    label: str | None = None
    roles: list[str] = field(default_factory=list)
    timing: str | None = None
    timing_label: str | None = None


def _keys(vocabulary: Vocabulary) -> tuple[str, str]:
    def alternatives(words: frozenset[str]) -> str:
        return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return alternatives(vocabulary.responsible_prefixes), alternatives(vocabulary.timing_prefixes)


def split_inline(text: str, vocabulary: Vocabulary) -> Inline:
    """Split "Kartlegge skoleveier (Ansvar: Kommunalteknikk, 2026)" into its text, roles and timing."""
    text = " ".join(text.split())
    label = None
    match = _LABEL.match(text)
    if match:
        label, text = match.group("label"), text[match.end():]
    responsible, timing = _keys(vocabulary)
    start = re.compile(rf"(?:\(\s*|\s[–—-]\s*|[.;,]\s+|\s)(?P<key>{responsible}|{timing})\s*:\s*", re.IGNORECASE)
    found = start.search(text)
    if found is None:
        return Inline(text=text, label=label)
    own = text[:found.start()].rstrip(" –—-,;") + ("." if found.group(0).startswith(".") else "")
    tail = text[found.start():].strip().lstrip("(–—- ").rstrip()
    if tail.endswith(")") and "(" in text[:found.start() + 1]:
        tail = tail[:-1]
    parts = re.split(rf"(?:^|[.;,]?\s+)(?P<key>{responsible}|{timing})\s*:\s*", tail, flags=re.IGNORECASE)
    roles: list[str] = []
    timings: list[str] = []
    timing_label = None
    for key, value in zip(parts[1::2], parts[2::2], strict=False):
        value = value.strip(" .;,")
        if key.lower() in vocabulary.responsible_prefixes:
            for piece in re.split(r"\s*[,;]\s*", value):
                if piece and has_time(piece):
                    timings.append(piece)
                elif piece:
                    roles.extend(split_roles([Paragraph(text=piece)], vocabulary))
        else:
            timing_label = timing_label or key
            timings.append(value)
    return Inline(text=own, label=label, roles=roles, timing=", ".join(timings) or None, timing_label=timing_label)


def measure_key(text: str, vocabulary: Vocabulary) -> str:
    """What two writings of one measure share (an ID, inline parts, case and spaces aside)."""
    return " ".join(split_inline(text, vocabulary).text.casefold().rstrip(".").split())
