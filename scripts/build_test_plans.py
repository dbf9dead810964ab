"""Build the Word test plans in tests/plans/ and the truth each is checked against.

Each plan differs from the sample the way other plans do. The truth (`<name>.truth.json`, in the
reference form of samples/seed/reference.json) is written from the same data as the document,
never from what planparse reads.

- instituttet-2025-2027: another organisation and period, typed numbered headings ("1 Forskning",
  "1.1 Instituttet skal …"), responsible header "Ansvar", roles separated by commas, responsible
  cells merged over several rows, a table long enough to repeat its header row on the next page,
  other column widths, and goals as bold paragraphs.
- fakultetet-2024-2026: edited as people edit Word files: tracked changes (insertions, deletions, a
  deleted row), content controls around a goal and inside a cell, a hyperlink, a field, no-break
  and soft hyphens, no-break spaces, roles on line breaks with a role wrapped by a break, Word's
  own list numbering on area headings, goals in "Heading 2", an extra "Merknad" column, and a
  title row merged across the table above its header.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

sys.path.insert(0, str(Path(__file__).parent))
from build_samples import docx_to_pdf
from docx_plan_builder import BuildOptions, build_document

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "tests" / "plans"


def m(text: str, years: str, roles: list[str], **more: Any) -> dict[str, Any]:
    """A measure; `years` is a mark per year column separated by '|', e.g. 'x||(x)'."""
    return {"text": text, "marks": years, "responsible": roles, **more}


def with_years(plan: dict[str, Any]) -> dict[str, Any]:
    """Expand each measure's 'x||(x)' into {year: mark} for the plan's years."""
    for area in plan["areas"]:
        for goal in area["goals"]:
            for measure in goal["measures"]:
                marks = measure["marks"].split("|")
                measure["marks"] = {str(y): mk for y, mk in zip(plan["years"], marks, strict=False) if mk}
    return plan


LONG = [
    m("Etablere et felles forum for metodeutvikling der stipendiater og seniorforskere møtes jevnlig "
      "for å drøfte design, analyse og formidling av pågående prosjekter", "x|x|x", ["Forskningsleder"]),
    m("Utarbeide en plan for forskningsdata som sikrer lagring, deling og gjenbruk i tråd med "
      "institusjonens retningslinjer og nasjonale krav", "x|x|", ["Forskningsleder"]),
    m("Kartlegge behov for metodekurs blant ansatte og tilby minst to kurs i året innen kvantitative "
      "og kvalitative metoder", "x|x|x", ["Forskningsleder"]),
    m("Styrke samarbeidet med regionale skoleeiere om praksisnære forskningsprosjekter, med vekt "
      "på felles søknader og delte datasett", "|x|x", ["Instituttleder", "Forskningsleder"]),
    m("Søke om midler fra Forskningsrådet til minst ett stort prosjekt i perioden, fortrinnsvis "
      "sammen med en internasjonal partner", "x|x|(x)", ["Forskergruppeledere"]),
    m("Utvikle en ordning for interne forhåndsvurderinger av søknader om ekstern finansiering før "
      "innsending", "x||", ["Forskergruppeledere"]),
    m("Gjennomføre en årlig skrivesamling for ansatte som arbeider med artikler til internasjonale "
      "tidsskrift med fagfellevurdering", "x|x|x", ["Forskergruppeledere"]),
    m("Legge til rette for forskningsopphold i utlandet for ansatte med doktorgrad, minst tre "
      "måneder per opphold", "|x|x", ["Instituttleder"]),
    m("Invitere gjesteforskere til instituttet og knytte dem til forskergruppene gjennom seminarer "
      "og felles publikasjoner", "x|x|x", ["Instituttleder", "Forskergruppeledere"]),
    m("Evaluere forskergruppenes organisering og ressursbruk, og foreslå endringer ved behov",
      "||x", ["Instituttleder"]),
    m("Øke andelen publikasjoner med åpen tilgang gjennom avtaler med forlag og bruk av "
      "institusjonelt arkiv", "x|x|x", ["Bibliotekar", "Forskningsleder"]),
    m("Gi nytilsatte en innføring i etiske retningslinjer, personvern og meldeplikt for "
      "forskningsprosjekter", "x|x|x", ["Forskningsrådgiver"]),
    m("Følge opp prosjekter med behov for etisk vurdering og bistå i søknader til regionale "
      "komiteer", "x|x|x", ["Forskningsrådgiver"]),
    m("Lage en oversikt over pågående prosjekter med kontaktperson, finansiering og sluttdato, "
      "oppdatert hvert semester", "x|(x)|", ["Forskningsrådgiver", "Kontorleder"]),
]


def instituttet() -> dict[str, Any]:
    return with_years({
        "title": "Handlingsplan for Institutt for spesialpedagogikk 2025 – 2027",
        "years": [2025, 2026, 2027],
        "introduction": {
            "heading": "Innledning",
            "text": "Planen følger opp instituttets strategi for 2025 – 2030 og revideres hvert år.",
        },
        "areas": [
            {"title": "Forskning", "goals": [
                {"text": "Instituttet skal ha forskning av høy kvalitet med tydelig relevans for praksis.",
                 "measures": LONG},
                {"text": "Instituttet skal øke den eksterne finansieringen av forskning.", "measures": [
                    m("Ansette en forskningsrådgiver i halv stilling", "x||",
                      ["Instituttleder", "Prodekan for forskning"]),
                    m("Holde søknadsverksted før hver utlysning i Forskningsrådet", "x|x|x",
                      ["Forskningsrådgiver"]),
                ]},
            ]},
            {"title": "Utdanning", "goals": [
                {"text": "Studieprogrammene skal ha god gjennomstrømning og fornøyde studenter.", "measures": [
                    m("Følge opp studenter som står i fare for å falle fra", "x|x|x",
                      ["Studieleder", "Studiekonsulent"]),
                    m("Gjennomføre midtveisevaluering i alle emner", "x|x|x",
                      ["Studieleder", "Studiekonsulent"]),
                    m("Revidere emneplanene for masterprogrammet", "|x|", ["Studieleder", "Emneansvarlige"]),
                    m("Etablere mentorordning for førsteårsstudenter", "X|X|X",
                      ["Studieleder", "Studentrådet"]),
                ]},
                {"text": "Instituttet skal tilby etter- og videreutdanning som praksisfeltet etterspør.",
                 "measures": [
                    m("Utvikle et nettbasert videreutdanningstilbud på 15 studiepoeng", "|x|x",
                      ["Leder for etter- og videreutdanning"]),
                    m("Markedsføre tilbudene mot kommuner og fylker", "x|x|x", ["Kommunikasjonsrådgiver"]),
                 ]},
            ]},
            {"title": "Organisasjon", "goals": [
                {"text": "Instituttet skal ha et godt arbeidsmiljø og en bærekraftig økonomi.", "measures": [
                    m("Gjennomføre medarbeidersamtaler med alle ansatte", "x|x|x", ["Instituttleder"]),
                    m("Legge fram økonomiske prognoser for ledergruppen hvert kvartal", "x|x|x",
                      ["Kontorleder", "Økonomirådgiver"]),
                    m("Vurdere lokalbehovet når leieavtalen går ut", "||(x)", ["Instituttleder"]),
                ]},
            ]},
        ],
    })


def fakultetet() -> dict[str, Any]:
    return with_years({
        "title": "Handlingsplan for Fakultet for helsefag 2024 – 2026",
        "years": [2024, 2025, 2026],
        "introduction": {
            "heading": "Innledning",
            "text": "Handlingsplanen bygger på fakultetets strategi og blir revidert årlig.",
        },
        "areas": [
            {"title": "Forskning og innovasjon", "goals": [
                {"text": "Fakultetet skal styrke den tverrfaglige helseforskningen.", "measures": [
                    m("Etablere et tverrfaglig forskernettverk for helsefremmende arbeid", "x|x|",
                      ["FoU-leder", "Prodekan for forskning"], extra={"Merknad": "Nytt tiltak"}),
                    m("Søke EU-finansiering gjennom Horisont Europa", "|x|x",
                      ["Forskergruppeledere"], extra={"Merknad": ""}),
                    m("Publisere resultater i tidsskrift med åpen tilgang", "x|x|x",
                      ["Alle vitenskapelig ansatte"], extra={"Merknad": "Se retningslinjer"}),
                ]},
                {"text": "Fakultetet skal ha god forskningsinfrastruktur.", "measures": [
                    m("Oppgradere simuleringslaboratoriet", "x||", ["Fakultetsdirektør"],
                      extra={"Merknad": ""}),
                    m("Kartlegge behov for lagring av sensitive data", "x|(x)|",
                      ["Fakultetsdirektør", "IT-rådgiver"], extra={"Merknad": ""}),
                ]},
            ]},
            {"title": "Utdanning", "goals": [
                {"text": "Studentene skal møte en praksisnær og forskningsbasert utdanning.", "measures": [
                    m("Utvikle nye praksisavtaler med helseforetakene", "x|x|x",
                      ["Prodekan for utdanning", "Praksiskoordinator"], extra={"Merknad": ""}),
                    m("Innføre digital eksamen i alle emner", "|x|", ["Studieleder"],
                      extra={"Merknad": "Avhenger av budsjett"}),
                    m("Evaluere bachelorprogrammet i sykepleie", "||x", ["Studieleder"],
                      extra={"Merknad": ""}),
                ]},
            ]},
        ],
    })


def goals_in_table() -> dict[str, Any]:
    """A plan kept as one table per area, each goal a bold row merged across the table."""
    return with_years({
        "title": "Handlingsplan for Regionkontoret 2023 – 2025",
        "years": [2023, 2024, 2025],
        "introduction": {"heading": "Innledning", "text": "Planen er vedtatt av styret og gjelder hele regionen."},
        "areas": [
            {"title": "Tjenester", "goals": [
                {"text": "Brukerne skal få raske svar.", "measures": [
                    m("Innføre en felles saksbehandlingsfrist på tre uker", "x|x|x", ["Avdelingsleder"]),
                    m("Måle svartid hvert kvartal", "|x|x", ["Controller"]),
                ]},
                {"text": "Tjenestene skal være digitale der det passer.", "measures": [
                    m("Lage digitale skjema for de mest brukte søknadene", "x|x|", ["Digitaliseringsleder"]),
                    m("Avvikle papirskjema", "||(x)", ["Digitaliseringsleder", "Arkivleder"]),
                ]},
            ]},
            {"title": "Medarbeidere", "goals": [
                {"text": "Medarbeiderne skal trives og utvikle seg.", "measures": [
                    m("Gjennomføre medarbeiderundersøkelse", "x||x", ["HR-leder"]),
                    m("Tilby lederutvikling for nye ledere", "x|x|x", ["HR-leder", "Regiondirektør"]),
                ]},
            ]},
        ],
    })


def english() -> dict[str, Any]:
    return with_years({
        "title": "Action plan for the Centre for Learning 2025 – 2026",
        "years": [2025, 2026],
        "introduction": {"heading": "Introduction",
                         "text": "This plan sets out how the centre follows up its strategy in 2025 and 2026."},
        "areas": [
            {"title": "Research", "goals": [
                {"text": "The centre shall win more external research funding.", "measures": [
                    m("Apply for at least two large grants each year", "x|x", ["Head of research"],
                      extra={"Status": "Started"}),
                    m("Run a grant writing workshop before each call", "x|(x)",
                      ["Head of research", "Research adviser"], extra={"Status": "Planned"}),
                    m("Review the internal quality assurance of applications", "|x", ["Research adviser"],
                      extra={"Status": ""}),
                ]},
                {"text": "Research shall reach schools and kindergartens.", "measures": [
                    m("Publish a short summary of every finished project", "x|x",
                      ["Communications officer", "Project leaders"], extra={"Status": "Ongoing"}),
                ]},
            ]},
            {"title": "Teaching", "goals": [
                {"text": "Students shall meet research-based teaching.", "measures": [
                    m("Involve master students in research projects", "x|x", ["Head of teaching"],
                      extra={"Status": "Ongoing"}),
                    m("Evaluate the new courses", "|X", ["Head of teaching", "Student council"],
                      extra={"Status": ""}),
                ]},
            ]},
        ],
    })


def nynorsk() -> dict[str, Any]:
    return with_years({
        "title": "Handlingsplan for Fakultet for lærarutdanning 2024 – 2028",
        "years": [2024, 2025, 2026, 2027, 2028],
        "introduction": {"heading": "Innleiing",
                         "text": "Handlingsplanen byggjer på strategien til fakultetet og vert revidert kvart år."},
        "areas": [
            {"title": "Utdanning", "goals": [
                {"text": "Studentane skal møte praksisnær og forskingsbasert undervisning.", "measures": [
                    m("Utvikle nye praksisavtalar med kommunane", "✓|✓|✓||", ["Praksiskoordinator"]),
                    m("Prøve ut digital rettleiing i praksis", "|●|●|(✓)|", ["Studieleiar", "IKT-rettleiar"]),
                    m("Evaluere grunnskulelærarutdanninga", "||×||", ["Prodekan for utdanning"]),
                 ], "notes": ["Tiltaka i tabellen over vert følgde opp i studieutvalet kvart semester."]},
                {"text": "Fakultetet skal ha eit godt samarbeid med skuleeigarar.", "measures": []},
                {"text": "Fleire studentar skal fullføre på normert tid.", "measures": [
                    m("Følgje opp studentar med låg studieprogresjon", "•|•|•|•|•",
                      ["Studieleiar", "Studierettleiar"]),
                    m("Kartleggje årsaker til fråfall", "x||||", ["Seksjonsleiar"]),
                ]},
            ]},
            {"title": "Forsking", "goals": [
                {"text": "Forskinga skal ha høg kvalitet og relevans for skulen.", "measures": [
                    m("Byggje opp ei forskargruppe i fagdidaktikk", "x|x|x|x|x", ["Instituttleiar"]),
                    m("Søkje om ekstern finansiering saman med skuleeigarar", "|x||x|", ["Forskingsleiar"]),
                ]},
            ]},
        ],
    })


def _find_paragraph_with(document: Any, text: str) -> Any:
    for paragraph in document.element.body.iter(qn("w:p")):
        if text in "".join(t.text or "" for t in paragraph.iter(qn("w:t"))):
            return paragraph
    raise LookupError(text)


def _run(text: str, tag: str = "w:t") -> Any:
    run = OxmlElement("w:r")
    t = OxmlElement(tag)
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    return run


def _replace_runs(paragraph: Any, parts: list[Any]) -> None:
    for run in paragraph.findall(qn("w:r")):
        paragraph.remove(run)
    for part in parts:
        paragraph.append(part)


def _wrapped(tag: str, *children: Any, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(key), value)
    for child in children:
        element.append(child)
    return element


def _edit_like_people(document: Any) -> None:
    """Put tracked changes, content controls, hyperlinks, fields and special hyphens into the file."""
    change = {"w:id": "1", "w:author": "Redaktør", "w:date": "2024-01-10T10:00:00Z"}
    # Tracked insertion and deletion inside one measure.
    p = _find_paragraph_with(document, "Etablere et tverrfaglig forskernettverk")
    _replace_runs(p, [
        _run("Etablere et "),
        _wrapped("w:del", _run("nytt ", "w:delText"), **change),
        _wrapped("w:ins", _run("tverrfaglig "), **{**change, "w:id": "2"}),
        _run("forskernettverk for helsefremmende arbeid"),
    ])
    # A hyperlink around part of a measure.
    p = _find_paragraph_with(document, "Søke EU-finansiering")
    link = document.part.relate_to("https://example.org/horisont-europa", RT.HYPERLINK, is_external=True)
    _replace_runs(p, [_run("Søke EU"), _wrapped("w:r", OxmlElement("w:noBreakHyphen")),
                      _run("finansiering gjennom "),
                      _wrapped("w:hyperlink", _run("Horisont Europa"), **{"r:id": link})])
    # A role wrapped by a line break the author typed ("Prodekan for" / "utdanning").
    p = _find_paragraph_with(document, "Prodekan for utdanning")
    _replace_runs(p, [_run("Prodekan for"), _wrapped("w:r", OxmlElement("w:br")), _run("utdanning"),
                      _wrapped("w:r", OxmlElement("w:br")), _run("Praksiskoordinator")])
    # A complex field whose result is the visible text; its code is not.
    p = _find_paragraph_with(document, "Publisere resultater")
    begin = _wrapped("w:r", _wrapped("w:fldChar", **{"w:fldCharType": "begin"}))
    code = _run(' DOCPROPERTY "Kanal" ', "w:instrText")
    separate = _wrapped("w:r", _wrapped("w:fldChar", **{"w:fldCharType": "separate"}))
    end = _wrapped("w:r", _wrapped("w:fldChar", **{"w:fldCharType": "end"}))
    _replace_runs(p, [_run("Publisere resultater i "), begin, code, separate, _run("tidsskrift"), end,
                      _run(" med\u00a0åpen tilgang")])
    # Soft hyphen inside a word, and an inline content control.
    p = _find_paragraph_with(document, "Oppgradere simuleringslaboratoriet")
    sdt = _wrapped("w:sdt", _wrapped("w:sdtPr"), _wrapped("w:sdtContent", _run("simulerings\u00adlaboratoriet")))
    _replace_runs(p, [_run("Oppgradere "), _wrapped("w:r", OxmlElement("w:softHyphen")), sdt])
    # A goal paragraph inside a block content control.
    p = _find_paragraph_with(document, "god forskningsinfrastruktur")
    block = _wrapped("w:sdt", _wrapped("w:sdtPr"))
    p.addprevious(block)
    content = OxmlElement("w:sdtContent")
    block.append(content)
    content.append(p)
    # A tracked deleted row and a tracked inserted row in the utdanning table.
    p = _find_paragraph_with(document, "Innføre digital eksamen")
    row = p.getparent().getparent()
    deleted = copy.deepcopy(row)
    for t in deleted.iter(qn("w:t")):
        t.text = "Slettet tiltak" if "Innføre" in (t.text or "") else t.text
    tr_pr = deleted.find(qn("w:trPr"))
    if tr_pr is None:
        tr_pr = OxmlElement("w:trPr")
        deleted.insert(0, tr_pr)
    tr_pr.append(_wrapped("w:del", **{**change, "w:id": "3"}))
    row.addprevious(deleted)
    tr_pr = row.find(qn("w:trPr"))
    if tr_pr is None:
        tr_pr = OxmlElement("w:trPr")
        row.insert(0, tr_pr)
    tr_pr.append(_wrapped("w:ins", **{**change, "w:id": "4"}))


def _title_row_above_header(document: Any) -> None:
    """Put a merged caption row ("Tiltak for målet", gridSpan over all columns) above each header."""
    for tbl in document.element.body.iter(qn("w:tbl")):
        header = tbl.find(qn("w:tr"))
        cells = header.findall(qn("w:tc"))
        caption = copy.deepcopy(header)
        for tc in caption.findall(qn("w:tc"))[1:]:
            caption.remove(tc)
        tc = caption.find(qn("w:tc"))
        tc_pr = tc.find(qn("w:tcPr"))
        tc_pr.append(_wrapped("w:gridSpan", **{"w:val": str(len(cells))}))
        for t in tc.iter(qn("w:t")):
            t.text = "Tiltak for målet"
        header.addprevious(caption)


def _auto_numbered_areas(document: Any, area_titles: list[str]) -> None:
    """Number the area headings with Word's own list numbering ("1", "2", …)."""
    numbering = document.part.numbering_part.element
    abstract = _wrapped("w:abstractNum", **{"w:abstractNumId": "90"})
    lvl = _wrapped("w:lvl", _wrapped("w:start", **{"w:val": "1"}), _wrapped("w:numFmt", **{"w:val": "decimal"}),
                   _wrapped("w:lvlText", **{"w:val": "%1."}), **{"w:ilvl": "0"})
    abstract.append(lvl)
    numbering.insert(0, abstract)
    numbering.append(_wrapped("w:num", _wrapped("w:abstractNumId", **{"w:val": "90"}), **{"w:numId": "90"}))
    for title in area_titles:
        p = _find_paragraph_with(document, title)
        p_pr = p.get_or_add_pPr()
        p_pr.append(_wrapped("w:numPr", _wrapped("w:ilvl", **{"w:val": "0"}), _wrapped("w:numId", **{"w:val": "90"})))


