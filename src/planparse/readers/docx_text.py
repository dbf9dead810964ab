"""Visible text of a Word paragraph as a reader of the document sees it, tracked changes accepted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Content that a reader of the accepted document does not see.
_HIDDEN = {
    w("del"),  # tracked deletion
    w("moveFrom"),  # text moved away
    w("delText"),
    w("delInstrText"),
    w("instrText"),  # field codes; the field's result is read instead
    w("pPr"),
    w("rPr"),
    w("tblPr"),
    w("trPr"),
    w("tcPr"),
    w("sdtPr"),
    w("sdtEndPr"),
    w("footnoteReference"),
    w("endnoteReference"),
    w("commentReference"),
    f"{{{MC}}}Fallback",
    w("drawing"),
    w("pict"),
    w("object"),
}

LINE_BREAK = "\n"
T = TypeVar("T")


@dataclass
class RunFacts:
    """What the visible runs of a paragraph say about its formatting."""

    text_parts: list[str] = field(default_factory=list)
    bold_chars: int = 0
    italic_chars: int = 0
    visible_chars: int = 0
    sizes: list[float] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


def _on(prop: etree._Element | None) -> bool | None:
    """A Word toggle property: present means on unless w:val says false."""
    if prop is None:
        return None
    val = prop.get(w("val"))
    return val is None or val.lower() not in ("0", "false", "off", "none")


def _in_field_code(field_state: list[str]) -> bool:
    return "code" in field_state


def _walk(element: etree._Element, field_state: list[str]) -> Iterator[etree._Element]:
    """Yield the text-bearing leaves of a paragraph in order, skipping what is not shown.

    `field_state` is a stack of 'code'/'result' for complex fields (fldChar begin/separate/end):
    text between begin and separate is the field's code, between separate and end its result.
    """
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _HIDDEN:
            continue
        if tag == w("fldChar"):
            kind = child.get(w("fldCharType"))
            if kind == "begin":
                field_state.append("code")
            elif kind == "separate" and field_state:
                field_state[-1] = "result"
            elif kind == "end" and field_state:
                field_state.pop()
            continue
        if tag in (w("t"), w("tab"), w("br"), w("cr"), w("noBreakHyphen"), w("softHyphen"), w("sym")):
            if not _in_field_code(field_state):
                yield child
            continue
        yield from _walk(child, field_state)


def _leaf_text(leaf: etree._Element) -> str:
    tag = leaf.tag
    if tag == w("t"):
        return leaf.text or ""
    if tag == w("tab"):
        return " "
    if tag == w("br"):
        # A page or column break ends a line of text as far as reading is concerned.
        return LINE_BREAK
    if tag == w("cr"):
        return LINE_BREAK
    if tag == w("noBreakHyphen"):
        return "-"
    if tag == w("sym"):
        code = leaf.get(w("char"))
        try:
            return chr(int(code, 16)) if code else ""
        except ValueError:
            return ""
    return ""  # softHyphen: an optional hyphen, invisible unless the line breaks there


def _run_of(leaf: etree._Element) -> etree._Element | None:
    parent = leaf.getparent()
    while parent is not None and parent.tag != w("r"):
        parent = parent.getparent()
    return parent


class RunStyle:
    """Resolves run formatting: direct properties first, then character style, then paragraph style."""

    def __init__(self, style_props: StyleLookup) -> None:
        self._styles = style_props

    def facts(self, run: etree._Element | None, para_style: str | None) -> tuple[bool, bool, float | None, str | None]:
        rpr = run.find(w("rPr")) if run is not None else None
        bold = _on(rpr.find(w("b"))) if rpr is not None else None
        italic = _on(rpr.find(w("i"))) if rpr is not None else None
        size_el = rpr.find(w("sz")) if rpr is not None else None
        font_el = rpr.find(w("rFonts")) if rpr is not None else None
        char_style = None
        if rpr is not None and rpr.find(w("rStyle")) is not None:
            char_style = rpr.find(w("rStyle")).get(w("val"))
        for style_id in (char_style, para_style):
            if style_id is None:
                continue
            if bold is None:
                bold = self._styles.toggle(style_id, "b")
            if italic is None:
                italic = self._styles.toggle(style_id, "i")
        size = _half_points(size_el)
        if size is None:
            for style_id in (char_style, para_style):
                if style_id is not None and size is None:
                    size = self._styles.size(style_id)
        if size is None:
            size = self._styles.default_size
        font = font_el.get(w("ascii")) if font_el is not None else None
        return bool(bold), bool(italic), size, font


def _half_points(el: etree._Element | None) -> float | None:
    if el is None:
        return None
    try:
        return int(el.get(w("val"), "")) / 2
    except ValueError:
        return None


class StyleLookup:
    """Style facts from styles.xml, following each style's basedOn chain."""

    def __init__(self, styles_root: etree._Element | None) -> None:
        self._by_id: dict[str, etree._Element] = {}
        self._known: dict[tuple[str, str], Any] = {}  # what was looked up for a style: looked up once
        self.default_size: float | None = None
        self.default_paragraph_style: str | None = None
        if styles_root is None:
            return
        for style in styles_root.iter(w("style")):
            style_id = style.get(w("styleId"))
            if style_id:
                self._by_id[style_id] = style
                if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true"):
                    self.default_paragraph_style = style_id
        defaults = styles_root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        if defaults is not None:
            self.default_size = _half_points(defaults.find(w("sz")))

    def _chain(self, style_id: str) -> Iterator[etree._Element]:
        seen: set[str] = set()
        current: str | None = style_id
        while current and current not in seen and current in self._by_id:
            seen.add(current)
            style = self._by_id[current]
            yield style
            based = style.find(w("basedOn"))
            current = based.get(w("val")) if based is not None else None

    def name(self, style_id: str) -> str:
        style = self._by_id.get(style_id)
        name_el = style.find(w("name")) if style is not None else None
        return name_el.get(w("val"), style_id) if name_el is not None else style_id

    def _first(self, style_id: str, read: Callable[[etree._Element], T | None]) -> T | None:
        """The first value `read` finds along the style's basedOn chain."""
        for style in self._chain(style_id):
            value = read(style)
            if value is not None:
                return value
        return None

    def _once(self, style_id: str, what: str, look_up: Callable[[], T]) -> T:
        key = (style_id, what)
        if key not in self._known:
            self._known[key] = look_up()
        value: T = self._known[key]
        return value

    def toggle(self, style_id: str, prop: str) -> bool | None:
        return self._once(style_id, prop, lambda: self._first(
            style_id, lambda style: _on(style.find(f"{w('rPr')}/{w(prop)}"))))

    def size(self, style_id: str) -> float | None:
        return self._once(style_id, "sz", lambda: self._first(
            style_id, lambda style: _half_points(style.find(f"{w('rPr')}/{w('sz')}"))))

    def outline_level(self, style_id: str) -> int | None:
        return self._once(style_id, "outlineLvl", lambda: self._outline_level(style_id))

    def _outline_level(self, style_id: str) -> int | None:
        for style in self._chain(style_id):
            el = style.find(f"{w('pPr')}/{w('outlineLvl')}")
            if el is not None:
                try:
                    level = int(el.get(w("val"), ""))
                except ValueError:
                    return None
                return level + 1 if level < 9 else None
        return None

    def numbering(self, style_id: str) -> tuple[str, int] | None:
        return self._once(style_id, "numPr", lambda: self._numbering(style_id))

    def _numbering(self, style_id: str) -> tuple[str, int] | None:
        for style in self._chain(style_id):
            num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
            if num_pr is not None:
                num_id = num_pr.find(w("numId"))
                ilvl = num_pr.find(w("ilvl"))
                if num_id is not None:
                    level = safe_int(ilvl.get(w("val")), 0) if ilvl is not None else 0
                    return num_id.get(w("val"), ""), level
        return None


