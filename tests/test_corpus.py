"""Every PDF of the robustness corpus gets a plan or a clean, one-line answer: never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from planparse import parse
from planparse.errors import NoPlanError, UnreadableInputError

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.pdf"))


def test_corpus_is_there() -> None:
    assert len(CORPUS) >= 50


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_corpus_pdf_gets_a_clean_answer(path: Path) -> None:
    try:
        plan = parse(path)
    except (NoPlanError, UnreadableInputError) as error:
        message = str(error)
        assert message.startswith(path.name) and "\n" not in message
        return
    assert plan.measures()
