"""Characters a symbol font draws as something else: Word sets bullets and ticks in Wingdings, whose
"Ø" is a pointing arrow and "ü" a tick; their text says the letter, the page shows the sign. A word of
one such character is read as the sign it draws."""

from __future__ import annotations

import re
from dataclasses import replace

from planparse.readers.pages.text import Word

_SYMBOL_FONT = re.compile(r"wingding|webding|dingbat|zapf", re.IGNORECASE)
# Wingdings' letters for the signs plans use: list marks, ticks and crosses.
WINGDINGS = {
    "Ø": "➢", "§": "▪", "l": "●", "n": "■", "q": "❑", "v": "❖", "w": "◆", "u": "◆", "Ÿ": "•", "ü": "✓",
    "þ": "☑", "ý": "☒", "û": "✗", "o": "□", "¨": "□", "Ô": "➢", "à": "➔", "è": "➔", "Ú": "➢",
}
SIGN = "•"  # what another character of a symbol font draws, as far as reading a plan goes


# Word's second-level bullet is a letter "o" set in Courier New.
_COURIER = re.compile(r"courier", re.IGNORECASE)


def drawn_sign(word: Word) -> Word:
    """The word as the sign it draws, where it is one character of a symbol font (or Word's "o" bullet
    in Courier New)."""
    if len(word.text) != 1:
        return word
    if word.text == "o" and _COURIER.search(word.font):
        return replace(word, text="◦")
    if not _SYMBOL_FONT.search(word.font):
        return word
    return replace(word, text=WINGDINGS.get(word.text, SIGN))
