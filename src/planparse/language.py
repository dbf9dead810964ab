"""The plan's language (bokmål, nynorsk or English), told from the words it uses most, and the words
planparse's outputs use in each: so a nynorsk plan gets a nynorsk report and workbook."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Language(str, Enum):
    BOKMAL = "nb"
    NYNORSK = "nn"
    ENGLISH = "en"

    @property
    def locale(self) -> str:
        """The document language a report is marked with (for spelling and hyphenation)."""
        return {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}[self.value]


# Words that are common in one language and rare or absent in the other two.
_MARKERS: dict[Language, frozenset[str]] = {
    Language.BOKMAL: frozenset(
        "ikke bare også fra de disse hvordan hva hvem sammen være elever skole ansvarlig ansvarlige et hver "
        "deres noen ble tiltakene målene hvor mye hjelpe".split()),
    Language.NYNORSK: frozenset(
        "ikkje berre òg frå dei desse korleis kva kven saman vere elevar skule ansvarleg ansvarlege eit kvar "
        "deira nokon vart tiltaka måla kor mykje hjelpe eg me".split()),
    Language.ENGLISH: frozenset(
        "the and of with will are from this that our we each their through between into more which should "
        "staff students".split()),
}
_WORD = re.compile(r"[a-zæøåàòé]+")


def detect_language(texts: Iterable[str]) -> Language:
    """The language most of the texts' marker words belong to; bokmål when nothing tells."""
    counts: Counter[Language] = Counter()
    for text in texts:
        for word in _WORD.findall(text.lower()):
            for language, markers in _MARKERS.items():
                if word in markers:
                    counts[language] += 1
    # Words the two written Norwegians share count for both, so the ones that tell them apart decide.
    if not counts:
        return Language.BOKMAL
    return max(counts, key=lambda language: (counts[language], language is Language.BOKMAL))


@dataclass(frozen=True)
class Labels:
    """The words of planparse's outputs in one language."""

    measures_sheet: str
    roles_sheet: str
    overview_sheet: str
    about_sheet: str
    area_number: str
    area: str
    goal_number: str
    goal: str
    measure_id: str
    label: str
    measure: str
    timing: str
    years: str
    responsible: str
    source: str
    status: str
    comment: str
    updated: str
    statuses: tuple[str, ...]  # not started, in progress, done, postponed
    count: str
    goals: str
    sum: str
    title: str
    organisation: str
    period: str
    periods: str
    introduction: str
    warnings: str
    colours: str
    colours_text: str
    tentative: str
    no_year: str
    legend: str
    role_index: str
    contents: str
    page: str
    plan_facts: str  # "{areas} areas, {goals} goals, {measures} measures"
    no_one: str
    no_measures: str
    note: str
    changes: dict[str, str]  # change kind -> sheet name
    change_columns: tuple[str, ...]
    measures_per: str  # chart title
    where: tuple[str, str, str]  # page, table, row: where a measure was read
    change_words: tuple[str, str, str, str, str]  # "under", "was under", "from", "to", "was": of a change
    status_other: str  # a status written in other words than the four
    status_none: str  # no status written
    status_report: str
    status_as_of: str  # "Status as of {date}"
    by_status: str  # chart and table title
    status_by_area: str
    overdue: str  # said at a measure past its time and not done
    overdue_heading: str
    due: str
    no_overdue: str


