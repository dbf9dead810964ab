"""planparse's own JSON read back as a plan (what `convert --to json` wrote)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from planparse.errors import UnreadableInputError
from planparse.model import Plan
from planparse.options import ReadOptions


def read_plan_json(path: Path, options: ReadOptions) -> Plan:
    """The plan as written; marks were read when it was made, so the vocabulary is not needed again."""
    size = path.stat().st_size
    if size > options.limits.max_member_bytes:
        raise UnreadableInputError(f"{path.name}: {size // (1024 * 1024):,} MB of JSON, more than a plan holds; "
                                   "give JSON written by 'planparse convert --to json'")
    try:
        return Plan.model_validate_json(path.read_bytes().removeprefix(b"\xef\xbb\xbf"))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise UnreadableInputError(
            f"{path.name}: not a planparse plan ({where}: {first['msg']}); "
            "give JSON written by 'planparse convert --to json'"
        ) from error
