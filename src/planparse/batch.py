"""Converting many plans at once: each file a job that reads it (in a child held to the limits) and
makes its outputs, run on any concurrent.futures executor; the caller writes what comes back, so the
jobs may run on other machines (a Dask cluster) that share no folder with it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path

from planparse.errors import InternalError, PlanparseError, UnreadableInputError
from planparse.language import Language, counted
from planparse.model import PlanWarning
from planparse.options import ReadOptions

# What a folder gives when no --glob is asked for: the documents plans come in.
DOCUMENT_PATTERNS = ("*.docx", "*.pdf")
READABLE = (".docx", ".pdf", ".xlsx", ".json")


@dataclass(frozen=True)
class Job:
    """One file to convert, and everything converting it depends on (picklable, for other processes)."""

    source: Path
    formats: tuple[str, ...]
    options: ReadOptions
    template: Path | None = None
    language: Language | None = None
    delimiter: str | None = None


@dataclass
class Outcome:
    """What converting one file gave: each format's bytes, or the error that stopped it."""

    job: Job
    outputs: dict[str, bytes] = field(default_factory=dict)
    summary: str = ""
    shape: str = ""
    plan_warnings: list[PlanWarning] = field(default_factory=list)
    written_warnings: list[PlanWarning] = field(default_factory=list)
    error: PlanparseError | None = None
    bug: tuple[str, str] | None = None  # message and traceback of a bug in planparse

    @property
    def ok(self) -> bool:
        return self.error is None and self.bug is None


def run_job(job: Job) -> Outcome:
    """Read one plan and make its outputs in memory (top-level, so that a worker process can run it)."""
    from planparse.api import parse_isolated, write

    outcome = Outcome(job)
    try:
        plan = parse_isolated(job.source, options=job.options)
        with tempfile.TemporaryDirectory(prefix="planparse-") as folder:
            for name in job.formats:
                target = Path(folder) / f"plan.{name}"
                outcome.written_warnings.extend(write(plan, target, name, job.template, language=job.language,
                                                      delimiter=job.delimiter))
                outcome.outputs[name] = target.read_bytes()
    except InternalError as error:
        outcome.bug = (str(error), error.child_traceback)
        return outcome
    except PlanparseError as error:
        outcome.error = error
        return outcome
    outcome.summary = counted("{a} area|{a} areas, {g} goal|{g} goals, {m} measure|{m} measures, "
                              "{w} warning|{w} warnings", a=len(plan.areas), g=len(plan.goals()),
                              m=len(plan.measures()), w=len(plan.warnings))
    shapes = ", ".join(shape.value for shape in plan.shapes) or "not known (read from planparse's own output)"
    periods = ", ".join(plan.period_labels())
    outcome.shape = shapes + (f"; periods: {periods}" if periods else "")
    outcome.plan_warnings = list(plan.warnings)
    return outcome


def expand(inputs: Iterable[Path], patterns: tuple[str, ...] | None) -> list[tuple[Path, Path]]:
    """Each input file with the folder its outputs go to, relative to the output folder: files as
    given, folders searched through (their subfolders mirrored) for the files `patterns` match."""
    found: list[tuple[Path, Path]] = []
    for path in inputs:
        if not path.is_dir():
            found.append((path, Path()))
            continue
        matches = {match for pattern in (patterns or DOCUMENT_PATTERNS) for match in path.rglob(pattern)}
        files = sorted(match for match in matches if match.is_file() and match.suffix.lower() in READABLE
                       and not any(part.startswith(".") for part in match.relative_to(path).parts))
        if not files:
            looked = ", ".join(patterns or DOCUMENT_PATTERNS)
            raise UnreadableInputError(f"{path}: a folder with no plan in it (looked for {looked}); "
                                       "give files, or another --glob")
        found.extend((file, file.parent.relative_to(path)) for file in files)
    return found


def run_all(jobs: list[Job], executor: Executor | None, done: Callable[[Outcome], None]) -> None:
    """Run every job, on `executor` or here one at a time, calling `done` as each ends (in the order they end)."""
    if executor is None:
        for job in jobs:
            done(run_job(job))
        return
    for future in _as_completed([executor.submit(run_job, job) for job in jobs]):
        done(future.result())


def _as_completed(futures: list[Future[Outcome]]) -> Iterator[Future[Outcome]]:
    from concurrent.futures import as_completed

    yield from as_completed(futures)
