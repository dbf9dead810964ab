"""Reading the organisation and period from a plan's title."""

from __future__ import annotations

import re

from planparse.model import Period
from planparse.recognizer.vocabulary import DEFAULT_VOCABULARY, Vocabulary

_RANGE = re.compile(r"(?P<start>(?:19|20)\d\d)\s*(?:[–—−-]|til|to)\s*(?P<end>(?:19|20)?\d\d)\b")
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


def read_organisation(title: str, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> str | None:
    """The organisation in a title such as "Handlingsplan for Læringsmiljøsenteret 2022 – 2024"."""
    rest = _RANGE.sub(" ", title)
    rest = _SINGLE.sub(" ", rest)
    words = sorted(vocabulary.plan_words, key=len, reverse=True)
    plan_word = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    match = plan_word.search(rest)
    if match is None:
        return None
    before = rest[: match.start()].strip(" –—-:,")
    after = rest[match.end():].strip()
    after = re.sub(r"^(?:for|til|of)\s+(?:the\s+)?", "", after, flags=re.IGNORECASE).strip(" –—-:,")
    organisation = after or before
    organisation = " ".join(organisation.split())
    return organisation or None
