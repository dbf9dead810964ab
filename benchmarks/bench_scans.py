"""Benchmark: reading scans made some other way than the tests make theirs (tests/scans.py,
`other_scan`): JPEG pages in the PDF (quality 50-85), 150/200/300 dpi, skew up to 3 degrees, a phone's
uneven light and keystone, pages turned 90 and 180 degrees, two pages side by side, searchable PDFs with
Tesseract's invisible text.

The corpus: every plan scanned once in every variant, the dpi turning with plan and variant so each dpi
gets each variant about as often. The plans:
  pdf    the test plans of tests/plans and the sample, as our PDF builder drew them;
  word   the Word test plans (tests/plans, tests/plans/shapes, the sample) turned into PDF by LibreOffice
         (`soffice --headless --convert-to pdf`), so drawn in other fonts; skipped without soffice;
  real   the real documents with a truth file, from the real documents folder (`../shared/real`
         relative to the project, or PLANPARSE_REAL_DOCS), only the pages named in REAL_PAGES; skipped
         when the folder is missing. Their scans are made in a temp folder and never kept.

Each scan is read with `planparse.api.parse` and scored against the plan's truth file:
  unscanned  measures fully right reading the same PDF pages themselves (their text), for comparison;
  full   measures fully right (area title, goal text, measure text, responsible and mark kinds, as
         bench_ocr.py's `right()`; for real documents score_real's "fully right"),
  texts  measures whose text is right,
  silent measures not fully right with no warning of doubt at them (that a page was turned is no
         doubt): none on the measure's page whose box overlaps the measure's rows (or that names the
         page and no box); a measure not found at all is silent when no warning stands on the page its
         text is on.
Found and truth measures are paired in order by text (a lost or extra measure does not shift the rest).

Run: python benchmarks/bench_scans.py [--only DPI] [--plans NAME] [--variants V,...] [--groups pdf,word,real]
     [--results FILE] [--list]; python benchmarks/bench_scans.py --table FILE prints the table of the
results written so far (the corpus can be read in parts, each part appending to FILE). Needs Tesseract;
OCR takes seconds a page, so run it in parts. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import score_real  # noqa: E402
from reference_form import reference_form  # noqa: E402
from scans import OTHER_DPIS, SUFFIXES, VARIANTS, other_scan  # noqa: E402

from planparse.recognizer.marks import read_mark  # noqa: E402
from planparse.vocabulary import DEFAULT_VOCABULARY  # noqa: E402

# The real documents scanned, and which of their pages (1-based; None: all): the short ones, and of the
# long ones whose truth is partial, the pages that truth covers (or the first of them).
REAL_PAGES: dict[str, tuple[int, ...] | None] = {
    "natet-gronflagg-granen-2023": None,
    "natet-gronflagg-tallen-2023": None,
    "kultingen-likabehandlingsplan-2011": None,
    "rockrullarna-arshjul-2023": (2, 5, 6, 7, 8),  # its contents (the months are told headings by it), Jan-Apr
    "muenster-klimaschutz-sachstand-2017-2018": (1, 2, 3, 4),
}


@dataclass(frozen=True)
class Plan:
    group: str  # pdf, word, real
    name: str
    source: Path  # a .pdf or a .docx
    truth: Path
    pages: tuple[int, ...] | None = None


@dataclass
class Result:
    group: str
    plan: str
    variant: str
    dpi: int
    format: str
    pages: int
    total: int
    full: int = 0
    texts: int = 0
    silent: int = 0
    silent_on_page: int = 0
    extra: int = 0
    warnings: int = 0
    seconds: float = 0.0
    error: str = ""
    baseline: int = -1  # measures fully right reading the same pages unscanned (the PDF's own text)
    misses: list[str] = field(default_factory=list)  # each measure not fully right: what differs
    warned: list[str] = field(default_factory=list)  # the reading's warnings: code and where


def plans(groups: set[str]) -> list[Plan]:
    out = []
    if "pdf" in groups:
        out.append(Plan("pdf", "handlingsplan-2022-2024", ROOT / "samples" / "handlingsplan-2022-2024.pdf",
                        ROOT / "samples" / "seed" / "reference.json"))
        out += [Plan("pdf", pdf.stem, pdf, pdf.with_suffix(".truth.json"))
                for pdf in sorted((ROOT / "tests" / "plans").glob("*.pdf")) if pdf.with_suffix(".truth.json").is_file()]
    if "word" in groups and shutil.which("soffice"):
        out.append(Plan("word", "handlingsplan-2022-2024.docx", ROOT / "samples" / "handlingsplan-2022-2024.docx",
                        ROOT / "samples" / "seed" / "reference.json"))
        for folder in (ROOT / "tests" / "plans", ROOT / "tests" / "plans" / "shapes"):
            out += [Plan("word", word.name, word, word.with_suffix(".truth.json"))
                    for word in sorted(folder.glob("*.docx")) if word.with_suffix(".truth.json").is_file()]
    if "real" in groups:
        folders = score_real.doc_folders([])
        for truth in score_real.truth_files():
            name = truth.name.removesuffix(".truth.json")
            document = score_real.document_of(truth, folders)
            if name in REAL_PAGES and document is not None and document.suffix == ".pdf":
                out.append(Plan("real", name, document, truth, REAL_PAGES[name]))
    return out


def corpus(chosen: list[Plan], every: list[Plan]) -> list[tuple[Plan, str, int]]:
    """Each plan in each variant, at the dpi its place in the whole list and the variant's give."""
    index = {plan: number for number, plan in enumerate(every)}
    return [(plan, variant, OTHER_DPIS[(index[plan] + v) % len(OTHER_DPIS)])
            for plan in chosen for v, variant in enumerate(VARIANTS)]


