"""The recognizer: turns a neutral layout into a Plan; knows plans, not file formats.

What the rest of planparse may use of it is named here, and nothing outside it imports its modules:
`recognize` (a layout into a plan), `with_unified_roles` (a plan read back from planparse's own
outputs), `read_mark` and `read_timing` (a mark's and a timing's meaning, for the workbook reader),
`layout_texts` (the texts a document's language is told from)."""

from planparse.recognizer.marks import read_mark
from planparse.recognizer.periods import read_timing
from planparse.recognizer.recognize import layout_texts, recognize, with_unified_roles

__all__ = ["layout_texts", "read_mark", "read_timing", "recognize", "with_unified_roles"]
