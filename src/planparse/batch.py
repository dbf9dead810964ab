"""Converting many plans at once: each file a job that reads it (in a child held to the limits) and
makes its outputs, run on any concurrent.futures executor; the caller writes what comes back, so the
jobs may run on other machines (a Dask cluster) that share no folder with it."""

from __future__ import annotations

import contextlib
import fnmatch
import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from planparse.errors import InternalError, OutputError, PlanparseError, UnreadableInputError, UsageError
from planparse.language import counted
from planparse.model import PlanWarning
from planparse.options import ReadOptions
from planparse.writers import WriteOptions

# What a folder is searched for, in any case of the suffix (plan.PDF too): plans as documents and as
# page images; --glob chooses otherwise.
DOCUMENT_PATTERNS = ("*.docx", "*.pdf", "*.png", "*.jpg", "*.jpeg", "*.tif", "*.tiff")
READABLE = (".docx", ".pdf", ".xlsx", ".json", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


@dataclass(frozen=True)
class Job:
    """One file to convert, and everything converting it depends on (picklable, for other processes)."""

    source: Path
    formats: tuple[str, ...]
    options: ReadOptions
    write_options: WriteOptions = field(default_factory=WriteOptions)


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


# How much of a bug's message the one line about it shows.
BUG_MESSAGE_MAX = 160


def one_line(message: str) -> str:
    """A message on one line, shortened: what a batch prints about one file."""
    text = " ".join(message.split())
    return text if len(text) <= BUG_MESSAGE_MAX else text[:BUG_MESSAGE_MAX - 1] + "…"


def run_job(job: Job) -> Outcome:
    """Read one plan and make its outputs in memory (top-level, so that a worker process can run it);
    the reading and the writing each in a child held to the limits."""
    from planparse.api import parse_isolated, written_isolated

    outcome = Outcome(job)
    try:
        plan = parse_isolated(job.source, options=job.options)
        outputs, warnings = written_isolated(plan, job.formats, job.options.limits, options=job.write_options)
        outcome.outputs.update(outputs)
        outcome.written_warnings.extend(warnings)
    except InternalError as error:
        outcome.bug = (one_line(str(error)), error.child_traceback)
        outcome.outputs.clear()
        return outcome
    except PlanparseError as error:
        outcome.error = error
        outcome.outputs.clear()
        return outcome
    except Exception as error:  # a bug in a writer: this file fails with one line, the batch goes on
        outcome.bug = (one_line(f"{error.__class__.__name__}: {error}"), traceback.format_exc())
        outcome.outputs.clear()
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
        wanted = [pattern.casefold() for pattern in (patterns or DOCUMENT_PATTERNS)]
        matches = {match for match in path.rglob("*")
                   if any(fnmatch.fnmatchcase(match.name.casefold(), pattern) for pattern in wanted)}
        files = sorted(match for match in matches if match.is_file() and match.suffix.lower() in READABLE
                       and not any(part.startswith(".") for part in match.relative_to(path).parts))
        if not files:
            looked = ", ".join(patterns or DOCUMENT_PATTERNS)
            raise UnreadableInputError(f"{path}: a folder with no plan in it (looked for {looked}); "
                                       "give files, or another --glob")
        found.extend((file, file.parent.relative_to(path)) for file in files)
    return found


def save(outcome: Outcome, folder: Path, no_clobber: bool, name: str | None = None) -> list[Path]:
    """The outcome's outputs written whole into `folder` (named `name`, else as the input), here where
    the batch was asked for, wherever the job ran; an output that exists is replaced unless `no_clobber`."""
    from planparse.api import output_path
    from planparse.writers.atomic import atomic_path

    targets = []
    for output, data in outcome.outputs.items():
        target = output_path(outcome.job.source, folder, output, name)
        if no_clobber and target.exists():
            raise OutputError(f"{target}: exists already; remove it or leave out --no-clobber")
        with atomic_path(target) as temporary:
            temporary.write_bytes(data)
        targets.append(target)
    return targets


def cores(jobs: int | None) -> int:
    """The cores a batch may use: `jobs`, or all of this machine's."""
    return jobs or os.cpu_count() or 1


def page_jobs(count: int, jobs: int | None, scheduler: str | None) -> int:
    """How many pages of a scanned file each file's reading reads by OCR at once, in a batch of `count`
    files: the cores the files read at once leave it (all of them for one file; one page at a time
    when there are as many files as cores, so files and pages do not contend for the cores); one page
    at a time on a Dask cluster, whose workers run files side by side on cores not known here."""
    if scheduler:
        return 1
    return max(1, cores(jobs) // min(cores(jobs), max(count, 1)))


@contextlib.contextmanager
def executor_for(count: int, jobs: int | None, scheduler: str | None) -> Iterator[Executor | None]:
    """Where a batch of `count` files runs: a Dask cluster at `scheduler`, `jobs` worker processes here
    (all cores by default), or this process (one file, or one job)."""
    if scheduler:
        try:
            from distributed import Client
        except ImportError as error:
            raise UsageError("--scheduler needs Dask: pip install 'planparse[dask]'") from error
        try:
            client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        except OSError as error:
            raise UsageError(f"{scheduler}: no Dask scheduler answers there ({error})") from error
        with client:
            yield client.get_executor()  # type: ignore[no-untyped-call]
        return
    workers = min(cores(jobs), count)
    if workers <= 1:
        yield None
        return
    context = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_as_worker) as executor:
        try:
            yield executor
        except BaseException:  # Ctrl-C, a signal, an output that cannot be written: the work left is stopped
            _stop_workers(executor)
            raise


# How long a stopped worker has to end the child reading or writing its file before it is killed.
WORKER_STOP_SECONDS = 0.5


def _as_worker() -> None:
    """A worker process ends on SIGTERM at once, with its reading child; Ctrl-C is the batch's to answer."""
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _worker_stopped)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_stopped(signum: int, _frame: object) -> None:
    for child in multiprocessing.active_children():  # reading or writing: its temporary folder goes with it
        child.kill()
    os._exit(128 + signum)


def _stop_workers(executor: ProcessPoolExecutor) -> None:
    """The batch's work stopped now, not when the files being read are done: nothing more is started,
    and every worker (with the child reading its file) is ended."""
    executor.shutdown(wait=False, cancel_futures=True)
    workers = multiprocessing.active_children()
    for worker in workers:
        worker.terminate()
    deadline = time.monotonic() + WORKER_STOP_SECONDS
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            worker.kill()


def run_all(jobs: list[Job], executor: Executor | None, done: Callable[[Outcome], None]) -> None:
    """Run every job, on `executor` or here one at a time, calling `done` as each ends (in the order they end)."""
    if executor is None:
        for job in jobs:
            done(run_job(job))
        return
    for future in as_completed([executor.submit(run_job, job) for job in jobs]):
        done(future.result())
