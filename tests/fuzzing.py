"""A seeded mutation fuzzer over real plans: damaged copies of the samples and test plans (byte flips,
truncations, zip members left out or doubled, XML elements and attributes damaged, PDF streams, xref
tables and dictionaries damaged), each read as the command line reads it. A fault is any answer but a
plan or a clean PlanparseError: an internal error, a traceback, a hang past the limits.

Used by tests/test_fuzz.py (a bounded run) and scripts/fuzz.py (long runs that keep what they find)."""

from __future__ import annotations

import hashlib
import io
import random
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planparse.api import parse_isolated, write
from planparse.errors import PlanparseError
from planparse.isolation import InternalError
from planparse.model import Plan
from planparse.options import Limits, ReadOptions
from planparse.writers import WRITERS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [
    ROOT / "samples" / "handlingsplan-2022-2024.docx",
    ROOT / "samples" / "handlingsplan-2022-2024.pdf",
    ROOT / "tests" / "plans" / "fakultetet-2024-2026.docx",
    ROOT / "tests" / "plans" / "biblioteket-2025-2028.pdf",
    ROOT / "tests" / "plans" / "shapes" / "nordbygda-2025-2027.docx",
    ROOT / "tests" / "plans" / "shapes" / "mobbing-2025-2027-chromium.pdf",
    ROOT / "tests" / "plans" / "shapes" / "trafikk-2026-2029.pdf",
]
# Fuzzing wants many files a minute: each gets less time than a user's file would.
FUZZ_OPTIONS = ReadOptions(limits=Limits(max_seconds=20.0))

Mutation = Callable[[bytes, random.Random], bytes]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 4, 16, 64))):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(max(1, len(data)))]


def _rezip(data: bytes, change: Callable[[list[tuple[zipfile.ZipInfo, bytes]]], list[tuple[zipfile.ZipInfo, bytes]]]
           ) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore", UserWarning)  # a doubled member's name
        for info, content in change(members):
            archive.writestr(info, content)
    return buffer.getvalue()


def drop_member(data: bytes, rng: random.Random) -> bytes:
    def change(members: list[tuple[zipfile.ZipInfo, bytes]]) -> list[tuple[zipfile.ZipInfo, bytes]]:
        members.pop(rng.randrange(len(members)))
        return members
    return _rezip(data, change)


def double_member(data: bytes, rng: random.Random) -> bytes:
    """A member written twice (zipfile warns of the doubled name; that is the point here)."""
    def change(members: list[tuple[zipfile.ZipInfo, bytes]]) -> list[tuple[zipfile.ZipInfo, bytes]]:
        info, content = rng.choice(members)
        other = rng.choice(members)[1]
        return [*members, (info, other if rng.random() < 0.5 else content)]
    return _rezip(data, change)


_WILD_VALUES = ("x", "-1", "0", "99999999999", "1e309", "", "NaN", "\u00ff", "auto", "2147483648")


def damage_xml(data: bytes, rng: random.Random) -> bytes:
    """An XML member with an attribute set to a wild value, an element dropped, doubled or cut open."""
    def change(members: list[tuple[zipfile.ZipInfo, bytes]]) -> list[tuple[zipfile.ZipInfo, bytes]]:
        xml_members = [k for k, (info, _) in enumerate(members) if info.filename.endswith((".xml", ".rels"))]
        k = rng.choice(xml_members)
        info, content = members[k]
        text = content.decode("utf-8", "replace")
        how = rng.randrange(4)
        if how == 0:
            attributes = list(re.finditer(r'(\w+:\w+)="[^"]*"', text))
            if attributes:
                match = rng.choice(attributes)
                text = text[:match.start()] + f'{match.group(1)}="{rng.choice(_WILD_VALUES)}"' + text[match.end():]
        elif how in (1, 2):
            elements = list(re.finditer(r"<(\w+:\w+)\b[^>]*/>", text)) or list(re.finditer(r"<\w+:\w+\b[^>]*>", text))
            if elements:
                match = rng.choice(elements)
                piece = match.group(0)
                text = text[:match.start()] + (piece * 2 if how == 1 else "") + text[match.end():]
        else:
            closing = list(re.finditer(r"</\w+:\w+>", text))
            if closing:
                match = rng.choice(closing)
                text = text[:match.start()] + text[match.end():]
        members[k] = (info, text.encode("utf-8"))
        return members
    return _rezip(data, change)


