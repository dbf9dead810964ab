"""The words planparse knows plans by: column headers, marks, section names, in one place to extend."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace


def _norm(word: str) -> str:
    """A header or heading word as compared: spaces, colons, full stops and stars aside, lower case."""
    return re.sub(r"[\s:.*]+", " ", word).strip().lower()


def mark_key(mark: str) -> str:
    """A mark as compared: spaces aside, lower case; "*" and "." are marks, not punctuation to drop."""
    return "".join(mark.split()).lower()


@dataclass(frozen=True)
class Vocabulary:
    """Words that name a plan's columns, marks and sections; lower case, compared after normalising."""

    measure_headers: frozenset[str] = frozenset({
        "tiltak", "tiltak/aktivitet", "tiltak / aktivitet", "aktivitet", "aktiviteter", "aktivitet/tiltak",
        "handling", "handlinger", "tiltak og aktiviteter", "action", "actions", "measure", "measures",
        "activity", "activities", "task", "tasks", "initiative", "initiatives", "tiltaka", "innhold",
        "innhald", "innhold/metode", "innhold og metode", "hva skjer", "hva skjer?", "kva skjer", "kva skjer?",
        "action(s)", "actions to be taken", "what", "what will be done", "content", "milestone", "milestones",
    })
    responsible_headers: frozenset[str] = frozenset({
        "ansvarlig", "ansvarlige", "ansvar", "ansvarleg", "ansvarlege", "hvem", "kven", "ansvarlig enhet",
        "ansvarlig/involverte", "responsible", "responsibility", "owner", "owners", "lead", "who",
        "accountable", "responsible party", "responsible parties", "action owner", "action owners", "lead(s)",
        "owner(s)", "responsible person", "responsible officer", "lead officer", "led by",
    })
    # Words that may stand before a year in its column header ("År 2025").
    year_words: frozenset[str] = frozenset({"år", "year", "aar", "året", "ar"})
    # A column naming when, in words (one per measure, instead of a column per period).
    timing_headers: frozenset[str] = frozenset({
        "frist", "frister", "tidsfrist", "tidsplan", "tidsrom", "tidsperiode", "periode", "når", "tid",
        "tidspunkt", "gjennomføring", "gjennomføres", "oppstart", "ferdig", "dato", "deadline", "when", "timing",
        "timeline", "timeframe", "time frame", "due", "due date", "date", "schedule", "period", "måned", "måneder",
        "månad", "uke", "veke", "month", "week", "target date", "by when", "timescale", "completion date",
    })
    goal_headers: frozenset[str] = frozenset({
        "mål", "delmål", "målsetting", "målsettinger", "målsetjing", "hovedmål", "hovudmål", "resultatmål",
        "effektmål", "mål og delmål", "goal", "goals", "objective", "objectives", "aim", "target",
    })
    area_headers: frozenset[str] = frozenset({
        "område", "områder", "innsatsområde", "satsingsområde", "satsingsområder", "satsområde", "fokusområde",
        "tema", "hovedområde", "hovudområde", "area", "focus area", "priority area", "theme",
    })
    # Period columns a reading profile names in the plan's own words ("Fase 1", "Før jul"): no dates.
    period_headers: frozenset[str] = frozenset()
    id_headers: frozenset[str] = frozenset({
        "nr", "nr.", "id", "tiltaksnr", "tiltak nr", "tiltaksnummer", "ref", "#", "no", "no.",
    })
    # Labels of a list or heading whose items are aims, not measures ("Lokala mål:", "Delmål"): their
    # items are kept as goal text.
    aim_labels: frozenset[str] = frozenset({
        "mål", "delmål", "hovedmål", "hovudmål", "effektmål", "resultatmål", "målsetting", "målsettinger",
        "målsetjing", "våre mål", "goal", "goals", "objective", "objectives", "aim", "aims", "our goals",
    })
    # Labels of a list or heading whose items are measures ("Tiltak:", "Slik gjør vi det:").
    measure_labels: frozenset[str] = frozenset({
        "tiltak", "tiltaka", "aktiviteter", "aktivitetar", "gjennomføring", "slik gjør vi det", "slik gjer vi det",
        "arbeidsmåter", "arbeidsmåte", "actions", "activities", "measures", "what we will do", "how we get there",
        "initiatives",
    })
    # Labels of a list or heading whose items report on measures, not measures themselves ("Status:",
    # "Next steps and decisions"): kept as notes.
    status_labels: frozenset[str] = frozenset({
        "status", "statusrapport", "framdrift", "progress", "progress to date", "progress made",
        "next steps", "next steps and decisions", "next steps and decisions (continued)", "lessons learned",
        "erfaringer", "evaluering", "resultat", "resultater", "results", "achievements", "neste steg",
        "summary", "quick summary", "oppsummering", "sammendrag",
    })
    # Label words of headings that name an area ("Tema: Kultur", "Innsatsområde 2: Skole") or a goal
    # ("Mål 2: …"); where two labels stand one under the other, the first names the area.
    area_labels: frozenset[str] = frozenset({
        "tema", "område", "innsatsområde", "satsingsområde", "satsområde", "fokusområde", "hovedområde",
        "hovudområde", "theme", "area", "focus area", "priority area", "pillar", "workstream",
    })
    goal_labels: frozenset[str] = frozenset({"mål", "delmål", "hovedmål", "hovudmål", "goal", "objective"})
    # Words that start a measure's stated responsibility or timing in running text ("Ansvar: Rektor").
    responsible_prefixes: frozenset[str] = frozenset({
        "ansvar", "ansvarlig", "ansvarlige", "ansvarleg", "ansvarlege", "hovedansvar", "hovudansvar",
        "responsible", "responsibility", "lead", "leads", "owner", "owners", "led by",
    })
    # Words that open a responsible entry pointing at another unit ("Genom KLF": done through it), no role.
    through_words: frozenset[str] = frozenset({"genom", "gjennom", "gennem", "igennem", "through", "via", "durch"})
    # What marks the one who leads among those listed ("Sites: UPSud (lead), CNRS", "Partnere: X (ansvarlig), Y").
    lead_marks: frozenset[str] = frozenset({
        "lead", "leader", "lead partner", "coordinator", "ansvarlig", "ansvarleg", "hovedansvarlig", "leder",
        "ansvarig", "huvudansvarig", "federführend", "federführung", "koordinator",
    })
    timing_prefixes: frozenset[str] = frozenset({
        "frist", "tidsfrist", "tidsplan", "tidsrom", "periode", "når", "tid", "gjennomføres", "deadline", "when",
        "timing", "timeline", "due", "by",
    })
    # Headings of a part that repeats the plan's measures (a summary table), kept out of the measures.
    summary_headings: frozenset[str] = frozenset({
        "oppsummering", "sammendrag", "oversikt", "oversikt over tiltak", "oversikt over tiltakene",
        "tiltaksoversikt", "samlet oversikt", "samla oversikt", "oversyn", "summary", "overview",
        "summary of actions", "summary of measures", "vedlegg", "appendix",
    })
    contents_headings: frozenset[str] = frozenset({
        "innhold", "innholdsfortegnelse", "innhald", "innhaldsliste", "contents", "table of contents",
    })
    planned_marks: frozenset[str] = frozenset({"x", "×", "✓", "✔", "•", "●", "✗", "✘", "☒", "■", "+"})
    empty_marks: frozenset[str] = frozenset({"", "-", "–", "—", "0"})
    # Marks meaning tentative beside a planned mark in brackets ("(x)"), which is always tentative.
    tentative_marks: frozenset[str] = frozenset()
    introduction_headings: frozenset[str] = frozenset({
        "innledning", "innleiing", "introduksjon", "bakgrunn", "forord", "introduction", "background",
        "preface", "om planen", "about this plan", "sammendrag", "summary",
    })
    plan_words: tuple[str, ...] = (
        "handlingsplan", "handlingsplanen", "tiltaksplan", "tiltaksplanen", "aktivitetsplan", "årsplan",
        "årsplanen", "handlingsprogram", "handlingsprogrammet", "virksomhetsplan", "tiltaksprogram",
        "action plan", "actionplan", "plan of action", "plan",
    )
    # Words after which a wrapped line goes on ("Prodekan for / utdanning").
    continuation_words: frozenset[str] = frozenset({
        "for", "av", "og", "i", "til", "med", "på", "ved", "om", "of", "and", "the", "for the", "in", "at",
        "&", "/", "eller", "or", "samt",
    })
    # Words that keep a line-end hyphen apart ("utviklings- / og forsking").
    hyphen_keepers: frozenset[str] = frozenset({"og", "eller", "samt", "and", "or", "nor", "til", "to"})
    # Role spellings to write as another: the key of a variant (see `role_key`) → the role to use.
    role_aliases: dict[str, str] = field(default_factory=dict)
    # The language the document is read in (nb, nn, en, sv, da, de) where a reading profile says it;
    # told from the document's words when None.
    language: str | None = None

    def with_language(self, language: str) -> Vocabulary:
        """A copy with the words of a reading language added (sv, da, de); the vocabulary's own words
        (bokmål, nynorsk, English and what a user added) stay."""
        words = LANGUAGE_WORDS.get(language)
        if not words:
            return self
        return self.extended(**{name: frozenset(values) for name, values in words.items() if name != "plan_words"}
                             ).with_plan_words(words.get("plan_words", ()))

    def with_plan_words(self, words: tuple[str, ...] | frozenset[str]) -> Vocabulary:
        extra = tuple(word for word in words if word not in self.plan_words)
        return replace(self, plan_words=(*extra, *self.plan_words)) if extra else self

    def label_kind(self, text: str) -> str | None:
        """What a label or short heading says the items under it are: "aims" ("Lokala mål:", "Mål",
        "Mål Knoppis:"), "measures" ("Tiltak:", "Tillvägagångssätt:"), "status" (reports on measures:
        "Next steps", "Sachstand"), or None."""
        key = _norm(text)
        if not key or len(key) > 60:
            return None
        before = _norm(text.split(":", 1)[0]) if ":" in text.rstrip(": ") else None  # "Quick summary: …"
        for kind, labels in (("measures", self.measure_labels), ("aims", self.aim_labels),
                             ("status", self.status_labels)):
            if key in labels or (text.rstrip().endswith(":") and any(key.startswith(f"{label} ") for label in labels)):
                return kind
            if before is not None and before in labels and kind == "status":
                return kind
        return None

    @functools.cached_property
    def plan_pattern(self) -> re.Pattern[str]:
        """A word that names a plan: one of `plan_words`, or a compound ending in one of their last
        parts ("likabehandlingsplan", "tiltaksplanen", "Klimaschutzkonzept")."""
        words = sorted(self.plan_words, key=len, reverse=True)
        whole = "|".join(re.escape(word) for word in words)
        return re.compile(rf"\b(?:{whole})\b|\b\w+(?:{'|'.join(PLAN_ENDINGS)})\b", re.IGNORECASE)

    def names_plan(self, text: str) -> bool:
        return self.plan_pattern.search(text) is not None

    @property
    def set_names(self) -> tuple[str, ...]:
        """The word sets a vocabulary file may extend."""
        return tuple(name for name, value in vars(self).items() if isinstance(value, frozenset))

    def is_measure_header(self, text: str) -> bool:
        return _norm(text) in self.measure_headers

    def is_responsible_header(self, text: str) -> bool:
        return _norm(text) in self.responsible_headers

    def is_introduction(self, text: str) -> bool:
        return _norm(text) in self.introduction_headings

    def is_timing_header(self, text: str) -> bool:
        return _norm(text) in self.timing_headers

    def is_goal_header(self, text: str) -> bool:
        return _norm(text) in self.goal_headers

    def is_area_header(self, text: str) -> bool:
        return _norm(text) in self.area_headers

    def is_period_header(self, text: str) -> bool:
        return bool(self.period_headers) and _norm(text) in self.period_headers

    def is_id_header(self, text: str) -> bool:
        return _norm(text) in self.id_headers or text.strip() == "#"

    def extended(self, **words: frozenset[str]) -> Vocabulary:
        """A copy with more words added to the named sets (marks normalised as marks, the rest as words)."""
        changes = {}
        for name, extra in words.items():
            normalise = mark_key if name.endswith("_marks") else _norm
            changes[name] = getattr(self, name) | frozenset(normalise(w) for w in extra if normalise(w))
        return replace(self, **changes)

    def with_aliases(self, aliases: dict[str, list[str]]) -> Vocabulary:
        """A copy that writes each listed variant as its role: {"FoU-leder": ["Fou-leder", "FoU leder"]}."""
        mapping = dict(self.role_aliases)
        for role, variants in aliases.items():
            for variant in [role, *variants]:
                mapping[role_key(variant)] = role
        return replace(self, role_aliases=mapping)


