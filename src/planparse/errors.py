"""Errors a user can cause, each with the exit code the CLI gives for it."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS_FOUND = 1
    USAGE = 2
    UNREADABLE_INPUT = 3
    NO_PLAN = 4
    OUTPUT_FAILED = 5


class PlanparseError(Exception):
    """An error with a message meant for the user, saying what is wrong and what to do."""

    exit_code: ExitCode = ExitCode.UNREADABLE_INPUT


class UnreadableInputError(PlanparseError):
    """The file is missing, empty, damaged or of a type planparse does not read."""

    exit_code = ExitCode.UNREADABLE_INPUT


class NoPlanError(PlanparseError):
    """The file was read, but holds no table of measures."""

    exit_code = ExitCode.NO_PLAN


class OutputError(PlanparseError):
    """An output could not be written."""

    exit_code = ExitCode.OUTPUT_FAILED


class UsageError(PlanparseError):
    """The command was asked for something it cannot do."""

    exit_code = ExitCode.USAGE


class InternalError(RuntimeError):
    """A bug in planparse met while reading a file in a child process; carries the child's traceback."""

    def __init__(self, message: str, child_traceback: str) -> None:
        super().__init__(message)
        self.child_traceback = child_traceback