def damage_pdf_stream(data: bytes, rng: random.Random) -> bytes:
    starts = [m.end() for m in re.finditer(rb"stream\r?\n", data)]
    if not starts:
        return flip_bytes(data, rng)
    out = bytearray(data)
    start = rng.choice(starts)
    end = out.find(b"endstream", start)
    if end <= start:
        return flip_bytes(data, rng)
    for _ in range(rng.choice((1, 8, 32))):
        out[rng.randrange(start, end)] = rng.randrange(256)
    return bytes(out)


def damage_xref(data: bytes, rng: random.Random) -> bytes:
    entries = list(re.finditer(rb"\d{10} \d{5} [nf]", data))
    out = bytearray(data)
    for match in rng.sample(entries, min(len(entries), rng.choice((1, 5, 50)))):
        out[match.start():match.start() + 10] = b"%010d" % rng.randrange(len(data) * 2)
    if rng.random() < 0.3:
        position = data.rfind(b"startxref")
        if position > 0:
            out[position + 10:position + 16] = b"%06d" % rng.randrange(999999)
    return bytes(out)


_PDF_DAMAGE = [
    (rb"/MediaBox\s*\[[^\]]*\]", [b"", b"/MediaBox [0 0 abc]", b"/MediaBox [0 0 0 0]", b"/MediaBox 5 0 R",
                                  b"/MediaBox [0 0 1e999 842]"]),
    (rb"/Rotate\s+-?\d+", [b"/Rotate 45", b"/Rotate x", b"/Rotate 99999999999"]),
    (rb"/Contents\s+\d+ 0 R", [b"/Contents 99999 0 R", b"/Contents [1 0 R 1 0 R]", b"/Contents null"]),
    (rb"/Length\s+\d+", [b"/Length 0", b"/Length 999999999", b"/Length -5"]),
    (rb"/Font\s*<<[^>]*>>", [b"/Font << >>", b"/Font 1 0 R"]),
    (rb"/Kids\s*\[[^\]]*\]", [b"/Kids [1 0 R]", b"/Kids []", b"/Kids [3 0 R 3 0 R 3 0 R]"]),
    (rb"/Count\s+\d+", [b"/Count 99999999", b"/Count -1", b"/Count 0"]),
]


def damage_pdf_structure(data: bytes, rng: random.Random) -> bytes:
    """A dictionary entry of the PDF's structure replaced by a wrong one (as qpdf would find broken)."""
    candidates = [(match, replacements) for pattern, replacements in _PDF_DAMAGE
                  for match in re.finditer(pattern, data)]
    if not candidates:
        return damage_pdf_stream(data, rng)
    match, replacements = rng.choice(candidates)
    return data[:match.start()] + rng.choice(replacements) + data[match.end():]


ZIP_MUTATIONS: list[Mutation] = [flip_bytes, truncate, drop_member, double_member, damage_xml, damage_xml]
PDF_MUTATIONS: list[Mutation] = [flip_bytes, truncate, damage_pdf_stream, damage_xref, damage_pdf_structure,
                                 damage_pdf_structure]


@dataclass(frozen=True)
class Case:
    seed: Path
    mutation: str
    data: bytes

    @property
    def name(self) -> str:
        digest = hashlib.sha256(self.data).hexdigest()[:12]
        return f"{self.seed.stem}-{self.mutation}-{digest}{self.seed.suffix}"


def cases(count: int, seed: int, seeds: list[Path] = SEEDS) -> Iterator[Case]:
    rng = random.Random(seed)
    originals = {path: path.read_bytes() for path in seeds}
    for _ in range(count):
        path = rng.choice(seeds)
        data = originals[path]
        mutations = PDF_MUTATIONS if path.suffix == ".pdf" else ZIP_MUTATIONS
        mutation = rng.choice(mutations)
        try:
            mutated = mutation(data, rng)
        except (zipfile.BadZipFile, ValueError, IndexError):
            mutated = flip_bytes(data, rng)
        yield Case(path, mutation.__name__, mutated)


@dataclass(frozen=True)
class Outcome:
    case: Case
    answer: str  # "plan", the error class, or "fault: ..."

    @property
    def is_fault(self) -> bool:
        return self.answer.startswith("fault")


