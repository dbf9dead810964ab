"""Many plans at once: folders, workers, a Dask cluster, standard input and output; the same outputs
however they run, and one bad file never stopping the others."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS, SAMPLE_DOCX

from planparse.batch import Job, expand, run_all
from planparse.errors import UnreadableInputError
from planparse.options import ReadOptions


def run(*args: str | Path, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "planparse", *map(str, args)], capture_output=True, timeout=300,
                          input=stdin, cwd=cwd)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """Plans in a folder and a subfolder, with a damaged one and a file that is no plan among them."""
    root = tmp_path / "planer"
    (root / "2025").mkdir(parents=True)
    for path in sorted(PLANS.glob("*.pdf"))[:4]:
        shutil.copy(path, root)
    for path in sorted(PLANS.glob("*.docx"))[:2]:
        shutil.copy(path, root / "2025")
    (root / "2025" / "skadet.docx").write_bytes(b"PK\x03\x04 not a zip")
    (root / "notater.txt").write_text("ikke en plan")
    return root


def _outputs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


def test_a_folder_is_searched_through_and_its_subfolders_mirrored(folder: Path, tmp_path: Path) -> None:
    result = run("convert", folder, "-o", tmp_path / "ut", "-j", "2")
    assert result.returncode == 3  # the damaged file's code; the others were converted
    out = result.stdout.decode()
    assert "6 converted, 1 failed" in result.stderr.decode() or "6 converted, 1 failed" in out
    assert "skadet.docx" in result.stderr.decode() and "Traceback" not in result.stderr.decode()
    written = _outputs(tmp_path / "ut")
    assert len(written) == 6 and sum(1 for name in written if name.startswith("2025/")) == 2


def test_workers_give_the_same_outputs_as_one_at_a_time(folder: Path, tmp_path: Path) -> None:
    run("convert", folder, "-o", tmp_path / "en", "-j", "1")
    run("convert", folder, "-o", tmp_path / "to", "-j", "2")
    one, two = _outputs(tmp_path / "en"), _outputs(tmp_path / "to")
    assert one and one == two


def test_glob_chooses_the_files_of_a_folder(folder: Path) -> None:
    files = expand([folder], ("*.docx",))
    assert [f.name for f, _ in files] == sorted(p.name for p in (folder / "2025").glob("*.docx"))
    with pytest.raises(UnreadableInputError, match="no plan in it"):
        expand([folder], ("*.odt",))


def test_standard_input_and_output() -> None:
    result = run("convert", "-", "-o", "-", "--to", "csv", stdin=SAMPLE_DOCX.read_bytes())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("utf-8-sig").splitlines()
    assert len(lines) == 85 and lines[0].startswith("ID;")
    refused = run("convert", SAMPLE_DOCX, "-o", "-", "--to", "json,csv")
    assert refused.returncode == 2 and b"one output of one input" in refused.stderr


def test_a_batch_runs_on_any_executor_and_on_a_dask_cluster(tmp_path: Path) -> None:
    import distributed

    jobs = [Job(path, ("json",), ReadOptions()) for path in sorted(PLANS.glob("*.docx"))]
    here: dict[str, bytes] = {}
    run_all(jobs, None, lambda outcome: here.update({outcome.job.source.name: outcome.outputs["json"]}))
    there: dict[str, bytes] = {}
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster) as client:
        run_all(jobs, client.get_executor(),
                lambda outcome: there.update({outcome.job.source.name: outcome.outputs["json"]}))
        address = cluster.scheduler_address
        result = run("convert", *[job.source for job in jobs], "--scheduler", address, "-o", tmp_path / "dask")
    assert here and here == there
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (tmp_path / "dask").iterdir()} == {f"{job.source.stem}.json" for job in jobs}


def test_a_scheduler_that_does_not_answer_is_one_line(tmp_path: Path) -> None:
    result = run("convert", SAMPLE_DOCX, "--scheduler", "tcp://127.0.0.1:9", "-o", tmp_path)
    assert result.returncode == 2 and result.stderr.decode().count("\n") == 1


def test_a_failing_writer_fails_its_own_file_and_every_other_file_is_written(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from click.testing import CliRunner

    import planparse.writers as writers
    from planparse.cli import cli

    original = writers.output_format("docx")

    def failing(plan: object, target: Path, options: object) -> object:
        if getattr(getattr(plan, "source", None), "file_name", "").startswith("feil"):
            raise ValueError("a writer's bug,\nsaid over\nthree lines")
        return original.write(plan, target, options)  # type: ignore[arg-type]

    replaced = tuple(dataclasses.replace(entry, write=failing) if entry.name == "docx" else entry
                     for entry in writers.OUTPUT_FORMATS)
    monkeypatch.setattr(writers, "OUTPUT_FORMATS", replaced)
    docs = sorted(PLANS.glob("*.docx"))[:3]
    inputs = [tmp_path / "feil.docx", *docs]
    shutil.copy(docs[0], inputs[0])
    result = CliRunner().invoke(cli, ["convert", *map(str, inputs), "--to", "json,docx", "-o", str(tmp_path / "ut"),
                                      "-j", "1"])
    assert result.exit_code == 6
    errors = [line for line in result.stderr.splitlines() if "feil.docx" in line]
    assert len(errors) == 1 and "three lines" in errors[0] and "Traceback" not in result.stderr
    assert "3 converted, 1 failed" in result.output + result.stderr
    written = {p.name for p in (tmp_path / "ut").iterdir()}
    assert written == {f"{p.stem}.{suffix}" for p in docs for suffix in ("json", "docx")}


def test_a_title_longer_than_a_word_property_is_shortened_with_a_warning(tmp_path: Path) -> None:
    import json

    run("convert", SAMPLE_DOCX, "-o", tmp_path)
    plan = json.loads((tmp_path / f"{SAMPLE_DOCX.stem}.json").read_text(encoding="utf-8"))
    plan["title"] = "Handlingsplan " * 30
    (tmp_path / "lang.json").write_text(json.dumps(plan), encoding="utf-8")
    result = run("convert", tmp_path / "lang.json", "--to", "docx", "-o", tmp_path / "ut")
    assert result.returncode == 0, result.stderr
    assert b"title property" in result.stderr and (tmp_path / "ut" / "lang.docx").exists()


def test_a_folder_gives_documents_and_page_images_in_any_case_of_suffix(tmp_path: Path) -> None:
    for name in ("plan.PDF", "skann.JPG", "side.png", "notat.txt", "plan.Docx"):
        (tmp_path / name).write_bytes(b"x")
    assert sorted(path.name for path, _ in expand([tmp_path], None)) == ["plan.Docx", "plan.PDF", "side.png",
                                                                         "skann.JPG"]
    assert [path.name for path, _ in expand([tmp_path], ("*.pdf",))] == ["plan.PDF"]


def test_the_cores_go_to_the_files_first_and_to_a_scans_pages_where_files_leave_some() -> None:
    from planparse.batch import page_jobs

    assert page_jobs(1, 4, None) == 4  # one file: its pages on every core
    assert page_jobs(2, 4, None) == 2
    assert page_jobs(3, 4, None) == 1  # (3 files on 3 cores: the fourth is not split between them)
    assert page_jobs(9, 4, None) == 1  # as many files as cores: a page at a time each
    assert page_jobs(1, 1, None) == 1
    assert page_jobs(1, 4, "tcp://cluster:8786") == 1  # a cluster's workers run files side by side
