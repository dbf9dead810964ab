"""Labels of Word's automatic list numbering ("1", "1.2", "a)"), computed as Word counts them."""

from __future__ import annotations

import re

from lxml import etree

from planparse.readers.docx_text import safe_int, w


def _roman(number: int) -> str:
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
              (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = []
    for value, letters in values:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _letter(number: int) -> str:
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def format_number(number: int, num_fmt: str) -> str:
    if num_fmt == "lowerLetter":
        return _letter(number)
    if num_fmt == "upperLetter":
        return _letter(number).upper()
    if num_fmt == "lowerRoman":
        return _roman(number)
    if num_fmt == "upperRoman":
        return _roman(number).upper()
    if num_fmt in ("bullet", "none"):
        return ""
    return str(number)


class _Level:
    def __init__(self, start: int, num_fmt: str, lvl_text: str) -> None:
        self.start = start
        self.num_fmt = num_fmt
        self.lvl_text = lvl_text


def _int_val(parent: etree._Element, tag: str, default: int) -> int:
    el = parent.find(w(tag))
    try:
        return int(el.get(w("val"), "")) if el is not None else default
    except ValueError:
        return default


def _levels(container: etree._Element) -> dict[int, _Level]:
    levels: dict[int, _Level] = {}
    for lvl in container.findall(w("lvl")):
        ilvl = safe_int(lvl.get(w("ilvl")), 0)
        fmt_el = lvl.find(w("numFmt"))
        text_el = lvl.find(w("lvlText"))
        levels[ilvl] = _Level(
            _int_val(lvl, "start", 1),
            fmt_el.get(w("val"), "decimal") if fmt_el is not None else "decimal",
            text_el.get(w("val"), "") if text_el is not None else "",
        )
    return levels


class NumberingCounter:
    """Counts list items in document order and renders each item's label."""

    def __init__(self, numbering_root: etree._Element | None, max_start: int) -> None:
        self._max_start = max_start
        self._abstract_of: dict[str, str] = {}
        self._levels: dict[str, dict[int, _Level]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        if numbering_root is None:
            return
        abstract_levels = {
            a.get(w("abstractNumId"), ""): _levels(a) for a in numbering_root.findall(w("abstractNum"))
        }
        for num in numbering_root.findall(w("num")):
            num_id = num.get(w("numId"), "")
            abstract = num.find(w("abstractNumId"))
            abstract_id = abstract.get(w("val"), "") if abstract is not None else ""
            levels = dict(abstract_levels.get(abstract_id, {}))
            for override in num.findall(w("lvlOverride")):
                levels.update(_levels(override))
            self._abstract_of[num_id] = abstract_id
            self._levels[num_id] = levels

    def next_label(self, num_id: str, level: int) -> str | None:
        """Advance the counter of (num_id, level) and return the rendered label, or None."""
        if num_id == "0" or num_id not in self._abstract_of:
            return None
        abstract_id = self._abstract_of[num_id]
        levels = self._levels.get(num_id, {})
        if level not in levels:
            return None
        counters = self._counters.setdefault(abstract_id, {})
        start = min(max(levels[level].start, 0), self._max_start)  # a start no list has: the file is damaged
        counters[level] = min(counters.get(level, start - 1) + 1, self._max_start)
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]

        def substitute(match: re.Match[str]) -> str:
            ref = int(match.group(1)) - 1
            ref_level = levels.get(ref)
            value = counters.get(ref, ref_level.start if ref_level else 1)
            return format_number(value, ref_level.num_fmt if ref_level else "decimal")

        if levels[level].num_fmt in ("bullet", "none"):
            return None
        label = re.sub(r"%(\d)", substitute, levels[level].lvl_text).strip()
        return label or None