# Measures each seed holds, read once a run: a damaged copy that answers with fewer and no warning lost
# them without a word.
_SEED_MEASURES: dict[str, int] = {}


def _seed_measures(seed: Path) -> int:
    if seed.name not in _SEED_MEASURES:
        _SEED_MEASURES[seed.name] = len(parse_isolated(seed, options=FUZZ_OPTIONS).measures())
    return _SEED_MEASURES[seed.name]


def _written(plan: Plan, folder: Path) -> str | None:
    """The plan written in every output format, as `convert --to json,xlsx,docx,csv` does; a fault's
    text where a writer fails with anything but a clean one-line error. The PDF is left out: it is
    LibreOffice's rendering of the Word report written here (seconds a plan)."""
    for name in [name for name in WRITERS if name != "pdf"]:
        target = folder / f"fuzzed.{name}"
        try:
            write(plan, target, name)
        except PlanparseError as error:
            if "\n" in str(error) or not str(error):
                return f"fault: unclear {name} message {str(error)!r}"
        except Exception as error:  # a writer's bug: what the fuzzer is here to find
            return f"fault: {name} writer: {error.__class__.__name__}: {' '.join(str(error).split())[:120]}"
        finally:
            target.unlink(missing_ok=True)
    return None


def read_case(case: Case, folder: Path, outputs: bool = False) -> Outcome:
    """The case read as the command line reads a file: in a child held to the limits; with `outputs`,
    its plan written in every format too, and a plan with fewer measures than its seed's and no
    warning is a fault (measures lost without a word)."""
    path = folder / case.name
    path.write_bytes(case.data)
    try:
        plan = parse_isolated(path, options=FUZZ_OPTIONS)
        answer = "plan"
        if outputs:
            answer = _written(plan, folder) or answer
            seeded = _seed_measures(case.seed)
            if answer == "plan" and len(plan.measures()) < seeded and not plan.warnings:
                answer = f"fault: {len(plan.measures())} of {seeded} measures, and no warning"
    except InternalError as error:
        answer = f"fault: {error}"
    except PlanparseError as error:
        message = str(error)
        answer = type(error).__name__ if "\n" not in message and message else f"fault: unclear message {message!r}"
    finally:
        path.unlink()
    return Outcome(case, answer)


def read_case_on_page(case: Case, client: Any) -> Outcome:
    """The case uploaded to the page (a Starlette test client of the app) as a user drops it in: the
    answer, the plan page, each download, and the picture of its first measure for a PDF. A fault is a
    server error, an answer saying "internal error", a download that fails with more than one line, or
    a plan page with fewer measures than the file's seed and no warning on it."""
    from planparse.language import Language
    from planparse.web.app import DOWNLOADS
    from planparse.web.texts import PROBLEM_KINDS

    answer = client.post("/plans", files=[("files", (case.name, case.data))], follow_redirects=True)
    if answer.status_code >= 500:
        return Outcome(case, f"fault: upload answered {answer.status_code}")
    if "internal error" in answer.text:
        return Outcome(case, "fault: internal error on the page")
    found = re.search(r"/plans/([\w-]+)$", str(answer.url))
    if found is None:
        return Outcome(case, "refused" if answer.status_code < 500 else f"fault: {answer.status_code}")
    plan_id = found.group(1)
    page = client.get(f"/plans/{plan_id}")
    if page.status_code != 200:
        return Outcome(case, f"fault: the plan page answered {page.status_code}")
    shown = re.search(r'data-count="(\d+)"', page.text)
    warned = any(f'<span class="tag">{PROBLEM_KINDS[Language.BOKMAL][kind]}</span>' in page.text
                 for kind in ("reading-warning", "text-not-placed", "ocr-unsure"))
    if shown and int(shown.group(1)) < _seed_measures(case.seed) and not warned:
        return Outcome(case, f"fault: {shown.group(1)} of {_seed_measures(case.seed)} measures on the page, "
                             "and no warning")
    stem = re.search(r'/files/([^"]+)\.json"', page.text)
    # every download but the PDFs, which LibreOffice makes from the Word report (seconds each)
    for entry in [entry for entry in DOWNLOADS if entry.format != "pdf"] if stem else ():
        download = client.get(f"/plans/{plan_id}/files/{stem.group(1)}{entry.ending}")  # type: ignore[union-attr]
        if download.status_code >= 500 or (download.status_code != 200 and "internal error" in download.text):
            return Outcome(case, f"fault: the {entry.ending} download answered {download.status_code}")
    picture = re.search(r'href="(/plans/[\w-]+/measures/[\w.-]+)"', page.text)
    if picture and case.seed.suffix == ".pdf":
        drawn = client.get(picture.group(1) + ".png")
        if drawn.status_code >= 500:
            return Outcome(case, f"fault: the page picture answered {drawn.status_code}")
    client.post(f"/plans/{plan_id}/remove")
    return Outcome(case, "plan")


