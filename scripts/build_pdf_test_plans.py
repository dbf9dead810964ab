"""Build the PDF test plans in tests/plans/ from other producers, each with the truth it is checked against.

- biblioteket-2025-2028 (reportlab, portrait): four year columns in narrow cells whose year headers
  wrap ("202" over "5"), no ruling lines, numbered headings, a header row repeated on each page.
- kommunen-2026-2028 (reportlab): ruling lines, rows allowed to split over a page break, one
  measure long enough that the break cuts through it, roles wrapping in a narrow column.
- instituttet-2025-2027-uten-gjentatt-topp (reportlab): the Word test plan's content without ruling
  lines, and a long table that goes on over the page break with no header row repeated.
- fakultetet-2024-2026-midtstilt (reportlab): cells centred vertically in their rows, no ruling lines,
  an extra "Merknad" column between the years and the responsible column.
- kommunen-2026-2028-bunnstilt (reportlab): cells at the bottom of their rows, no ruling lines.
- maal-i-tabellen-2023-2025-uten-linjer (reportlab): one table per area without ruling lines, each
  goal a bold row spanning the table.
- nynorsk-2024-2028-uten-linjer (reportlab, DejaVu Sans): marks ✓ ● × • (✓) in cells without ruling
  lines, a goal without a table, and a note right under a table.
- english-2025-2026-striper (reportlab): a shaded header and striped rows, no lines at all.
- biblioteket-2025-2028-linjer-under (reportlab): a line under each row and none between columns.
- skolen-2025-2027 (a browser's print to PDF, headless Chromium): no ruling lines but a line under
  the header, the header repeated on each page by the browser, rows split where the page ends.

Run through scripts/build-samples.sh, which installs what these need.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from build_test_plans import PLANS, _truth, english, fakultetet, goals_in_table, instituttet, m, nynorsk, with_years
from pdf_plan_builder import PdfOptions, build_pdf


def biblioteket() -> dict[str, Any]:
    return with_years({
        "title": "Handlingsplan for Universitetsbiblioteket 2025 – 2028",
        "years": [2025, 2026, 2027, 2028],
        "introduction": {"heading": "Innledning",
                         "text": "Planen viser hvordan biblioteket følger opp strategien i perioden."},
        "areas": [
            {"title": "Samlinger og tilgang", "goals": [
                {"text": "Biblioteket skal gi enkel tilgang til forskningslitteratur.", "measures": [
                    m("Forhandle fram nye avtaler om åpen publisering med store forlag", "x|x||",
                      ["Bibliotekdirektør", "Seksjonsleder for innkjøp"]),
                    m("Digitalisere eldre lokalhistorisk materiale", "|x|x|x", ["Spesialbibliotekar"]),
                    m("Avvikle abonnement med lav bruk", "x|||(x)", ["Seksjonsleder for innkjøp"]),
                    m("Innføre ny søketjeneste for studenter og ansatte", "x|x||", ["IT-koordinator"]),
                ]},
                {"text": "Samlingene skal spegle behovene i utdanning og forskning.", "measures": [
                    m("Gjennomføre en brukerundersøkelse annethvert år", "x||x|", ["Bibliotekdirektør"]),
                    m("Kjøpe inn pensumlitteratur i e-bokformat der det finnes", "x|x|x|x",
                      ["Fagreferenter"]),
                ]},
            ]},
            {"title": "Undervisning og veiledning", "goals": [
                {"text": "Studentene skal lære å finne, vurdere og bruke kilder.", "measures": [
                    m("Tilby kurs i informasjonskompetanse i alle bachelorprogram", "x|x|x|x",
                      ["Fagreferenter", "Studieprogramledere"]),
                    m("Lage nettbaserte kurs om kildebruk og plagiat", "|x|x|", ["Undervisningsbibliotekar"]),
                    m("Utvide åpningstidene i eksamensperioden", "X|X|X|X", ["Seksjonsleder for publikumstjenester"]),
                ]},
                {"text": "Forskerne skal få støtte i hele publiseringsløpet.", "measures": [
                    m("Veilede i datahåndteringsplaner for nye prosjekter", "x|x|x|x", ["Dataforvalter"]),
                    m("Holde kurs i åpen publisering for stipendiater", "x|x|x|x",
                      ["Undervisningsbibliotekar", "Dataforvalter"]),
                    m("Vurdere en tjeneste for systematiske litteratursøk", "||(x)|(x)", ["Bibliotekdirektør"]),
                    m("Rapportere publiseringspoeng og åpen tilgang til fakultetene", "x|x|x|x",
                      ["Seksjonsleder for innkjøp"]),
                    m("Samarbeide med forskningsadministrasjonen om rutiner for registrering i Cristin",
                      "x|x||", ["Dataforvalter", "Forskningsrådgiver"]),
                ]},
            ]},
        ],
    })


_LONG_TEXT = (
    "Utarbeide en samlet plan for hvordan kommunen skal styrke det psykososiale miljøet i barnehager og "
    "skoler, med en kartlegging av dagens tiltak, en vurdering av hva som virker, en beskrivelse av "
    "ansvar og roller på hvert nivå, rutiner for å melde og følge opp saker, en plan for kompetanseheving "
    "for ansatte og ledere, samarbeid med foreldre og elevråd, og faste tidspunkt for evaluering og "
    "rapportering til politisk nivå. Planen skal forankres i kommunestyret og gjøres kjent for alle "
    "ansatte, foreldre og elever gjennom informasjonsmøter, nettsidene og kommunens kanaler i sosiale "
    "medier. Arbeidet skal gjøres i samarbeid med PPT, helsestasjonen og barnevernet, og det skal "
    "settes av tid til å prøve ut tiltakene i minst to barnehager og to skoler før de innføres i hele "
    "kommunen."
)


def kommunen() -> dict[str, Any]:
    filler = [m(f"Gjennomføre nettverkssamling nummer {n} for ledere i barnehage og skole, med tema "
                "fra kartleggingen og erfaringsdeling mellom enhetene", "x|x|x",
                ["Kommunalsjef for oppvekst"]) for n in range(1, 10)]
    return with_years({
        "title": "Handlingsplan for Oppvekstsektoren i Vestby kommune 2026 – 2028",
        "years": [2026, 2027, 2028],
        "introduction": {"heading": "Innledning", "text": "Planen gjelder alle barnehager og skoler i kommunen."},
        "areas": [
            {"title": "Læringsmiljø", "goals": [
                {"text": "Alle barn og elever skal ha et trygt og godt læringsmiljø.", "measures": [
                    *filler,
                    m(_LONG_TEXT, "x|x|(x)", ["Kommunalsjef for oppvekst", "Leder for pedagogisk-psykologisk "
                                             "tjeneste", "Rektorer og styrere"]),
                    m("Evaluere planen etter første år", "|x|", ["Kommunalsjef for oppvekst"]),
                ]},
            ]},
        ],
    })


def skolen() -> dict[str, Any]:
    measures = [
        m("Bruke elevundersøkelsen aktivt i arbeidet med læringsmiljøet på hvert trinn", "x|x|x",
          ["Rektor", "Kontaktlærere"]),
        m("Gjennomføre trivselsledere-programmet i friminuttene", "x|x|x", ["Sosiallærer"]),
        m("Etablere faste rutiner for overgangen fra barneskole til ungdomsskole", "x||",
          ["Avdelingsleder for 8. trinn"]),
        m("Styrke samarbeidet med foreldre gjennom faste foreldremøter med tema om nettvett og "
          "mobbing", "x|x|x", ["Rektor", "Foreldrerådets arbeidsutvalg"]),
        m("Prøve ut vurdering for læring i alle fag på mellomtrinnet", "|x|x", ["Avdelingsleder for "
                                                                              "mellomtrinnet"]),
    ]
    long_goal = [m(f"Tiltak {n} for leseopplæring: faste lesestunder, lesekurs for foreldre og bruk av "
                   "skolebiblioteket i undervisningen på trinnet", "x|x|" if n % 2 else "|x|x",
                   ["Leseveileder"]) for n in range(1, 15)]
    # A measure long enough that the end of page 1 cuts through it.
    long_goal.insert(3, m(_LONG_TEXT.replace("kommunen", "skolen"), "x|x|x",
                          ["Rektor", "Leseveileder", "Skolebibliotekar"]))
    return with_years({
        "title": "Handlingsplan for Bakken skole 2025 – 2027",
        "years": [2025, 2026, 2027],
        "introduction": {"heading": "Innledning", "text": "Handlingsplanen følger opp skolens utviklingsplan."},
        "areas": [
            {"title": "Læringsmiljø", "goals": [
                {"text": "Elevene skal oppleve skolen som trygg og inkluderende.", "measures": measures},
            ]},
            {"title": "Grunnleggende ferdigheter", "goals": [
                {"text": "Elevene skal bli gode lesere.", "measures": long_goal},
            ]},
        ],
    })


def _html(plan: dict[str, Any]) -> str:
    parts = [
        "<!doctype html><html lang='no'><head><meta charset='utf-8'>",
        f"<title>{escape(plan['title'])}</title><style>",
        "@page { size: A4; margin: 2cm 2cm 2.2cm 2cm; @bottom-right { content: 'Side ' counter(page); "
        "font: 9pt sans-serif; } }",
        "body { font: 11pt 'DejaVu Sans', sans-serif; } h1 { font-size: 20pt; } h2 { font-size: 15pt; }",
        "p.goal { font-weight: bold; } table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }",
        "th { text-align: left; border-bottom: 1.5px solid #444; } th.y, td.y { text-align: center; width: 3.2em; }",
        "td, th { vertical-align: top; padding: 4px 6px; } td.r { width: 10em; }",
        "</style></head><body>",
        f"<h1>{escape(plan['title'])}</h1>",
        f"<h2>{escape(plan['introduction']['heading'])}</h2><p>{escape(plan['introduction']['text'])}</p>",
    ]
    for area in plan["areas"]:
        parts.append(f"<h2>{escape(area['title'])}</h2>")
        for goal in area["goals"]:
            parts.append(f"<p class='goal'>{escape(goal['text'])}</p><table><thead><tr><th>Tiltak</th>")
            parts.extend(f"<th class='y'>{y}</th>" for y in plan["years"])
            parts.append("<th>Ansvarlig</th></tr></thead><tbody>")
            for measure in goal["measures"]:
                parts.append(f"<tr><td>{escape(measure['text'])}</td>")
                parts.extend(f"<td class='y'>{escape(measure['marks'].get(str(y), ''))}</td>" for y in plan["years"])
                parts.append(f"<td class='r'>{'<br>'.join(escape(r) for r in measure['responsible'])}</td></tr>")
            parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def browser_print(plan: dict[str, Any], target: Path) -> None:
    """Print the plan as an HTML page to PDF with headless Chromium, as a browser's print does."""
    print_html(_html(plan), target)