# The last parts of compound words that name a plan, in the languages plans come in.
PLAN_ENDINGS = ("plan", "planen", "planer", "plana", "planene", "planerna", "program", "programmet",
                "programm", "konzept", "årshjul", "hjul")


def role_key(role: str) -> str:
    """What two spellings of one role share: case, spaces, dashes and full stops aside."""
    text = re.sub(r"[‐-―−]", "-", role.casefold()).replace(".", "")
    return re.sub(r"\s*-\s*", "-", " ".join(text.split()))


# The words of the other languages plans come in, by the reading language told from the document.
LANGUAGE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "sv": {
        "measure_headers": ("åtgärd", "åtgärder", "aktivitet", "aktiviteter", "insats", "insatser", "handling",
                            "handlingar", "vad", "vad ska göras", "beskrivning av åtgärd"),
        "responsible_headers": ("ansvarig", "ansvariga", "ansvar", "vem", "ansvarig enhet", "ansvarig förvaltning",
                                "huvudansvar", "ansvarig/ansvariga"),
        "timing_headers": ("tidplan", "tidsplan", "när", "datum", "klart", "klart när", "tid", "period",
                           "senast", "tidpunkt", "genomförande"),
        "goal_headers": ("mål", "delmål", "målsättning", "syfte"),
        "area_headers": ("område", "tema", "fokusområde", "utvecklingsområde", "målområde"),
        "responsible_prefixes": ("ansvarig", "ansvariga", "ansvar", "huvudansvar"),
        "timing_prefixes": ("tidplan", "tidsplan", "när", "klart"),
        "summary_headings": ("sammanfattning", "översikt"),
        "contents_headings": ("innehåll", "innehållsförteckning"),
        "introduction_headings": ("inledning", "bakgrund", "syfte", "förord"),
        "aim_labels": ("mål", "lokala mål", "delmål", "effektmål", "målsättning", "våra mål", "syfte"),
        "status_labels": ("status", "lägesrapport", "nästa steg", "uppföljning av resultat", "resultat"),
        "measure_labels": ("åtgärder", "aktiviteter", "tillvägagångssätt", "arbetssätt", "insatser",
                           "så här gör vi", "förebyggande åtgärder"),
        "area_labels": ("tema", "område", "fokusområde", "målområde"),
        "goal_labels": ("mål", "delmål", "utvecklingsområde"),
        "plan_words": ("handlingsplan", "åtgärdsplan", "verksamhetsplan", "arbetsplan", "aktivitetsplan",
                       "årshjul", "affärsplan"),
        "continuation_words": ("och", "av", "för", "i", "till", "med", "på", "om", "samt", "eller"),
        "hyphen_keepers": ("och", "eller", "samt", "till"),
    },
    "da": {
        "measure_headers": ("indsats", "indsatser", "handling", "handlinger", "tiltag", "aktivitet",
                            "aktiviteter", "initiativ", "initiativer"),
        "responsible_headers": ("ansvarlig", "ansvar", "hvem", "ansvarlige"),
        "timing_headers": ("tidsplan", "hvornår", "dato", "frist", "tid", "deadline", "periode"),
        "goal_headers": ("mål", "delmål", "formål"),
        "area_headers": ("område", "tema", "indsatsområde", "fokusområde"),
        "responsible_prefixes": ("ansvarlig", "ansvar"),
        "timing_prefixes": ("tidsplan", "hvornår", "frist"),
        "summary_headings": ("sammenfatning", "oversigt", "resumé"),
        "contents_headings": ("indhold", "indholdsfortegnelse"),
        "introduction_headings": ("indledning", "baggrund", "forord", "formål"),
        "aim_labels": ("mål", "delmål", "formål", "vores mål"),
        "status_labels": ("status", "næste skridt", "resultater"),
        "measure_labels": ("indsatser", "tiltag", "handlinger", "aktiviteter", "initiativer"),
        "area_labels": ("tema", "område", "indsatsområde", "fokusområde"),
        "goal_labels": ("mål", "delmål"),
        "plan_words": ("handlingsplan", "handleplan", "indsatsplan", "årsplan", "årshjul", "virksomhedsplan"),
        "continuation_words": ("og", "af", "for", "i", "til", "med", "på", "om", "samt", "eller"),
        "hyphen_keepers": ("og", "eller", "samt", "til"),
    },
    "de": {
        "measure_headers": ("maßnahme", "maßnahmen", "massnahme", "massnahmen", "aktivität", "aktivitäten",
                            "vorhaben", "projekt", "titel", "teilmaßnahme", "teilmaßnahmen", "handlungsschritt"),
        "responsible_headers": ("zuständigkeit", "zuständig", "verantwortlich", "verantwortung", "federführung",
                                "projektträger", "träger", "maßnahmenträger", "akteur", "akteure", "initiator", "wer",
                                "ansprechpartner", "titel / zuständigkeit"),
        "timing_headers": ("zeitraum", "zeitrahmen", "zeitplan", "termin", "frist", "wann", "datum", "zeit", "bis",
                           "umsetzungszeitraum", "laufzeit", "von", "beginn"),
        "goal_headers": ("ziel", "ziele", "teilziel", "teilziele", "zielsetzung"),
        "area_headers": ("handlungsfeld", "themenfeld", "bereich", "thema", "handlungsfeld / nr"),
        "id_headers": ("nr", "nr.", "lfd. nr.", "nummer"),
        "responsible_prefixes": ("zuständigkeit", "zuständig", "verantwortlich", "federführung", "akteur"),
        "timing_prefixes": ("zeitraum", "zeitplan", "termin", "frist", "umsetzung"),
        "summary_headings": ("zusammenfassung", "übersicht", "überblick"),
        "contents_headings": ("inhalt", "inhaltsverzeichnis"),
        "introduction_headings": ("einleitung", "hintergrund", "vorwort", "einführung", "anlass"),
        "aim_labels": ("ziel", "ziele", "teilziel", "teilziele", "zielsetzung", "unsere ziele"),
        "status_labels": ("sachstand", "stand", "status", "nächste schritte", "ergebnisse", "fortschritt"),
        "measure_labels": ("maßnahmen", "massnahmen", "aktivitäten", "umsetzungsschritte", "nächste schritte"),
        "area_labels": ("handlungsfeld", "themenfeld", "bereich", "thema", "schwerpunkt"),
        "goal_labels": ("ziel", "teilziel"),
        "plan_words": ("maßnahmenplan", "aktionsplan", "handlungsprogramm", "handlungskonzept", "arbeitsprogramm",
                       "klimaschutzkonzept", "sachstandsbericht", "jahresplan"),
        "continuation_words": ("und", "der", "die", "das", "für", "von", "mit", "im", "in", "zur", "zum", "oder"),
        "hyphen_keepers": ("und", "oder", "bzw", "sowie"),
    },
}