# Texts a plan may carry that the writers must take: control characters, the non-characters, lone
# surrogates, right-to-left and zero-width marks, formulas, markup, emoji, very long and empty texts.
_WILD_PIECES = ("\x00", "\x07", "\x1b[31m", "\ufffe", "\uffff", "\U0010ffff", "\ud800", "\u202e", "\u200b",
                "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "<w:t>", "]]>", "&amp;", "\"'", "\t", "\r\n",
                "😀", "ÆØÅ æøå", "x" * 300, "", " ", "Tiltak", "/", "\\", ":", "*", "?", "[", "]")


def wild_text(rng: random.Random, longest: int = 40_000) -> str:
    """A text of wild pieces, now and then very long."""
    pieces = [rng.choice(_WILD_PIECES) for _ in range(rng.randint(0, 8))]
    text = "".join(pieces)
    if rng.random() < 0.05:
        text += rng.choice(_WILD_PIECES[-8:]) * rng.randint(1, longest)
    return text


def wild_plan(rng: random.Random) -> Plan:
    """A plan no reader made: wild texts, names and sizes in every field the writers write (many
    periods now and then, past a workbook's columns once in a while)."""
    from planparse.model import Area, Goal, Mark, MarkKind, Measure, Timing

    wide = rng.random() < 0.03
    labels = list(dict.fromkeys(wild_text(rng, 50) or f"p{n}" for n in range(
        rng.choice([0, 1, 3, 12]) if not wide else rng.choice([400, 17_000]))))
    kinds = list(MarkKind)

    def measure() -> Measure:
        return Measure(
            text=wild_text(rng) or "tiltak", label=wild_text(rng, 20) or None,
            schedule={label: Mark(raw=wild_text(rng, 10), kind=rng.choice(kinds)) for label in labels
                      if rng.random() < 0.5},
            timing=Timing(text=wild_text(rng, 100), understood=False) if rng.random() < 0.3 else None,
            responsible=[wild_text(rng, 100) for _ in range(rng.randint(0, 3))],
            extra={wild_text(rng, 30) or "x": wild_text(rng) for _ in range(rng.randint(0, 2))})

    areas = [Area(title=wild_text(rng) or "område", notes=[wild_text(rng) for _ in range(rng.randint(0, 2))],
                  goals=[Goal(text=wild_text(rng) or "mål", notes=[wild_text(rng) for _ in range(rng.randint(0, 2))],
                              measures=[measure() for _ in range(rng.randint(0, 6))])
                         for _ in range(rng.randint(1, 3))])
             for _ in range(rng.randint(1, 3))]
    return Plan(title=wild_text(rng, 1000) or "plan", organisation=wild_text(rng, 1000) or None, areas=areas)


def write_wild_plan(number: int, seed: int, folder: Path) -> Outcome:
    """A wild plan written in every format, as `convert` writes: a fault where a writer fails with
    anything but a clean one-line error, or a JSON output that does not read back whole."""
    rng = random.Random(f"{seed}-{number}")
    plan = wild_plan(rng)
    case = Case(Path("wild-plan.json"), "writers", plan.model_dump_json().encode("utf-8", "surrogatepass"))
    answer = _written(plan, folder) or "plan"
    if answer == "plan":
        target = folder / "wild.json"
        try:
            write(plan, target)
            again = parse_isolated(target, options=FUZZ_OPTIONS)
            if len(again.measures()) != len(plan.measures()):
                answer = f"fault: {len(again.measures())} of {len(plan.measures())} measures read back"
        except PlanparseError as error:
            answer = type(error).__name__
        finally:
            target.unlink(missing_ok=True)
    return Outcome(case, answer)
