"""Where OCR's reading of a letter is in doubt, what the word's place says: Tesseract's recognizer
gives each character's likely readings, and its word list then picks one that is often wrong at low
resolution ("identifisere" for "Identifisere", "ledelse," for "ledelse.", "Il-" for "II-",
"ertaringsdeling" a line after "erfaringsdeling", "shali" for "shall").

Each rule takes a reading only the recognizer found likely, or, across the document, one the
document spells that way more often; nothing else is changed."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from planparse.readers.ocr.tesseract import LIKELY, OcrWord

# "II", "III" as OCR misreads them, before a hyphen or alone; with a letter among them ("11" is a number)
ROMAN_RUN = re.compile(r"^(?=[1|]*[Il])[Il1|]{2,3}(?=-|$)")
STOP = 60.0  # percent: a full stop this likely where a comma was read is one (real commas measured at most 45)
LONG_WORD = 8  # letters: a word this long, one letter off a word the document has, is that word misread
# small letters OCR mistakes for each other, at scanning resolutions, in the fonts plans are set in (not
# capitals for small letters: "Instituttet" in a title is not "instituttet" in a sentence misread)
CONFUSED = ("ft", "li", "ce", "oø", "aå", "hb", "nu")
_EDGE_PUNCTUATION = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


def _with_text(word: OcrWord, text: str) -> OcrWord:
    return word if text == word.text else replace(word, text=text, choices=())


def roman_numerals(word: OcrWord) -> OcrWord:
    """"Il-stillinger", "ll-er" as "II-stillinger", "II-er": a run of two or three I-like strokes
    alone or before a hyphen is a Roman numeral (no word of Norwegian or English is "Il" or "ll"),
    where the recognizer found "I" likely for each stroke; without its choices, a run of two (English
    has "Ill")."""
    found = ROMAN_RUN.match(word.text)
    if found is None or set(found.group()) == {"I"}:
        return word
    run = found.end()
    if word.choices:
        if not all(word.text[index] == "I" or word.likelihood(index, "I") >= LIKELY for index in range(run)):
            return word
    elif run == 3:
        return word
    return _with_text(word, "I" * run + word.text[run:])


def sentence_start(word: OcrWord) -> OcrWord:
    """The first word of a cell or paragraph with its first letter a capital where the recognizer
    found the capital at least as likely as the small letter, and its word list took the small one (a
    capital "I" and an "i" whose dot has run into its stem look alike). Words of fewer than two small
    letters ("x", a mark) are left as read."""
    first = word.text[:1]
    if not (first.islower() and word.text[1:2].isalpha() and word.text[1:2].islower()):
        return word
    capital = word.likelihood(0, first.upper())
    if capital >= LIKELY and capital >= word.likelihood(0, first):
        return _with_text(word, first.upper() + word.text[1:])
    return word


def sentence_end(word: OcrWord) -> OcrWord:
    """The last word of a cell or paragraph ending in a full stop, not a comma, where the recognizer
    found the stop likely (at least STOP): no sentence ends in a comma, and a comma read where the text
    goes on (on the next page) has the stop far less likely."""
    if word.text.endswith(",") and len(word.text) > 1 and word.likelihood(len(word.text) - 1, ".") >= STOP:
        return _with_text(word, word.text[:-1] + ".")
    return word


# A quotation opened low with „ is closed with “; OCR reads the closing mark small, as ‘ ’ or ' (or
# as “ and ” both, which are right): the last word of the quotation is given its closing mark.
_SINGLE_CLOSE = re.compile(r"(?<=\w)[‘’'](?=\W*$)")


def closing_quotes(words: Sequence[OcrWord]) -> list[OcrWord]:
    """The words of each line with a quotation opened by „ closed by “ where OCR read a single mark."""
    out = list(words)
    open_at: dict[tuple[int, int, int], bool] = {}
    for index, word in enumerate(out):
        if "„" in word.text:
            open_at[word.line] = not any(mark in word.text.split("„")[-1] for mark in "“”")
        if open_at.get(word.line) and (fixed := _SINGLE_CLOSE.sub("“", word.text)) != word.text:
            out[index] = _with_text(word, fixed)
            open_at[word.line] = False
        elif any(mark in word.text for mark in "“”") and "„" not in word.text:
            open_at[word.line] = False
    return out


def _first_and_last(members: Sequence[int], words: Sequence[OcrWord]) -> tuple[int, int]:
    """Of the words at `members`, the first of the first line and the last of the last line (lines by
    their middles)."""
    by_height = sorted(members, key=lambda index: words[index].center_y)
    top, bottom = words[by_height[0]], words[by_height[-1]]
    first_line = [i for i in members if words[i].center_y <= top.center_y + (top.bottom - top.top) / 2]
    last_line = [i for i in members if words[i].center_y >= bottom.center_y - (bottom.bottom - bottom.top) / 2]
    return min(first_line, key=lambda i: words[i].left), max(last_line, key=lambda i: words[i].right)


def in_context(words: Sequence[OcrWord], cells: Iterable[tuple[float, float, float, float]]) -> list[OcrWord]:
    """The words with the readings their place calls for. A word's paragraph is the table cell it is
    in (`cells`, pixel boxes), or else the paragraph Tesseract put it in."""
    boxes = list(cells)
    groups: dict[Any, list[int]] = {}
    for index, word in enumerate(words):
        cell = next((i for i, (x0, top, x1, bottom) in enumerate(boxes)
                     if x0 <= word.center_x <= x1 and top <= word.center_y <= bottom), None)
        groups.setdefault(("cell", cell) if cell is not None else ("paragraph", word.line[:2]), []).append(index)
    out = closing_quotes([roman_numerals(word) for word in words])
    for members in groups.values():
        start, end = _first_and_last(members, out)
        out[start] = sentence_start(out[start])
        out[end] = sentence_end(out[end])
    return out


def _parts(text: str) -> tuple[str, str, str]:
    found = _EDGE_PUNCTUATION.match(text)
    assert found is not None
    return found.group(1), found.group(2), found.group(3)


def _variants(core: str) -> Iterable[str]:
    """The core with one letter swapped for one OCR mistakes it for."""
    for index, letter in enumerate(core):
        for confused in CONFUSED:
            if letter in confused:
                for other in confused:
                    if other != letter:
                        yield core[:index] + other + core[index + 1:]


def spelled_as_elsewhere(words: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
    """The texts of a document's words read by OCR (each word's text and the other spellings the
    recognizer found likely), each word spelled as the document spells it more often, and at least
    twice, where it can be spelled so: by a spelling the recognizer found likely ("shali" where the plan
    has "shall" twice, and the recognizer found "l" likely for the "i"), or, for a long word, with one
    letter OCR mistakes for another ("ertaringsdeling" where it has "erfaringsdeling" seven times)."""
    counts = Counter(_parts(text)[1] for text, _ in words)
    out = []
    for text, likely in words:
        before, core, after = _parts(text)
        candidates = {_parts(spelling)[1] for spelling in likely}
        if sum(c.isalpha() for c in core) >= LONG_WORD:
            candidates.update(_variants(core))
        better = max(((counts[v], v) for v in candidates if v != core and counts.get(v, 0) > max(counts[core], 1)),
                     default=None)
        out.append(text if better is None else before + better[1] + after)
    return out
