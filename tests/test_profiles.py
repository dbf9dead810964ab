"""Reading profiles: a profile reads what detection cannot, `planparse profile` writes one that reads
the document (and its family) again, and a profile that does not fit, or is hostile, is one line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import jsonschema
import pytest
from conftest import ROOT, SAMPLE_DOCX
from word_plans import word_plan

from planparse.api import parse, parse_isolated, profile_isolated
from planparse.config import load_profile
from planparse.errors import NoPlanError
from planparse.model import MarkKind
from planparse.options import ReadOptions
from planparse.profile import Profile

sys.path.insert(0, str(ROOT / "scripts"))

import score_real

PROFILE = """\
[headings]
areas = ["Fokus"]
leave_out = ["Vedlegg: tidligere tiltak"]

[columns]
measure = ["Oppgave"]
responsible = ["Utføres av"]
ignore = ["Merknad"]

[marks]
planned = ["ja"]
tentative = ["kanskje"]
"""


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planparse", *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def _bydel(path: Path) -> Path:
    """A plan in words planparse does not know: 'Oppgave' and 'Utføres av' columns, 'ja' and 'kanskje' as
    marks, a remark column, and an appendix table of old measures."""
    def area(number: int, name: str) -> tuple[str, list[list[str]]]:
        rows = [["Oppgave", "2025", "2026", "Utføres av", "Merknad"]]
        for measure in range(3):
            rows.append([f"Oppgave {number}.{measure + 1} i {name.lower()} som skal gjøres godt",
                         "ja" if measure != 1 else "", "ja" if measure != 0 else "kanskje",
                         "Enhetsleder" if measure % 2 == 0 else "Rådgiver", "Se notat" if measure == 2 else ""])
        return f"Fokus {number}: {name}", rows

    appendix = [["Oppgave", "2025", "2026", "Utføres av"], ["Gammelt tiltak fra forrige plan", "ja", "", "Ingen"]]
    return word_plan(path, "Tiltaksplan for Bydelen 2025–2026", area(1, "Oppvekst"), area(2, "Helse"),
                     ("Vedlegg: tidligere tiltak", appendix))


def _options(profile: Profile) -> ReadOptions:
    return ReadOptions().with_profile(profile)


def test_a_profile_reads_a_plan_in_words_detection_does_not_know(tmp_path: Path) -> None:
    document = _bydel(tmp_path / "bydel.docx")
    with pytest.raises(NoPlanError):
        parse(document)
    (tmp_path / "bydel.toml").write_text(PROFILE, encoding="utf-8")
    plan = parse(document, options=_options(load_profile(tmp_path / "bydel.toml")))
    assert [area.title for area in plan.areas] == ["Fokus 1: Oppvekst", "Fokus 2: Helse"]  # the appendix left out
    measures = plan.measures()
    assert len(measures) == 6 and "Gammelt tiltak fra forrige plan" not in [m.text for m in measures]
    assert measures[0].schedule["2025"].kind is MarkKind.PLANNED
    assert measures[0].schedule["2026"].kind is MarkKind.TENTATIVE
    assert [m.responsible for m in measures[:2]] == [["Enhetsleder"], ["Rådgiver"]]
    assert all("Merknad" not in m.extra for m in measures)  # the ignored column
    assert [w.code for w in plan.warnings] == ["profile-left-out"]


def test_the_profile_written_from_a_document_reads_it_again_the_same(tmp_path: Path) -> None:
    document = _bydel(tmp_path / "bydel.docx")
    (tmp_path / "bydel.toml").write_text(PROFILE, encoding="utf-8")
    written = run("profile", document, "--profile", tmp_path / "bydel.toml", "-o", tmp_path / "skrevet.toml")
    assert written.returncode == 0, written.stderr
    profile = load_profile(tmp_path / "skrevet.toml")
    assert profile.columns.measure == ["Oppgave"] and profile.columns.responsible == ["Utføres av"]
    assert profile.marks.planned == ["ja"] and profile.marks.tentative == ["kanskje"]
    assert profile.headings.areas == ["Fokus"] and profile.profile.language == "nb"
    given = parse(document, options=_options(load_profile(tmp_path / "bydel.toml")))
    again = parse(document, options=_options(profile))
    assert again.model_dump(exclude={"source"}) == given.model_dump(exclude={"source"})


def test_a_profile_of_a_plan_detection_reads_changes_nothing(tmp_path: Path) -> None:
    written = run("profile", SAMPLE_DOCX)
    assert written.returncode == 0, written.stderr
    (tmp_path / "sample.toml").write_text(written.stdout, encoding="utf-8")
    profile = load_profile(tmp_path / "sample.toml")
    assert profile.columns.measure == ["Tiltak"] and profile.columns.responsible == ["Ansvarlig"]
    assert profile.roles == {"FoU-leder": ["Fou-leder"]}  # the spelling the plan's roles were unified from
    assert parse(SAMPLE_DOCX, options=_options(profile)) == parse(SAMPLE_DOCX)


REAL = ROOT.parent / "shared" / "real"


@pytest.mark.parametrize(("written_from", "read"), [("granen", "tallen"), ("tallen", "granen")])
def test_a_profile_written_from_one_gron_flagg_plan_reads_the_other_right(written_from: str, read: str) -> None:
    source, target = (REAL / f"natet-gronflagg-{name}-2023.pdf" for name in (written_from, read))
    if not source.is_file() or not target.is_file():
        pytest.skip("the Grön Flagg plans are read from ../shared/real, which is not on this machine")
    profile = profile_isolated(source)
    assert profile.profile.language == "sv" and profile.headings.areas == ["Tema"]
    truth = REAL / f"natet-gronflagg-{read}-2023.truth.json"
    score = score_real.score_document(truth, target, lambda path: parse_isolated(path, options=_options(profile)))
    assert score.right == score.truth, score.misses


def test_a_profile_that_does_not_fit_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "bydel.toml").write_text(PROFILE, encoding="utf-8")
    result = run("convert", SAMPLE_DOCX, "--profile", tmp_path / "bydel.toml", "-o", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "names a measure column 'Oppgave'" in line and "Traceback" not in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("content", "said"), [
    ("x = " + "[" * 50_000 + "]" * 50_000, "nested too deep"),
    ("a = {" * 5000 + "}" * 5000, ""),
    ("# " + "x" * (2 * 1024 * 1024), "more than the"),
    ("[columns]\nmeasure = 3\n", "columns.measure"),
    ("[columns]\nmeasure = [1, 2]\n", "columns.measure.0"),
    ("[headings]\nareas = [\"" + "x" * 500 + "\"]\n", "headings.areas.0"),
    ("[colums]\nmeasure = [\"Tiltak\"]\n", "colums"),
    ("[profile]\nlanguage = \"klingon\"\n", "profile.language"),
    ("[roles]\n" + "\n".join(f'"r{n}" = ["x"]' for n in range(300)), "roles"),
    ("\xff\xfe not text", "UTF-8"),
])
def test_a_hostile_or_wrong_profile_is_one_line_and_exit_2(tmp_path: Path, content: str, said: str) -> None:
    profile = tmp_path / "profil.toml"
    profile.write_bytes(content.encode("utf-8", "surrogateescape") if "\xff" not in content
                        else b"\xff\xfe not text")
    result = run("convert", SAMPLE_DOCX, "--profile", profile, "-o", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert said in result.stderr and not (tmp_path / "out").exists()


def test_the_readme_s_profile_example_is_a_valid_profile(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(# a reading profile.*?)```", readme, re.DOTALL)
    assert example, "the README shows a reading profile"
    (tmp_path / "example.toml").write_text(example.group(1), encoding="utf-8")
    profile = load_profile(tmp_path / "example.toml")
    assert profile.columns.measure and profile.headings.areas
    schema = json.loads(run("schema", "--profile").stdout)
    jsonschema.validate(profile.model_dump(mode="json"), schema)


def test_columns_named_by_place_one_left_out_by_place(tmp_path: Path) -> None:
    """Columns whose headers say nothing planparse knows ("Oppgave", "Utføres av"), named by place; the
    fifth left out by place; a place no table has is one line."""
    word_plan(tmp_path / "plan.docx", "Tiltaksplan 2025–2026", ("Skolemiljø", [
        ["Oppgave", "2025", "2026", "Utføres av", "Notat"],
        ["Kartlegge trivsel hver høst", "x", "x", "Rektor", "se vedlegg"],
        ["Kurs for alle lærere", "", "x", "Inspektør", ""]]))
    unaided = parse(tmp_path / "plan.docx").measures()  # read, but no one responsible: a column of its own
    assert [m.responsible for m in unaided] == [[], []] and unaided[0].extra["Utføres av"] == "Rektor"
    (tmp_path / "plan.toml").write_text('[columns]\nmeasure = ["#1"]\nresponsible = ["#4"]\nignore = ["#5"]\n',
                                        encoding="utf-8")
    plan = parse(tmp_path / "plan.docx", options=_options(load_profile(tmp_path / "plan.toml")))
    measures = {m.text: m for m in plan.measures()}
    assert list(measures) == ["Kartlegge trivsel hver høst", "Kurs for alle lærere"]
    assert measures["Kartlegge trivsel hver høst"].responsible == ["Rektor"]
    assert measures["Kurs for alle lærere"].marked_years() == [2026]
    assert all(not m.extra for m in plan.measures())  # the fifth column left out
    (tmp_path / "wide.toml").write_text('[columns]\nmeasure = ["#9"]\n', encoding="utf-8")
    result = run("convert", tmp_path / "plan.docx", "--profile", tmp_path / "wide.toml", "-o", tmp_path / "out")
    assert result.returncode == 2 and "names a measure column '#9'" in result.stderr


def test_bullets_a_document_draws_its_own_way(tmp_path: Path) -> None:
    """Items starting with "o", a letter planparse does not take for a bullet: read with it in their text,
    and without it once the profile says "o" is a bullet."""
    document = docx.Document()
    document.add_heading("Handlingsplan for miljøarbeid 2025", 0)
    for area, goal, items in (("Uteområdet", "Et tryggere skolegårdsmiljø",
                               ("Male oppganger i skolegården", "Sette opp nytt gjerde mot veien")),
                              ("Inneklima", "Bedre luft i klasserommene",
                               ("Måle CO2 i alle rom hver måned", "Bytte filtre i ventilasjonen"))):
        document.add_heading(area, 1)
        document.add_heading(goal, 2)
        for item in items:
            document.add_paragraph(f"o {item}")  # goals under areas: two heading levels, made here
    document.save(str(tmp_path / "liste.docx"))
    assert [m.text[:2] for m in parse(tmp_path / "liste.docx").measures()] == ["o "] * 4
    (tmp_path / "liste.toml").write_text('[marks]\nbullets = ["o"]\n', encoding="utf-8")
    plan = parse(tmp_path / "liste.docx", options=_options(load_profile(tmp_path / "liste.toml")))
    assert [m.text for m in plan.measures()] == ["Male oppganger i skolegården", "Sette opp nytt gjerde mot veien",
                                                 "Måle CO2 i alle rom hver måned", "Bytte filtre i ventilasjonen"]
    assert [g.text for g in plan.goals()] == ["Et tryggere skolegårdsmiljø", "Bedre luft i klasserommene"]


def test_period_columns_named_in_the_plan_s_own_words(tmp_path: Path) -> None:
    """Columns "Fase 1" and "Fase 2": periods only the plan knows, read as its period columns (without
    dates) once the profile names them, and kept so through the workbook."""
    word_plan(tmp_path / "fase.docx", "Tiltaksplan for prosjektet 2025", (None, [
        ["Tiltak", "Fase 1", "Fase 2", "Ansvarlig"], ["Kartlegge behovet", "x", "", "Leder"],
        ["Lage en plan for bygget", "x", "x", "Arkitekt"], ["Bygge det nye bygget", "", "x", "Entreprenør"]]))
    assert parse(tmp_path / "fase.docx").period_labels() == []
    (tmp_path / "fase.toml").write_text('[columns]\nperiod = ["Fase 1", "Fase 2"]\n', encoding="utf-8")
    plan = parse(tmp_path / "fase.docx", options=_options(load_profile(tmp_path / "fase.toml")))
    assert plan.period_labels() == ["Fase 1", "Fase 2"] and {p.kind.value for p in plan.periods} == {"named"}
    assert [[label for label, mark in m.schedule.items() if mark.is_marked] for m in plan.measures()] == [
        ["Fase 1"], ["Fase 1", "Fase 2"], ["Fase 2"]]
    from planparse.api import write

    write(plan, tmp_path / "fase.xlsx")
    again = parse(tmp_path / "fase.xlsx")
    assert again.period_labels() == ["Fase 1", "Fase 2"]
    assert [m.schedule for m in again.measures()] == [m.schedule for m in plan.measures()]


def test_a_column_of_sub_measures_makes_each_row_a_part_of_its_measure(tmp_path: Path) -> None:
    """A measure cell merged over rows of sub-measures ("Deltiltak"), each with its own marks and roles:
    each row is read as the measure's part, named by both, instead of the same measure again and again."""
    import docx as word

    rows = [("Tiltak", "Deltiltak", "2025", "2026", "Ansvarlig"),
            ("Styrke lesingen", "Lesekurs for foreldre", "x", "", "Rektor"),
            ("", "Bokbuss hver måned", "x", "x", "Bibliotekar"),
            ("Bedre matematikk", "Mattekurs for lærere", "x", "", "Rektor"),
            ("", "Regnefest i mai", "", "x", "Lærer")]
    word_plan(tmp_path / "deltiltak.docx", "Tiltaksplan 2025–2026", (None, rows))
    document = word.Document(str(tmp_path / "deltiltak.docx"))
    table = document.tables[0]
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Styrke lesingen"
    table.cell(3, 0).merge(table.cell(4, 0)).text = "Bedre matematikk"
    document.save(str(tmp_path / "deltiltak.docx"))
    unaided = parse(tmp_path / "deltiltak.docx").measures()
    assert [m.text for m in unaided] == ["Styrke lesingen"] * 2 + ["Bedre matematikk"] * 2
    (tmp_path / "del.toml").write_text('[columns]\nsub_measure = ["Deltiltak"]\n', encoding="utf-8")
    measures = parse(tmp_path / "deltiltak.docx", options=_options(load_profile(tmp_path / "del.toml"))).measures()
    assert [m.text for m in measures] == [
        "Styrke lesingen – Lesekurs for foreldre", "Styrke lesingen – Bokbuss hver måned",
        "Bedre matematikk – Mattekurs for lærere", "Bedre matematikk – Regnefest i mai"]
    assert measures[1].paragraphs == ["Styrke lesingen", "Bokbuss hver måned"]
    assert measures[1].marked_years() == [2025, 2026]
    assert [m.responsible for m in measures] == [["Rektor"], ["Bibliotekar"], ["Rektor"], ["Lærer"]]
    assert all("Deltiltak" not in m.extra for m in measures)
