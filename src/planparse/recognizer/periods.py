"""Reading time as plans write it: period labels over columns ("H25", "2024/25", "Q3", "mars") and
timing in words ("1. mars 2025", "Høst 2025", "Innen utgangen av 2025", "Løpende")."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from planparse.model import Period, PeriodKind, PlanPeriod, Timing

MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
        ("januar", "january", "jan", "januari"), ("februar", "february", "feb", "februari"),
        ("mars", "march", "mar", "marts", "märz", "maerz"), ("april", "apr"), ("mai", "may", "maj"),
        ("juni", "june", "jun"), ("juli", "july", "jul"), ("august", "aug", "augusti"),
        ("september", "sept", "sep"), ("oktober", "october", "okt", "oct"), ("november", "nov"),
        ("desember", "december", "des", "dec", "dezember", "dez")), start=1):
    MONTHS.update(dict.fromkeys(_names, _number))

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR4 = r"(?:19|20)\d\d"
_YEAR = rf"(?P<year>{_YEAR4}|'?\d\d)"
_AUTUMN = r"høst(?:en)?|haust(?:en)?|höst(?:en)?|efterår(?:et)?|herbst|autumn|fall"
_SPRING = r"vår(?:en)?|forår(?:et)?|frühjahr|frühling|spring"


@dataclass(frozen=True)
class PeriodSpec:
    """A period as a label names it, before the plan says which year an undated one is in."""

    label: str
    kind: PeriodKind
    number: int  # the half (1, 2), quarter, tertial or month; 0 for a year or school year
    year: int | None  # the (first) year, where the label says

    def dated(self, year: int | None = None) -> PlanPeriod:
        """The period with its first and last day, in `year` when the label names none."""
        year = self.year if self.year is not None else year
        if year is None or self.kind is PeriodKind.NAMED:
            return PlanPeriod(label=self.label, kind=self.kind)
        start, end = _bounds(self.kind, self.number, year)
        return PlanPeriod(label=self.label, kind=self.kind, start=start, end=end)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _bounds(kind: PeriodKind, number: int, year: int) -> tuple[date, date]:
    if kind is PeriodKind.YEAR:
        return date(year, 1, 1), date(year, 12, 31)
    if kind is PeriodKind.SCHOOL_YEAR:
        return date(year, 8, 1), date(year + 1, 7, 31)
    months = {PeriodKind.HALF_YEAR: 6, PeriodKind.TERTIAL: 4, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}[kind]
    first = (number - 1) * months + 1
    return date(year, first, 1), _last_day(year, first + months - 1)


def _full_year(text: str | None) -> int | None:
    if not text:
        return None
    digits = text.lstrip("'")
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


_LABELS: list[tuple[re.Pattern[str], PeriodKind]] = [
    (re.compile(rf"^(?:(?:skole|studie|barnehage)året|(?:skule|studie|barnehage)året|academic year|school year)?"
                rf"\s*(?P<year>{_YEAR4})\s*/\s*(?P<end>\d\d|{_YEAR4})$"), PeriodKind.SCHOOL_YEAR),
    (re.compile(rf"^(?P<season>h|v)\s*(?P<year>\d\d|{_YEAR4})$"), PeriodKind.HALF_YEAR),
    (re.compile(rf"^(?P<season>{_AUTUMN}|{_SPRING})(?:\s+{_YEAR})?$"), PeriodKind.HALF_YEAR),
    (re.compile(rf"^(?:h(?P<half>[12])|(?P<half2>[12])\.\s*halvår)(?:\s+{_YEAR})?$"), PeriodKind.HALF_YEAR),
    (re.compile(rf"^(?:(?:q|k|kv\.?)\s*(?P<n>[1-4])|(?P<n2>[1-4])\.\s*(?:kvartal|kv\.?))(?:\s+{_YEAR})?$"),
     PeriodKind.QUARTER),
    (re.compile(rf"^{_YEAR}\s*(?:q|k)(?P<n>[1-4])$"), PeriodKind.QUARTER),
    (re.compile(rf"^(?:t\s*(?P<n>[1-3])|(?P<n2>[1-3])\.\s*tertial)(?:\s+{_YEAR})?$"), PeriodKind.TERTIAL),
    (re.compile(rf"^{_MONTH}(?:\s+{_YEAR})?$"), PeriodKind.MONTH),
]


def _compact(text: str) -> str:
    return " ".join(text.replace("–", "-").split()).strip(" *:.").lower()


def read_period_label(text: str, year_words: frozenset[str]) -> PeriodSpec | None:
    """The period a column header names, or None: "2025", "År 2025" (a year word before it), "H25",
    "Vår 2026", "2024/25", "Q3 2025", "1. tertial", "mars". A year wrapped in a narrow cell ("202"
    over "5") is a year."""
    label = " ".join(text.split())
    compact = _compact(text)
    joined = re.sub(r"\s+", "", compact)
    if re.fullmatch(_YEAR4, joined[-4:]) and (
            len(joined) == 4 or joined[:-4] in {word.replace(" ", "") for word in year_words}):
        return PeriodSpec(joined[-4:], PeriodKind.YEAR, 0, int(joined[-4:]))  # a year's label is the year
    for pattern, kind in _LABELS:
        match = pattern.match(compact)
        if match is None:
            continue
        groups = {k: v for k, v in match.groupdict().items() if v}
        year = _full_year(groups.get("year"))
        if kind is PeriodKind.SCHOOL_YEAR:
            end = _full_year(groups["end"])
            if year is None or end is None or end != year + 1:
                return None
            return PeriodSpec(label, kind, 0, year)
        if kind is PeriodKind.HALF_YEAR:
            season = groups.get("season", "")
            number = 2 if season in ("h",) or re.match(_AUTUMN, season or "-") else 1
            if "half" in groups or "half2" in groups:
                number = int(groups.get("half") or groups["half2"])
            return PeriodSpec(label, kind, number, year)
        if kind is PeriodKind.MONTH:
            return PeriodSpec(label, kind, MONTHS[groups["month"]], year)
        return PeriodSpec(label, kind, int(groups.get("n") or groups["n2"]), year)
    return None


def date_periods(specs: Sequence[PeriodSpec], span: Period | None, school_year: bool = False) -> list[PlanPeriod]:
    """The periods with their dates. An undated one (a quarter, a month) takes the year the plan
    spans when it spans one; in a school year's plan, or when the months run past December, a month
    counted before the one above it is in the next year."""
    out: list[PlanPeriod] = []
    if span is None:
        return [spec.dated() for spec in specs]
    year = span.start
    previous: PeriodSpec | None = None
    for spec in specs:
        if spec.year is None and span.end - span.start > 1 and not school_year:
            out.append(spec.dated())
            continue
        if spec.year is None and school_year and spec.kind is PeriodKind.MONTH and previous is None:
            year = span.start if spec.number >= 8 else span.start + 1
        elif (spec.year is None and previous is not None and previous.kind is spec.kind
              and spec.number <= previous.number):
            year += 1
        out.append(spec.dated(year))
        previous = spec
    return out


# Timing in words.

ONGOING = re.compile(r"\b(?:løpende|fortløpende|kontinuerlig|hele\s+(?:plan)?perioden|heile\s+(?:plan)?perioden|"
                     r"gjennom\s+(?:hele\s+|heile\s+)?(?:plan)?perioden|årlig|årleg|hvert\s+år|kvart\s+år|ongoing|"
                     r"continuous(?:ly)?|throughout(?:\s+the)?\s+(?:plan\s+)?(?:period|year)|annually|every\s+year|"
                     r"all\s+year(?:\s+round)?|hele\s+året|heile\s+året|gjennom\s+(?:hele\s+)?året|hela\s+året|"
                     r"löpande|fortlöbende|laufend|ganzjährig|permanent)\b", re.IGNORECASE)
_DEADLINE = re.compile(r"\b(?:innen|senest|før|by|before|no\s+later\s+than|within|frist)\b", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|til|to|through|until|–)\s*$", re.IGNORECASE)

_EXPRESSIONS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b(?P<year>{_YEAR4})-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("numeric", re.compile(rf"\b(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<year>{_YEAR4}|\d\d)\b")),
    ("day-month", re.compile(rf"\b(?P<d>\d{{1,2}})\.?\s+{_MONTH}(?:\s+(?P<year>{_YEAR4}))?", re.IGNORECASE)),
    ("month-day", re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>{_YEAR4})",
                             re.IGNORECASE)),
    ("school", re.compile(rf"\b(?P<year>{_YEAR4})\s*/\s*(?P<end>\d\d|{_YEAR4})\b")),
    ("year-range", re.compile(rf"\b(?P<year>{_YEAR4})\s*[-–—]\s*(?P<end>\d\d)\b(?![-./\d])")),
    ("half", re.compile(rf"\b(?:(?P<season>{_AUTUMN}|{_SPRING})|(?P<half>[12])\.\s*halvår|h(?P<half2>[12]))"
                        rf"(?:\s+{_YEAR})?\b", re.IGNORECASE)),
    ("half-short", re.compile(r"\b(?P<season>[hv])(?P<year>\d\d)\b", re.IGNORECASE)),
    ("quarter", re.compile(rf"\b(?:(?:q|k)(?P<n>[1-4])|(?P<n2>[1-4])\.\s*kvartal)(?:\s+{_YEAR})?\b", re.IGNORECASE)),
    ("tertial", re.compile(rf"\b(?:t(?P<n>[1-3])|(?P<n2>[1-3])\.\s*tertial)(?:\s+{_YEAR})?\b", re.IGNORECASE)),
    ("month", re.compile(rf"\b{_MONTH}(?:\s+(?P<year>{_YEAR4}))?\b", re.IGNORECASE)),
    ("year", re.compile(rf"\b(?P<year>{_YEAR4})\b")),
]


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    first: date | None
    last: date | None
    years: tuple[int, ...]


def _found(kind: str, match: re.Match[str], default_year: int | None) -> _Found | None:
    groups = {k: v for k, v in match.groupdict().items() if v}
    year = _full_year(groups.get("year")) or default_year
    if year is None:
        if kind in ("month", "half", "quarter", "tertial") and (groups.get("month") or groups.get("season")
                                                                 or kind in ("quarter", "tertial")):
            return _Found(match.start(), match.end(), None, None, ())  # every year's: an annual plan's month
        return None
    try:
        if kind in ("iso", "numeric", "day-month", "month-day"):
            month = int(groups["m"]) if "m" in groups else MONTHS[groups["month"].lower()]
            day = date(year, month, int(groups["d"]))
            first, last = day, day
        elif kind in ("school", "year-range"):
            end = _full_year(groups["end"]) or year
            if end <= year or (kind == "school" and end != year + 1):
                return None
            first, last = (date(year, 8, 1), date(end, 7, 31)) if kind == "school" else (
                date(year, 1, 1), date(end, 12, 31))
        elif kind in ("half", "half-short"):
            season = groups.get("season", "").lower()
            number = int(groups.get("half") or groups.get("half2") or 0) or (
                2 if season == "h" or re.match(_AUTUMN, season) else 1)
            first, last = _bounds(PeriodKind.HALF_YEAR, number, year)
        elif kind in ("quarter", "tertial"):
            number = int(groups.get("n") or groups["n2"])
            first, last = _bounds(PeriodKind.QUARTER if kind == "quarter" else PeriodKind.TERTIAL, number, year)
        elif kind == "month":
            first, last = _bounds(PeriodKind.MONTH, MONTHS[groups["month"].lower()], year)
        else:
            first, last = date(year, 1, 1), date(year, 12, 31)
    except ValueError:  # a day that does not exist (31.02.2025)
        return None
    return _Found(match.start(), match.end(), first, last, tuple(range(first.year, last.year + 1)))


def _expressions(text: str, default_year: int | None) -> list[_Found]:
    """The time expressions in a text, left to right, none overlapping another."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _EXPRESSIONS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            item = _found(kind, match, default_year)
            if item is not None:
                found.append(item)
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def read_timing(text: str, span: Period | None, label: str | None = None) -> Timing:
    """What a timing text means. Two times joined by a dash or "til" are a range; several others
    touch each of their years; "Løpende" and its like run over the plan's period; a deadline
    ("Innen ...") ends at its time. Text with no time in it is kept, not understood."""
    written = " ".join(text.split())
    default_year = span.start if span is not None and span.start == span.end else None
    found = _expressions(written, default_year)
    ongoing = ONGOING.search(written) is not None
    plan_years = list(range(span.start, span.end + 1)) if span is not None else []
    if not found:
        if ongoing:
            return Timing(text=written, label=label, ongoing=True, years=plan_years,
                          start=date(span.start, 1, 1) if span else None, end=date(span.end, 12, 31) if span else None)
        return Timing(text=written, label=label, understood=False)
    ranged = len(found) == 2 and _RANGE_JOIN.match(written[found[0].end:found[1].start]) is not None
    first = min((f.first for f in found if f.first), default=None)
    last = max((f.last for f in found if f.last), default=None)
    years: set[int] = set()
    if ranged and first and last:
        years.update(range(first.year, last.year + 1))
    else:
        for item in found:
            years.update(item.years)
    if ongoing and span is not None:
        last = date(span.end, 12, 31)
        years.update(range((first.year if first else span.start), span.end + 1))
    deadline = _DEADLINE.search(written[:found[0].start]) is not None and len(found) == 1
    if deadline:
        first = None
        years = {last.year} if last else years
    return Timing(text=written, label=label, start=first, end=last, ongoing=ongoing, years=sorted(years))


