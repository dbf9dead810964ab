"""Build the test plans of every shape in tests/plans/shapes/, each as a Word file, as LibreOffice's
PDF of it and as a browser's (Chromium's) print of the same content, ruled and without ruling lines,
with the truth it is checked against. The truth is written from the data that builds the documents,
never from what planparse reads; the years each timing touches are written by hand beside it.

- trafikk-2026-2029: a timing column (Nr. | Tiltak | Ansvar | Frist | Status) with every way of
  saying when, a cover page, a contents page with dotted leaders, area headings in capitals, measure
  IDs, and a summary table at the end that repeats every measure.
- nordbygda-2025-2027 (nynorsk): half-year columns (H25 | V26 | H26 | V27), responsibility stated
  once under a goal or an area ("Ansvarleg: Rektor"), tables with no responsible column, and one with
  a responsible column only partly filled.
- solbakken-2024-2027: school years as columns (2024/25 …), the goal as the first column merged down
  over its measures, one table per area.
- harbour-2026 (English): quarters as columns, the area and the objective as columns of one big table,
  both merged down.
- solstua-2025-26: months as columns in a school year's plan (aug … jun), landscape.
- mobbing-2025-2027: no tables; goals as headings, measures as bullets (Word's own; a symbol font's
  glyph in the browser's PDF), numbered items, lines with no bullet (with inline parts, and bare under a
  goal heading), IDs ("Tiltak 1.1:"), responsibility
  and timing inline ("(Ansvar: Rektor, 2025–2027)", "– Ansvar: X. Frist: Y"), responsibility for a
  goal and for a group of measures stated once.
- folkehelse-2026-2028: no goals; areas as headings, a lead-in sentence ("Derfor vil vi:") before
  each list, inline responsibility and deadline, and a summary table at the end.

Run through scripts/build-samples.sh, which installs what these need.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from build_pdf_test_plans import print_html
from build_samples import docx_to_pdf
from shape_documents import Bullets, Element, Grid, Heading, PageBreak, Para, Title, to_docx, to_html

SHAPES = Path(__file__).resolve().parent.parent / "tests" / "plans" / "shapes"


@dataclass
class M:
    """A measure as the data holds it; `years` are the years its timing touches, by hand."""

    text: str
    roles: list[str] = field(default_factory=list)
    marks: dict[str, str] = field(default_factory=dict)
    timing: str | None = None
    years: list[int] = field(default_factory=list)
    label: str | None = None
    status: str = ""
    stated: str = "measure"  # where its roles are stated: measure, group, goal or area


@dataclass
class G:
    text: str
    measures: list[M]
    responsible: list[str] = field(default_factory=list)


@dataclass
class A:
    title: str
    goals: list[G]
    responsible: list[str] = field(default_factory=list)


@dataclass
class ShapePlan:
    name: str
    title: str
    organisation: str | None
    shapes: list[str]
    periods: list[str]
    areas: list[A]
    elements: list[Element]
    landscape: bool = False
    warnings: list[str] = field(default_factory=list)  # the warning codes reading it must give


def truth(plan: ShapePlan) -> dict[str, Any]:
    areas = []
    for area in plan.areas:
        goals = []
        for goal in area.goals:
            measures = []
            for m in goal.measures:
                item: dict[str, Any] = {"text": m.text, "marks": m.marks, "responsible": m.roles}
                if m.stated != "measure":
                    item["responsible_stated"] = m.stated
                if m.label:
                    item["label"] = m.label
                if m.timing is not None:
                    item["timing"] = {"text": m.timing, "years": m.years}
                measures.append(item)
            goals.append({"text": goal.text, "responsible": goal.responsible, "measures": measures})
        areas.append({"title": area.title, "responsible": area.responsible, "goals": goals})
    return {"title": plan.title, "organisation": plan.organisation, "shapes": plan.shapes,
            "periods": plan.periods, "areas": areas, "warnings": plan.warnings}


def _roles(m: M) -> str:
    return "\n".join(m.roles) if m.stated == "measure" else ""


# 1. A timing column, with cover, contents, capitals, IDs and a summary table.

def trafikk() -> ShapePlan:
    areas = [
        A("TRYGG SKOLEVEI", [
            G("Mål 1.1: Alle barn skal ha en trygg vei til skolen.", [
                M("Kartlegge farlige punkter på skoleveiene sammen med FAU", ["Kommunalsjef oppvekst"],
                  timing="1. mars 2026", years=[2026], label="1.1.1", status="Ikke startet"),
                M("Etablere hjertesone ved alle barneskoler", ["Rektor", "Teknisk etat"], timing="Høst 2026",
                  years=[2026], label="1.1.2", status="Planlagt"),
                M("Vurdere nedsatt fartsgrense ved Sentrum skole", ["Teknisk etat"], timing="Q2 2027",
                  years=[2027], label="1.1.3"),
            ]),
            G("Mål 1.2: Foreldre skal vite hvordan barna kommer trygt fram.", [
                M("Informere om trygg skolevei på foreldremøter hvert år", ["Rektor"], timing="Løpende",
                  years=[2026, 2027, 2028, 2029], label="1.2.1", status="Pågår"),
                M("Lage kart over anbefalte skoleveier", ["Teknisk etat", "Kommunikasjon"], timing="2026–2027",
                  years=[2026, 2027], label="1.2.2"),
            ]),
        ]),
        A("TRAFIKANTOPPLÆRING", [
            G("Mål 2.1: Alle elever skal få trafikkopplæring hvert år.", [
                M("Ta i bruk Trafikksikker kommune-kriteriene i skolene", ["Kommunalsjef oppvekst"],
                  timing="Innen utgangen av 2026", years=[2026], label="2.1.1"),
                M("Gjennomføre sykkelprøve for 6. trinn", ["Rektor"], timing="30.06.2027", years=[2027],
                  label="2.1.2", status="Planlagt"),
                M("Tilby refleksvester til alle elever i 1. trinn", ["Helsesykepleier"], timing="Hele perioden",
                  years=[2026, 2027, 2028, 2029], label="2.1.3"),
                M("Holde kurs for eldre bilførere", ["Frivilligsentralen"], timing="Ved behov", years=[],
                  label="2.1.4"),
            ]),
        ]),
        A("FYSISKE TILTAK", [
            G("Mål 3.1: Færre ulykker på kommunale veier.", [
                M("Bygge gang- og sykkelvei langs Fjellveien", ["Teknisk etat"], timing="Vår 2028",
                  years=[2028], label="3.1.1"),
                M("Skifte til LED-belysning i alle gangfelt", ["Teknisk etat"], timing="2029", years=[2029],
                  label="3.1.2"),
            ]),
        ]),
    ]
    title = "Handlingsplan for trafikksikkerhet 2026–2029, Nordvik kommune"
    elements: list[Element] = [
        Para("Nordvik kommune", size=14), Title(title), Para("Vedtatt i kommunestyret 11. desember 2025"),
        PageBreak(),
        Para("Innhold", bold=True, size=14),
        Para("1 Innledning ........................................................ 3"),
        Para("2 Trygg skolevei ................................................ 3"),
        Para("3 Trafikantopplæring ........................................ 4"),
        Para("4 Fysiske tiltak .................................................. 4"),
        Para("5 Oppsummering av tiltak ..................................... 5"),
        PageBreak(),
        Heading("INNLEDNING"),
        Para("Planen viser hva kommunen vil gjøre for at færre skal skades i trafikken i planperioden."),
    ]
    for area in areas:
        elements.append(Heading(area.title))
        for goal in area.goals:
            elements.append(Para(goal.text, bold=True))
            elements.append(Grid(["Nr.", "Tiltak", "Ansvar", "Frist", "Status"],
                                 [[m.label or "", m.text, _roles(m), m.timing or "", m.status] for m in goal.measures],
                                 widths_cm=[1.4, 7.0, 3.5, 2.8, 2.3]))
    elements.append(Heading("OPPSUMMERING AV TILTAK"))
    everything = [m for area in areas for goal in area.goals for m in goal.measures]
    elements.append(Grid(["Tiltak", "Ansvar", "Frist"], [[m.text, ", ".join(m.roles), m.timing or ""]
                                                          for m in everything]))
    return ShapePlan("trafikk-2026-2029", title, "Nordvik kommune", ["timing-column"], [], areas, elements,
                     warnings=["summary-table", "unknown-timing"])


# 2. Half-years, responsibility stated once.

def nordbygda() -> ShapePlan:
    labels = ["H25", "V26", "H26", "V27"]

    def marks(spec: str) -> dict[str, str]:
        return {label: mark for label, mark in zip(labels, spec.split("|"), strict=True) if mark}

    areas = [
        A("Læringsmiljø", [
            G("Alle elevar skal oppleve at dei høyrer til i klassen.", [
                M("Gjennomføre elevsamtalar om trivsel", ["Kontaktlærar"], marks("x|x|x|x"), stated="goal"),
                M("Innføre faste klassemøte kvar veke", ["Kontaktlærar"], marks("x|x||"), stated="goal"),
                M("Kartleggje trivsel med spørjeskjema", ["Kontaktlærar"], marks("|x||x"), stated="goal"),
            ], responsible=["Kontaktlærar"]),
            G("Skulen skal ha tydelege reglar for åtferd.", [
                M("Revidere ordensreglementet saman med elevrådet", ["Rektor", "Elevrådet"], marks("x|(x)||")),
                M("Lage plakatar med reglane i alle klasserom", ["Inspektør"], marks("|x||"), stated="goal"),
            ], responsible=["Inspektør"]),
        ], responsible=[]),
        A("Lesing og skriving", [
            G("Elevane skal lese meir på fritida.", [
                M("Opne skulebiblioteket i storefriminuttet", ["Leiar for skulebiblioteket"], marks("x|x|x|x"),
                  stated="area"),
                M("Arrangere leseveke kvar haust", ["Leiar for skulebiblioteket"], marks("x||x|"), stated="area"),
            ]),
            G("Alle elevar skal skrive i fleire sjangrar.", [
                M("Lage ein felles skriveplan for 1.–7. trinn", ["Leiar for skulebiblioteket"], marks("|x|x|"),
                  stated="area"),
            ]),
        ], responsible=["Leiar for skulebiblioteket"]),
    ]
    title = "Tiltaksplan for Nordbygda skule 2025–2027"
    elements: list[Element] = [Title(title), Heading("Innleiing"),
                               Para("Planen byggjer på skulen sin utviklingsplan og er laga saman med elevrådet.")]
    for area in areas:
        elements.append(Heading(area.title))
        if area.responsible:
            elements.append(Para(f"Ansvarleg for området: {', '.join(area.responsible)}"))
        for goal in area.goals:
            elements.append(Heading(goal.text, 2))
            if goal.responsible:
                elements.append(Para(f"Ansvarleg: {', '.join(goal.responsible)}"))
            own_column = any(m.stated == "measure" for m in goal.measures)
            header = ["Tiltak", *labels, *(["Ansvarleg"] if own_column else [])]
            rows = [[m.text, *[m.marks.get(label, "") for label in labels], *([_roles(m)] if own_column else [])]
                    for m in goal.measures]
            elements.append(Grid(header, rows))
    return ShapePlan("nordbygda-2025-2027", title, "Nordbygda skule", ["period-columns", "responsible-once"], labels,
                     areas, elements)


# 3. School years, the goal as a column.

def solbakken() -> ShapePlan:
    labels = ["2024/25", "2025/26", "2026/27"]
    areas = [
        A("Språk og kommunikasjon", [
            G("Alle barn skal få et rikt språkmiljø", [
                M("Lese for barna hver dag i små grupper", ["Pedagogisk leder"], {"2024/25": "x", "2025/26": "x",
                                                                                   "2026/27": "x"}),
                M("Ta i bruk språkkofferter på alle avdelinger", ["Styrer"], {"2025/26": "x"}),
            ]),
            G("Flerspråklige barn skal bruke morsmålet sitt", [
                M("Samarbeide med foreldre om ord og begreper på morsmålet", ["Pedagogisk leder"],
                  {"2024/25": "x", "2025/26": "(x)"}),
            ]),
        ]),
        A("Lek og vennskap", [
            G("Alle barn skal ha minst én venn", [
                M("Observere lek og følge opp barn som står utenfor", ["Pedagogisk leder", "Barnehagelærer"],
                  {"2024/25": "x", "2025/26": "x", "2026/27": "x"}),
                M("Organisere lekegrupper på tvers av avdelinger", ["Styrer"], {"2025/26": "x", "2026/27": "x"}),
            ]),
            G("Personalet skal være aktive i barnas lek", [
                M("Gjennomføre kurs om lekende voksne", ["Styrer"], {"2024/25": "x"}),
            ]),
        ]),
    ]
    title = "Handlingsplan for Solbakken barnehage 2024–2027"
    elements: list[Element] = [Title(title), Heading("Innledning"),
                               Para("Planen følger opp rammeplanen og barnehagens årsplan.")]
    for area in areas:
        elements.append(Heading(area.title))
        rows = [[goal.text, m.text, *[m.marks.get(label, "") for label in labels], "\n".join(m.roles)]
                for goal in area.goals for m in goal.measures]
        elements.append(Grid(["Mål", "Tiltak", *labels, "Ansvarlig"], rows, merge_down=[0],
                             widths_cm=[4.0, 6.0, 1.7, 1.7, 1.7, 3.0]))
    return ShapePlan("solbakken-2024-2027", title, "Solbakken barnehage", ["period-columns", "goal-column"], labels,
                     areas, elements)


# 4. Quarters, the area and the objective as columns of one table.

def harbour() -> ShapePlan:
    labels = ["Q1", "Q2", "Q3", "Q4"]
    areas = [
        A("Housing", [
            G("More affordable homes for young families", [
                M("Map council land suitable for housing", ["Head of Planning"], {"Q1": "x", "Q2": "x"}),
                M("Agree a partnership with two housing associations", ["Chief Executive"], {"Q3": "x"}),
            ]),
            G("Fewer empty homes", [
                M("Contact owners of homes empty for more than two years", ["Housing Officer"],
                  {"Q1": "x", "Q2": "x", "Q3": "x", "Q4": "x"}),
            ]),
        ]),
        A("Climate", [
            G("Lower emissions from council buildings", [
                M("Install solar panels on the town hall", ["Head of Property"], {"Q2": "x", "Q3": "(x)"}),
                M("Replace oil boilers in three schools", ["Head of Property", "Schools Manager"], {"Q4": "x"}),
            ]),
        ]),
    ]
    title = "Action plan 2026, Harbour Valley Council"
    rows = [[area.title, goal.text, m.text, *[m.marks.get(label, "") for label in labels], "\n".join(m.roles)]
            for area in areas for goal in area.goals for m in goal.measures]
    elements: list[Element] = [
        Title(title), Heading("Introduction"),
        Para("This plan sets out what the council will do in 2026 to deliver its corporate strategy."),
        Heading("Actions"),
        Grid(["Area", "Objective", "Action", *labels, "Lead"], rows, merge_down=[0, 1],
             widths_cm=[3.0, 5.0, 8.0, 1.3, 1.3, 1.3, 1.3, 4.0]),
    ]
    return ShapePlan("harbour-2026", title, "Harbour Valley Council",
                     ["period-columns", "goal-column", "area-column"], labels, areas, elements, landscape=True)


# 5. Months in a school year's plan.

def solstua() -> ShapePlan:
    labels = ["aug", "sep", "okt", "nov", "des", "jan", "feb", "mar", "apr", "mai", "jun"]
    areas = [
        A("Natur og miljø", [
            G("Barna skal bli kjent med årstidene", [
                M("Turer til skogen hver uke", ["Pedagogisk leder"], dict.fromkeys(labels, "x")),
                M("Plante grønnsaker i barnehagehagen", ["Barnehagelærer"], {"apr": "x", "mai": "x", "jun": "x"}),
            ]),
        ]),
        A("Tradisjoner", [
            G("Barna skal oppleve tradisjoner gjennom året", [
                M("Lage julegaver til foreldrene", ["Pedagogisk leder"], {"nov": "x", "des": "x"}),
                M("Feire samefolkets dag", ["Styrer"], {"feb": "x"}),
                M("Forberede 17. mai-tog", ["Styrer", "Foreldreutvalget"], {"mai": "x"}),
            ]),
        ]),
    ]
    title = "Årsplan for Solstua barnehage 2025/26"
    elements: list[Element] = [Title(title), Heading("Innledning"),
                               Para("Årsplanen viser hva vi gjør måned for måned.")]
    for area in areas:
        elements.append(Heading(area.title))
        for goal in area.goals:
            elements.append(Para(goal.text, bold=True))
            elements.append(Grid(["Tiltak", *labels, "Ansvarlig"],
                                 [[m.text, *[m.marks.get(label, "") for label in labels], "\n".join(m.roles)]
                                  for m in goal.measures], widths_cm=[7.0, *[1.1] * len(labels), 4.0]))
    return ShapePlan("solstua-2025-26", title, "Solstua barnehage", ["period-columns"], labels, areas, elements,
                     landscape=True)


# 6. Lists under goal headings.

def mobbing() -> ShapePlan:
    areas = [
        A("Forebygging", [
            G("Alle elever skal ha et trygt og godt skolemiljø", [
                M("Kartlegge elevenes trivsel hvert halvår", ["Rektor"], timing="2025–2027",
                  years=[2025, 2026, 2027], label="Tiltak 1.1"),
                M("Gjennomføre klassemiljøtiltak i alle klasser", ["Kontaktlærer"], timing="Høst 2025",
                  years=[2025], label="Tiltak 1.2"),
                M("Bruke elevrådet aktivt i arbeidet mot mobbing", ["Rektor", "Elevrådskontakt"], timing="Løpende",
                  years=[2025, 2026, 2027], label="Tiltak 1.3"),
            ]),
            G("De ansatte skal kunne oppdage mobbing tidlig", [
                M("Holde kurs om krenkelser for alle ansatte", ["Sosiallærer"], timing="Vår 2026", years=[2026],
                  stated="goal"),
                M("Innføre faste inspeksjonsrutiner i friminuttene", ["Sosiallærer"], stated="goal"),
            ], responsible=["Sosiallærer"]),
        ]),
        A("Oppfølging", [
            G("Saker om mobbing skal følges opp raskt", [
                M("Lage aktivitetsplan innen fem dager etter melding", ["Rektor"], timing="30.06.2025",
                  years=[2025]),
                M("Evaluere aktivitetsplanene sammen med elev og foresatte", ["Kontaktlærer"], timing="Hele perioden",
                  years=[2025, 2026, 2027]),
                M("Rapportere antall saker til skoleeier", ["Rektor"], timing="Innen 1. juni 2026", years=[2026]),
            ]),
            G("Elevene skal vite hvor de kan få hjelp", [
                M("Presentere kontaktpersoner på første skoledag", ["Teamledere"], stated="group"),
                M("Henge opp informasjon i alle klasserom", ["Teamledere"], stated="group"),
                M("Gi elevene en digital meldeknapp", ["IT-ansvarlig"], timing="2026", years=[2026]),
            ]),
            G("Skolen skal samarbeide godt med foresatte", [
                M("Invitere foresatte til temamøte om nettvett"),
                M("Drøfte skolemiljøet i FAU hvert år"),
            ]),
        ]),
    ]
    goals = [goal for area in areas for goal in area.goals]

    def item(m: M) -> str:
        label = f"{m.label}: " if m.label else ""
        if m.stated != "measure":
            return label + m.text
        if m.timing and m.label:
            return f"{label}{m.text} (Ansvar: {', '.join(m.roles)}, {m.timing})"
        if m.timing:
            return f"{label}{m.text} – Ansvar: {', '.join(m.roles)}. Frist: {m.timing}"
        return f"{label}{m.text} (Ansvar: {', '.join(m.roles)})" if m.roles else label + m.text

    title = "Handlingsplan mot mobbing 2025–2027, Fjellvik skole"
    elements: list[Element] = [
        Title(title), Heading("Innledning"),
        Para("Skolen har nulltoleranse for mobbing. Planen beskriver hva vi gjør for å forebygge og følge opp."),
        Heading(areas[0].title),
        Heading(goals[0].text, 2), Bullets([item(m) for m in goals[0].measures], "word", browser_glyph="§"),
        Heading(goals[1].text, 2), Para("Ansvar for tiltakene under: Sosiallærer"),
        Bullets(["Holde kurs om krenkelser for alle ansatte (Frist: Vår 2026)",
                 goals[1].measures[1].text], "numbered"),
        Heading(areas[1].title),
        Heading(goals[2].text, 2), Bullets([item(m) for m in goals[2].measures], ""),
        Heading(goals[3].text, 2),
        Para("Trinn 5–7 | Ansvar: Teamledere"),
        Bullets([item(m) for m in goals[3].measures], "word", browser_glyph="•"),
        Heading(goals[4].text, 2), *[Para(m.text) for m in goals[4].measures],
    ]
    return ShapePlan("mobbing-2025-2027", title, "Fjellvik skole", ["timing-column", "responsible-once", "lists"], [],
                     areas, elements)


# 7. Lists under area headings with lead-ins, no goals, and a summary table.

def folkehelse() -> ShapePlan:
    areas = [
        A("Fysisk aktivitet", [
            G("", [
                M("Merke nye turstier i nærmiljøet", ["Teknisk etat"], timing="2027", years=[2027]),
                M("Tilby gratis trening for seniorer", ["Frivilligsentralen"], timing="Løpende",
                  years=[2026, 2027, 2028]),
                M("Åpne skolegårdene for lek etter skoletid", ["Kommunalsjef oppvekst"], timing="Høst 2026",
                  years=[2026]),
            ]),
        ]),
        A("Psykisk helse", [
            G("", [
                M("Etablere et lavterskeltilbud for unge voksne", ["Helse og omsorg"], timing="1. mars 2027",
                  years=[2027]),
                M("Lære opp ansatte i skolen i psykisk førstehjelp", ["PP-tjenesten"], timing="2026–2027",
                  years=[2026, 2027]),
            ]),
        ]),
        A("Kosthold", [
            G("", [
                M("Innføre gratis frukt i ungdomsskolen", ["Kommunalsjef oppvekst"], timing="Høst 2026", years=[2026]),
                M("Holde matkurs for nybakte foreldre", ["Helsestasjonen"], timing="Innen utgangen av 2028",
                  years=[2028]),
            ]),
        ]),
    ]
    title = "Tiltaksplan for folkehelse 2026–2028, Vestby kommune"
    intros = {"Fysisk aktivitet": "Færre voksne enn før er fysisk aktive i hverdagen.",
              "Psykisk helse": "Flere unge oppgir at de har psykiske plager.",
              "Kosthold": "Kostholdet har mye å si for helsen gjennom hele livet."}
    elements: list[Element] = [Title(title), Heading("Innledning"),
                               Para("Planen følger opp folkehelseoversikten for kommunen.")]
    for area in areas:
        elements.append(Heading(area.title))
        elements.append(Para(intros[area.title]))
        elements.append(Para("Derfor vil vi:"))
        elements.append(Bullets([f"{m.text} – Ansvar: {', '.join(m.roles)}. Frist: {m.timing}"
                                 for m in area.goals[0].measures], "word"))
    elements.append(Heading("Oversikt over tiltak"))
    everything = [m for area in areas for m in area.goals[0].measures]
    elements.append(Grid(["Tiltak", "Ansvar", "Frist"], [[m.text, ", ".join(m.roles), m.timing or ""]
                                                          for m in everything]))
    return ShapePlan("folkehelse-2026-2028", title, "Vestby kommune", ["timing-column", "lists"], [], areas, elements,
                     warnings=["summary-table"])


PLANS = [trafikk, nordbygda, solbakken, harbour, solstua, mobbing, folkehelse]


def main() -> None:
    SHAPES.mkdir(parents=True, exist_ok=True)
    for make in PLANS:
        plan = make()
        docx_path = SHAPES / f"{plan.name}.docx"
        to_docx(plan.elements, plan.title, plan.landscape).save(str(docx_path))
        docx_to_pdf(docx_path, SHAPES / f"{plan.name}.pdf")
        print_html(to_html(plan.elements, plan.title, plan.landscape), SHAPES / f"{plan.name}-chromium.pdf")
        print_html(to_html(plan.elements, plan.title, plan.landscape, ruled=False),
                   SHAPES / f"{plan.name}-chromium-uten-linjer.pdf")
        (SHAPES / f"{plan.name}.truth.json").write_text(json.dumps(truth(plan), ensure_ascii=False, indent=1) + "\n",
                                                        encoding="utf-8")
        print(f"wrote tests/plans/shapes/{plan.name}.docx, .pdf, -chromium.pdf, -chromium-uten-linjer.pdf")


if __name__ == "__main__":
    main()
