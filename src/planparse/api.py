"""The Python API: `parse` a file into a Plan, `write` a Plan to a file; the CLI is built on these."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from planparse import reading
from planparse.errors import OutputError, UsageError
from planparse.language import Language

if TYPE_CHECKING:
    from planparse.isolation import StartMethod
    from planparse.progress import Listener
from planparse.model import Plan, PlanWarning
from planparse.options import DEFAULT_OPTIONS, Limits, ReadOptions
from planparse.profile import Profile
from planparse.writers import WriteOptions, writer_for
from planparse.writers import output_format as output_format_of


def parse(path: str | Path, *, options: ReadOptions | None = None) -> Plan:
    """Read a plan from a .docx or .pdf file (or a page image), or from planparse's own .json or .xlsx
    output; `options` (the vocabulary, the limits, the PDF engine, OCR) as one record.

    Raises UnreadableInputError for a file that cannot be read (missing, damaged, beyond the limits
    of `options`) and NoPlanError for one that holds no measures in any shape planparse knows.
    Any error a file causes while it is read is an UnreadableInputError; see `parse_isolated` for
    reading untrusted files with memory and time limits.
    """
    return reading.parse(Path(path), options or DEFAULT_OPTIONS)


def parse_isolated(path: str | Path, *, options: ReadOptions | None = None,
                   start_method: StartMethod = "fork", on_progress: Listener | None = None) -> Plan:
    """`parse` in a child process held to the memory and time limits of `options`, so that no single
    file, however hostile, can exhaust the machine or hang the caller (in-process where there is no fork).
    A caller with threads (a web server) passes start_method="forkserver". `on_progress(page, pages,
    ocr)` is called as the child starts reading each page of a PDF or a scan."""
    from planparse.isolation import run_isolated

    return run_isolated(Path(path), options or DEFAULT_OPTIONS, start_method, on_progress)


def read_isolated(path: str | Path, *, options: ReadOptions | None = None, start_method: StartMethod = "fork",
                  on_progress: Listener | None = None) -> tuple[Plan, Profile | None]:
    """`parse_isolated`, and the reading profile of how the document was read (None for planparse's own
    JSON and workbook): what the page keeps to save as a reading profile."""
    from planparse.isolation import run_in_child
    from planparse.reading import read_with_profile

    options = options or DEFAULT_OPTIONS
    return run_in_child(read_with_profile, (Path(path), options), Path(path).name, options.limits, start_method,
                        on_progress=on_progress)


def profile_isolated(path: str | Path, *, options: ReadOptions | None = None) -> Profile:
    """The reading profile of how the document in `path` was read (`planparse profile`), read in a child
    process held to the limits of `options`, as `parse_isolated` reads."""
    from planparse.isolation import run_in_child
    from planparse.reading import read_profile

    return run_in_child(read_profile, (Path(path), options or DEFAULT_OPTIONS), Path(path).name,
                        (options or DEFAULT_OPTIONS).limits)


def write(plan: Plan, target: str | Path, output_format: str | None = None,
          template: str | Path | None = None, *, clobber: bool = True, language: Language | None = None,
          delimiter: str | None = None, options: WriteOptions | None = None) -> list[PlanWarning]:
    """Write a plan to `target`; the format is taken from the suffix unless given. An existing file is
    replaced, unless `clobber` is False (then OutputError). The output is in `language` (the plan's
    own by default); a CSV is separated by `delimiter` (";" for Norwegian plans, "," for English).
    `options` gives all of these (and the report: plan or status) as one record; the separate
    arguments, where given, win over it.

    Returns what the writer had to change to write the plan (e.g. characters a workbook cannot hold).
    """
    target = Path(target)
    name = (output_format or target.suffix.lstrip(".")).lower()
    if not name:
        raise UsageError(f"{target}: no output format; give a file name ending in .json, .xlsx, .docx or .csv")
    if not clobber and target.exists():
        raise OutputError(f"{target}: exists already; remove it, choose another folder with -o, "
                          "or leave out --no-clobber to replace it")
    options = options or WriteOptions()
    options = replace(options, template=Path(template) if template else options.template,
                      language=language or options.language, delimiter=delimiter or options.delimiter)
    return writer_for(name)(plan, target, options)


def output_path(source: Path, out_dir: Path, output_format: str, name: str | None = None) -> Path:
    """Where `convert` writes one format of one input (named `name`, else as the input), refusing to
    overwrite the input itself."""
    target = out_dir / f"{name or source.stem}{output_format_of(output_format).suffix}"
    if target.resolve() == source.resolve():
        raise OutputError(f"{target}: the output would overwrite the input; choose another folder with -o")
    return target


def written(plan: Plan, formats: tuple[str, ...], options: WriteOptions | None = None
            ) -> tuple[dict[str, bytes], list[PlanWarning]]:
    """The plan written in each of `formats`, as bytes a format, and what the writers had to change."""
    import tempfile

    from lxml import etree

    outputs: dict[str, bytes] = {}
    warnings: list[PlanWarning] = []
    with tempfile.TemporaryDirectory(prefix="planparse-") as folder:
        for name in formats:
            target = Path(folder) / f"plan.{name}"
            try:
                warnings.extend(write(plan, target, name, options=options))
            except etree.LxmlError as error:
                if "memory" in str(error).lower() or "unknown error" in str(error):
                    # libxml2 says no more than this when it cannot get the memory for a large part
                    raise MemoryError(str(error)) from error
                raise
            outputs[name] = target.read_bytes()
            target.unlink()
    return outputs, warnings


def written_isolated(plan: Plan, formats: tuple[str, ...], limits: Limits, *, options: WriteOptions | None = None,
                     start_method: StartMethod = "fork") -> tuple[dict[str, bytes], list[PlanWarning]]:
    """`written` in a child process held to `limits`, as reading is: a plan too large to write within
    them is a one-line OutputError, never the caller's memory or time."""
    from planparse.isolation import run_in_child

    name = plan.source.file_name if plan.source is not None else "the plan"
    return run_in_child(written, (plan, formats, options), name, limits, start_method,
                        work="writing")