# Words a heading that names a time may hold besides months, seasons, quarters and years.
_TIME_HEADING_WORDS = frozenset(
    "term termin terminen halvår halvåret half first second third andre første første 1 2 3 4 semester "
    "semesteret kvartal tertial sommer sommar summer vinter winter til to og and och und og bis - – — / & "
    "i in im uke veke week vecka woche".split())
_TIME_TOKEN = re.compile(rf"^(?:{_MONTH}|{_AUTUMN}|{_SPRING}|{_YEAR4}|(?:19|20)\d\d\s*/\s*\d\d|q[1-4]|k[1-4]|"
                         rf"h[12]|t[1-3]|sommer|sommar|summer|vinter|winter)$", re.IGNORECASE)
_HEADING_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")


def names_time(text: str) -> bool:
    """Whether a heading names a time and nothing else ("2.1 Januari", "Høst 2025", "Q3 2026",
    "Autumn term / First Half", "2025"): its measures happen then."""
    body = _HEADING_NUMBER.sub("", text.strip()).strip(" :.")
    if ONGOING.search(body) and len(ONGOING.sub(" ", body).split()) <= 2:
        return True  # "Ongoing Actions Throughout the Year", "Løpende": little besides the time
    tokens = [token for token in re.split(r"[\s,/()–—-]+", body.casefold()) if token]
    if not tokens or len(tokens) > 6:
        return False
    times = [token for token in tokens if _TIME_TOKEN.match(token.strip("."))]
    return bool(times) and all(_TIME_TOKEN.match(token.strip(".")) or token in _TIME_HEADING_WORDS for token in tokens)


