"""The `planparse` command line: a thin layer over the Python API.

Exit codes: 0 done (or: no problems, no differences); 1 problems found (check) or differences found
(diff); 2 usage error; 3 an input cannot be read; 4 an input holds no plan; 5 an output cannot be
written; 6 internal error (a bug: run with --debug); 130 interrupted (Ctrl-C); 128+N stopped by signal N.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from planparse import __version__
from planparse.config import load_aliases, load_profile, load_vocabulary
from planparse.errors import ExitCode, InternalError, PlanparseError, UsageError
from planparse.language import Language, counted
from planparse.options import OCR_MODES, PDF_ENGINES, Limits, OcrMode, PdfEngine, ReadOptions
from planparse.paths import file_name, shown
from planparse.vocabulary import DEFAULT_VOCABULARY, Vocabulary
from planparse.writers import REPORTS, WRITERS, Report, WriteOptions, writer_for

if TYPE_CHECKING:
    from planparse.model import Plan, PlanWarning

# The model, the readers and the writers are imported inside the commands that use them, so that
# `planparse --help` starts at once and `convert --to json` loads no workbook or Word code.

INTERNAL_ERROR = 6
INTERRUPTED = 130
F = TypeVar("F", bound=Callable[..., Any])


def _debug() -> bool:
    return bool(click.get_current_context().find_root().params.get("debug", False))


def _fail(message: str, code: int) -> None:
    click.echo(f"planparse: {message}", err=True)
    sys.exit(code)


def reports_errors(command: F) -> F:
    """Turn user errors into one line on stderr and an exit code; --debug shows the traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PlanparseError as error:
            if _debug():
                raise
            _fail(str(error), int(error.exit_code))
        except (KeyboardInterrupt, SystemExit, BrokenPipeError, click.exceptions.Exit, click.ClickException):
            raise
        except Exception as error:  # a bug in planparse, not the user's fault: say so in one line
            if _debug():
                if isinstance(error, InternalError):
                    click.echo(error.child_traceback, err=True)
                raise
            _fail(f"internal error ({error.__class__.__name__}: {error}); run again with --debug and report it",
                  INTERNAL_ERROR)
        return None

    return wrapper  # type: ignore[return-value]


_LIMITS = Limits()