def paragraph_runs(paragraph: etree._Element, styles: RunStyle, para_style: str | None) -> RunFacts:
    """Visible text of a paragraph, with counts of bold and italic characters and font sizes."""
    facts = RunFacts()
    for leaf in _walk(paragraph, []):
        text = _leaf_text(leaf)
        if not text:
            continue
        facts.text_parts.append(text)
        visible = len(text.strip())
        if not visible or text == LINE_BREAK:
            continue
        bold, italic, size, font = styles.facts(_run_of(leaf), para_style)
        facts.visible_chars += visible
        facts.bold_chars += visible if bold else 0
        facts.italic_chars += visible if italic else 0
        if size is not None:
            facts.sizes.append(size)
        if font:
            facts.fonts.append(font)
    return facts


def safe_int(value: str | None, default: int, low: int = 0, high: int = 9) -> int:
    """An attribute's number within [low, high]; a damaged file's non-number or wild value is the default."""
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return number if low <= number <= high else default


def clean_text(text: str) -> str:
    """Normalise spaces the way a reader sees them: no-break and thin spaces become spaces."""
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")
    for space in ("\u00a0", "\u2007", "\u202f", "\u2009", "\u2002", "\u2003", "\t"):
        text = text.replace(space, " ")
    text = text.replace("\u2011", "-")
    return " ".join(text.split())