def print_html(html: str, target: Path) -> None:
    """Print an HTML page to PDF with headless Chromium, as a browser's print does."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is needed: run scripts/build-samples.sh, which installs it")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "plan.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={folder}/profile", "--no-pdf-header-footer",
             f"--print-to-pdf={target}", page.as_uri()],
            check=True, capture_output=True, timeout=300,
        )


def _write_truth(name: str, plan: dict[str, Any]) -> None:
    (PLANS / f"{name}.truth.json").write_text(json.dumps(plan, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
    print(f"wrote tests/plans/{name}.pdf")


def main() -> None:
    PLANS.mkdir(parents=True, exist_ok=True)
    plan = biblioteket()
    build_pdf(plan, PLANS / "biblioteket-2025-2028.pdf", PdfOptions(
        landscape=False, widths_cm=(8.4, 0.95, 4.4), number_headings=True, year_header_break=True,
        page_numbers=True, running_header="Universitetsbiblioteket"))
    _write_truth("biblioteket-2025-2028", plan)
    plan = kommunen()
    build_pdf(plan, PLANS / "kommunen-2026-2028.pdf", PdfOptions(
        ruled=True, split_rows=True, landscape=False, widths_cm=(9.6, 1.3, 4.6), repeat_header=True))
    _write_truth("kommunen-2026-2028", plan)
    plan = instituttet()
    build_pdf(plan, PLANS / "instituttet-2025-2027-uten-gjentatt-topp.pdf", PdfOptions(
        landscape=False, repeat_header=False, page_numbers=False, widths_cm=(7.6, 1.4, 5.2), size=11))
    _write_truth("instituttet-2025-2027-uten-gjentatt-topp", plan)
    plan = fakultetet()
    build_pdf(plan, PLANS / "fakultetet-2024-2026-midtstilt.pdf", PdfOptions(
        valign="MIDDLE", extra_columns=["Merknad"], widths_cm=(9.0, 1.5, 5.0)))
    _write_truth("fakultetet-2024-2026-midtstilt", _truth(plan))
    plan = kommunen()
    build_pdf(plan, PLANS / "kommunen-2026-2028-bunnstilt.pdf", PdfOptions(valign="BOTTOM", widths_cm=(10.0, 1.5, 6.0)))
    _write_truth("kommunen-2026-2028-bunnstilt", plan)
    plan = goals_in_table()
    build_pdf(plan, PLANS / "maal-i-tabellen-2023-2025-uten-linjer.pdf", PdfOptions(goals_in_table=True))
    _write_truth("maal-i-tabellen-2023-2025-uten-linjer", plan)
    plan = nynorsk()
    build_pdf(plan, PLANS / "nynorsk-2024-2028-uten-linjer.pdf", PdfOptions(
        number_headings=True, font="DejaVuSans", bold_font="DejaVuSans-Bold"))
    _write_truth("nynorsk-2024-2028-uten-linjer", _truth(plan))
    plan = english()
    build_pdf(plan, PLANS / "english-2025-2026-striper.pdf", PdfOptions(
        stripes=True, extra_columns=["Status"], measure_header="Action", responsible_header="Responsible"))
    _write_truth("english-2025-2026-striper", _truth(plan))
    plan = biblioteket()
    build_pdf(plan, PLANS / "biblioteket-2025-2028-linjer-under.pdf", PdfOptions(
        horizontal_rules=True, landscape=False, widths_cm=(8.4, 1.3, 4.4)))
    _write_truth("biblioteket-2025-2028-linjer-under", plan)
    plan = skolen()
    browser_print(plan, PLANS / "skolen-2025-2027.pdf")
    _write_truth("skolen-2025-2027", plan)


if __name__ == "__main__":
    main()
