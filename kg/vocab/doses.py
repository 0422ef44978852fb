"""Dose schedules in record text -> structured administrations; each value keeps its words."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from kg.vocab.terms import DoseBasis, Route

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Sourced(Generic[T]):
    """A structured value and the words of the record it was read from."""

    value: T
    text: str


@dataclass(frozen=True, slots=True)
class Dose:
    """An amount (or a range) in a UCUM unit, per body surface, per body weight or flat."""

    amount: Decimal
    unit: str
    basis: DoseBasis
    amount_max: Decimal | None = None

    def text(self) -> str:
        """``3 g/m2`` or ``100-200 mg``."""
        top = f"-{self.amount_max}" if self.amount_max is not None else ""
        return f"{self.amount}{top} {self.unit}"


@dataclass(frozen=True, slots=True)
class Frequency:
    """How often a dose is given: a label and the interval as an ISO 8601 duration."""

    label: str
    interval: str


@dataclass(frozen=True, slots=True)
class DayRange:
    """Days of a treatment cycle, first to last (day 0 is the day before day 1)."""

    first: int
    last: int

    def text(self) -> str:
        """``1-5``, or ``1`` for a single day."""
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@dataclass(frozen=True, slots=True)
class Schedule:
    """One administration as stated: dose, frequency, days, route, phase and conditions.

    ``start`` is where the statement begins in its text; ``adjustment`` marks a conditional
    change of an earlier dose ("reduced to ...") and ``alternative`` another schedule offered
    instead ("[or from Day 1 to Day 5 ...]"): both repeat what they do not restate.
    """

    source_text: str
    start: int = 0
    dose: Sourced[Dose] | None = None
    frequency: Sourced[Frequency] | None = None
    days: Sourced[tuple[DayRange, ...]] | None = None
    route: Sourced[Route] | None = None
    infusion: Sourced[str] | None = None
    duration: Sourced[str] | None = None
    phase: Sourced[str] | None = None
    cycles: Sourced[int] | None = None
    conditions: tuple[Sourced[str], ...] = ()
    notes: tuple[Sourced[str], ...] = ()
    adjustment: bool = False
    alternative: bool = False

    def days_text(self) -> str | None:
        """``1-5,8-9``, or None."""
        return ",".join(d.text() for d in self.days.value) if self.days else None


_NUM = r"\d+(?:[.,]\d+)?"
DOSE = re.compile(
    rf"(?P<amount>{_NUM})(?:\s*(?:-|\u2013|to)\s*(?P<max>{_NUM}))?\s*"
    r"(?P<unit>mg|g|µg|μg|ug|mcg|MIU|IU)(?![A-Za-z])"
    r"(?:\s*/\s*(?P<basis>m2|m²|m\^2|sqm|kg)(?![A-Za-z]))?"
    r"(?:\s*/\s*(?P<per>\d+\s*h(?:ours?)?|d|day|week|wk)(?![A-Za-z]))?", re.I)
_UNITS = {"mg": "mg", "g": "g", "µg": "ug", "μg": "ug", "ug": "ug", "mcg": "ug",
          "iu": "[iU]", "miu": "10*6.[iU]"}
_FREQ_WORDS = (
    (re.compile(r"\btwice (?:a )?da(?:ily|y)\b|\bq12h\b|\bevery 12 ?h(?:ours)?\b", re.I),
     Frequency("every 12 h", "PT12H")),
    (re.compile(r"\bonce (?:a )?da(?:ily|y)\b|\bdaily\b|\bq24h\b|\bper day\b", re.I),
     Frequency("daily", "P1D")),
    (re.compile(r"\bweekly\b|\bonce a week\b|\bper week\b", re.I), Frequency("weekly", "P1W")),
)
_DAY_PATTERNS = (
    re.compile(r"\bfrom day\s*(\d+)\s*(?:to|until|through)\s*day\s*(\d+)", re.I),
    re.compile(r"\bdays?\s*(\d+)\s*(?:-|\u2013|to|through)\s*(\d+)\b", re.I),
    re.compile(r"\bD(\d+)\s*(?:-|\u2013)\s*D?(\d+)\b"),
    re.compile(r"\bon day\s*(\d+)\b()", re.I),
)
_ROUTES = (
    (re.compile(r"\bintravenous(?:ly)?\b|\b(?:slow )?IV\b|\bi\.v\.", re.I), Route.IV),
    (re.compile(r"\bsubcutaneous(?:ly)?\b|\bSC\b|\bs\.c\.|\bSQ\b", re.I), Route.SC),
    (re.compile(r"\boral(?:ly)?\b|\bby mouth\b|\bPO\b|\bper os\b", re.I), Route.ORAL),
    (re.compile(r"\bintramuscular(?:ly)?\b|\bIM\b", re.I), Route.IM),
    (re.compile(r"\bintrathecal(?:ly)?\b", re.I), Route.INTRATHECAL),
)
_INFUSION = re.compile(
    r"\[(\d+)\s*(minutes?|mins?|hours?|h)\]|\bover\s+(\d+)\s*(minutes?|mins?|hours?|h)\b"
    r"|\b(\d+)[- ](minute|hour)s? infusion", re.I)
_DURATION = re.compile(r"\bfor\s+(\d+)\s*(days?|weeks?|months?|years?)\b", re.I)
_PHASE = re.compile(
    r"^\s*(?P<phase>induction|consolidation|maintenance|re-?induction|salvage|"
    r"subsequent cycles|cycles?\s*\d+(?:\s*(?:-|to)\s*\d+)?)"
    r"(?:\s*\((?P<n>\d+)\s*cycles?\))?\s*:", re.I)
_ADJUST = re.compile(r"\b(?:reduced|decreased|lowered|increased|escalated)\s+to\s+", re.I)
_CONDITION_LEAD = re.compile(r"^(?:note:\s*)?((?:when|if|in case|in patients|for patients)\b.*)",
                             re.I)
_NOTE = re.compile(r"\b(?:starting|started|beginning)\s+\d+\s*h(?:ours?)?\s+(?:after|before)"
                   r"\s+[\w-]+|\bmaintained for (?:more than |at least )?\d+\s*h(?:ours?)?", re.I)
_HOLD = re.compile(r"\b(?:suspend|discontinu|withh[oe]ld|interrupt|stopp?ed)\w*", re.I)
_ALTERNATIVE = re.compile(r"\[\s*or\b[^\]]*\]|\(\s*or\b[^)]*\)", re.I)
_SENTENCE = re.compile(r"(?<=[A-Za-z0-9)\]])(?<!\be\.g)(?<!\bi\.e)(?<!\bi\.v)(?<!\bvs)"
                       r"\.\s*(?=[A-Z])")
_BULLET = re.compile(r"^\s*(?:[*\u2022\-\u2013]|\d+[.)])\s+")
_ISO_UNIT = {"minute": "M", "min": "M", "hour": "H", "h": "H"}


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def dose_spans(text: str) -> list[tuple[int, int]]:
    """Where dose expressions (``5mg/sqm``, ``3 g/m2/12h``) stand in a text."""
    return [m.span() for m in DOSE.finditer(text)]


def _frequency(per: str) -> Frequency:
    per = re.sub(r"\s|ours?", "", per.lower())
    if per in ("d", "day", "24h"):
        return Frequency("daily", "P1D")
    if per in ("week", "wk"):
        return Frequency("weekly", "P1W")
    hours = int(per.rstrip("h"))
    return Frequency(f"every {hours} h", f"PT{hours}H")


def parse_dose(match: re.Match[str]) -> tuple[Sourced[Dose], Sourced[Frequency] | None]:
    """A dose (and the frequency written into its unit, as in ``mg/m2/24h``)."""
    unit = _UNITS[match.group("unit").lower()]
    basis = DoseBasis.FLAT
    if match.group("basis"):
        per_kg = match.group("basis").lower() == "kg"
        basis = DoseBasis.BODY_WEIGHT if per_kg else DoseBasis.BODY_SURFACE
        unit += "/kg" if per_kg else "/m2"
    top = match.group("max")
    dose = Dose(_decimal(match.group("amount")), unit, basis,
                _decimal(top) if top else None)
    freq = None
    if match.group("per"):
        freq = Sourced(_frequency(match.group("per")), match.group(0))
    return Sourced(dose, match.group(0)), freq


def _days(text: str) -> Sourced[tuple[DayRange, ...]] | None:
    found: list[tuple[int, DayRange, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DAY_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            first = int(m.group(1))
            last = int(m.group(2)) if m.group(2) else first
            found.append((m.start(), DayRange(first, last), m.group(0)))
            taken.append(m.span())
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    return Sourced(tuple(f[1] for f in found), "; ".join(f[2] for f in found))


def _iso(amount: str, unit: str) -> str:
    u = unit.lower().rstrip("s")
    if u in _ISO_UNIT:
        return f"PT{int(amount)}{_ISO_UNIT[u]}"
    return f"P{int(amount)}{ {'day': 'D', 'week': 'W', 'month': 'M', 'year': 'Y'}[u] }"


def _facts(text: str, base: Schedule) -> Schedule:
    """Everything a clause states, over what ``base`` already holds."""
    found: dict[str, object] = {}
    dose = DOSE.search(text)
    if dose:
        found["dose"], freq = parse_dose(dose)
        if freq:
            found["frequency"] = freq
    if "frequency" not in found:
        for pattern, value in _FREQ_WORDS:
            m = pattern.search(text)
            if m:
                found["frequency"] = Sourced(value, m.group(0))
                break
    days = _days(text)
    if days:
        found["days"] = days
    for pattern, route in _ROUTES:
        m = pattern.search(text)
        if m:
            found["route"] = Sourced(route, m.group(0))
            break
    m = _INFUSION.search(text)
    if m:
        amount, unit = next((a, u) for a, u in zip(m.groups()[::2], m.groups()[1::2], strict=True)
                            if a)
        found["infusion"] = Sourced(_iso(amount, unit), m.group(0))
    m = _DURATION.search(text)
    if m:
        found["duration"] = Sourced(_iso(m.group(1), m.group(2)), m.group(0))
    notes = tuple(Sourced(n.group(0), n.group(0)) for n in _NOTE.finditer(text))
    return dataclasses.replace(base, notes=base.notes + notes, **found)  # type: ignore[arg-type]


def parse_clause(text: str, start: int = 0,
                 conditions: tuple[Sourced[str], ...] = ()) -> list[Schedule]:
    """One statement of a schedule: its administration, then any alternative or adjustment.

    An adjustment with nothing to adjust in the same statement ("VEN should be reduced to
    100-200mg/d") comes back alone, for the caller to ``inherit`` from the right schedule.
    """
    body, note = _split_note(text)
    base = Schedule(text.strip(), start, conditions=conditions)
    phase = _PHASE.match(body)
    if phase:
        cycles = phase.group("n")
        base = dataclasses.replace(
            base, phase=Sourced(re.sub(r"\s+", " ", phase.group("phase").lower()),
                                phase.group(0).rstrip(":").strip()),
            cycles=Sourced(int(cycles), phase.group(0).rstrip(":").strip()) if cycles else None)
        body = body[phase.end():]
    alternatives = [m.group(0) for m in _ALTERNATIVE.finditer(body)]
    main_text = _ALTERNATIVE.sub(" ", body)
    adjust = _ADJUST.search(main_text)
    lead = main_text[:adjust.start()] if adjust else main_text
    out: list[Schedule] = []
    main = _facts(lead, base) if DOSE.search(lead) else None
    if main is not None:
        out.append(main)
        for alt in alternatives:
            days = _days(alt)
            if days:
                out.append(dataclasses.replace(
                    main, days=days, alternative=True, source_text=alt.strip("[]() "),
                    conditions=(*main.conditions, Sourced("alternative schedule", alt))))
    for part in ([main_text] if adjust else []) + ([note] if note else []):
        m = _ADJUST.search(part)
        dose = DOSE.match(part, m.end()) if m else None
        if m is None or dose is None:
            continue
        new_dose, freq = parse_dose(dose)
        cond = _condition(part[:m.start()]) or _trailing_condition(part[dose.end():])
        adj = Schedule(part.strip(), start, dose=new_dose, frequency=freq,
                       conditions=(*conditions, *((cond,) if cond else ())), adjustment=True)
        out.append(inherit(main, adj) if main is not None else adj)
    return out


def inherit(base: Schedule, change: Schedule) -> Schedule:
    """A conditional change of ``base``: the new dose and conditions, the rest of ``base``."""
    extra = tuple(c for c in change.conditions if c not in base.conditions)
    return dataclasses.replace(base, source_text=change.source_text, start=change.start,
                               dose=change.dose or base.dose,
                               frequency=change.frequency or base.frequency,
                               conditions=base.conditions + extra, adjustment=True,
                               alternative=False)


def _split_note(text: str) -> tuple[str, str]:
    m = re.search(r"\bNote:", text, re.I)
    return (text, "") if m is None else (text[:m.start()], text[m.start():])


def _condition(text: str) -> Sourced[str] | None:
    """The condition a clause opens with ("When combined with ...", "If ..."), to its comma."""
    m = _CONDITION_LEAD.match(text.strip())
    if not m:
        return None
    words = m.group(1)
    cut = words.rfind(",")
    words = (words[:cut] if cut > 0 else words).strip(" ,.")
    return Sourced(words, words)


def _trailing_condition(text: str) -> Sourced[str] | None:
    """A condition that follows the changed dose ("... 100 mg with CYP3A4 inhibitors")."""
    m = re.match(r"\s*((?:with|when|if|in)\b[^.;]*)", text, re.I)
    return Sourced(m.group(1).strip(), m.group(1).strip()) if m else None


def parse_schedule(text: str) -> list[Schedule]:
    """A schedule written as lines: ``Header:`` lines are conditions on the bullets below."""
    out: list[Schedule] = []
    header: tuple[Sourced[str], ...] = ()
    offset = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.endswith(":") and not _PHASE.match(stripped) and not DOSE.search(stripped):
            words = stripped.rstrip(":").strip()
            header = (Sourced(words, words),)
            continue
        bullet = _BULLET.match(line)
        body = line[bullet.end():] if bullet else line
        out.extend(parse_clause(body.strip(), start, header))
    return [s for s in out if s.dose or s.days or s.route]


def sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of running text with their offsets (tolerates a missing space)."""
    out, start = [], 0
    for m in _SENTENCE.finditer(text):
        out.append((start, text[start:m.start() + 1]))
        start = m.end()
    out.append((start, text[start:]))
    return [(s + len(t) - len(t.lstrip()), t.strip()) for s, t in out if t.strip()]


def parse_prose(text: str) -> list[Schedule]:
    """Schedules in running text, one per sentence that states a dose.

    A later sentence that suspends or withholds the treatment becomes a condition of the
    schedule before it.
    """
    out: list[Schedule] = []
    for start, sentence in sentences(text):
        if DOSE.search(sentence):
            out.extend(parse_clause(sentence, start))
        elif out and _HOLD.search(sentence):
            last = out[-1]
            out[-1] = dataclasses.replace(
                last, conditions=(*last.conditions, Sourced(sentence, sentence)))
    return out
