"""The `planparse` command line: a thin layer over the Python API.

Exit codes: 0 done; 1 problems found (check); 2 usage error; 3 an input cannot be read;
4 an input holds no plan; 5 an output cannot be written; 6 internal error (a bug: run with --debug).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from planparse import __version__
from planparse.api import output_path, parse, write
from planparse.errors import ExitCode, PlanparseError, UsageError
from planparse.model import PlanWarning, plan_json_schema
from planparse.writers import WRITERS, writer_for

INTERNAL_ERROR = 6
F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int) -> None:
    click.echo(f"planparse: {message}", err=True)
    sys.exit(code)


def reports_errors(command: F) -> F:
    """Turn user errors into one line on stderr and an exit code; --debug shows the traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return command(*args, **kwargs)
        except PlanparseError as error:
            if debug:
                raise
            _fail(str(error), int(error.exit_code))
        except (KeyboardInterrupt, SystemExit, click.exceptions.Exit, click.ClickException):
            raise
        except Exception as error:  # a bug in planparse, not the user's fault: say so in one line
            if debug:
                raise
            _fail(f"internal error ({error.__class__.__name__}: {error}); run again with --debug and report it",
                  INTERNAL_ERROR)
        return None

    return wrapper  # type: ignore[return-value]


def _formats(value: str) -> list[str]:
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    if not names:
        raise UsageError("--to needs at least one format, e.g. --to json")
    for name in names:
        writer_for(name)
    return list(dict.fromkeys(names))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.version_option(__version__, prog_name="planparse")
def cli(debug: bool) -> None:
    """Read action plans (handlingsplan) from Word and PDF files and write JSON and more.

    Exit codes: 0 done, 1 problems found, 2 usage error, 3 input cannot be read,
    4 no plan in the input, 5 output cannot be written, 6 internal error.
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("outputs"), show_default=True, help="Folder for the outputs.")
@click.option("--to", "to", default="json", show_default=True,
              help=f"Output formats, comma-separated: {', '.join(WRITERS)}.")
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A Word file whose styles, headers, footers and logo the docx report takes.")
@click.option("-v", "--verbose", is_flag=True, help="List every warning, with where it was read.")
@reports_errors
def convert(inputs: tuple[Path, ...], out_dir: Path, to: str, template: Path | None, verbose: bool) -> None:
    """Convert plans (.docx, .pdf, or planparse's own .json and .xlsx) to OUT_DIR/<input name>.<format>
    for each format in --to: json, xlsx (workbook to follow up), docx (report), csv."""
    formats = _formats(to)
    failure: PlanparseError | None = None
    for source in inputs:
        try:
            plan = parse(source)
            targets = [output_path(source, out_dir, name) for name in formats]
            written: list[PlanWarning] = []
            for name, target in zip(formats, targets, strict=True):
                written.extend(write(plan, target, name, template))
        except PlanparseError as error:
            if click.get_current_context().find_root().params.get("debug", False):
                raise
            click.echo(f"planparse: {error}", err=True)
            failure = failure or error
            continue
        measures = len(plan.measures())
        click.echo(f"{source.name} → {', '.join(str(t) for t in targets)} ({len(plan.areas)} areas, "
                   f"{len(plan.goals())} goals, {measures} measures, {len(plan.warnings)} warnings)")
        for warning in written:
            click.echo(f"planparse: warning: {source.name}: {warning.describe()}", err=True)
        if verbose:
            for warning in plan.warnings:
                click.echo(f"  warning: {warning.describe()}", err=True)
    if failure is not None:
        sys.exit(int(failure.exit_code))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the plan model (what `convert --to json` writes)."""
    click.echo(json.dumps(plan_json_schema(), indent=2, ensure_ascii=False))


def main() -> None:
    cli(prog_name="planparse")


__all__ = ["ExitCode", "cli", "main"]
