"""Correcting a reading: each correction on the sample plan, a patch kept and applied again to the plan
read again, and corrections that do not fit (or are hostile) answered in one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_DOCX

from planparse.api import parse, write
from planparse.corrections import CorrectionError, apply_corrections
from planparse.model import Correction, CorrectionKind, MarkKind, Plan


@pytest.fixture(scope="module")
def sample() -> Plan:
    return parse(SAMPLE_DOCX)


def fix(plan: Plan, kind: CorrectionKind, target: str, **values: object) -> Plan:
    return apply_corrections(plan, [Correction.model_validate({"kind": kind, "target": target, **values})])


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planparse", *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def texts(plan: Plan, goal: str) -> list[str]:
    a, g = (int(part) - 1 for part in goal.split("."))
    return [m.text for m in plan.areas[a].goals[g].measures]


def test_a_measure_moved_to_another_goal_ends_it_and_ids_follow(sample: Plan) -> None:
    moved = sample.areas[0].goals[0].measures[1]
    plan = fix(sample, CorrectionKind.MOVE, "1.1.2", to="1.2")
    assert moved.text not in texts(plan, "1.1") and texts(plan, "1.2")[-1] == moved.text
    assert plan.areas[0].goals[1].measures[-1].id == f"1.2.{len(sample.areas[0].goals[1].measures) + 1}"
    assert len(plan.measures()) == len(sample.measures())
    assert [c.kind for c in plan.corrections] == [CorrectionKind.MOVE]
    assert sample.corrections == [] and texts(sample, "1.1")[1] == moved.text  # the plan given is unchanged


def test_two_measures_merged_and_one_split_again_give_the_texts_back(sample: Plan) -> None:
    first, second = texts(sample, "1.1")[:2]
    merged = fix(sample, CorrectionKind.MERGE, "1.1.2")
    assert texts(merged, "1.1")[0] == f"{first} {second}"
    assert len(merged.measures()) == len(sample.measures()) - 1
    goal = sample.areas[0].goals[0]
    roles = set(goal.measures[0].responsible) | set(goal.measures[1].responsible)
    assert set(merged.areas[0].goals[0].measures[0].responsible) == roles
    split = fix(merged, CorrectionKind.SPLIT, "1.1.1", at=second[:20])
    assert texts(split, "1.1")[:2] == [first, second]
    assert [c.kind for c in split.corrections] == [CorrectionKind.MERGE, CorrectionKind.SPLIT]


def test_a_measure_promoted_to_a_goal_takes_the_measures_after_it_and_demoting_it_undoes_that(sample: Plan) -> None:
    goal_texts = texts(sample, "2.1")
    promoted = fix(sample, CorrectionKind.PROMOTE, "2.1.2")
    assert texts(promoted, "2.1") == goal_texts[:1]
    assert promoted.areas[1].goals[1].text == goal_texts[1] and texts(promoted, "2.2") == goal_texts[2:]
    back = fix(promoted, CorrectionKind.DEMOTE, "2.2")
    assert texts(back, "2.1") == goal_texts
    assert [g.text for g in back.areas[1].goals] == [g.text for g in sample.areas[1].goals]


def test_a_heading_promoted_to_an_area_and_back(sample: Plan) -> None:
    area = sample.areas[1]
    promoted = fix(sample, CorrectionKind.PROMOTE, "2.2")
    assert len(promoted.areas) == len(sample.areas) + 1
    assert promoted.areas[2].title == area.goals[1].text
    assert [g.text for g in promoted.areas[2].goals[1:]] == [g.text for g in area.goals[2:]]
    assert texts(promoted, "3.1") == [m.text for m in area.goals[1].measures]
    back = fix(promoted, CorrectionKind.DEMOTE, "3")
    assert [a.title for a in back.areas] == [a.title for a in sample.areas]
    assert [g.text for g in back.areas[1].goals] == [g.text for g in area.goals]
    assert [m.text for m in back.measures()] == [m.text for m in sample.measures()]


def test_a_mark_roles_and_text_fixed(sample: Plan) -> None:
    plan = fix(sample, CorrectionKind.MARK, "1.1.2", period="2024", mark="(x)")
    assert plan.areas[0].goals[0].measures[1].schedule["2024"].kind is MarkKind.TENTATIVE
    plan = fix(plan, CorrectionKind.MARK, "1.1.2", period="2022", mark="")
    assert not plan.areas[0].goals[0].measures[1].schedule["2022"].is_marked
    assert 2022 not in plan.areas[0].goals[0].measures[1].years
    plan = fix(plan, CorrectionKind.ROLES, "1.1.2", roles=["Rektor", " IKT-leder "])
    assert plan.areas[0].goals[0].measures[1].responsible == ["Rektor", "IKT-leder"]
    plan = fix(plan, CorrectionKind.TEXT, "1", text="Forskning og formidling")
    assert plan.areas[0].title == "Forskning og formidling"
    assert len(plan.corrections) == 4


def test_a_measure_deleted_is_kept_in_its_correction_and_restored_where_it_stood(sample: Plan) -> None:
    deleted = fix(sample, CorrectionKind.DELETE, "1.1.2")
    assert len(deleted.measures()) == len(sample.measures()) - 1
    assert deleted.corrections[0].removed is not None
    assert deleted.corrections[0].removed.text == texts(sample, "1.1")[1]
    restored = fix(deleted, CorrectionKind.RESTORE, "1")
    assert texts(restored, "1.1") == texts(sample, "1.1")
    with pytest.raises(CorrectionError, match="not a delete"):
        fix(restored, CorrectionKind.RESTORE, "2")


@pytest.mark.parametrize(("kind", "target", "values", "said"), [
    (CorrectionKind.MOVE, "9.1.1", {"to": "1.1"}, "no measure 9.1.1: the plan has no area 9: it has 4"),
    (CorrectionKind.MOVE, "1.1.1", {"to": "1.99"}, "no goal 1.99"),
    (CorrectionKind.MOVE, "1.1", {"to": "1.2"}, "not the ID of a measure"),
    (CorrectionKind.SPLIT, "1.1.1", {"at": "no such words"}, "does not hold"),
    (CorrectionKind.MERGE, "1.1.1", {}, "first of its goal"),
    (CorrectionKind.MARK, "1.1.1", {"period": "2031", "mark": "x"}, "no period '2031': it has 2022, 2023, 2024"),
    (CorrectionKind.DEMOTE, "1", {}, "is the first"),
])
def test_a_correction_that_does_not_fit_says_what_the_plan_has(sample: Plan, kind: CorrectionKind, target: str,
                                                                values: dict[str, str], said: str) -> None:
    with pytest.raises(CorrectionError, match=said.replace("(", r"\(").replace(")", r"\)")):
        fix(sample, kind, target, **values)


def test_fix_on_the_command_line_keeps_a_patch_that_applies_again_to_the_plan_read_again(tmp_path: Path) -> None:
    plan_json = tmp_path / "plan.json"
    write(parse(SAMPLE_DOCX), plan_json)
    steps = [("--move", "2.1.3", "--to", "2.2"), ("--merge", "1.1.2"), ("--promote", "3.1.2"),
             ("--mark", "1.1.1", "--period", "2023", "--as", ""), ("--roles", "1.2.1", "--set", "Rektor; IKT"),
             ("--delete", "4.1.1")]
    for step in steps:
        result = run("fix", plan_json, *step)
        assert result.returncode == 0, result.stderr
    result = run("fix", plan_json, "--restore", "6", "--save-patch", tmp_path / "rettinger.json")
    assert result.returncode == 0 and "7 in all" in result.stdout
    corrected = parse(plan_json)
    assert [c.kind.value for c in corrected.corrections] == ["move", "merge", "promote", "mark", "roles", "delete",
                                                             "restore"]
    # the plan read again from its Word file, with the patch: the same plan as corrected step by step
    again = run("fix", SAMPLE_DOCX, "--apply", tmp_path / "rettinger.json", "-o", tmp_path / "igjen.json")
    assert again.returncode == 0, again.stderr
    assert parse(tmp_path / "igjen.json").model_dump(exclude={"source"}) == corrected.model_dump(exclude={"source"})
    # and into a workbook
    workbook = run("fix", plan_json, "--text", "1.1.1", "--as-text", "Et nytt navn", "-o", tmp_path / "plan.xlsx")
    assert workbook.returncode == 0, workbook.stderr
    assert parse(tmp_path / "plan.xlsx").measures()[0].text == "Et nytt navn"


@pytest.mark.parametrize(("content", "said"), [
    ("[" * 100_000 + "]" * 100_000, "not JSON"),
    ('[{"kind": "move", "target": 3}]', "correction 0.target"),
    ('[{"kind": "explode", "target": "1"}]', "correction 0.kind"),
    ('{"a": 1}', "a list of at most"),
    ("[" + ",".join(['{"kind": "delete", "target": "1.1.1"}'] * 10_001) + "]", "a list of at most"),
    ("x" * (6 * 1024 * 1024), "more than the"),
])
def test_a_hostile_or_wrong_patch_is_one_line_and_exit_2(tmp_path: Path, content: str, said: str) -> None:
    plan_json = tmp_path / "plan.json"
    write(parse(SAMPLE_DOCX), plan_json)
    before = plan_json.read_bytes()
    patch = tmp_path / "patch.json"
    patch.write_text(content, encoding="utf-8")
    result = run("fix", plan_json, "--apply", patch)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and said in result.stderr
    assert "Traceback" not in result.stderr and plan_json.read_bytes() == before


def test_fix_asks_for_one_correction_and_an_output_for_a_document(tmp_path: Path) -> None:
    two = run("fix", tmp_path / "x.json", "--delete", "1.1.1", "--promote", "1.1.2")
    assert two.returncode == 2 and "one correction at a time" in two.stderr
    none = run("fix", SAMPLE_DOCX)
    assert none.returncode == 2 and "say what to correct" in none.stderr
    document = run("fix", SAMPLE_DOCX, "--delete", "1.1.1")
    assert document.returncode == 2 and "give -o" in document.stderr
    assert json.loads(run("schema").stdout)["$defs"]["Correction"]["properties"]["kind"]


def test_what_corrections_say_of_a_family_of_documents_becomes_a_profile(tmp_path: Path) -> None:
    """A heading made an area, a mark a person read as planned, a role written otherwise: these hold for
    the next document of the family; a measure moved does not."""
    from planparse.corrections import generalised
    from planparse.model import Area, Goal, Mark, Measure
    from planparse.model import Plan as PlanModel

    plan = PlanModel(title="Tiltaksplan 2025", periods=[], areas=[Area(title="Oppvekst", goals=[
        Goal(text="Barnehage", measures=[
            Measure(text="Flere plasser", schedule={"2025": Mark(raw="ja", kind=MarkKind.UNKNOWN)},
                    responsible=["Enhetsleder"]),
            Measure(text="Nytt bygg", responsible=["Rådgiver"])]),
        Goal(text="Fokus 2: Helse", measures=[Measure(text="Helsestasjon", responsible=["Lege"])])])])
    corrections = [Correction(kind=CorrectionKind.PROMOTE, target="1.2"),
                   Correction(kind=CorrectionKind.MARK, target="1.1.1", period="2025", mark="x"),
                   Correction(kind=CorrectionKind.ROLES, target="1.1.2", roles=["Rådgjevar"]),
                   Correction(kind=CorrectionKind.MOVE, target="1.1.1", to="2.1")]
    profile = generalised(plan, corrections)
    assert profile.headings.areas == ["Fokus"]
    assert profile.marks.planned == ["ja"] and profile.marks.tentative == []
    assert profile.roles == {"Rådgjevar": ["Rådgiver"]}
    assert profile.columns.named() == {}


def test_a_correction_applied_where_its_measure_reads_otherwise_is_refused_not_made_elsewhere(
        sample: Plan, tmp_path: Path) -> None:
    """Each correction keeps the text of what it was made to: a patch applied to a plan read differently
    (next year's, or a newer planparse's reading) is refused where that text is not at its place,
    instead of moving whatever stands there now."""
    made = fix(sample, CorrectionKind.DELETE, "1.1.4")
    assert made.corrections[0].was == texts(sample, "1.1")[3]
    changed = fix(sample, CorrectionKind.TEXT, "1.1.4", text="Et annet tiltak")
    with pytest.raises(CorrectionError, match=r"1\.1\.4 reads «Et annet tiltak», not «Etablere rutiner"):
        apply_corrections(changed, made.corrections)
    # on the command line: the sample's patch on its revision, where 1.1.4 is another measure
    plan_json = tmp_path / "plan.json"
    write(parse(SAMPLE_DOCX), plan_json)
    assert run("fix", plan_json, "--delete", "1.1.4", "--save-patch", tmp_path / "patch.json").returncode == 0
    revised = ROOT / "tests" / "diff" / "handlingsplan-2022-2024-revidert.docx"
    result = run("fix", revised, "--apply", tmp_path / "patch.json", "-o", tmp_path / "revidert.json")
    assert result.returncode == 2 and "the plan has changed since" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "revidert.json").exists()
