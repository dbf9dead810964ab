"""Reading one file into a plan: its format told from its content, its reader, then the recognizer
(the work `planparse.api.parse` does, here where the reading child can call it without the API)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from planparse.errors import PlanparseError, UnreadableInputError
from planparse.model import Plan, Source
from planparse.options import ReadOptions
from planparse.paths import file_name
from planparse.readers import input_format
from planparse.recognizer import recognize, with_unified_roles


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _damaged(path: Path, error: BaseException) -> UnreadableInputError:
    detail = " ".join(str(error).split())[:100] or "no detail"
    return UnreadableInputError(f"{path.name}: the file is damaged and cannot be read ({error.__class__.__name__}: "
                                f"{detail}); export or save the plan again")


def parse(path: Path, options: ReadOptions) -> Plan:
    """The plan in a file (see `planparse.api.parse`)."""
    entry = input_format(path)
    try:
        if entry.read_plan is not None:
            plan = entry.read_plan(path, options)
        else:
            assert entry.read_layout is not None
            layout = entry.read_layout(path, options)
    except (PlanparseError, MemoryError):
        raise  # running out of memory is the caller's to limit (parse_isolated does)
    except Exception as error:  # a library failing on a damaged file: the file's fault, said in one line
        raise _damaged(path, error) from error
    if entry.read_plan is not None:
        plan = with_unified_roles(plan, options.vocabulary)
        if plan.source is None or not plan.source.sha256:
            plan = plan.model_copy(update={"source": Source(file_name=file_name(path), format=entry.format,
                                                            sha256=_sha256(path))})
        return plan
    source = Source(file_name=file_name(path), format=entry.format, sha256=_sha256(path), pages=layout.pages)
    return recognize(layout, source, options.vocabulary)
