"""The report as PDF, for publishing: the Word report (plan or status) written, then turned into PDF
by LibreOffice when it is installed. Without LibreOffice, one line says so and what to do."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from planparse.errors import OutputError
from planparse.writers.atomic import atomic_path

if TYPE_CHECKING:
    from planparse.model import Plan, PlanWarning
    from planparse.writers import WriteOptions

OFFICE_NAMES = ("soffice", "libreoffice")
OFFICE_SECONDS = 180.0  # a report of a few hundred pages takes LibreOffice about a minute


def office_program() -> str | None:
    """LibreOffice's program: $PLANPARSE_SOFFICE, or the first on the PATH."""
    chosen = os.environ.get("PLANPARSE_SOFFICE")
    if chosen:
        return chosen if shutil.which(chosen) else None
    return next((found for name in OFFICE_NAMES if (found := shutil.which(name))), None)


def write_pdf(plan: Plan, target: Path, options: WriteOptions,
              write_docx: Callable[[Plan, Path, WriteOptions], list[PlanWarning]]) -> list[PlanWarning]:
    program = office_program()
    if program is None:
        raise OutputError(f"{target.name}: a PDF report is made by LibreOffice, which is not installed; install it "
                          "(sudo apt-get install libreoffice-writer, or from libreoffice.org) or write the report "
                          "as Word (docx) and save it as PDF there")
    with tempfile.TemporaryDirectory(prefix="planparse-pdf-") as folder:
        work = Path(folder)
        source = work / f"{target.stem or 'report'}.docx"
        warnings = write_docx(plan, source, options)
        # A profile of its own, so LibreOffice neither waits for nor changes one the user has open.
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(work / "out"), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=OFFICE_SECONDS, check=False,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as error:
            raise OutputError(f"{target.name}: LibreOffice did not make the PDF within {OFFICE_SECONDS:.0f} s; "
                              "write the report as Word (docx) and save it as PDF there") from error
        except OSError as error:
            raise OutputError(f"{target.name}: LibreOffice could not be started ({error.strerror}); "
                              "write the report as Word (docx) instead") from error
        made = work / "out" / f"{source.stem}.pdf"
        if not made.is_file() or made.stat().st_size == 0:
            said = " ".join(done.stderr.decode("utf-8", "replace").split())[:200]
            raise OutputError(f"{target.name}: LibreOffice made no PDF (exit {done.returncode}"
                              f"{': ' + said if said else ''}); write the report as Word (docx) instead")
        with atomic_path(target) as temporary:
            shutil.copyfile(made, temporary)
    return warnings