def as_pdf(plan: Plan, folder: Path) -> Path:
    """The plan as a PDF: itself, or the Word file as LibreOffice prints it."""
    if plan.source.suffix == ".pdf":
        return plan.source
    target = folder / "libreoffice"
    target.mkdir(exist_ok=True)
    pdf = target / f"{plan.source.stem}.pdf"
    if not pdf.is_file():
        profile = (folder / "libreoffice-profile").resolve().as_uri()  # its own: another soffice may be running
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(target), str(plan.source)], check=True, capture_output=True, timeout=180)
    return pdf


def page_texts(pdf: Path, pages: tuple[int, ...] | None) -> list[str]:
    """The text of each scanned page of the PDF, as compared (score_real.text_key)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        numbers = pages or tuple(range(1, len(document) + 1))
        return [score_real.text_key(document[n - 1].get_textpage().get_text_range()) for n in numbers]
    finally:
        document.close()


def scan_page_of(text: str, texts: list[str], variant: str) -> int | None:
    """The page of the scan (1-based) that the text of a measure stands on, or None."""
    key = score_real.text_key(text)
    page = next((number for number, page in enumerate(texts, start=1) if key and key in page), None)
    if page is None:  # a text wrapped in a cell may come out in pieces: its first words then
        head = score_real.text_key(" ".join(text.split()[:4]))
        page = next((number for number, page in enumerate(texts, start=1) if head and head in page), None)
    if page is not None and variant == "spread":
        page = (page + 1) // 2
    return page


def kinds(marks: dict[str, str]) -> dict[str, str]:
    found = {label: read_mark(raw, DEFAULT_VOCABULARY).kind.value for label, raw in marks.items()}
    return {label: kind for label, kind in found.items() if kind != "none"}


# Warnings that tell what was done, not that the reading may be wrong: no word of doubt at a measure.
TELLING = {"page-turned", "two-pages", "page-photographed", "layer-poor"}


def doubts(plan: Any) -> list[Any]:
    return [warning for warning in plan.warnings if warning.code not in TELLING]


def warned_at(plan: Any, measure: Any) -> bool:
    """A warning of doubt at the measure: on its page, over its rows (or naming the page and no box)."""
    page, box = measure.location.page, measure.location.bbox
    for warning in doubts(plan):
        if page is None or warning.location.page != page:
            continue
        other = warning.location.bbox
        if other is None or box is None or (other[1] <= box[3] and box[1] <= other[3]):
            return True
    return False


def warned_on(plan: Any, page: int | None) -> bool:
    """Any warning of doubt on the page (any at all where the page is not known)."""
    return any(page is None or w.location.page == page for w in doubts(plan))


def found_measures(plan: Any) -> list[tuple[str, str, Any]]:
    return [(area.title or "", goal.text or "", measure) for area in plan.areas for goal in area.goals
            for measure in goal.measures]


def score_reference(plan: Any, truth: Path, texts: list[str], variant: str, result: Result) -> None:
    """Against a truth in the reference form (tests/plans, the sample)."""
    got = [(a["title"], g["text"], m) for a in reference_form(plan)["areas"] for g in a["goals"] for m in g["measures"]]
    objects = [measure for _, _, measure in found_measures(plan)]
    want = [(a["title"], g["text"], m) for a in json.loads(truth.read_text(encoding="utf-8"))["areas"]
            for g in a["goals"] for m in g["measures"]]
    result.total = len(want)
    partner: dict[int, int] = {}
    blocks = SequenceMatcher(None, [m["text"] for _, _, m in got], [m["text"] for _, _, m in want], autojunk=False)
    for tag, g0, g1, w0, w1 in blocks.get_opcodes():
        if tag in ("equal", "replace"):
            partner.update(zip(range(w0, w1), range(g0, g1), strict=False))
    result.extra = len(got) - len(partner)
    for w, (wa, wg, wm) in enumerate(want):
        g = partner.get(w)
        if g is not None:
            a, goal, m = got[g]
            result.texts += m["text"] == wm["text"]
            if (a, goal, m["text"], m["responsible"], kinds(m["marks"])) == (
                    wa, wg, wm["text"], wm["responsible"], kinds(wm["marks"])):
                result.full += 1
                continue
            differs = [f"{name} {got_!r} (truth {want_!r})" for name, got_, want_ in (
                ("area", a, wa), ("goal", goal, wg), ("text", m["text"], wm["text"]),
                ("responsible", m["responsible"], wm["responsible"]),
                ("marks", kinds(m["marks"]), kinds(wm["marks"]))) if got_ != want_]
            result.misses.append(f"p{objects[g].location.page} {'warned' if warned_at(plan, objects[g]) else 'SILENT'}"
                                 f" {wm['text'][:50]!r}: " + "; ".join(differs))
            result.silent += not warned_at(plan, objects[g])
            result.silent_on_page += not warned_on(plan, objects[g].location.page)
        else:
            quiet = not warned_on(plan, scan_page_of(wm["text"], texts, variant))
            result.silent += quiet
            result.silent_on_page += quiet
            result.misses.append(f"{'SILENT' if quiet else 'warned'} not found: {wm['text'][:70]!r}")
    for g, (a, goal, m) in enumerate(got):
        if g not in partner.values():
            result.misses.append(f"extra: {a[:30]!r} / {goal[:30]!r} / {m['text'][:60]!r}")


def score_truth(plan: Any, truth: Path, texts: list[str], variant: str, pages: tuple[int, ...] | None,
                result: Result) -> None:
    """Against a real document's truth (score_real's matching and "fully right"); where only some pages
    were scanned, the truth's measures whose text stands on them."""
    measures = json.loads(truth.read_text(encoding="utf-8"))["measures"]
    if pages:
        measures = [m for m in measures if scan_page_of(m["text"], texts, "") is not None]
    found = score_real.flatten(plan)
    objects = [measure for _, _, measure in found_measures(plan)]
    hits = score_real.match(measures, found)
    result.total = len(measures)
    result.extra = len(found) - sum(hit is not None for hit in hits)
    for item, hit in zip(measures, hits, strict=True):
        if hit is None:
            quiet = not warned_on(plan, scan_page_of(item["text"], texts, variant))
            result.silent += quiet
            result.silent_on_page += quiet
            result.misses.append(f"{'SILENT' if quiet else 'warned'} not found: {item['text'][:70]!r}")
            continue
        result.texts += 1
        differs = score_real.differences(item, found[hit])
        if not differs:
            result.full += 1
            continue
        result.misses.append(f"p{objects[hit].location.page} "
                             f"{'warned' if warned_at(plan, objects[hit]) else 'SILENT'} {item['text'][:50]!r}: "
                             + "; ".join(differs))
        result.silent += not warned_at(plan, objects[hit])
        result.silent_on_page += not warned_on(plan, objects[hit].location.page)


