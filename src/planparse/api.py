"""The Python API: `parse` a file into a Plan, `write` a Plan to a file; the CLI is built on these."""

from __future__ import annotations

import hashlib
from pathlib import Path

from planparse.errors import OutputError, UsageError
from planparse.model import Plan, PlanWarning, Source
from planparse.readers import detect_format, layout_reader_for, plan_reader_for
from planparse.recognizer import recognize, with_unified_roles
from planparse.recognizer.vocabulary import DEFAULT_VOCABULARY, Vocabulary
from planparse.writers import WriteOptions, writer_for


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def parse(path: str | Path, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> Plan:
    """Read a plan from a .docx or .pdf file, or from planparse's own .json or .xlsx output.

    Raises UnreadableInputError for a file that cannot be read and NoPlanError for one
    that holds no table of measures.
    """
    path = Path(path)
    source_format = detect_format(path)
    read_layout = layout_reader_for(source_format)
    if read_layout is None:
        plan = with_unified_roles(plan_reader_for(source_format)(path, vocabulary), vocabulary)
        if plan.source is None or not plan.source.sha256:
            plan = plan.model_copy(update={"source": Source(file_name=path.name, format=source_format,
                                                            sha256=_sha256(path))})
        return plan
    layout = read_layout(path)
    source = Source(file_name=path.name, format=source_format, sha256=_sha256(path), pages=layout.pages)
    return recognize(layout, source, vocabulary)


def write(plan: Plan, target: str | Path, output_format: str | None = None,
          template: str | Path | None = None) -> list[PlanWarning]:
    """Write a plan to `target`; the format is taken from the suffix unless given.

    Returns what the writer had to change to write the plan (e.g. characters a workbook cannot hold).
    """
    target = Path(target)
    name = (output_format or target.suffix.lstrip(".")).lower()
    if not name:
        raise UsageError(f"{target}: no output format; give a file name ending in .json, .xlsx, .docx or .csv")
    options = WriteOptions(template=Path(template) if template else None)
    return writer_for(name)(plan, target, options)


def output_path(source: Path, out_dir: Path, output_format: str) -> Path:
    """Where `convert` writes one format of one input, refusing to overwrite the input itself."""
    target = out_dir / f"{source.stem}.{output_format}"
    if target.resolve() == source.resolve():
        raise OutputError(f"{target}: the output would overwrite the input; choose another folder with -o")
    return target