def date_in_text(text: str) -> str | None:
    """The words of a day or a month with its year that a text names, where it names one ("28.
    februar", "18. april 2026", "mars 2026"); None where it names none (a year alone is not looked for)."""
    for kind, pattern in _EXPRESSIONS:
        if kind not in ("iso", "numeric", "day-month", "month-day"):
            continue
        match = pattern.search(text)
        if match is not None:
            return match.group(0)
    return None


_WEEKDAY = (r"(?:man|tirs|tys|ons|tors|fre|lør|laur|søn|sun|mån|tis|lör|sön|mon|tues|wednes|thurs|fri|satur|"
            r"sun)(?:dag|day)|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag")
_DAY_IN_TEXT = re.compile(rf"\b(?:(?:{_WEEKDAY})\s+(?:den\s+)?)?\d{{1,2}}\.?\s+{_MONTH}(?:\s+{_YEAR4})?\b",
                          re.IGNORECASE)
_MONTH_IN_TEXT = re.compile(rf"\b(?:i|in|im|innen|før|by|during|under|i løpet av)\s+(?P<name>januar|januari|january|"
                            r"februar|februari|february|mars|march|marts|märz|april|mai|may|maj|juni|june|juli|july|"
                            r"august|augusti|september|oktober|october|november|desember|december|dezember)"
                            rf"(?:\s+{_YEAR4})?\b(?!-)", re.IGNORECASE)  # ("i mai-stangen" is no time)


_YEARS_IN_TEXT = re.compile(rf"\b{_YEAR4}\s*[-–]\s*{_YEAR4}\b(?![-./\d])")


def time_in_text(text: str) -> str | None:
    """The words that name when a measure happens, inside its text: a day ("Onsdag 28. februar", "18.
    april 2026"), a month after a preposition ("i februar", "in March 2026") or a span of years ("2011-2014");
    None where none is named."""
    for pattern in (_DAY_IN_TEXT, _MONTH_IN_TEXT, _YEARS_IN_TEXT):
        match = pattern.search(text)
        if match is not None:
            return match.group(0)
    return date_in_text(text)
