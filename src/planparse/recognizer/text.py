"""Joining the lines of a paragraph and reading the numbers in front of headings."""

from __future__ import annotations

import re

from planparse.layout import Paragraph
from planparse.vocabulary import Vocabulary

_NUMBER = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})*)(?P<dot>\.?)\s+(?P<rest>\S.*)$")
_YEAR_LIKE = re.compile(r"^(19|20)\d\d$")


def join_wrapped(first: str, second: str, vocabulary: Vocabulary) -> str:
    """Join two lines that one paragraph wrapped over.

    A line ending in a hyphen is a compound cut by the wrap ("EU-" + "finansiert"), unless the
    next word is a conjunction that shows a suspended compound ("utviklings-" + "og").
    """
    first = first.rstrip()
    second = second.lstrip()
    if not first:
        return second
    if not second:
        return first
    if first.endswith(("–", "—")) and len(first) > 1 and first[-2].isalnum():
        return first + second  # a line broken after a dash in a range ("2026–" + "2029")
    if first.endswith("-") and len(first) > 1 and first[-2].isalnum():
        next_word = second.split(maxsplit=1)[0].lower()
        if next_word not in vocabulary.hyphen_keepers:
            return first + second
    return f"{first} {second}"


def _cut_word(first: str, second: str) -> bool:
    """A line ending in a word and a hyphen, the next going on in lower case: a word the wrap cut,
    whatever the layout says of the break (a scan's lines do not say)."""
    first, second = first.rstrip(), second.lstrip()
    return len(first) > 1 and first.endswith("-") and first[-2].isalpha() and second[:1].islower()


def paragraph_text(paragraph: Paragraph, vocabulary: Vocabulary) -> str:
    """The paragraph's text with wrapped lines joined and explicit line breaks made spaces."""
    lines = paragraph.line_texts()
    text = lines[0].strip()
    for index, line in enumerate(lines[1:]):
        soft = (index < len(paragraph.soft_breaks) and paragraph.soft_breaks[index]) or _cut_word(text, line)
        text = join_wrapped(text, line, vocabulary) if soft else f"{text} {line.strip()}".strip()
    return " ".join(text.split())


def split_number(text: str, label: str | None = None) -> tuple[str | None, str]:
    """Split a heading's number from its text: "1.1 Senteret skal …" → ("1.1", "Senteret skal …").

    `label` is the number Word's list numbering shows in front of the paragraph, if any.
    """
    if label:
        return label.rstrip(".)").strip() or None, text
    match = _NUMBER.match(text)
    if not match or _YEAR_LIKE.match(match.group("number")):
        return None, text
    rest = match.group("rest")
    # "3 måneder" is text, "3 Forskning" is a number: a heading's text starts with a capital.
    if not (rest[0].isupper() or rest[0].isdigit()) and not match.group("dot"):
        return None, text
    return match.group("number"), rest


def number_depth(number: str | None) -> int | None:
    return None if number is None else number.count(".") + 1


# letters or digits in one word, at least, of a heading's text: a line of none is specks or a logo's strokes
# OCR read as letters ("t AX", "w"), not a heading, however large ("Mål", "2025", "Tid" are headings)
HEADING_WORD = 3


def names_something(text: str) -> bool:
    """Whether a text has a word of HEADING_WORD letters or digits, as a heading does."""
    return any(sum(character.isalnum() for character in word) >= HEADING_WORD for word in text.split())


def text_key(text: str) -> str:
    """A text as compared for sameness: case, spaces and punctuation aside."""
    return "".join(char for char in text.casefold() if char.isalnum())
