"""planparse: read action plans (handlingsplan) from Word and PDF into one model, write what people need."""

from planparse.api import parse, write
from planparse.errors import NoPlanError, PlanparseError, UnreadableInputError
from planparse.model import Area, Goal, MarkKind, Measure, Plan, YearMark

__version__ = "0.1.0"

__all__ = [
    "Area",
    "Goal",
    "MarkKind",
    "Measure",
    "NoPlanError",
    "Plan",
    "PlanparseError",
    "UnreadableInputError",
    "YearMark",
    "__version__",
    "parse",
    "write",
]
