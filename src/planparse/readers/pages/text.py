"""Characters → words → lines, with font name, size and boldness, as a PDF page shows them."""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from planparse.readers.pages.cells import cluster_indexes
from planparse.readers.pages.settings import SETTINGS

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demibold|[-,]bd\b|[-,]b$", re.IGNORECASE)
_X0, _X1, _TOP, _BOTTOM = (operator.itemgetter(key) for key in ("x0", "x1", "top", "bottom"))
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    confidence: float | None = None  # how sure OCR was of the word (0-100); None for a word drawn as text
    spellings: tuple[str, ...] = ()  # other spellings OCR found likely (a character read another way)
    spaced: bool = False  # a space character stands before it in its line (however narrow the gap)

    # Worked out once a word or line (frozen, so never stale): the chain asks these again and again.
    @cached_property
    def bold(self) -> bool:
        return bool(_BOLD_FONT.search(self.font))

    @cached_property
    def has_text(self) -> bool:
        return any(char.isalnum() for char in self.text)

    @property
    def center_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2


def is_text(word: Word) -> bool:
    """Whether a word holds a letter or digit: a bullet glyph or a dash drawn large says nothing of the
    size, weight or font of its line's text."""
    return word.has_text


@dataclass(frozen=True)
class TextLine:
    """Words sharing a baseline, left to right."""

    words: tuple[Word, ...]

    @cached_property
    def text_words(self) -> tuple[Word, ...]:
        """The words with letters or digits (all of them, where none has)."""
        return tuple(word for word in self.words if is_text(word)) or self.words

    @cached_property
    def x0(self) -> float:
        return self.words[0].x0

    @cached_property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.text_words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.text_words)

    @cached_property
    def size(self) -> float:
        return max(w.size for w in self.text_words)

    @cached_property
    def bold(self) -> bool:
        return all(w.bold for w in self.text_words)

    @cached_property
    def font(self) -> str:
        return self.text_words[0].font

    @cached_property
    def text(self) -> str:
        return join_words(self.words)

    def segments(self, gap: float | None = None) -> list[tuple[Word, ...]]:
        """Runs of words separated by gaps wider than `gap` font sizes (the settings' column gap)."""
        gap = SETTINGS.column_gap if gap is None else gap
        runs: list[list[Word]] = [[self.words[0]]]
        for previous, word in itertools.pairwise(self.words):
            if word.x0 - previous.x1 > max(gap * max(word.size, previous.size), SETTINGS.min_column_gap):
                runs.append([word])
            else:
                runs[-1].append(word)
        return [tuple(run) for run in runs]


def join_words(words: Sequence[Word]) -> str:
    """Words of one line as text: a space where there is a gap or a space was drawn (an italic letter may
    lean over a narrow one), none where a font change split a word."""
    parts: list[str] = []
    for index, word in enumerate(words):
        if index and (word.x0 - words[index - 1].x1 > SETTINGS.space_gap * word.size or word.spaced):
            parts.append(" ")
        parts.append(word.text)
    return "".join(parts)


