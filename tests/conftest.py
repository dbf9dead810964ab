"""Shared paths and helpers for the tests."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = SAMPLES / "expected"
PLANS = Path(__file__).resolve().parent / "plans"
SAMPLE_DOCX = SAMPLES / "handlingsplan-2022-2024.docx"
REFERENCE = SAMPLES / "seed" / "reference.json"

# Expected files are rewritten only when asked for; test_regenerate_is_off fails while it is on.
REGENERATE = os.environ.get("PLANPARSE_REGENERATE") == "1"

sys.path.insert(0, str(Path(__file__).resolve().parent))


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def reference() -> Any:
    return load_json(REFERENCE)
