"""Reading the organisation and period from a plan's title."""

from __future__ import annotations

import re

from planparse.model import Period
from planparse.vocabulary import Vocabulary

_RANGE = re.compile(r"(?P<start>(?:19|20)\d\d)\s*(?:[–—−/-]|til|to)\s*(?P<end>(?:19|20)?\d\d)\b")
_SINGLE = re.compile(r"\b(?P<year>(?:19|20)\d\d)\b")


def read_period(title: str) -> Period | None:
    """The period a title names: "2022 – 2024", "2025-27"; None when it names none."""
    match = _RANGE.search(title)
    if match:
        start = int(match.group("start"))
        end_text = match.group("end")
        end = int(end_text) if len(end_text) == 4 else start // 100 * 100 + int(end_text)
        if end >= start:
            return Period(start=start, end=end)
    return None


def read_single_year(title: str) -> int | None:
    """The one year a title names ("Årsplan 2026"), if it names exactly one."""
    years = {int(m.group("year")) for m in _SINGLE.finditer(title)}
    return years.pop() if len(years) == 1 else None


_SCHOOL_YEAR = re.compile(r"\b(?:19|20)\d\d\s*/\s*\d\d|\b(?:skole|skule|studie|barnehage)år|academic year|school year",
                          re.IGNORECASE)


def is_school_year_title(title: str) -> bool:
    """Whether the title names a school or study year ("Årsplan 2025/26", "skoleåret 2025–2026")."""
    return _SCHOOL_YEAR.search(title) is not None


_PARTS = re.compile(r"\s*(?:,|;|:|\s[–—-]\s|\|)\s*")


def read_organisation(title: str, vocabulary: Vocabulary) -> str | None:
    """The organisation in a title such as "Handlingsplan for Læringsmiljøsenteret 2022 – 2024", or
    "Handlingsplan for trafikksikkerhet 2026–2029, Nordvik kommune" (a topic in lower case is no
    organisation; a part of the title set apart by a comma or dash is)."""
    rest = _RANGE.sub(" ", title)
    rest = re.sub(r"\b(?:19|20)\d\d\s*/\s*\d{2,4}\b", " ", rest)
    rest = _SINGLE.sub(" ", rest)
    words = sorted(vocabulary.plan_words, key=len, reverse=True)
    plan_word = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    parts = [part for part in _PARTS.split(rest.strip(" –—-:,")) if part.strip()]
    if len(parts) > 1:
        others = [part for part in parts if not plan_word.search(part)]
        if len(others) == 1 and len(others) < len(parts):
            return " ".join(others[0].split()) or None
    match = plan_word.search(rest)
    if match is None:
        return None
    before = rest[: match.start()].strip(" –—-:,")
    after = rest[match.end():].strip()
    after = re.sub(r"^(?:for|til|of)\s+(?:the\s+)?", "", after, flags=re.IGNORECASE).strip(" –—-:,")
    if after and after[0].islower():
        after = ""  # "for trafikksikkerhet": what the plan is about, not who made it
    organisation = after or before
    organisation = " ".join(organisation.split())
    return organisation or None
