"""Hostile and damaged files, made on the fly from the samples and from a few hand-written bytes."""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

from conftest import PLANS, SAMPLE_DOCX

from planparse import parse
from planparse.model import Location, Plan

WORD_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def replaced_members(source: Path, target: Path, members: dict[str, bytes | None]) -> Path:
    """A copy of a zip archive with some members replaced (or, given None, left out)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in members:
                data = members[info.filename]
                if data is not None:
                    new.writestr(info.filename, data)
            else:
                new.writestr(info, old.read(info.filename))
    return target


def document_xml(source: Path = SAMPLE_DOCX) -> str:
    with zipfile.ZipFile(source) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def docx_with_body(target: Path, body: str) -> Path:
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {WORD_NS}><w:body>{body}</w:body>'
           "</w:document>")
    return replaced_members(SAMPLE_DOCX, target, {"word/document.xml": xml.encode("utf-8")})


def wide_span_docx(target: Path, span: int = 100_000_000) -> Path:
    """A table whose one cell spans more grid columns than any page holds."""
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p><w:r><w:t>Tiltak</w:t></w:r></w:p></w:tc>'
    return docx_with_body(target, f"<w:p><w:r><w:t>Plan</w:t></w:r></w:p><w:tbl><w:tr>{cell}</w:tr></w:tbl>")


def huge_list_start_docx(target: Path) -> Path:
    """The numbered test plan with every list starting at 10^12 in roman numerals."""
    source = PLANS / "fakultetet-2024-2026.docx"
    with zipfile.ZipFile(source) as archive:
        numbering = archive.read("word/numbering.xml").decode("utf-8")
    numbering = re.sub(r'<w:start w:val="\d+"/>', '<w:start w:val="1000000000000"/>', numbering)
    numbering = re.sub(r'<w:numFmt w:val="decimal"/>', '<w:numFmt w:val="upperRoman"/>', numbering)
    return replaced_members(source, target, {"word/numbering.xml": numbering.encode("utf-8")})


def many_rows_docx(target: Path, rows: int = 100_000) -> Path:
    """A table of many rows, each different (so it packs no better than text does)."""
    rng = random.Random(7)
    words = ["tiltak", "plan", "mål", "leder", "skole", "rapport", "kurs", "møte"]
    body = "".join(f"<w:tr><w:tc><w:p><w:r><w:t>{' '.join(rng.choices(words, k=4))} {n}</w:t></w:r></w:p></w:tc></w:tr>"
                   for n in range(rows))
    return docx_with_body(target, f"<w:tbl>{body}</w:tbl>")


def bomb_docx(target: Path, size: int = 1 << 30) -> Path:
    """A DOCX whose document.xml inflates to `size` bytes of spaces (a zip bomb)."""
    head = f'<?xml version="1.0"?><w:document {WORD_NS}><w:body>'.encode()
    with zipfile.ZipFile(SAMPLE_DOCX) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != "word/document.xml":
                new.writestr(info, old.read(info.filename))
        with new.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            chunk = b" " * (1 << 20)
            for _ in range(size >> 20):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return target


def corrupt_deflate_docx(target: Path) -> Path:
    """The sample with bytes in the middle of document.xml's compressed stream flipped."""
    data = bytearray(SAMPLE_DOCX.read_bytes())
    with zipfile.ZipFile(SAMPLE_DOCX) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    for index in range(middle, middle + 64):
        data[index] ^= 0xA5
    target.write_bytes(bytes(data))
    return target


def pdf_bytes(page_dict: str, content: bytes, extra_objects: list[bytes] = ()) -> bytes:  # type: ignore[assignment]
    """A small PDF of one page; `page_dict` is put into the page dictionary (MediaBox, Resources …)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R {page_dict} /Contents 4 0 R >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra_objects,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


TEXT = b"BT /F1 12 Tf 72 720 Td (Referat fra mote) Tj ET"
RESOURCES = "/Resources << /Font << /F1 5 0 R >> >>"


def fan_out_pdf(target: Path, width: int = 10, depth: int = 7) -> Path:
    """Form XObjects that each draw the next `width` times, `depth` deep: width^depth draws from 3 KB."""
    forms = []
    first = 6
    for level in range(depth):
        number = first + level
        if level == depth - 1:
            content = b"0 0 m 1 1 l S"
            resources = b""
        else:
            content = b" ".join(b"/X Do" for _ in range(width))
            resources = b"/Resources << /XObject << /X %d 0 R >> >>" % (number + 1)
        forms.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] %s /Length %d >>\nstream\n%s\nendstream"
                     % (resources, len(content), content))
    page = f"/MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /X {first} 0 R >> >>"
    target.write_bytes(pdf_bytes(page, TEXT + b"\n/X Do", forms))
    return target


def damaged_streams_pdf(source: Path, target: Path, streams: tuple[int, ...] = (2, 5)) -> Path:
    """A PDF with bytes flipped in the middle of some of its compressed content streams."""
    data = bytearray(source.read_bytes())
    starts = [m.end() for m in re.finditer(rb"stream\r?\n", data)]
    for which in streams:
        start = starts[which]
        end = data.index(b"endstream", start)
        middle = start + (end - start) // 2
        for index in range(middle, min(middle + 20, end)):
            data[index] ^= 0x55
    target.write_bytes(bytes(data))
    return target


def huge_page_plan_pdf(target: Path, size: int = 14_400) -> Path:
    """A plan of three listed measures on one page `size` points square (200 inches at 14,400): a few
    hundred bytes that would draw as half a billion pixels at a screen's resolution."""
    top = size - 72
    lines = [(0, "Handlingsplan for biblioteket 2025"), (30, "Lesing"),
             (50, "- Starte leseklubb for unge (Ansvar: Bibliotekar, 2025)"),
             (66, "- Utvide apningstidene (Ansvar: Leder, 2025)"),
             (82, "- Kurs i kildekritikk (Ansvar: Bibliotekar, 2025)")]
    content = b"\n".join(b"BT /F1 12 Tf 72 %d Td (%s) Tj ET" % (top - dy, text.encode("latin-1"))
                         for dy, text in lines)
    target.write_bytes(pdf_bytes(f"/MediaBox [0 0 {size} {size}] {RESOURCES}", content))
    return target


def large_plan(measures: int = 20_000) -> Plan:
    """The sample plan with its first goal's measures repeated to `measures` in all: a plan far larger
    than a real one, to hold the writers and the page to their limits."""
    plan = parse(SAMPLE_DOCX)
    goal = plan.areas[0].goals[0]
    others = len(plan.measures()) - len(goal.measures)
    pattern = goal.measures
    goal.measures = [pattern[n % len(pattern)].model_copy(update={"location": Location(table=1, row=n + 1)})
                     for n in range(measures - others)]
    return plan.model_validate(plan.model_dump())  # numbered again, as read
