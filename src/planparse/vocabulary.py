"""The words planparse knows plans by: column headers, marks, section names, in one place to extend."""

from __future__ import annotations

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
        "activity", "activities", "task", "tasks", "initiative", "initiatives", "tiltaka",
    })
    responsible_headers: frozenset[str] = frozenset({
        "ansvarlig", "ansvarlige", "ansvar", "ansvarleg", "ansvarlege", "hvem", "kven", "ansvarlig enhet",
        "ansvarlig/involverte", "responsible", "responsibility", "owner", "owners", "lead", "who",
        "accountable",
    })
    # Words that may stand before a year in its column header ("År 2025").
    year_words: frozenset[str] = frozenset({"år", "year", "aar", "året", "ar"})
    # A column naming when, in words (one per measure, instead of a column per period).
    timing_headers: frozenset[str] = frozenset({
        "frist", "frister", "tidsfrist", "tidsplan", "tidsrom", "tidsperiode", "periode", "når", "tid",
        "tidspunkt", "gjennomføring", "gjennomføres", "oppstart", "ferdig", "dato", "deadline", "when", "timing",
        "timeline", "timeframe", "time frame", "due", "due date", "date", "schedule", "period",
    })
    goal_headers: frozenset[str] = frozenset({
        "mål", "delmål", "målsetting", "målsettinger", "målsetjing", "hovedmål", "hovudmål", "resultatmål",
        "effektmål", "mål og delmål", "goal", "goals", "objective", "objectives", "aim", "target",
    })
    area_headers: frozenset[str] = frozenset({
        "område", "områder", "innsatsområde", "satsingsområde", "satsingsområder", "satsområde", "fokusområde",
        "tema", "hovedområde", "hovudområde", "area", "focus area", "priority area", "theme",
    })
    id_headers: frozenset[str] = frozenset({
        "nr", "nr.", "id", "tiltaksnr", "tiltak nr", "tiltaksnummer", "ref", "#", "no", "no.",
    })
    # Words that start a measure's stated responsibility or timing in running text ("Ansvar: Rektor").
    responsible_prefixes: frozenset[str] = frozenset({
        "ansvar", "ansvarlig", "ansvarlige", "ansvarleg", "ansvarlege", "hovedansvar", "hovudansvar",
        "responsible", "responsibility", "lead", "leads", "owner", "owners", "led by",
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


def role_key(role: str) -> str:
    """What two spellings of one role share: case, spaces, dashes and full stops aside."""
    text = re.sub(r"[‐-―−]", "-", role.casefold()).replace(".", "")
    return re.sub(r"\s*-\s*", "-", " ".join(text.split()))


DEFAULT_VOCABULARY = Vocabulary()