def reading_options(command: F) -> F:
    """--vocabulary, --aliases and the limits on one file, turned into one `options` record."""

    @click.option("--vocabulary", "vocabulary_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="TOML file with more words for headers, marks and sections (see README).")
    @click.option("--aliases", "aliases_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help='TOML file mapping role spellings to one role: "FoU-leder" = ["Fou-leder"].')
    @click.option("--profile", "profile_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="A reading profile (TOML): how a family of documents is read, where detection needs help "
                  "(planparse profile PLAN writes one to start from).")
    @click.option("--max-pages", type=click.IntRange(1), default=_LIMITS.max_pages, show_default=True,
                  help="Refuse a PDF with more pages.")
    @click.option("--max-seconds", type=click.FloatRange(0.1), default=_LIMITS.max_seconds, show_default=True,
                  help="Give up reading one file after this long.")
    @click.option("--max-memory", type=click.IntRange(128), default=_LIMITS.max_memory_mb, show_default=True,
                  help="Memory (MB) reading one file may take.")
    @click.option("--pdf-engine", type=click.Choice(PDF_ENGINES), default=PDF_ENGINES[0], show_default=True,
                  help="What reads a PDF's pages: PDFium (fast) or pdfplumber (pdfminer).")
    @click.option("--ocr", type=click.Choice(OCR_MODES), default=OCR_MODES[0], show_default=True,
                  help="Read scanned pages with OCR (Tesseract): those with no text (auto), every page, or never.")
    @functools.wraps(command)
    def wrapper(*args: Any, vocabulary_file: Path | None, aliases_file: Path | None, profile_file: Path | None,
                max_pages: int, max_seconds: float, max_memory: int, pdf_engine: PdfEngine, ocr: OcrMode,
                **kwargs: Any) -> Any:
        vocabulary: Vocabulary = DEFAULT_VOCABULARY
        if vocabulary_file is not None:
            vocabulary = load_vocabulary(vocabulary_file, vocabulary)
        if aliases_file is not None:
            vocabulary = load_aliases(aliases_file, vocabulary)
        limits = Limits(max_pages=max_pages, max_seconds=max_seconds, max_memory_mb=max_memory)
        options = ReadOptions(vocabulary=vocabulary, limits=limits, pdf_engine=pdf_engine, ocr=ocr)
        if profile_file is not None:
            options = options.with_profile(load_profile(profile_file))
        return command(*args, options=options, **kwargs)

    return wrapper  # type: ignore[return-value]


def language_option(command: F) -> F:
    """--lang: the outputs' language (the plan's own when not given)."""
    return click.option("--lang", type=click.Choice([language.value for language in Language]),
                        callback=lambda _c, _p, value: Language(value) if value else None,
                        help="Language of the outputs: nb (bokmål), nn (nynorsk) or en; the plan's own by "
                             "default.")(command)


def _read(source: Path, options: ReadOptions) -> Plan:
    """One input read in a child process held to the limits, so no file can take the run down."""
    from planparse.api import parse_isolated

    return parse_isolated(source, options=options)



def _formats(value: str) -> list[str]:
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    if not names:
        raise UsageError("--to needs at least one format, e.g. --to json")
    for name in names:
        writer_for(name)
    return list(dict.fromkeys(names))


def _echo_warnings(source: Path, warnings: list[PlanWarning]) -> None:
    for warning in warnings:
        click.echo(f"planparse: warning: {file_name(source)}: {warning.describe()}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.version_option(__version__, prog_name="planparse")
def cli(debug: bool) -> None:
    """Read action plans (handlingsplan) from Word and PDF files; write Excel, Word, JSON and CSV;
    check a plan for problems and compare two versions.

    Exit codes: 0 done, 1 problems or differences found, 2 usage error, 3 input cannot be read,
    4 no plan in the input, 5 output cannot be written, 6 internal error.
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option("-o", "--output-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path, allow_dash=True),
              default=Path("outputs"), show_default=True, help="Folder for the outputs; '-' writes the one output "
              "of one input to standard output.")
@click.option("--to", "to", default="json", show_default=True,
              help=f"Output formats, comma-separated: {', '.join(WRITERS)}.")
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A Word file whose styles, headers, footers and logo the docx report takes.")
@click.option("--report", type=click.Choice(REPORTS), default="plan", show_default=True,
              help="The report (docx, pdf): the plan itself, or 'status': how its follow-up stands (statuses, "
              "comments, overdue measures), best made from the workbook with the follow-up filled in.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day the status report is made for, as YYYY-MM-DD (default: today); measures due before "
              "it and not done are overdue.")
@click.option("-v", "--verbose", is_flag=True, help="List every warning, with where it was read.")
@click.option("--no-clobber", is_flag=True, help="Refuse to replace outputs that exist (they are replaced by default).")
@click.option("--delimiter", type=click.Choice([";", ",", "tab"]),
              help="The CSV's separator: ';' for Norwegian plans and ',' for English ones by default.")
@click.option("--glob", "patterns", multiple=True,
              help='Which files of a folder to convert, in any case (default: Word, PDF and page images: '
              '"*.docx", "*.pdf", "*.png", "*.jpg", "*.jpeg", "*.tif", "*.tiff"); may be given more than once.')
@click.option("-j", "--jobs", type=click.IntRange(1), default=None,
              help="Files converted at once, and a scan's pages read by OCR at once: all of them for one file, "
              "those the files leave for several (default: the number of cores).")
@click.option("--scheduler", help="Run the batch on a Dask cluster: tcp://HOST:8786 (pip install 'planparse[dask]').")
@language_option
@reports_errors
@reading_options
def convert(inputs: tuple[Path, ...], out_dir: Path, to: str, template: Path | None, report: Report,
            as_of: datetime.datetime | None, verbose: bool, no_clobber: bool, delimiter: str | None,
            patterns: tuple[str, ...], jobs: int | None, scheduler: str | None, lang: Language | None,
            options: ReadOptions) -> None:
    """Convert plans (.docx, .pdf, or planparse's own .json and .xlsx; folders searched through; '-'
    for standard input) to OUT_DIR/<input name>.<format> for each format in --to: json, xlsx
    (workbook to follow up), docx (report), csv, pdf (the report, through LibreOffice). Many files
    are converted at once (-j), and a scan's pages are read at once, with a progress bar on a terminal
    and a summary at the end. Outputs that exist are replaced, unless --no-clobber."""
    from planparse.batch import Job, executor_for, expand, page_jobs, run_all, save

    formats = _formats(to)
    with _stdin_plan(inputs) as sources:
        files = expand(sources, patterns or None)
        names, said = _output_names(files)
        to_stdout = str(out_dir) == "-"
        if to_stdout and (len(files) != 1 or len(formats) != 1):
            raise UsageError("-o - writes one output of one input to standard output; give one input and one --to")
        separator = "\t" if delimiter == "tab" else delimiter
        write_options = WriteOptions(template=template, language=lang, delimiter=separator, report=report,
                                     today=as_of.date() if as_of else None)
        options = replace(options, page_jobs=page_jobs(len(files), jobs, scheduler))
        batch = [Job(file, tuple(formats), options, write_options) for file, _ in files]
        places = {file: folder for file, folder in files}
        progress = _Report(len(batch), verbose, quiet=to_stdout)
        for line in said:
            progress.say(f"planparse: {line}", err=True)
        pages = _PageBar(file_name(batch[0].source) if len(batch) == 1 and not to_stdout else None, sys.stderr)

        def done(outcome: Any) -> None:
            pages.close()
            progress.done(outcome, None if to_stdout else save(
                outcome, out_dir / places[outcome.job.source], no_clobber, names[outcome.job.source]))

        with executor_for(len(batch), jobs, scheduler) as executor, pages:
            run_all(batch, executor, done)
    progress.finish()


class _PageBar:
    """The pages of one file as they are read (the reading child reports each), as a bar on `stream` when
    it is a terminal and the file has taken more than `after` seconds; nothing otherwise."""

    def __init__(self, name: str | None, stream: Any, after: float = 2.0) -> None:
        self.name, self.stream, self.after = name, stream, after
        self.shown = name is not None and stream.isatty()
        self.bar: Any = None
        self.state: tuple[int, int, bool] | None = None
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None
        self.before: Any = None

    def __enter__(self) -> _PageBar:
        if self.shown:
            from planparse import progress

            self.before = progress.listen(self.page)
            self.timer = threading.Timer(self.after, self.show)
            self.timer.daemon = True
            self.timer.start()
        return self

    def page(self, number: int, pages: int, ocr: bool) -> None:
        with self.lock:
            self.state = (number, pages, ocr)
            self._draw()

    def show(self) -> None:
        with self.lock:
            if self.shown and self.bar is None:
                from tqdm import tqdm

                # the terminal's size, or 80 × 24 where it says none (0 × 0, as a bare terminal may: tqdm
                # would then hide the bar)
                size = shutil.get_terminal_size()
                self.bar = tqdm(total=0, unit="page", desc=self.name, file=self.stream, leave=False,
                                ncols=size.columns, nrows=size.lines)
                self._draw()

    def _draw(self) -> None:
        if self.bar is None or self.state is None:
            return
        number, pages, ocr = self.state
        self.bar.total = pages
        self.bar.n = number - 1  # the pages read before this one
        self.bar.set_postfix_str(f"page {number}" + (" (OCR)" if ocr else ""))

    def close(self) -> None:
        """The bar cleared (the file is read): what the batch says next stands alone."""
        with self.lock:
            self.shown = False
            if self.timer is not None:
                self.timer.cancel()
            if self.bar is not None:
                self.bar.close()
                self.bar = None

    def __exit__(self, *_: object) -> None:
        self.close()
        if self.timer is not None:
            from planparse import progress

            progress.listen(self.before)


@contextlib.contextmanager
def _stdin_plan(inputs: tuple[Path, ...]) -> Iterator[list[Path]]:
    """The inputs, '-' standing for a plan read from standard input into a temporary file."""
    if str(Path("-")) not in map(str, inputs):
        yield list(inputs)
        return
    if len(inputs) != 1:
        raise UsageError("'-' reads one plan from standard input; give it alone")
    with tempfile.TemporaryDirectory(prefix="planparse-") as folder:
        path = Path(folder) / "stdin"
        path.write_bytes(sys.stdin.buffer.read())
        yield [path]


class _Report:
    """What the batch shows: a progress bar on a terminal, a line a file otherwise, a summary at the end."""

    def __init__(self, total: int, verbose: bool, quiet: bool) -> None:
        self.total, self.verbose, self.quiet = total, verbose, quiet
        self.converted = self.failed = self.warnings = 0
        self.failure: PlanparseError | None = None
        self.bug: tuple[str, str] | None = None
        self.bar: Any = None
        if total > 1 and sys.stderr.isatty() and not quiet:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="plan", file=sys.stderr, dynamic_ncols=True)

    def say(self, line: str, err: bool = False) -> None:
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr if err else sys.stdout)
        else:
            click.echo(line, err=err)

    def done(self, outcome: Any, targets: list[Path] | None) -> None:
        name = file_name(outcome.job.source)
        if outcome.bug is not None:
            self.bug = self.bug or outcome.bug
            self.failed += 1
            self.say(f"planparse: {name}: internal error ({outcome.bug[0]}); run again with --debug and report it",
                     err=True)
        elif outcome.error is not None:
            if _debug():
                raise outcome.error
            self.failure = self.failure or outcome.error
            self.failed += 1
            self.say(f"planparse: {outcome.error}", err=True)
        else:
            self.converted += 1
            self.warnings += len(outcome.plan_warnings)
            if targets is None:
                sys.stdout.buffer.write(next(iter(outcome.outputs.values())))
                sys.stdout.flush()
            else:
                self.say(f"{name} → {', '.join(shown(t) for t in targets)} ({outcome.summary})")
            for warning in outcome.written_warnings + (outcome.plan_warnings if self.verbose else []):
                self.say(f"planparse: warning: {name}: {warning.describe()}", err=True)
            if self.verbose:
                self.say(f"  shape: {outcome.shape}", err=targets is None)
        if self.bar is not None:
            self.bar.update(1)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.close()
        if self.total > 1:
            click.echo(counted("{c} converted, {f} failed, {w} warning|{w} warnings", c=self.converted,
                               f=self.failed, w=self.warnings), err=self.quiet)
        if self.bug is not None:
            if _debug():
                click.echo(self.bug[1], err=True)
            sys.exit(INTERNAL_ERROR)
        if self.failure is not None:
            sys.exit(int(self.failure.exit_code))


def _output_names(files: list[tuple[Path, Path]]) -> tuple[dict[Path, str], list[str]]:
    """The name each input's outputs take: its own (plan.docx -> plan.json), or, where inputs of one
    name write into one folder (plan.docx, plan.pdf), the name with its kind (plan-docx.json,
    plan-pdf.json); and a line saying so for each such name."""
    by_name: dict[tuple[Path, str], list[Path]] = {}
    for source, folder in files:
        sharing = by_name.setdefault((folder, source.stem.casefold()), [])
        if source not in sharing:
            sharing.append(source)
    names: dict[Path, str] = {}
    said: list[str] = []
    for sources in by_name.values():
        if len(sources) == 1:
            names[sources[0]] = sources[0].stem
            continue
        taken: set[str] = set()
        for source in sources:
            name = f"{source.stem}-{source.suffix.lstrip('.').lower() or 'file'}"
            while name.casefold() in taken:
                name += "-2"
            taken.add(name.casefold())
            names[source] = name
        said.append(f"{', '.join(s.name for s in sources)} share a name: their outputs are named "
                    f"{', '.join(names[s] + '.*' for s in sources)}")
    return names, said


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--width", type=click.IntRange(40), help="Width in characters (default: the terminal's; "
              "whole texts when not on a terminal).")
@click.option("--area", help="Only the areas whose title holds this text.")
@click.option("--role", help="Only the measures with a responsible role that holds this text.")
@click.option("--colour/--no-colour", "colour", default=None, help="Colour (default: when on a terminal).")
@click.option("--status", is_flag=True, help="Each measure's follow-up status (from a workbook filled in) instead "
              "of the period grid, overdue measures said, and the count of each status.")
@language_option
@reports_errors
@reading_options
def show(source: Path, width: int | None, area: str | None, role: str | None, colour: bool | None, status: bool,
         lang: Language | None, options: ReadOptions) -> None:
    """Show the plan at a glance: areas, goals and measures with a period grid (or their status), timing
    and roles."""
    from planparse.show import render_plan

    plan = _read(source, options)
    if width is None and sys.stdout.isatty():
        width = shutil.get_terminal_size((120, 40)).columns
    click.echo(render_plan(plan, width, click.style, area=area, role=role, language=lang, status=status),
               color=colour)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@reports_errors
@reading_options
def check(inputs: tuple[Path, ...], as_json: bool, options: ReadOptions) -> None:
    """List each plan's problems with where they are: placeholders such as "??", measures with no
    time or no one responsible, marks or timing outside the period, timing planparse cannot read,
    repeated measures, goals without measures, unknown marks, damage met while reading, and how
    much of the text was placed. Exit code 1 when there are problems; an input that cannot be read
    is reported and the others are checked (the exit code is then that input's)."""
    from planparse.check import check_plan, coverage_line

    reports = []
    failure: PlanparseError | None = None
    for source in inputs:
        try:
            plan = _read(source, options)
        except PlanparseError as error:
            if _debug():
                raise
            click.echo(f"planparse: {error}", err=True)
            failure = failure or error
            continue
        reports.append((source, plan, check_plan(plan)))
    if as_json:
        click.echo(json.dumps([_check_json(source, plan, problems) for source, plan, problems in reports],
                              ensure_ascii=False, indent=2))
    else:
        for source, plan, problems in reports:
            count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}" if problems else "no problems"
            click.echo(f"{file_name(source)}: {count}")
            for problem in problems:
                click.echo(f"  {problem.kind.value}: {problem.describe()}")
            click.echo(f"  {coverage_line(plan)}")
    if failure is not None:
        sys.exit(int(failure.exit_code))
    if any(problems for _, _, problems in reports):
        sys.exit(int(ExitCode.PROBLEMS_FOUND))


def _check_json(source: Path, plan: Plan, problems: list[Any]) -> dict[str, Any]:
    return {
        "file": file_name(source),
        "problems": [p.model_dump(mode="json", exclude_none=True) for p in problems],
        "coverage": plan.coverage.model_dump() | {"share": round(plan.coverage.share, 4)} if plan.coverage else None,
    }


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the changes to a workbook (.xlsx), one sheet a kind of change.")
@language_option
@reports_errors
@reading_options
def diff(old: Path, new: Path, as_json: bool, output: Path | None, lang: Language | None,
         options: ReadOptions) -> None:
    """What changed from OLD to NEW (any input formats): measures added, removed, moved to another
    goal, reworded, rescheduled or given other roles. Exit code 1 when there are changes."""
    if output is not None and output.suffix.lower() != ".xlsx":
        raise UsageError(f"{output}: the diff is written as a workbook; give a name ending in .xlsx")
    if output is not None and output.resolve() in (old.resolve(), new.resolve()):
        raise UsageError(f"{output}: the diff would overwrite one of the plans it compares; choose another name")
    from planparse.diff import diff_plans

    new_plan = _read(new, options)
    changes = diff_plans(_read(old, options), new_plan)
    if output is not None:
        from planparse.writers.diff_xlsx import write_diff_xlsx

        _echo_warnings(output, write_diff_xlsx(changes, output, lang or new_plan.written_in()))
    if as_json:
        click.echo(json.dumps([c.model_dump(mode="json", exclude_none=True) for c in changes],
                              ensure_ascii=False, indent=2))
    else:
        click.echo(f"{file_name(old)} → {file_name(new)}: {len(changes)} change{'s' if len(changes) != 1 else ''}")
        for change in changes:
            click.echo(f"  {change.describe()}")
    if changes:
        sys.exit(int(ExitCode.PROBLEMS_FOUND))


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but this machine's own (127.0.0.1) lets others on the network in.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the web browser.")
@click.option("--max-upload", type=click.IntRange(1), default=50, show_default=True,
              help="Megabytes one upload (all its files) may take.")
@click.option("--token", envvar="PLANPARSE_TOKEN", show_envvar=True, default=None,
              help="The bearer token the HTTP API (/api/v1) asks of every request; needed to listen beyond "
                   "this machine.")
@reports_errors
@reading_options
def serve(host: str, port: int, open_browser: bool, max_upload: int, token: str | None, options: ReadOptions) -> None:
    """Start the local web page: drop plans in, see them as read, download the outputs, compare versions;
    other systems use its HTTP API (/api/v1, described at /api/v1/openapi.json). Stop it with Ctrl-C."""
    import socket

    token = token.strip() if token else None
    if host not in LOOPBACK and not token:
        raise UsageError(f"listening on {host} needs a token for the HTTP API: give --token or set PLANPARSE_TOKEN "
                         "(or use --host 127.0.0.1)")
    try:
        with socket.create_server((host, port)) as probe:
            port = probe.getsockname()[1]
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port} ({error.strerror}); choose another port with "
                         "--port, or stop what uses it") from error
    if host not in LOOPBACK:
        click.echo(f"planparse: warning: listening on {host}: anyone who can reach this machine can use the page "
                   "and read the plans put in it; use --host 127.0.0.1 unless you mean that", err=True)
    from planparse.web import server
    from planparse.web.app import Settings, create_app

    settings = Settings(options=options, max_upload_mb=max_upload, token=token, token_required=host not in LOOPBACK)
    app = create_app(settings if host in LOOPBACK else replace(settings, allowed_hosts=("*",)))
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    click.echo(f"planparse: the page is at {url} (Ctrl-C stops it)", err=True)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    server.run(app, host, port)


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--page", "page", type=click.IntRange(1), default=1, show_default=True, help="The page to draw.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The picture to write (.png).")
@reports_errors
@reading_options
def debug(source: Path, page: int, output: Path, options: ReadOptions) -> None:
    """Draw what planparse saw on a page of a PDF or page image: words, bullets, fills, pictures, ruled
    cells, paragraphs and headings, tables and rows, running heads. For the day a plan reads wrong."""
    from planparse.readers.debug import LEGEND, debug_picture
    from planparse.writers.atomic import atomic_path

    picture = debug_picture(source, page, options)
    with atomic_path(output) as temporary:
        temporary.write_bytes(picture)
    click.echo(f"{output}: page {page} of {source.name} ({LEGEND})")


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The corrected plan (.json; .xlsx, .docx, .csv or .pdf also do). Default: the plan itself when "
              "it is JSON.")