def layer_chars_fitted(chars: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The characters of an OCR text layer whose glyphs all share one width (Tesseract's and ocrmypdf's
    layers: one glyph-less font, each word stretched over its ink box): such a layer stretches a word
    and the space after it together over the word's ink, so the word's letters end short of its ink by
    a glyph's width and the gaps between words look wide as a table's gutters. The last letter before
    such a space is made to end where the space ends; a space of another width (a layer fitted to its
    words another way) changes nothing."""
    out = [dict(char) for char in chars]
    for index in range(1, len(out)):
        space, last = out[index], out[index - 1]
        if space["text"] != " " or not last["text"].strip():
            continue
        width, own = space["x1"] - space["x0"], last["x1"] - last["x0"]
        near = SETTINGS.layer_adjacent
        if abs(space["x0"] - last["x1"]) <= near and own > 0 and abs(width - own) <= SETTINGS.layer_same_width * own \
                and abs(space["top"] - last["top"]) <= near:
            last["x1"] = space["x1"]
    return out


def char_turn(char: dict[str, Any]) -> float:
    """How far a character's baseline is turned from level, counter-clockwise as seen, in degrees: as
    the PDFium source says it, or from the text matrix pdfminer gives."""
    if "turn" in char:
        return float(char["turn"])
    a, b = (char.get("matrix") or (1.0, 0.0))[:2]
    return math.degrees(math.atan2(b, a))


def levelled_chars(chars: Sequence[dict[str, Any]], width: float, height: float, turn: float
                   ) -> list[dict[str, Any]]:
    """Characters of a page whose text is turned `turn` degrees (a skewed scan's OCR layer, each line
    written along its skewed baseline) turned back about the page's middle, each box moved with its
    middle and taken as upright: the lines level again, as the scan's picture is levelled."""
    angle = math.radians(turn)
    cos, sin = math.cos(angle), math.sin(angle)
    cx, cy = width / 2, height / 2
    out = []
    for char in chars:
        x, y = (char["x0"] + char["x1"]) / 2 - cx, (char["top"] + char["bottom"]) / 2 - cy
        # seen with y downwards, this turns clockwise by `turn`: a baseline rising to the right comes level
        dx, dy = cx + x * cos - y * sin - (x + cx), cy + x * sin + y * cos - (y + cy)
        out.append({**char, "x0": char["x0"] + dx, "x1": char["x1"] + dx, "top": char["top"] + dy,
                    "bottom": char["bottom"] + dy, "doctop": char.get("doctop", char["top"]) + dy, "upright": True,
                    "turn": 0.0})
    return out


def dedupe_chars(chars: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Characters drawn twice at the same place (fake bold, shadows) kept once; linear time."""
    seen: set[tuple[str, str, int, int]] = set()
    out = []
    for char in chars:
        key = (char["text"], char.get("fontname", ""), round(char["x0"]), round(char["top"]))
        if key not in seen:
            seen.add(key)
            out.append(char)
    return out


def chars_to_words(chars: Iterable[dict[str, Any]]) -> list[Word]:
    """Upright characters grouped into words; a change of font or size starts a new word.

    As pdfplumber's WordExtractor (x tolerance 1.5, y tolerance 2.5, font name and size kept) groups
    them, to the same words: runs of characters in one font and size, in the order drawn; in a run,
    lines by their tops (each within the tolerance of the next), each line's characters left to right;
    a new word at a space, where a character starts left of the one before or too far right of its
    end, or too far above or below it."""
    words: list[Word] = []
    for _, run in itertools.groupby(chars, key=lambda c: (c.get("upright", True), c["fontname"], c["size"])):
        for line in _lines(list(run)):
            word: list[dict[str, Any]] = []
            spaced = False  # whether the word being built follows a space that takes room
            space: dict[str, Any] | None = None  # the space drawn since the last letter
            for char in sorted(line, key=lambda c: c["x0"]):
                if char["text"].isspace():
                    _add_word(words, word, spaced)
                    word, space = [], char
                    continue
                after = space is not None and _has_room(space, char)
                space = None
                if word and _starts_word(word[-1], char):
                    _add_word(words, word, spaced)
                    word, spaced = [char], after
                else:
                    if not word:
                        spaced = after
                    word.append(char)
            _add_word(words, word, spaced)
    return words


def _lines(run: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A run's characters in lines: tops each within the tolerance of the next one up are one line."""
    line_of = cluster_indexes((char["top"] for char in run), SETTINGS.char_gap_y)
    lines: list[list[dict[str, Any]]] = [[] for _ in range(max(line_of.values(), default=-1) + 1)]
    for char in run:
        lines[line_of[char["top"]]].append(char)
    return lines


_LEANING = re.compile(r"italic|oblique|slanted|kursiv", re.IGNORECASE)


def _has_room(space: dict[str, Any], char: dict[str, Any]) -> bool:
    """Whether a drawn space parts the letter after it from the word before, though the gap between
    their boxes is narrower than a space: only where the letter leans (an italic "f" reaches back over
    the space; upright text whose gap is that narrow has spaces the engines do not agree on)."""
    return bool(_LEANING.search(str(char.get("fontname", "")))
                and char["x0"] >= space["x0"] + SETTINGS.space_room * (space["x1"] - space["x0"]))


def _starts_word(previous: dict[str, Any], char: dict[str, Any]) -> bool:
    return bool(char["x0"] < previous["x0"] or char["x0"] > previous["x1"] + SETTINGS.char_gap_x
                or abs(char["top"] - previous["top"]) > SETTINGS.char_gap_y)


def _add_word(words: list[Word], chars: list[dict[str, Any]], spaced: bool = False) -> None:
    if not chars:
        return
    text = "".join(LIGATURES.get(c["text"], c["text"] or "") for c in chars)
    text = text.replace("\u00ad", "").replace("\u00a0", " ").strip()
    if text:
        first = chars[0]
        words.append(Word(text, float(min(map(_X0, chars))), float(max(map(_X1, chars))),
                          float(min(map(_TOP, chars))), float(max(map(_BOTTOM, chars))),
                          float(first["size"]), str(first["fontname"]), spaced=spaced))


def words_to_lines(words: Iterable[Word]) -> list[TextLine]:
    """Words grouped into lines by their vertical middle, top to bottom."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (round(w.bottom, 1), w.x0)):
        for line in reversed(lines[-3:]):
            anchor = line[0]
            if abs(word.center_y - anchor.center_y) <= SETTINGS.same_line * max(word.size, anchor.size):
                line.append(word)
                break
        else:
            lines.append([word])
    out = [TextLine(tuple(sorted(line, key=lambda w: w.x0))) for line in lines]
    return sorted(out, key=lambda line: (line.top, line.x0))