# Words common in one of the reading languages and rare or absent in the others: the language a
# document is read in is the one whose words it uses most.
_READING_MARKERS: dict[str, frozenset[str]] = {
    "nb": frozenset("ikke også fra hvordan hva hvem være skal vil og det er til med av".split()),
    "nn": frozenset("ikkje òg frå korleis kva kven vere skal vil og det er til med av".split()),
    "en": frozenset("the and of with will are from this that our we each their through into which".split()),
    "sv": frozenset("och att inte också är för med till av som vi på ska barnen kommer våra från".split()),
    "da": frozenset("og ikke også af at det er til med for på som vil skal børn være deres hvordan".split()),
    "de": frozenset("und der die das mit von für zu nicht auch wird werden ist sind den dem des eine im".split()),
}
_READING_WORD = re.compile(r"[a-zæøåäöüßàòé]+")


# Words one of Norwegian and Danish uses and the other not (a Danish text and a Norwegian one share most).
_NORWEGIAN_NOT_DANISH = frozenset("av hva barn noen mye etter mellom bli blir ikkje kva korleis frå".split())
_DANISH_NOT_NORWEGIAN = frozenset("af hvad børn nogle meget efter mellem blive bliver hvornår".split())


def reading_language(texts: list[str]) -> str:
    """The language a document's words are in, as a reading language: nb, nn, en, sv, da or de.
    Norwegian and Danish share most words: the words one uses and the other not decide. Bokmål where
    none of the words tells."""
    return reading_language_told(texts) or "nb"


def reading_language_told(texts: list[str]) -> str | None:
    """As `reading_language`, or None where none of the words tells (a contents page of names)."""
    counts = dict.fromkeys(_READING_MARKERS, 0)
    for text in texts:
        for word in _READING_WORD.findall(text.lower()):
            for language, markers in _READING_MARKERS.items():
                if word in markers:
                    counts[language] += 1
    if not any(counts.values()):
        return None
    best = max(counts, key=lambda language: counts[language])
    if best in ("nb", "nn", "da"):
        words = [word for text in texts for word in _READING_WORD.findall(text.lower())]
        norwegian = sum(word in _NORWEGIAN_NOT_DANISH for word in words)
        danish = sum(word in _DANISH_NOT_NORWEGIAN for word in words)
        if danish > norwegian and counts["da"] >= counts["nb"] * 0.8:
            return "da"
        if best == "da":  # Danish's common words are Norwegian's too: without Danish's own, it is Norwegian
            return "nn" if counts["nn"] > counts["nb"] else "nb"
    return best


DEFAULT_VOCABULARY = Vocabulary()
