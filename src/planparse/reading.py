"""Reading one file into a plan: its format told from its content, its reader, then the recognizer
(the work `planparse.api.parse` does, here where the reading child can call it without the API)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from planparse.errors import PlanparseError, UnreadableInputError, UsageError
from planparse.layout import Layout
from planparse.model import Plan, Source
from planparse.options import ReadOptions
from planparse.paths import file_name
from planparse.profile import Profile, apply_profile, describe, with_sub_measures
from planparse.readers import input_format
from planparse.recognizer import layout_texts, recognize, with_unified_roles
from planparse.vocabulary import DEFAULT_VOCABULARY, reading_language


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
    return _parsed(path, options)[0]


def read_with_profile(path: Path, options: ReadOptions) -> tuple[Plan, Profile | None]:
    """The plan in a file, and the reading profile of how it was read (see `planparse.profile.describe`);
    None for planparse's own outputs, which are not read from a document."""
    plan, layout = _parsed(path, options)
    if layout is None:
        return plan, None
    # the language the recognizer read it in, told from the same texts
    language = options.vocabulary.language or reading_language(layout_texts(layout))
    return plan, describe(layout, plan, language, DEFAULT_VOCABULARY, options.profile)


def read_profile(path: Path, options: ReadOptions) -> Profile:
    """The reading profile of how the document in a file was read."""
    profile = read_with_profile(path, options)[1]
    if profile is None:
        raise UsageError(f"{path.name}: a profile is written from the document a plan was read from (Word, PDF or "
                         "a scan), not from planparse's own outputs")
    return profile


def _parsed(path: Path, options: ReadOptions) -> tuple[Plan, Layout | None]:
    """The plan in a file, and the layout it was recognized in (None for planparse's own outputs)."""
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
        return plan, None
    vocabulary = options.vocabulary
    if options.profile is not None:
        layout, vocabulary = apply_profile(layout, options.profile, file_name(path), vocabulary)
    source = Source(file_name=file_name(path), format=entry.format, sha256=_sha256(path), pages=layout.pages)
    plan = recognize(layout, source, vocabulary)
    if options.profile is not None:
        plan = with_sub_measures(plan, options.profile)
    return plan, layout
