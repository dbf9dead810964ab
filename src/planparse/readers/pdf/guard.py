"""Guard around reading a PDF page: what it would cost to draw (form XObjects expanded), counted
before any engine draws it."""

from __future__ import annotations

import re
from typing import Any

from pdfminer.pdftypes import PDFStream, resolve1

_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do\b")
_OPERATOR = re.compile(rb"(?<![\w/.+-])[A-Za-z*'\"]{1,3}(?![\w])")


def _stream_data(stream: Any) -> bytes:
    stream = resolve1(stream)
    if not isinstance(stream, PDFStream):
        return b""
    data: bytes = stream.get_data()
    return data


def _xobjects(resources: Any) -> dict[str, Any]:
    resources = resolve1(resources) or {}
    found = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    return {str(name): ref for name, ref in found.items()} if isinstance(found, dict) else {}


def drawing_count(page_object: Any, limit: int) -> int:
    """How many drawing operations interpreting the page takes, each form XObject counted as often as
    it is drawn (a small file can draw one form ten million times); stops counting past `limit`."""
    memo: dict[int, int] = {}

    def count(data: bytes, resources: Any, depth: int) -> int:
        total = len(_OPERATOR.findall(data))
        if depth > 12 or total > limit:
            return limit + 1
        forms = _xobjects(resources)
        for match in _DO.finditer(data):
            ref = forms.get(match.group(1).decode("latin-1"))
            if ref is None:
                continue
            key = getattr(ref, "objid", id(ref))
            if key not in memo:
                memo[key] = limit + 1  # a form drawing itself counts as too many
                stream = resolve1(ref)
                attributes = stream.attrs if isinstance(stream, PDFStream) else {}
                subtype = resolve1(attributes.get("Subtype"))
                is_form = getattr(subtype, "name", subtype) in ("Form", b"Form")
                memo[key] = count(_stream_data(stream), attributes.get("Resources", resources), depth + 1) \
                    if is_form else 1
            total += memo[key]
            if total > limit:
                return limit + 1
        return total

    contents = resolve1(page_object.contents) if hasattr(page_object, "contents") else None
    streams = contents if isinstance(contents, list) else [contents]
    data = b"\n".join(_stream_data(stream) for stream in streams if stream is not None)
    return count(data, page_object.resources, 0)


class PageCosts:
    """The drawing cost of each page of a PDF, counted from its content streams (pdfminer's parser)
    without interpreting them. Where pdfminer cannot open the file, the pages are not counted: the
    process reading them is held to its memory and time limits all the same."""

    def __init__(self, path: Any, limit: int) -> None:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser

        self.limit = limit
        self._handle = open(path, "rb")  # noqa: SIM115 - held while pages are counted, closed by close()
        try:
            self._pages: list[Any] = list(PDFPage.create_pages(PDFDocument(PDFParser(self._handle))))
        except Exception:  # damaged for pdfminer, perhaps not for PDFium
            self._pages = []

    def count(self, index: int) -> int:
        if index >= len(self._pages):
            return 0
        try:
            return drawing_count(self._pages[index], self.limit)
        except (RecursionError, MemoryError):
            raise
        except Exception:
            return 0

    def close(self) -> None:
        self._handle.close()
