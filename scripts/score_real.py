"""Score planparse's reading of real published plans against their hand-read truth files.

    python scripts/score_real.py [--docs DIR ...] [--only NAME] [--show]

Truth files (`NAME.truth.json`) are looked for in `../shared/real` (from the project root) and in
`tests/real`; each names its document, looked for beside it and in every `--docs` folder (and the
folders in the environment variable PLANPARSE_REAL_DOCS, separated by the path separator). A truth
whose document is not found is listed as missing, not scored.

Per document it prints the measures in the truth, the measures planparse found, how many of the truth's
measures it found (by text) and how many are fully right: text, area and goal, and each of responsible,
marks and timing that the truth states. A `partial` truth covers part of the document, so only its
recall counts. `--show` lists every measure not fully right with what differs.

How texts are compared: whitespace and hyphens aside (a word the layout hyphenated at a line end is
written as printed in the truth), quotes and dashes unified; a measure's own label ("Tiltak 1.2",
"Action 15:") may stand in its text or apart. Areas and goals are compared without case, without a
leading section number ("2.1") and without a leading label ("Tema:", "Utvecklingsområde 2:").
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TRUTH_FOLDERS = (ROOT.parent / "shared" / "real", ROOT / "tests" / "real")

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−-\u00ad"), None)
_QUOTES = {ord(c): "'" for c in "‘’‚‛′`´"} | {ord(c): '"' for c in "“”„‟″«»"}
_NUMBER = re.compile(r"^\s*(?:[A-ZÆØÅÄÖÜ]{0,3}\d+(?:[.\d]*\d)?[.):]?|[IVX]+\.|[a-zA-Z][.)])\s+")
_LABEL = re.compile(r"^\s*[\w&/ .-]{1,40}?(?:\s+\d+[a-z]?)?\s*:\s+(?=\S)")


def text_key(text: str) -> str:
    """A text as compared: NFC, no whitespace, no hyphens or dashes, one kind of quote."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES).translate(_DASHES)
    return "".join(text.split())


def heading_key(text: str) -> str:
    """An area's or goal's name as compared: no section number, no leading label, no case."""
    text = unicodedata.normalize("NFC", text or "").strip()
    for _ in range(2):
        text = _NUMBER.sub("", text)
        text = _LABEL.sub("", text)
    return text_key(text).casefold().rstrip(".:")


@dataclass
class Found:
    """One measure as planparse read it, flattened for comparing."""

    area: str
    goal: str
    text: str
    label: str
    responsible: list[str]
    marks: dict[str, str]
    timing: str | None
    page: int | None = None
    heading_pages: tuple[int, ...] = ()  # where its area's and goal's headings stand

    def text_keys(self) -> set[str]:
        keys = {text_key(self.text)}
        if self.label:
            keys |= {text_key(f"{self.label} {self.text}"), text_key(f"{self.label}: {self.text}")}
        return keys


@dataclass
class Score:
    name: str
    truth: int
    found: int = 0
    matched: int = 0
    right: int = 0
    partial: bool = False
    missing: bool = False
    refused: str = ""
    warnings: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right / self.truth if self.truth else 1.0


def flatten(plan: Any) -> list[Found]:
    out = []
    for area in plan.areas:
        for goal in area.goals:
            for measure in goal.measures:
                marks = {label: mark.raw for label, mark in measure.schedule.items() if mark.raw.strip()}
                out.append(Found(area=area.title or "", goal=goal.text or "", text=measure.text,
                                 label=measure.label or "", responsible=list(measure.responsible_as_written
                                                                             or measure.responsible),
                                 marks=marks, timing=measure.timing.text if measure.timing else None,
                                 page=measure.location.page,
                                 heading_pages=tuple(p for p in (area.location.page, goal.location.page) if p)))
    return out


def _roles_key(roles: Iterable[str]) -> list[str]:
    return sorted(text_key(role).casefold() for role in roles if role.strip())


def differences(truth: dict[str, Any], found: Found) -> list[str]:
    """What differs between a truth measure and the measure matched to it by text."""
    out = []
    if heading_key(truth.get("area", "")) != heading_key(found.area):
        out.append(f"area {found.area!r} (truth {truth.get('area')!r})")
    if heading_key(truth.get("goal", "")) != heading_key(found.goal):
        out.append(f"goal {found.goal!r} (truth {truth.get('goal')!r})")
    if "responsible" in truth and _roles_key(truth["responsible"]) != _roles_key(found.responsible):
        out.append(f"responsible {found.responsible} (truth {truth['responsible']})")
    if "marks" in truth:
        want = {text_key(k).casefold(): text_key(v) for k, v in truth["marks"].items()}
        got = {text_key(k).casefold(): text_key(v) for k, v in found.marks.items()}
        if want != got:
            out.append(f"marks {found.marks} (truth {truth['marks']})")
    if "timing" in truth and text_key(truth["timing"]).casefold() != text_key(found.timing or "").casefold():
        out.append(f"timing {found.timing!r} (truth {truth['timing']!r})")
    return out