FORMATS = {"jpeg": "JPEG-in-PDF", "phone": "JPEG-in-PDF", "turned-90": "JPEG-in-PDF", "turned-180": "TIFF",
           "spread": "JPEG-in-PDF", "searchable": "PDF+text"}


def unscanned(plan: Plan, pdf: Path, texts: list[str], folder: Path) -> int:
    """Measures fully right reading the pages scanned from the PDF itself (its text): what the scan is
    measured against."""
    import pikepdf

    from planparse.api import parse

    if plan.pages:
        with pikepdf.open(pdf) as whole, pikepdf.new() as part:
            for number in plan.pages:
                part.pages.append(whole.pages[number - 1])
            pdf = folder / f"{plan.name}-pages.pdf"
            part.save(pdf)
    result = Result(plan.group, plan.name, "", 0, "", 0, 0)
    try:
        read = parse(pdf)
    except Exception:  # the plan not read even from its text
        return 0
    if plan.group == "real":
        score_truth(read, plan.truth, texts, "", plan.pages, result)
    else:
        score_reference(read, plan.truth, texts, "", result)
    return result.full


def read_one(plan: Plan, variant: str, dpi: int, folder: Path, keep: Path | None) -> Result:
    from planparse.api import parse
    from planparse.options import Limits, ReadOptions

    pdf = as_pdf(plan, folder)
    texts = page_texts(pdf, plan.pages)
    baseline = unscanned(plan, pdf, texts, folder)
    target = (keep if keep and plan.group != "real" else folder) / f"{plan.name}-{dpi}-{variant}{SUFFIXES[variant]}"
    other_scan(pdf, target, dpi, variant, pages=plan.pages)
    result = Result(plan.group, plan.name, variant, dpi, FORMATS[variant],
                    (len(texts) + 1) // 2 if variant == "spread" else len(texts), 0, baseline=baseline)
    start = time.perf_counter()
    try:
        read = parse(target, options=ReadOptions(limits=Limits(max_seconds=1800)))
    except Exception as error:  # a refusal is a score of nothing, said as such
        result.error = " ".join(f"{type(error).__name__}: {error}".split())[:120]
        result.total = len(json.loads(plan.truth.read_text(encoding="utf-8")).get("measures") or []) or sum(
            len(g["measures"]) for a in json.loads(plan.truth.read_text(encoding="utf-8")).get("areas", [])
            for g in a["goals"])
        # a refusal is said: no measure of the scan is read wrong without a word
    else:
        result.warnings = len(read.warnings)
        result.warned = [f"{w.code} {w.location.describe()} {w.message[:80]}" for w in read.warnings]
        if plan.group == "real":
            score_truth(read, plan.truth, texts, variant, plan.pages, result)
        else:
            score_reference(read, plan.truth, texts, variant, result)
    result.seconds = time.perf_counter() - start
    if plan.group == "real":
        target.unlink(missing_ok=True)
    return result


def table(results: list[Result]) -> str:
    lines = [f"{'group':5} {'plan':46} {'dpi':>4} {'variant':11} {'format':12} {'pp':>3} {'full':>7} "
             f"{'texts':>7} {'silent':>6} {'extra':>5} {'s/page':>6} {'unscanned':>9}  error"]
    for r in sorted(results, key=lambda r: (r.group, r.plan, VARIANTS.index(r.variant))):
        lines.append(f"{r.group:5} {r.plan[:46]:46} {r.dpi:4} {r.variant:11} {r.format:12} {r.pages:3} "
                     f"{r.full:3}/{r.total:<3} {r.texts:3}/{r.total:<3} {r.silent:6} {r.extra:5} "
                     f"{r.seconds / max(r.pages, 1):6.1f} {r.baseline if r.baseline >= 0 else '?':>9}  {r.error}")
    lines.append("")
    lines.append(f"{'totals':24} {'scans':>5} {'measures':>8} {'fully right':>12} {'texts right':>12} "
                 f"{'wrong':>6} {'silent':>6} {'silent on page':>14}")

    def total(label: str, chosen: list[Result]) -> None:
        measures = sum(r.total for r in chosen)
        full = sum(r.full for r in chosen)
        texts = sum(r.texts for r in chosen)
        lines.append(f"{label:24} {len(chosen):5} {measures:8} {full / max(measures, 1):12.0%} "
                     f"{texts / max(measures, 1):12.0%} {measures - full:6} {sum(r.silent for r in chosen):6} "
                     f"{sum(r.silent_on_page for r in chosen):14}")

    for dpi in OTHER_DPIS:
        total(f"{dpi} dpi", [r for r in results if r.dpi == dpi])
    for variant in VARIANTS:
        total(variant, [r for r in results if r.variant == variant])
    for group in ("pdf", "word", "real"):
        total(f"group {group}", [r for r in results if r.group == group])
    total("all", results)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", type=int, choices=OTHER_DPIS, help="only the scans at this dpi")
    parser.add_argument("--plans", help="only plans whose name holds this (comma-separated: any of them)")
    parser.add_argument("--variants", help="only these variants, comma-separated: " + ",".join(VARIANTS))
    parser.add_argument("--groups", default="pdf,word,real", help="pdf, word, real (comma-separated)")
    parser.add_argument("--results", type=Path, help="append each scan's result to this JSON-lines file")
    parser.add_argument("--keep", type=Path, help="keep the scans of pdf and word plans in this folder")
    parser.add_argument("--table", type=Path, help="print the table of the results in this file and stop")
    parser.add_argument("--list", action="store_true", help="list the chosen scans and stop")
    args = parser.parse_args(argv)
    if args.table:
        rows = {}  # a scan read again stands for its earlier reading
        for line in args.table.read_text(encoding="utf-8").splitlines():
            if line:
                result = Result(**json.loads(line))
                if result.error:  # read before refusals were counted as said
                    result.silent = result.silent_on_page = 0
                rows[result.group, result.plan, result.variant, result.dpi] = result
        print(table(list(rows.values())))
        return 0
    groups = set(args.groups.split(","))
    every = plans({"pdf", "word", "real"})
    chosen = [plan for plan in every if plan.group in groups and (
        not args.plans or any(part in plan.name for part in args.plans.split(",")))]
    scans = [(plan, variant, dpi) for plan, variant, dpi in corpus(chosen, every)
             if (args.only is None or dpi == args.only) and (not args.variants or variant in args.variants.split(","))]
    if args.list:
        for plan, variant, dpi in scans:
            print(plan.group, plan.name, dpi, variant)
        return 0
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for plan, variant, dpi in scans:
            result = read_one(plan, variant, dpi, Path(folder), args.keep)
            results.append(result)
            print(table([result]).splitlines()[1], flush=True)
            if args.results:
                with args.results.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(asdict(result)) + "\n")
    print()
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
