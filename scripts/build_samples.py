"""Build the sample plan (DOCX, and PDF through LibreOffice) from the reviewed reading of the real plan.

samples/seed/ holds the text extracted from "Handlingsplan for Læringsmiljøsenteret 2022 – 2024"
and reference.json, a reviewed reading of that text. The DOCX is laid out as the original:
bold title, "Innledning" with its paragraph, each area a heading, each goal a bold paragraph,
then a bordered table Tiltak | 2022 | 2023 | 2024 | Ansvarlig with one role per line. The
quirks the seed text shows are kept: the first table ends with an empty row, one cell holds
three paragraphs, and one responsible cell has an empty line between its roles.

Run through scripts/build-samples.sh, which installs LibreOffice when it is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from docx_plan_builder import BuildOptions, build_document
from pdf_plan_builder import PdfOptions, build_pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
NAME = "handlingsplan-2022-2024"


def docx_to_pdf(docx_path: Path, pdf_path: Path) -> None:
    """Export a Word file to PDF with LibreOffice headless (as an office suite's export)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is needed: run scripts/build-samples.sh, which installs it")
    with tempfile.TemporaryDirectory() as out_dir, tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", out_dir, str(docx_path)],
            check=True, capture_output=True, timeout=300,
        )
        shutil.move(Path(out_dir) / f"{docx_path.stem}.pdf", pdf_path)


def main() -> None:
    reference = json.loads((SAMPLES / "seed" / "reference.json").read_text(encoding="utf-8"))
    options = BuildOptions(
        empty_row_after_first_table=True,
        # The seed shows an empty line between "FoU-leder" and "Prosjektledere" in this cell.
        blank_role_paragraph={
            "Videreutvikle kompetansen innen RCT-design med implementerings- og prosessevaluering": 1
        },
    )
    document = build_document(reference, options)
    document.core_properties.title = reference["title"]
    docx_path = SAMPLES / f"{NAME}.docx"
    document.save(str(docx_path))
    docx_to_pdf(docx_path, SAMPLES / f"{NAME}.pdf")
    # A second PDF from another engine: no ruling lines, landscape, the header row repeated on
    # each page, a running header and page numbers.
    build_pdf(reference, SAMPLES / f"{NAME}-unruled.pdf", PdfOptions(
        running_header="Læringsmiljøsenteret – handlingsplan 2022–2024",
    ))
    print(f"wrote {docx_path.relative_to(ROOT)}, {NAME}.pdf and {NAME}-unruled.pdf")


if __name__ == "__main__":
    main()