def _truth(plan: dict[str, Any]) -> dict[str, Any]:
    truth = copy.deepcopy(plan)
    for area in truth["areas"]:
        for goal in area["goals"]:
            goal.pop("notes", None)
            for measure in goal["measures"]:
                measure.pop("extra", None)
    return truth


def write(name: str, plan: dict[str, Any], options: BuildOptions, edit: Any = None, pdf: bool = True) -> None:
    document = build_document(plan, options)
    if edit is not None:
        edit(document)
    path = PLANS / f"{name}.docx"
    document.save(str(path))
    (PLANS / f"{name}.truth.json").write_text(json.dumps(_truth(plan), ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
    if pdf:
        docx_to_pdf(path, PLANS / f"{name}.pdf")
    print(f"wrote {path.relative_to(ROOT)}")


def revised_sample() -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The sample plan revised the way a year's revision does, and the changes made (the truth for diff)."""
    plan = json.loads((ROOT / "samples" / "seed" / "reference.json").read_text(encoding="utf-8"))
    areas = plan["areas"]
    changes = []
    removed = areas[0]["goals"][0]["measures"].pop(3)
    changes.append({"kind": "removed", "text": removed["text"]})
    added = m("Videreutvikle nettkurset om mobbing for foreldre", "", ["Prosjektleder"])
    added["marks"] = {"2023": "x", "2024": "x"}
    areas[1]["goals"][0]["measures"].append(added)
    changes.append({"kind": "added", "text": added["text"]})
    rescheduled = areas[2]["goals"][2]["measures"][0]
    rescheduled["marks"] = {"2022": "x", "2023": "x"}
    changes.append({"kind": "schedule-changed", "text": rescheduled["text"]})
    reassigned = areas[3]["goals"][0]["measures"][2]
    reassigned["responsible"] = [*reassigned["responsible"], "Senterleder"]
    changes.append({"kind": "responsible-changed", "text": reassigned["text"]})
    reworded = areas[0]["goals"][2]["measures"][1]
    reworded["text"] = "Omtale av publiserte internasjonale vitenskapelige artikler på senterets nettsider"
    changes.append({"kind": "reworded", "text": reworded["text"]})
    return plan, changes


def main() -> None:
    PLANS.mkdir(parents=True, exist_ok=True)
    revised, changes = revised_sample()
    diff_folder = ROOT / "tests" / "diff"
    diff_folder.mkdir(exist_ok=True)
    build_document(revised, BuildOptions()).save(str(diff_folder / "handlingsplan-2022-2024-revidert.docx"))
    (diff_folder / "expected-changes.json").write_text(json.dumps(changes, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")
    write("maal-i-tabellen-2023-2025", goals_in_table(), BuildOptions(goals_in_table=True, widths_cm=(8.5, 1.4, 4.2)))
    write("english-2025-2026", english(), BuildOptions(
        measure_header="Action", responsible_header="Responsible", extra_columns=["Status"],
        widths_cm=(8.0, 1.6, 4.4)))
    write("nynorsk-2024-2028", nynorsk(), BuildOptions(
        responsible_header="Ansvarleg", widths_cm=(7.0, 1.2, 3.6), number_headings=True))
    write("instituttet-2025-2027", instituttet(), BuildOptions(
        responsible_header="Ansvar", number_headings=True, roles_as="comma", widths_cm=(6.5, 1.5, 4.5),
        merge_equal_responsible=True,
    ))
    plan = fakultetet()
    write("fakultetet-2024-2026", plan, BuildOptions(
        goal_style="Heading 2", roles_as="breaks", widths_cm=(7.0, 1.2, 3.2), extra_columns=["Merknad"],
    ), edit=lambda d: (_edit_like_people(d), _title_row_above_header(d),
                       _auto_numbered_areas(d, [a["title"] for a in plan["areas"]])),
        pdf=False)  # an office suite prints tracked changes as markup, so a PDF of it is another plan


if __name__ == "__main__":
    main()