LABELS: dict[Language, Labels] = {
    Language.BOKMAL: Labels(
        measures_sheet="Tiltak", roles_sheet="Ansvarlige", overview_sheet="Oversikt", about_sheet="Om planen",
        area_number="Områdenr.", area="Område", goal_number="Målnr.", goal="Mål", measure_id="ID", label="Nr.",
        measure="Tiltak", timing="Tidsplan", years="År", responsible="Ansvarlig", source="Kilde", status="Oppfølging",
        comment="Kommentar (oppfølging)", updated="Sist oppdatert",
        statuses=("Ikke startet", "Pågår", "Fullført", "Utsatt"), count="Antall tiltak", goals="Mål", sum="Sum",
        title="Tittel", organisation="Organisasjon", period="Periode", periods="Perioder", introduction="Innledning",
        warnings="Advarsler", colours="Fargekoder",
        colours_text="Grønn: planlagt (x). Gul: foreløpig ((x)). Oransje: ukjent merke.", tentative="foreløpig",
        no_year="ingen tid",
        legend="Merking i tabellene: grønn er planlagt (x), gul er foreløpig, oransje er et ukjent merke.",
        role_index="Tiltak per ansvarlig", contents="Innhold", page="Side",
        plan_facts="{areas} område|{areas} områder, {goals} mål, {measures} tiltak", no_one="(ingen)",
        no_measures="(ingen tiltak)", note="merknad",
        changes={"added": "Nye", "removed": "Fjernet", "moved": "Flyttet", "reworded": "Omformulert",
            "schedule-changed": "Endret tidsplan", "responsible-changed": "Endret ansvar",
            "follow-up-changed": "Endret oppfølging"},
        change_columns=("Område", "Mål", "Tiltak (før)", "Tiltak (nå)", "Endring", "Ansvarlig (nå)", "Kilde (før)",
            "Kilde (nå)"),
        measures_per="Tiltak per område og periode", where=("side", "tabell", "rad"),
        change_words=("under", "var under", "fra", "til", "var"),
        status_other="Annet", status_none="Ikke oppgitt", status_report="Statusrapport",
        status_as_of="Status per {date}", by_status="Tiltak per status", status_by_area="Status per område",
        overdue="over fristen", overdue_heading="Tiltak over fristen", due="Frist",
        no_overdue="Ingen tiltak er over fristen.",
    ),
    Language.NYNORSK: Labels(
        measures_sheet="Tiltak", roles_sheet="Ansvarlege", overview_sheet="Oversyn", about_sheet="Om planen",
        area_number="Områdenr.", area="Område", goal_number="Målnr.", goal="Mål", measure_id="ID", label="Nr.",
        measure="Tiltak", timing="Tidsplan", years="År", responsible="Ansvarleg", source="Kjelde",
        status="Oppfølging", comment="Kommentar (oppfølging)", updated="Sist oppdatert",
        statuses=("Ikkje starta", "Pågår", "Fullført", "Utsett"), count="Tal på tiltak", goals="Mål", sum="Sum",
        title="Tittel", organisation="Organisasjon", period="Periode", periods="Periodar", introduction="Innleiing",
        warnings="Åtvaringar", colours="Fargekodar",
        colours_text="Grøn: planlagt (x). Gul: førebels ((x)). Oransje: ukjent merke.", tentative="førebels",
        no_year="inga tid",
        legend="Merking i tabellane: grøn er planlagt (x), gul er førebels, oransje er eit ukjent merke.",
        role_index="Tiltak per ansvarleg", contents="Innhald", page="Side",
        plan_facts="{areas} område|{areas} område, {goals} mål, {measures} tiltak", no_one="(ingen)",
        no_measures="(ingen tiltak)", note="merknad",
        changes={"added": "Nye", "removed": "Fjerna", "moved": "Flytta", "reworded": "Omformulert",
            "schedule-changed": "Endra tidsplan", "responsible-changed": "Endra ansvar",
            "follow-up-changed": "Endra oppfølging"},
        change_columns=("Område", "Mål", "Tiltak (før)", "Tiltak (no)", "Endring", "Ansvarleg (no)", "Kjelde (før)",
            "Kjelde (no)"),
        measures_per="Tiltak per område og periode", where=("side", "tabell", "rad"),
        change_words=("under", "var under", "frå", "til", "var"),
        status_other="Anna", status_none="Ikkje oppgitt", status_report="Statusrapport",
        status_as_of="Status per {date}", by_status="Tiltak per status", status_by_area="Status per område",
        overdue="over fristen", overdue_heading="Tiltak over fristen", due="Frist",
        no_overdue="Ingen tiltak er over fristen.",
    ),
    Language.ENGLISH: Labels(
        measures_sheet="Actions", roles_sheet="Responsible", overview_sheet="Overview", about_sheet="About the plan",
        area_number="Area no.", area="Area", goal_number="Goal no.", goal="Goal", measure_id="ID", label="No.",
        measure="Action", timing="Timing", years="Years", responsible="Responsible", source="Source",
        status="Follow-up", comment="Follow-up comment", updated="Last updated",
        statuses=("Not started", "In progress", "Done", "Postponed"), count="Actions", goals="Goals", sum="Total",
        title="Title", organisation="Organisation", period="Period", periods="Periods", introduction="Introduction",
        warnings="Warnings", colours="Colour codes",
        colours_text="Green: planned (x). Yellow: tentative ((x)). Orange: unknown mark.", tentative="tentative",
        no_year="no time",
        legend="Marks in the tables: green is planned (x), yellow is tentative, orange is an unknown mark.",
        role_index="Actions by responsible", contents="Contents", page="Page",
        plan_facts="{areas} area|{areas} areas, {goals} goal|{goals} goals, {measures} action|{measures} actions",
        no_one="(no one)", no_measures="(no actions)", note="note",
        changes={"added": "Added", "removed": "Removed", "moved": "Moved", "reworded": "Reworded",
            "schedule-changed": "Rescheduled", "responsible-changed": "Responsibility changed",
            "follow-up-changed": "Follow-up changed"},
        change_columns=("Area", "Goal", "Action (before)", "Action (now)", "Change", "Responsible (now)",
            "Source (before)", "Source (now)"),
        measures_per="Actions per area and period", where=("page", "table", "row"),
        change_words=("under", "was under", "from", "to", "was"),
        status_other="Other", status_none="Not given", status_report="Status report",
        status_as_of="Status as of {date}", by_status="Actions by status", status_by_area="Status by area",
        overdue="overdue", overdue_heading="Overdue actions", due="Due", no_overdue="No action is overdue.",
    ),
}


def labels(language: Language) -> Labels:
    return LABELS[language]


def counted(template: str, **counts: int) -> str:
    """A count phrase with singular and plural: parts "{n} area|{n} areas" pick by their number."""
    parts = []
    for part in template.split(", "):
        choices = part.split("|")
        name = re.search(r"\{(\w+)\}", choices[0])
        number = counts[name.group(1)] if name else 0
        parts.append((choices[0] if number == 1 or len(choices) == 1 else choices[1]).format(**counts))
    return ", ".join(parts)
