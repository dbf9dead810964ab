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


@pytest.mark.parametrize("name", ["word365_structure", "scotus-transcript-p1", "issue-316-example", "pr-136-example",
                                  "federal-register-2020-17221", "issue-982-example"])
def test_bullets_of_a_document_that_is_no_plan_are_no_measures(name: str) -> None:
    """Documents with lists but no plan title and no responsibility or timing in their items."""
    with pytest.raises(NoPlanError, match="no plan found"):
        parse(Path(__file__).parent / "corpus" / f"{name}.pdf")