@click.option("--apply", "patches", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A patch: a JSON list of corrections (as --save-patch writes), applied in order.")
@click.option("--move", metavar="MEASURE", help="Move a measure (2.1.3) to the goal --to names.")
@click.option("--to", "to", metavar="GOAL", help="With --move: the goal (2.2) the measure goes to.")
@click.option("--merge", metavar="MEASURE", help="Merge a measure into the one before it (or --into).")
@click.option("--into", metavar="MEASURE", help="With --merge: the measure it is merged into.")
@click.option("--split", metavar="MEASURE", help="Split a measure in two where --at says.")
@click.option("--at", "at", metavar="TEXT", help="With --split: the words the second measure starts with.")
@click.option("--promote", metavar="ID", help="A measure (2.1.3) becomes a goal, with the measures after it; a goal "
              "(2.1) becomes an area, with the goals after it.")
@click.option("--demote", metavar="ID", help="A goal (2.1) becomes a measure of the goal before it, with its "
              "measures; an area (2) becomes a goal of the area before it, with its goals.")
@click.option("--mark", metavar="MEASURE", help="Set a measure's mark in the period --period to --as.")
@click.option("--period", metavar="LABEL", help="With --mark: the period (2024, H2, ...).")
@click.option("--as", "mark_as", metavar="MARK", help="With --mark: the mark ('x', '(x)'; '' for none).")
@click.option("--roles", metavar="MEASURE", help="Set who is responsible for a measure to --set.")
@click.option("--set", "roles_set", metavar="ROLES", help="With --roles: the roles, separated by ';'.")
@click.option("--text", "text_of", metavar="ID", help="Set the text of a measure, goal or area to --as-text.")
@click.option("--as-text", "as_text", metavar="TEXT", help="With --text: the text.")
@click.option("--delete", metavar="MEASURE", help="Delete a measure (kept among the corrections, to restore).")
@click.option("--restore", metavar="N", help="Put back the measure the N-th correction (a delete) removed.")
@click.option("--save-patch", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write all the plan's corrections as a patch, to apply to the plan read again.")
@reports_errors
@reading_options
def fix(source: Path, output: Path | None, patches: tuple[Path, ...], move: str | None, to: str | None,
        merge: str | None, into: str | None, split: str | None, at: str | None, promote: str | None,
        demote: str | None, mark: str | None, period: str | None, mark_as: str | None, roles: str | None,
        roles_set: str | None, text_of: str | None, as_text: str | None, delete: str | None, restore: str | None,
        save_patch: Path | None, options: ReadOptions) -> None:
    """Correct how SOURCE (a plan, or planparse's JSON of one) was read: the patches (--apply) first, then
    the one correction the options name. The corrected plan keeps its corrections, in order, in its JSON;
    --save-patch writes them as a patch to apply again to the plan read again (next year's too)."""
    from planparse.corrections import apply_corrections, load_patch
    from planparse.model import Correction, CorrectionKind

    asked = [(kind, target, values) for kind, target, values in (
        (CorrectionKind.MOVE, move, {"to": to}), (CorrectionKind.MERGE, merge, {"to": into}),
        (CorrectionKind.SPLIT, split, {"at": at}), (CorrectionKind.PROMOTE, promote, {}),
        (CorrectionKind.DEMOTE, demote, {}),
        (CorrectionKind.MARK, mark, {"period": period, "mark": mark_as}),
        (CorrectionKind.ROLES, roles, {"roles": roles_set.split(";") if roles_set is not None else None}),
        (CorrectionKind.TEXT, text_of, {"text": as_text}), (CorrectionKind.DELETE, delete, {}),
        (CorrectionKind.RESTORE, restore, {})) if target is not None]
    if len(asked) > 1:
        raise UsageError("fix makes one correction at a time (and any number with --apply); give one of --move, "
                         "--merge, --split, --promote, --demote, --mark, --roles, --text, --delete, --restore")
    if not asked and not patches:
        raise UsageError("say what to correct: --move 2.1.3 --to 2.2, --merge, --split, --promote, --demote, --mark, "
                         "--roles, --text, --delete, --restore, or --apply a patch")
    if output is None and source.suffix.lower() != ".json":
        raise UsageError(f"{source.name}: give -o for the corrected plan (such as -o {source.stem}.json); only a "
                         "plan's JSON is corrected in place")
    corrections = [correction for patch in patches for correction in load_patch(patch)]
    for kind, target, values in asked:
        corrections.append(Correction.model_validate({"kind": kind, "target": target, **values}))
    plan = apply_corrections(_read(source, options), corrections)
    target_path = output or source
    writer_for(target_path.suffix.lower().lstrip(".") or "json")(plan, target_path, WriteOptions())
    if save_patch is not None:
        from planparse.writers.atomic import atomic_path

        with atomic_path(save_patch) as temporary:
            temporary.write_text(json.dumps([c.model_dump(mode="json", exclude_none=True) for c in plan.corrections],
                                            ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    click.echo(f"{file_name(target_path)}: {len(corrections)} correction{'s' if len(corrections) != 1 else ''} "
               f"made, {len(plan.corrections)} in all; {len(plan.measures())} measures")


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The profile to write (.toml); printed when not given.")
@reports_errors
@reading_options
def profile(source: Path, output: Path | None, options: ReadOptions) -> None:
    """Write the reading profile of how SOURCE was read: its language, the labels or styles of its area
    and goal headings, its measure tables' column headers, its own marks. Edit it, then read the next
    document of the same family with --profile."""
    from planparse.api import profile_isolated

    text = "# planparse reading profile, written from " + file_name(source) + "\n" + \
        profile_isolated(source, options=options).to_toml()
    if output is None:
        click.echo(text, nl=False)
        return
    from planparse.writers.atomic import atomic_path

    with atomic_path(output) as temporary:
        temporary.write_text(text, encoding="utf-8")
    click.echo(f"{output}: the profile of how {file_name(source)} was read; use it with --profile")


@cli.command()
@click.option("--profile", "of_profile", is_flag=True, help="The JSON Schema of a reading profile instead.")
def schema(of_profile: bool) -> None:
    """Print the JSON Schema of the plan model (what `convert --to json` writes), or of a reading profile."""
    if of_profile:
        from planparse.profile import Profile

        click.echo(json.dumps(Profile.model_json_schema(), indent=2, ensure_ascii=False))
        return
    from planparse.model import plan_json_schema

    click.echo(json.dumps(plan_json_schema(), indent=2, ensure_ascii=False))


class Stopped(BaseException):
    """A signal asked the run to stop; raised so that half-written outputs are removed on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, _frame: object) -> None:
    raise Stopped(signum)


def main() -> None:
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop)
    try:
        cli(prog_name="planparse", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("planparse: interrupted", err=True)
        sys.exit(INTERRUPTED)
    except KeyboardInterrupt:
        click.echo("planparse: interrupted", err=True)
        sys.exit(INTERRUPTED)
    except BrokenPipeError:  # the reader of our output went away (| head): stop quietly, as other tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(128 + 13)
    except Stopped as stop:
        click.echo(f"planparse: stopped by signal {stop.signum}", err=True)
        sys.exit(128 + stop.signum)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)


__all__ = ["ExitCode", "cli", "main"]
