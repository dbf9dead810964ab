"""What the page holds between requests: the plans read, their original PDFs (for showing where a
measure was read) and the comparisons made, in one temporary folder that is removed when the server
stops. Old entries are removed, files and all, once there are more than the store keeps."""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planparse.diff import Change
from planparse.model import Correction, Plan
from planparse.profile import Profile


@dataclass
class StoredPlan:
    id: str
    file_name: str  # as the user's file was called
    plan: Plan  # as shown and downloaded: the plan as read with the page's corrections applied
    original: Path | None  # the PDF as uploaded, kept to draw its pages; None for other formats
    corrections: list[Correction] = field(default_factory=list)  # made on the page, in order
    as_read: Plan = field(init=False)  # the plan as read, before the page's corrections
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)  # one change at a time
    profile: Profile | None = None  # how the document was read, to save as a reading profile
    read_with: str | None = None  # the name of the reading profile it was read with, if any

    def __post_init__(self) -> None:
        self.as_read = self.plan

    @property
    def stem(self) -> str:
        return Path(self.file_name).stem or "plan"


@dataclass
class Comparison:
    id: str
    old: StoredPlan
    new: StoredPlan
    changes: list[Change]


@dataclass
class UploadOutcome:
    """What one upload gave: the plans read and the files that could not be, each with its one-line answer
    (kept by its id for the front page to show; `planparse.batch.Outcome` is what converting one file gave)."""

    id: str
    plans: list[StoredPlan] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


def new_id() -> str:
    # hex: an id never holds "-" or "_", so none reads as a command-line option or is cut at a line end
    return secrets.token_hex(9)


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def safe_file_name(name: str | None) -> str:
    """The last part of an uploaded file's name, without characters no file name may hold."""
    last = re.split(r"[/\\]", name or "")[-1]
    cleaned = _UNSAFE_NAME.sub("_", last).strip(" .")[:120]
    return cleaned or "plan"


class Store:
    """Plans, comparisons and upload outcomes by id, newest last, in one temporary folder."""

    def __init__(self, keep: int = 50) -> None:
        self.keep = keep
        self._folder = Path(tempfile.mkdtemp(prefix="planparse-web-"))
        self._lock = threading.Lock()
        self._plans: OrderedDict[str, StoredPlan] = OrderedDict()
        self._comparisons: OrderedDict[str, Comparison] = OrderedDict()
        self._outcomes: OrderedDict[str, UploadOutcome] = OrderedDict()
        # the reading profile the next uploads are read with: its name and the profile
        self.active_profile: tuple[str, Profile] | None = None

    @property
    def folder(self) -> Path:
        return self._folder

    def upload_folder(self) -> Path:
        """A new folder for one upload's files; the caller removes what it does not keep."""
        folder = self._folder / new_id()
        folder.mkdir()
        return folder

    def add_plan(self, file_name: str, plan: Plan, original: Path | None, profile: Profile | None = None,
                 read_with: str | None = None) -> StoredPlan:
        """The plan kept under a new id; a file uploaded again (same name, same content, read with the
        same reading profile) is the plan kept before, not a second one."""
        digest = plan.source.sha256 if plan.source is not None else None
        with self._lock:
            for kept in self._plans.values():
                same = kept.plan.source is not None and kept.plan.source.sha256 == digest
                if digest and kept.file_name == file_name and same and kept.read_with == read_with:
                    self._plans.move_to_end(kept.id)
                    if original is not None and original != kept.original:
                        shutil.rmtree(original.parent, ignore_errors=True)
                    return kept
        stored = StoredPlan(new_id(), file_name, plan, original, profile=profile, read_with=read_with)
        with self._lock:
            self._plans[stored.id] = stored
            while len(self._plans) > self.keep:
                _, old = self._plans.popitem(last=False)
                self._forget_files(old)
        return stored

    def plan(self, plan_id: str) -> StoredPlan | None:
        with self._lock:
            return self._plans.get(plan_id)

    def plans(self) -> list[StoredPlan]:
        with self._lock:
            return list(self._plans.values())

    def remove_plan(self, plan_id: str) -> bool:
        with self._lock:
            stored = self._plans.pop(plan_id, None)
            if stored is not None:
                self._forget_files(stored)
        return stored is not None

    def add_comparison(self, old: StoredPlan, new: StoredPlan, changes: list[Change]) -> Comparison:
        comparison = Comparison(new_id(), old, new, changes)
        with self._lock:
            self._comparisons[comparison.id] = comparison
            while len(self._comparisons) > self.keep:
                self._comparisons.popitem(last=False)
        return comparison

    def comparison(self, comparison_id: str) -> Comparison | None:
        with self._lock:
            return self._comparisons.get(comparison_id)

    def add_outcome(self, outcome: UploadOutcome) -> None:
        with self._lock:
            self._outcomes[outcome.id] = outcome
            while len(self._outcomes) > self.keep:
                self._outcomes.popitem(last=False)

    def outcome(self, outcome_id: str) -> UploadOutcome | None:
        with self._lock:
            return self._outcomes.get(outcome_id)

    def _forget_files(self, stored: StoredPlan) -> None:
        if stored.original is not None and not any(p.original == stored.original for p in self._plans.values()):
            shutil.rmtree(stored.original.parent, ignore_errors=True)

    def close(self) -> None:
        """Every file removed; the store holds nothing after."""
        with self._lock:
            self._plans.clear()
            self._comparisons.clear()
            self._outcomes.clear()
        shutil.rmtree(self._folder, ignore_errors=True)


# The id the page's script gives an upload, to ask how far its reading has come.
PROGRESS_KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")


class Progress:
    """How far the reading of each upload has come, by the id the page's script sent with it: the file
    (of how many) and the page (of how many, and whether by OCR) being read. Only the newest are kept."""

    def __init__(self, keep: int = 200) -> None:
        self.keep = keep
        self._lock = threading.Lock()
        self._states: OrderedDict[str, dict[str, Any]] = OrderedDict()

    def _set(self, key: str, **values: Any) -> None:
        with self._lock:
            state = self._states.setdefault(key, {})
            state.update(values)
            self._states.move_to_end(key)
            while len(self._states) > self.keep:
                self._states.popitem(last=False)

    def file(self, key: str, index: int, files: int, name: str) -> None:
        """File `index` (1-based) of `files`, called `name`, is read from now on."""
        self._set(key, state="reading", index=index, files=files, file=name, page=0, pages=0, ocr=False)

    def page(self, key: str, number: int, pages: int, ocr: bool) -> None:
        self._set(key, page=number, pages=pages, ocr=ocr)

    def done(self, key: str) -> None:
        self._set(key, state="done")

    def state(self, key: str) -> dict[str, Any]:
        """What the page's script is told: "waiting" until the upload has arrived, then "reading" with the
        file and page, then "done"."""
        with self._lock:
            return dict(self._states.get(key) or {"state": "waiting"})
