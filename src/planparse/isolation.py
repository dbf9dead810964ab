"""Reading one file in a child process held to memory and time limits: a hostile file that would take
gigabytes or loop for ever costs one child, never the caller; what the child found comes back whole."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Literal, TypeVar

from planparse import budget, progress
from planparse.errors import InternalError, OutputError, PlanparseError, UnreadableInputError

__all__ = ["InternalError", "run_in_child", "run_isolated"]
from planparse.model import Plan
from planparse.options import Limits, ReadOptions

T = TypeVar("T")

StartMethod = Literal["fork", "forkserver"]


def _address_space() -> int:
    """The bytes of address space this process holds now (0 where the system does not say)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_memory(megabytes: int) -> None:
    """This process may take `megabytes` more than it holds when it starts reading: a child forked from a
    large process (a server, a test run) starts with that process's address space, which is not the
    file's doing."""
    import resource

    limit = _address_space() + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _sendable(error: PlanparseError) -> PlanparseError:
    """The error as one that pickles: its class and message, without what the library it came from
    hung on it."""
    try:
        return type(error)(str(error))
    except Exception:  # a subclass with other arguments: the message is what matters
        return UnreadableInputError(str(error))


def _parse(path: Path, options: ReadOptions) -> Plan:
    from planparse.reading import parse

    return parse(path, options)


# What a child may be doing, and what it says when the limits stop it: why the work could be so large.
Work = Literal["reading", "writing", "drawing"]
_WHY = {"reading": "the file is damaged or far larger than a plan",
        "writing": "the plan is far larger than the outputs are made for",
        "drawing": "the page is damaged or far larger than a page"}


def _stopped(work: Work, name: str, what: str) -> PlanparseError:
    """The one-line error of work stopped by a limit (`what` says which), of the class the work fails with."""
    error = OutputError if work == "writing" else UnreadableInputError
    return error(f"{name}: {work} it {what}; {_WHY[work]}")


# The signals that stop a run (cli.main turns them into an exception). While a child is being started
# they wait: one handled between the fork and the child's being known would leave the child running,
# unseen by the cleanup, holding the run's output pipes until its work ends.
_STOP_SIGNALS = frozenset(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name))


# The stopping signals' own handlers while they are held (see _stops_held), for a child forked meanwhile.
_held_handlers: dict[int, Any] = {}


@contextlib.contextmanager
def _stops_held() -> Iterator[None]:
    """Stopping signals held back for the block; one that came meanwhile is handled as it ends.

    Blocking them holds this thread only: in a process with other threads (a test runner's, a progress
    bar's) the system hands a signal to one of those, and Python then runs its handler in the main
    thread all the same, at the next chance, which may be between a fork and the child's being known.
    So the main thread's handlers only note a signal during the block, and it is handled after."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    came: list[int] = []
    if threading.current_thread() is threading.main_thread():
        for signum in _STOP_SIGNALS:
            handler = signal.getsignal(signum)
            if callable(handler):
                _held_handlers[signum] = handler
                signal.signal(signum, lambda number, _frame: came.append(number))
    own = dict(_held_handlers)
    try:
        yield
    finally:
        for signum, handler in own.items():
            signal.signal(signum, handler)
        _held_handlers.clear()
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        for signum in came[:1]:
            own[signum](signum, None)


def _child(connection: Connection, task: Callable[..., Any], args: tuple[Any, ...], name: str,
           limits: Limits, work: Work) -> None:
    for signum, handler in _held_handlers.items():  # the parent's own, noting-only ones put aside as it forked
        signal.signal(signum, handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # held by the parent while it forked
    budget.listen(lambda seconds: connection.send(("time", seconds)))
    progress.listen(lambda number, pages, ocr: connection.send(("page", number, pages, ocr)))
    try:
        _limit_memory(limits.max_memory_mb)
        connection.send(("result", task(*args)))
    except PlanparseError as error:
        connection.send(("error", _sendable(error)))
    except MemoryError:
        connection.send(("error", _stopped(
            work, name, f"needed more than {limits.max_memory_mb:,} MB (--max-memory to allow more)")))
    except BaseException as error:  # a bug: send it whole, with its traceback, for the caller to report
        connection.send(("bug", f"{error.__class__.__name__}: {error}", traceback.format_exc()))
    finally:
        connection.close()


def run_in_child(task: Callable[..., T], args: tuple[Any, ...], name: str, limits: Limits,
                 start_method: StartMethod = "fork", work: Work = "reading",
                 on_progress: progress.Listener | None = None) -> T:
    """`task(*args)` run by a child process held to `limits`' memory and time; `name` (the file's) is
    what the one-line errors speak of, `work` what they say the child was doing. Raises what the task
    raises as PlanparseError; when the child runs out of time or memory or dies, UnreadableInputError
    (OutputError for writing); InternalError for a bug.

    `task` must be a module-level function and its arguments and result picklable.
    `start_method` "forkserver" suits a process with threads (a web server), where forking the
    process itself could copy a lock another thread holds. The pages the child reports reading go to
    `on_progress`, or, without it, to this process's own progress listener."""
    if not hasattr(os, "fork") or multiprocessing.current_process().daemon:
        # No fork (Windows), or a daemonic worker (a Dask worker, whose nanny holds it to its own
        # memory limit) that may not start processes: run here.
        if on_progress is None:
            return task(*args)
        before = progress.listen(on_progress)
        try:
            return task(*args)
        finally:
            progress.listen(before)
    context = (multiprocessing.get_context("forkserver") if start_method == "forkserver"
               else multiprocessing.get_context("fork"))
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, task, args, name, limits, work), daemon=True)
    try:
        with _stops_held():
            child.start()
        sender.close()
        seconds = limits.max_seconds
        deadline = time.monotonic() + seconds
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not receiver.poll(remaining):
                raise _stopped(work, name, f"took longer than {seconds:g} s (--max-seconds to allow more)")
            try:
                message = receiver.recv()
            except (EOFError, OSError) as error:
                child.join(1)
                raise _stopped(work, name, f"stopped the process doing it (exit code {child.exitcode})") from error
            if message[0] == "page":
                (on_progress or progress.reading_page)(int(message[1]), int(message[2]), bool(message[3]))
                continue
            if message[0] != "time":
                break
            deadline += float(message[1])
            seconds += float(message[1])
    finally:
        receiver.close()
        sender.close()
        if child.is_alive():
            child.kill()
        if child.pid is not None:
            child.join()
    kind = message[0]
    if kind == "result":
        result: T = message[1]
        return result
    if kind == "error":
        raise message[1]
    raise InternalError(message[1], message[2])


def run_isolated(path: Path, options: ReadOptions, start_method: StartMethod = "fork",
                 on_progress: progress.Listener | None = None) -> Plan:
    """The plan in `path`, read by a child process held to the limits of `options` (see `run_in_child`)."""
    return run_in_child(_parse, (path, options), path.name, options.limits, start_method, on_progress=on_progress)
