"""Word plans made in a test, to read as a person's document would be: a title, then sections, each
an optional heading and a table (a header row and rows of texts) or paragraphs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx

Rows = Sequence[Sequence[str]]


def add_table(document: object, rows: Rows, style: str | None = None) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[attr-defined]
    if style:
        table.style = style
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text


def word_plan(path: Path, title: str, *sections: tuple[str | None, Rows | Sequence[str]], level: int = 1,
              style: str | None = None) -> Path:
    """The plan saved at `path`: each section (heading or None, a table's rows or paragraphs' texts)."""
    document = docx.Document()
    document.add_heading(title, 0)
    for heading, body in sections:
        if heading:
            document.add_heading(heading, level)
        if body and not isinstance(body[0], str):
            add_table(document, body, style)  # type: ignore[arg-type]
        else:
            for text in body:
                document.add_paragraph(text)  # type: ignore[arg-type]
    document.save(str(path))
    return path
