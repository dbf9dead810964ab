"""The command line as a user runs it: outputs, exit codes, one-line errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import jsonschema
import pytest
from conftest import EXPECTED, PLANS, SAMPLE_DOCX, SAMPLES

from planparse.cli import cli
from planparse.model import Plan


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planparse", *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def test_convert_writes_json_equal_to_expected(tmp_path: Path) -> None:
    result = run("convert", SAMPLE_DOCX, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "handlingsplan-2022-2024.json"
    assert written.read_text(encoding="utf-8") == (EXPECTED / written.name).read_text(encoding="utf-8")
    assert "84 measures" in result.stdout
    assert [p.name for p in tmp_path.iterdir()] == [written.name]  # no temporary files left


def test_convert_default_output_folder_is_outputs(tmp_path: Path) -> None:
    result = run("convert", SAMPLE_DOCX, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "outputs" / "handlingsplan-2022-2024.json").exists()


def _no_plan_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Referat fra styremøte")
    document.add_paragraph("Ingen tabeller her.")
    document.save(str(path))
    return path


def _damaged_docx(path: Path) -> Path:
    data = SAMPLE_DOCX.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _zip_without_word(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hei")
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD_INPUTS = {
    "missing": (lambda p: p / "finnes-ikke.docx", 3, "no such file"),
    "empty": (lambda p: _write(p / "tom.docx", b""), 3, "empty"),
    "text": (lambda p: _write(p / "plan.docx", b"bare tekst"), 3, "not a Word"),
    "damaged": (lambda p: _damaged_docx(p / "skadet.docx"), 3, "damaged"),
    "zip": (lambda p: _zip_without_word(p / "arkiv.docx"), 3, "not a Word document"),
    "old-doc": (lambda p: _write(p / "gammel.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), 3, "97-2003"),
    "folder": (lambda p: p, 3, "a folder with no plan in it"),  # a folder is read through; this one holds none
    "no-plan": (lambda p: _no_plan_docx(p / "referat.docx"), 4, "no plan found"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gets_one_line_and_exit_code(tmp_path: Path, case: str) -> None:
    make, code, words = BAD_INPUTS[case]
    source = make(tmp_path)
    out_dir = tmp_path / "out"
    result = run("convert", source, "-o", out_dir)
    assert result.returncode == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("planparse: ") and words in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run("--debug", "convert", _no_plan_docx(tmp_path / "referat.docx"), "-o", tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "NoPlanError" in result.stderr


def test_one_bad_input_does_not_stop_the_others(tmp_path: Path) -> None:
    result = run("convert", tmp_path / "mangler.docx", SAMPLE_DOCX, "-o", tmp_path / "out")
    assert result.returncode == 3
    assert (tmp_path / "out" / "handlingsplan-2022-2024.json").exists()


def test_unknown_format_among_known_is_refused_before_any_work(tmp_path: Path) -> None:
    result = run("convert", SAMPLE_DOCX, "--to", "json,pptx", "-o", tmp_path / "out")
    assert result.returncode == 2
    assert "unknown output format 'pptx'" in result.stderr and "json, xlsx, docx, csv" in result.stderr
    assert not (tmp_path / "out").exists()


def test_convert_to_every_format_and_back(tmp_path: Path) -> None:
    result = run("convert", SAMPLE_DOCX, "--to", "json,xlsx,docx,csv", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"handlingsplan-2022-2024.{ext}" for ext in ("csv", "docx", "json", "xlsx")]
    again = run("convert", tmp_path / "handlingsplan-2022-2024.xlsx", "--to", "docx", "-o", tmp_path / "igjen")
    assert again.returncode == 0, again.stderr
    assert "84 measures" in again.stdout


def test_an_output_that_would_overwrite_its_input_is_refused(tmp_path: Path) -> None:
    run("convert", SAMPLE_DOCX, "-o", tmp_path)
    source = tmp_path / "handlingsplan-2022-2024.json"
    before = source.read_bytes()
    result = run("convert", source, "--to", "json", "-o", tmp_path)
    assert result.returncode == 5 and "overwrite the input" in result.stderr
    assert source.read_bytes() == before


def test_json_that_is_not_a_plan_gets_a_clean_answer(tmp_path: Path) -> None:
    (tmp_path / "annet.json").write_text('{"navn": "ikke en plan"}', encoding="utf-8")
    result = run("convert", tmp_path / "annet.json", "-o", tmp_path / "out")
    assert result.returncode == 3 and "not a planparse plan" in result.stderr and "Traceback" not in result.stderr


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run("convert", SAMPLE_DOCX, "--to", "pptx", "-o", tmp_path)
    assert result.returncode == 2 and "unknown output format" in result.stderr


def test_unwritable_output_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    result = run("convert", SAMPLE_DOCX, "-o", blocker / "under")
    assert result.returncode == 5
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_schema_is_json_schema_of_the_plan() -> None:
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Plan"
    assert {"title", "areas", "years", "source", "warnings"} <= set(schema["properties"])
    assert schema["$defs"]["Measure"]["additionalProperties"] is False


def test_json_output_validates_against_the_printed_schema(tmp_path: Path) -> None:
    schema = json.loads(run("schema").stdout)
    for source in (SAMPLE_DOCX, SAMPLE_DOCX.with_suffix(".pdf")):
        assert run("convert", source, "-o", tmp_path).returncode == 0
        jsonschema.validate(json.loads((tmp_path / f"{source.stem}.json").read_text(encoding="utf-8")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "x", "areas": [{"goals": []}]}, schema)


def test_json_output_validates_against_the_model() -> None:
    plan = Plan.model_validate_json((EXPECTED / "handlingsplan-2022-2024.json").read_text(encoding="utf-8"))
    assert len(plan.measures()) == 84


def test_every_command_has_help_text() -> None:
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), name
        assert run(name, "--help").returncode == 0


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and "planparse" in result.stdout


def test_two_inputs_of_one_name_both_convert_named_by_their_kind(tmp_path: Path) -> None:
    """plan.docx and plan.PDF in one folder: both converted, their outputs named apart, and said."""
    folder = tmp_path / "planer"
    folder.mkdir()
    (folder / "plan.docx").write_bytes(SAMPLE_DOCX.read_bytes())
    (folder / "plan.PDF").write_bytes(SAMPLE_DOCX.with_suffix(".pdf").read_bytes())
    result = run("convert", folder, "-o", tmp_path / "out", "--to", "json")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["plan-docx.json", "plan-pdf.json"]
    assert "share a name" in result.stderr and "plan-docx.*" in result.stderr


def _imported(*args: str | Path) -> str:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "planparse", *map(str, args)],
                            capture_output=True, text=True, timeout=120)
    return result.stderr


def test_help_imports_no_model_reader_or_writer() -> None:
    imported = _imported("--help")
    for module in ("planparse.model", "pydantic", "planparse.readers", "openpyxl", "docx", "pdfplumber"):
        assert f" {module}\n" not in imported and f" {module}." not in imported, module


def test_convert_to_json_imports_no_workbook_or_word_writing_code(tmp_path: Path) -> None:
    imported = _imported("convert", SAMPLE_DOCX, "--to", "json", "-o", tmp_path)
    assert "planparse.readers.docx_reader" in imported  # it did read the plan
    for module in ("openpyxl", "planparse.writers.xlsx_writer", "planparse.writers.docx_writer"):
        assert module not in imported, module


def test_debug_draws_what_the_chain_saw_on_a_page(tmp_path: Path) -> None:
    from PIL import Image

    from planparse.readers.debug import CELL, PARAGRAPH

    out = tmp_path / "side.png"
    result = run("debug", SAMPLES / "handlingsplan-2022-2024.pdf", "--page", "3", "-o", out)
    assert result.returncode == 0, result.stderr
    image = Image.open(out).convert("RGB")
    colours = {image.getpixel((x, y)) for x in range(0, image.width, 2) for y in range(0, image.height, 2)}
    assert CELL in colours and PARAGRAPH in colours  # the ruled table's cells and the paragraphs drawn
    refused = run("debug", SAMPLES / "handlingsplan-2022-2024.pdf", "--page", "99", "-o", out)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1


def test_one_file_read_for_long_shows_its_pages_on_a_terminal(tmp_path: Path) -> None:
    import os
    import pty

    from scans import scan_pdf

    scan = scan_pdf(SAMPLES / "handlingsplan-2022-2024.pdf", tmp_path / "skannet.pdf", dpi=150)
    command = [sys.executable, "-m", "planparse", "convert", str(scan), "-o", str(tmp_path / "out"), "--to", "json"]
    controller, terminal = pty.openpty()
    try:
        reading = subprocess.Popen(command, stderr=terminal, stdout=subprocess.PIPE, text=True)
        os.close(terminal)
        said = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal's other end closed: the run is over
                break
            if not chunk:
                break
            said += chunk
        assert reading.wait(timeout=300) == 0
    finally:
        os.close(controller)
    shown = said.decode("utf-8", "replace")
    assert "skannet.pdf" in shown and "/7" in shown and "page" in shown and "(OCR)" in shown
    assert (tmp_path / "out" / "skannet.json").exists()


def test_the_page_bar_says_nothing_where_stderr_is_no_terminal() -> None:
    import io
    import time

    from planparse import progress
    from planparse.cli import _PageBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream in (io.StringIO(), Terminal()):
        with _PageBar("plan.pdf", stream, after=0.0) as bar:
            deadline = time.monotonic() + 10
            while stream.isatty() and bar.bar is None and time.monotonic() < deadline:
                time.sleep(0.01)
            progress.reading_page(2, 3, True)
        assert ("1/3" in stream.getvalue() and "page 2 (OCR)" in stream.getvalue()) is stream.isatty()
    assert progress.listen(None) is None  # the bar's listener is gone with it


def test_convert_reads_the_pages_of_one_scan_at_once_with_j(tmp_path: Path) -> None:
    from scans import scan_tiff

    scan = scan_tiff(PLANS / "instituttet-2025-2027.pdf", tmp_path / "skannet.tif", dpi=150)  # 3 pages
    result = run("convert", scan, "-j", "2", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "measures" in result.stdout and (tmp_path / "out" / "skannet.json").exists()
