"""A list item's mark (a bullet glyph, a symbol font's odd glyph, Word's list numbering, a typed
number) and the measure an item makes, with what its text states inline."""

from __future__ import annotations

import re

from planparse.layout import Paragraph
from planparse.model import Measure, Timing
from planparse.recognizer.inline import split_inline
from planparse.vocabulary import Vocabulary

_GLYPHS = set("•●▪■◦○·‣⁃∙►▶➢➤✓✔✗-–—*»→□❖◆◇")
TYPED_NUMBER = re.compile(r"^(?P<label>\d{1,2}[.)]|[a-zA-Z][.)]|\(\w{1,3}\))\s+(?P<rest>\S.*)$")


def _odd_glyph(token: str) -> bool:
    """A one-character token that is no word: a bullet, also one in a symbol font ( , §, Ø)."""
    if len(token) != 1:
        return False
    code = ord(token)
    return token in _GLYPHS or 0xE000 <= code <= 0xF8FF or not (token.isalnum() or token in "([{\"'«“")


def item_marker(paragraph: Paragraph, text: str) -> tuple[str, str] | None:
    """(marker, text without it) for a marked list item: Word's own list, a glyph, a typed number."""
    style = paragraph.style
    if style.list_level is not None and style.heading_level is None:
        return style.list_label or "•", text
    first, _, rest = text.partition(" ")
    if rest.strip() and _odd_glyph(first):
        return first, rest.strip()
    match = TYPED_NUMBER.match(text)
    if match:
        return match.group("label"), match.group("rest")
    return None


def listed_measure(index: int, text: str, paragraph: Paragraph, vocabulary: Vocabulary) -> Measure:
    inline = split_inline(text, vocabulary)
    return Measure(
        text=inline.text,
        label=inline.label,
        paragraphs=[inline.text],
        timing=Timing(text=inline.timing, label=inline.timing_label, understood=False) if inline.timing else None,
        responsible=inline.roles,
        location=paragraph.location.model_copy(update={"block": index}),
    )
