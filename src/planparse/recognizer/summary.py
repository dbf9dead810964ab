"""Summary tables: a table at the end that repeats the plan's measures is kept out of the measures."""

from __future__ import annotations

from collections.abc import Sequence

from planparse.layout import Block, Paragraph, Table
from planparse.recognizer.headers import TableHeader
from planparse.recognizer.inline import measure_key
from planparse.recognizer.lists import list_item_texts
from planparse.vocabulary import Vocabulary

# Share of a table's measures already met earlier in the plan for it to be a summary.
REPEATED_SHARE = 0.6


def _measure_texts(table: Table, header: TableHeader) -> list[str]:
    texts = []
    for row in table.rows[header.row_index + 1:]:
        if header.measure < len(row.cells) and row.cells[header.measure].text:
            texts.append(row.cells[header.measure].text)
    return texts


def summary_tables(blocks: Sequence[Block], headers: dict[int, TableHeader], vocabulary: Vocabulary) -> set[int]:
    """Indices of the measure tables whose measures mostly stand earlier in the plan, gathered from
    more than one table or list (a plan may repeat one goal's measures under another goal)."""
    known: dict[str, int] = {}  # measure -> the table or list it was first met in
    items = list_item_texts(blocks, vocabulary)
    summaries: set[int] = set()
    run = -1
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and index in items:
            run = run if index - 1 in items else index
            known.setdefault(measure_key(items[index], vocabulary), run)
        if not isinstance(block, Table) or index not in headers:
            continue
        keys = [measure_key(text, vocabulary) for text in _measure_texts(block, headers[index])]
        sources = {known[key] for key in keys if key in known}
        repeated = sum(1 for key in keys if key in known)
        if keys and repeated >= REPEATED_SHARE * len(keys) and len(sources) > 1:
            summaries.add(index)
        else:
            for key in keys:
                known.setdefault(key, index)
    return summaries
