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


LABELS: dict[Language, Labels] = {
    Language.BOKMAL: Labels(
        "Tiltak", "Ansvarlige", "Oversikt", "Om planen", "Områdenr.", "Område", "Målnr.", "Mål", "ID", "Nr.",
        "Tiltak", "Tidsplan", "År", "Ansvarlig", "Kilde", "Oppfølging", "Kommentar (oppfølging)", "Sist oppdatert",
        ("Ikke startet", "Pågår", "Fullført", "Utsatt"), "Antall tiltak", "Mål", "Sum", "Tittel", "Organisasjon",
        "Periode", "Perioder", "Innledning", "Advarsler", "Fargekoder",
        "Grønn: planlagt (x). Gul: foreløpig ((x)). Oransje: ukjent merke.", "foreløpig", "ingen tid",
        "Merking i tabellene: grønn er planlagt (x), gul er foreløpig, oransje er et ukjent merke.",
        "Tiltak per ansvarlig", "Innhold", "Side", "{areas} område|{areas} områder, {goals} mål, {measures} tiltak",
        "(ingen)", "(ingen tiltak)", "merknad",
        {"added": "Nye", "removed": "Fjernet", "moved": "Flyttet", "reworded": "Omformulert",
         "schedule-changed": "Endret tidsplan", "responsible-changed": "Endret ansvar"},
        ("Område", "Mål", "Tiltak (før)", "Tiltak (nå)", "Endring", "Ansvarlig (nå)", "Kilde (før)", "Kilde (nå)"),
        "Tiltak per område og periode", ("side", "tabell", "rad"), ("under", "var under", "fra", "til", "var")),
    Language.NYNORSK: Labels(
        "Tiltak", "Ansvarlege", "Oversyn", "Om planen", "Områdenr.", "Område", "Målnr.", "Mål", "ID", "Nr.",
        "Tiltak", "Tidsplan", "År", "Ansvarleg", "Kjelde", "Oppfølging", "Kommentar (oppfølging)", "Sist oppdatert",
        ("Ikkje starta", "Pågår", "Fullført", "Utsett"), "Tal på tiltak", "Mål", "Sum", "Tittel", "Organisasjon",
        "Periode", "Periodar", "Innleiing", "Åtvaringar", "Fargekodar",
        "Grøn: planlagt (x). Gul: førebels ((x)). Oransje: ukjent merke.", "førebels", "inga tid",
        "Merking i tabellane: grøn er planlagt (x), gul er førebels, oransje er eit ukjent merke.",
        "Tiltak per ansvarleg", "Innhald", "Side", "{areas} område|{areas} område, {goals} mål, {measures} tiltak",
        "(ingen)", "(ingen tiltak)", "merknad",
        {"added": "Nye", "removed": "Fjerna", "moved": "Flytta", "reworded": "Omformulert",
         "schedule-changed": "Endra tidsplan", "responsible-changed": "Endra ansvar"},
        ("Område", "Mål", "Tiltak (før)", "Tiltak (no)", "Endring", "Ansvarleg (no)", "Kjelde (før)", "Kjelde (no)"),
        "Tiltak per område og periode", ("side", "tabell", "rad"), ("under", "var under", "frå", "til", "var")),
    Language.ENGLISH: Labels(
        "Actions", "Responsible", "Overview", "About the plan", "Area no.", "Area", "Goal no.", "Goal", "ID",
        "No.", "Action", "Timing", "Years", "Responsible", "Source", "Follow-up", "Follow-up comment", "Last updated",
        ("Not started", "In progress", "Done", "Postponed"), "Actions", "Goals", "Total", "Title", "Organisation",
        "Period", "Periods", "Introduction", "Warnings", "Colour codes",
        "Green: planned (x). Yellow: tentative ((x)). Orange: unknown mark.", "tentative", "no time",
        "Marks in the tables: green is planned (x), yellow is tentative, orange is an unknown mark.",
        "Actions by responsible", "Contents", "Page", "{areas} area|{areas} areas, {goals} goal|{goals} goals, "
        "{measures} action|{measures} actions", "(no one)", "(no actions)", "note",
        {"added": "Added", "removed": "Removed", "moved": "Moved", "reworded": "Reworded",
         "schedule-changed": "Rescheduled", "responsible-changed": "Responsibility changed"},
        ("Area", "Goal", "Action (before)", "Action (now)", "Change", "Responsible (now)", "Source (before)",
         "Source (now)"),
        "Actions per area and period", ("page", "table", "row"), ("under", "was under", "from", "to", "was")),
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
