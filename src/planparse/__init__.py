"""planparse: read action plans (handlingsplan) from Word and PDF into one model, write what people need.

The names below are imported when first used, so that the command line starts quickly."""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_WHERE = {
    "parse": "planparse.api", "parse_isolated": "planparse.api", "write": "planparse.api",
    "NoPlanError": "planparse.errors", "PlanparseError": "planparse.errors", "UnreadableInputError": "planparse.errors",
    "Area": "planparse.model", "Goal": "planparse.model", "MarkKind": "planparse.model", "Measure": "planparse.model",
    "Plan": "planparse.model", "YearMark": "planparse.model", "Mark": "planparse.model",
    "ReadOptions": "planparse.options", "Limits": "planparse.options", "Language": "planparse.language",
}

__all__ = [*sorted(_WHERE), "__version__"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'planparse' has no attribute {name!r}")