def match(truths: Sequence[dict[str, Any]], found: Sequence[Found]) -> list[int | None]:
    """For each truth measure, the index of the found measure with its text: the next unused one after
    the last matched (document order), or else any unused one."""
    keys = [item.text_keys() for item in found]
    used: set[int] = set()
    out: list[int | None] = []
    last = -1
    for truth in truths:
        want = text_key(truth["text"])
        order = [*range(last + 1, len(found)), *range(0, last + 1)]
        hit = next((i for i in order if i not in used and want in keys[i]), None)
        if hit is not None:
            used.add(hit)
            last = hit
        out.append(hit)
    return out


def score_document(truth_file: Path, document: Path | None, read: Any) -> Score:
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    measures = truth["measures"]
    score = Score(truth_file.name.removesuffix(".truth.json"), len(measures), partial=bool(truth.get("partial")))
    if document is None:
        score.missing = True
        return score
    try:
        plan = read(document)
    except Exception as error:  # a refusal or a failure is a score of nothing, said as such
        score.refused = " ".join(str(error).split())[:160]
        return score
    found = flatten(plan)
    score.found, score.warnings = len(found), len(plan.warnings)
    for item, hit in zip(measures, match(measures, found), strict=True):
        if hit is None:
            score.misses.append(f"not found: {item['text'][:90]!r}")
            continue
        score.matched += 1
        differs = differences(item, found[hit])
        if differs:
            score.misses.append(f"{item['text'][:60]!r}: " + "; ".join(differs))
        else:
            score.right += 1
    return score


def pages_read_wrong(truth_file: Path, plan: Any) -> set[int]:
    """The pages of the measures read wrong: matched by text but not fully right (and, where only their
    area or goal is wrong, the pages of those headings), and, where the truth covers the whole document,
    measures found that the truth does not have."""
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    measures = truth["measures"]
    found = flatten(plan)
    hits = match(measures, found)
    pages: set[int | None] = set()
    for item, hit in zip(measures, hits, strict=True):
        if hit is None:
            continue
        differs = differences(item, found[hit])
        if differs:
            pages.add(found[hit].page)
            if all(d.startswith(("area", "goal")) for d in differs):  # wrong where its heading was read
                pages.update(found[hit].heading_pages)
    if not truth.get("partial"):
        matched = {hit for hit in hits if hit is not None}
        pages |= {item.page for index, item in enumerate(found) if index not in matched}
    return {page for page in pages if page is not None}


def truth_files(only: str | None = None) -> list[Path]:
    files = sorted({path.name: path for folder in TRUTH_FOLDERS if folder.is_dir()
                    for path in folder.glob("*.truth.json")}.values(), key=lambda p: p.name)
    return [path for path in files if only is None or only in path.name]


def document_of(truth_file: Path, folders: Sequence[Path]) -> Path | None:
    name = json.loads(truth_file.read_text(encoding="utf-8"))["document"]
    for folder in (truth_file.parent, *TRUTH_FOLDERS, *folders):
        if (folder / name).is_file():
            return folder / name
    return None


def doc_folders(given: Sequence[str]) -> list[Path]:
    extra = [part for part in os.environ.get("PLANPARSE_REAL_DOCS", "").split(os.pathsep) if part]
    return [Path(folder) for folder in [*given, *extra]]


def default_reader(path: Path) -> Any:
    from planparse.api import parse_isolated
    from planparse.options import Limits, ReadOptions

    return parse_isolated(path, options=ReadOptions(limits=Limits(max_seconds=600)))


def score_all(folders: Sequence[Path], only: str | None = None, read: Any = default_reader) -> list[Score]:
    return [score_document(path, document_of(path, folders), read) for path in truth_files(only)]


def table(scores: Sequence[Score]) -> str:
    lines = ["| document | truth | found | by text | fully right | warnings |", "|---|---|---|---|---|---|"]
    for s in scores:
        if s.missing:
            lines.append(f"| {s.name} | {s.truth} | (document not here) | | | |")
            continue
        found = f"refused: {s.refused[:60]}" if s.refused else str(s.found)
        tag = " (partial)" if s.partial else ""
        lines.append(f"| {s.name}{tag} | {s.truth} | {found} | {s.matched} | {s.right} ({s.share:.0%}) "
                     f"| {s.warnings} |")
    scored = [s for s in scores if not s.missing]
    truth, right = sum(s.truth for s in scored), sum(s.right for s in scored)
    lines.append(f"| **total** | {truth} | {sum(s.found for s in scored)} | {sum(s.matched for s in scored)} "
                 f"| {right} ({right / truth if truth else 1:.0%}) | |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", action="append", default=[], help="a folder holding documents of truth files")
    parser.add_argument("--only", help="only the truth files whose name holds this")
    parser.add_argument("--show", action="store_true", help="list every measure not fully right")
    args = parser.parse_args(argv)
    scores = score_all(doc_folders(args.docs), args.only)
    print(table(scores))
    if args.show:
        for s in scores:
            if s.misses:
                print(f"\n## {s.name}")
                for miss in s.misses:
                    print(f"- {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
