"""Bullets drawn, not written: a small filled dot or square (or a small picture) just left of a line's
first word is that line's list mark, made a "•" word so that the steps after see a bullet, as they do
where the bullet is a character."""

from __future__ import annotations

from collections.abc import Sequence

from planparse.model import BBox
from planparse.readers.pages.page import Fill
from planparse.readers.pages.settings import SETTINGS
from planparse.readers.pages.text import Word

BULLET = "•"
# How large a shape, of what shape, how far from its word and how high on its line: the settings' bullet_*.


def _boxes(fills: Sequence[Fill], images: Sequence[BBox]) -> list[BBox]:
    return [(f.x0, f.top, f.x1, f.bottom) for f in fills if f.grey < 0.95] + list(images)


BAND = 10.0  # points: words are looked up by the band of heights their middle falls in


def drawn_bullets(words: Sequence[Word], fills: Sequence[Fill], images: Sequence[BBox]) -> list[Word]:
    """A "•" word for each small shape that stands as a bullet: just left of a word that no other word
    stands right before, on the same line, about the size of a letter."""
    settings = SETTINGS
    least, largest = settings.min_bullet_size, settings.max_bullet_size
    boxes = [box for box in _boxes(fills, images)
             if least <= box[2] - box[0] <= largest and least <= box[3] - box[1] <= largest
             and settings.bullet_aspect_min <= (box[2] - box[0]) / (box[3] - box[1]) <= settings.bullet_aspect_max]
    if not boxes or not words:
        return []
    bands: dict[int, list[Word]] = {}
    for word in words:
        bands.setdefault(int(word.center_y // BAND), []).append(word)
    found: list[Word] = []
    taken: set[int] = set()
    for box in boxes:
        x0, top, x1, bottom = box
        width, height = x1 - x0, bottom - top
        middle = (top + bottom) / 2
        near = [word for band in range(int(middle // BAND) - 3, int(middle // BAND) + 4)
                for word in bands.get(band, ())]
        best: Word | None = None
        for word in near:
            size = word.size
            if width > settings.bullet_size * size or height > settings.bullet_size * size:
                continue
            gap = word.x0 - x1
            if (not 0 <= gap <= settings.bullet_gap * size
                    or abs(word.center_y - middle) > settings.bullet_same_line * size):
                continue
            if best is None or word.x0 < best.x0:
                best = word
        if best is None or id(best) in taken or _word_before(best, box, near):
            continue
        taken.add(id(best))
        found.append(Word(BULLET, x0, x1, best.top, best.bottom, best.size, best.font))
    return found


def _word_before(word: Word, box: BBox, words: Sequence[Word]) -> bool:
    """Whether another word stands on the line between the shape's left and the word: then the shape is
    inside a line (an icon in running text), not its bullet."""
    return any(other is not word and abs(other.center_y - word.center_y) <= SETTINGS.bullet_same_line * word.size
               and box[0] - 2 * word.size <= other.x1 <= word.x0 + 0.1 for other in words)
