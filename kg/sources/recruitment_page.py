"""Reader for patient-recruitment pages (status/age/sex/phase header, ``Study details`` block)."""

from __future__ import annotations

import math
import re

from kg.model import (
    Age,
    AgeUnit,
    CriterionKind,
    Eligibility,
    Organization,
    Phase,
    Sex,
    Source,
    SponsorRole,
    Sponsorship,
    Status,
    Trial,
)
from kg.sources import codes
from kg.sources.text import (
    NCT_ID,
    Context,
    lines_of,
    lookup,
    outcomes_from_narrative,
    parse_criteria,
    parse_date,
    sections,
)

LAYOUT = "recruitment-page"

HEADINGS = ("Powered by AI", "Overview", "Description", "Eligibility", "Study details")
# Everything from the call to action on is page furniture (contact form, FAQs, notes widget).
_FURNITURE_START = re.compile(r"^Step 1\b")
_HEADER_AGES = re.compile(r"^(\d+)\s*-\s*(\d+)\s+(year|month|week|day)s?\s+of\s+age$", re.I)
_DATE = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}$")
# An age bound the criteria state in days or months: "≤365 days of age", "< 6 months of age".
_FINE_MAX_AGE = re.compile(r"(?:≤|<=|<|under|up to)\s*(\d+)\s*(day|week|month)s?\s+of\s+age", re.I)


def detect(text: str) -> bool:
    """A recruitment page has the ``Study details`` block and an ``N - M years of age`` line."""
    lines = lines_of(text)
    return "Study details" in lines and any(_HEADER_AGES.match(x) for x in lines[:12])


def parse(text: str, source: Source) -> Trial:
    """Parse one page; raises InputError naming the field for any value it cannot read."""
    ctx = Context(source.file_name)
    lines = lines_of(text)
    cut = next((i for i, x in enumerate(lines) if _FURNITURE_START.match(x)), len(lines))
    sec = sections(lines[:cut], HEADINGS)
    details = sec.get("Study details", [])
    k = next((i for i, x in enumerate(details) if NCT_ID.match(x)), None)
    if k is None:
        raise ctx.error("Study details", "no NCT number (is the page truncated?)")
    nct = details[k]
    ctx.record = nct
    conditions = tuple(c.strip() for c in details[k - 1].split(",") if c.strip()) if k else ()
    rest = details[k + 1 :]
    sponsor = rest[0] if rest and not _DATE.match(rest[0]) else None
    date_line = next((x for x in rest if _DATE.match(x)), None)

    head = [x for x in sec[""] if x != "Image"]
    if not head:
        raise ctx.error("title", "the page has no title line")
    title = head[0]
    status: Status | None = None
    phases: tuple[Phase, ...] = ()
    sex: Sex | None = None
    ages: tuple[Age, Age] | None = None
    for line in head[1:]:
        m = _HEADER_AGES.match(line)
        if m:
            unit = AgeUnit(m.group(3).upper() + "S")
            ages = (Age(int(m.group(1)), unit), Age(int(m.group(2)), unit))
        elif line.lower().startswith("phase") or line.lower() in ("early phase 1", "n/a"):
            phases = tuple(lookup(codes.PHASE, p, ctx.at("Phase"), "phase")
                           for p in re.split(r"\s*/\s*", line))
        elif line.lower() in codes.SEX:
            sex = codes.SEX[line.lower()]
        else:
            status = lookup(codes.STATUS, line, ctx.at("Status"), "status")

    criteria, notes = parse_criteria(sec.get("Eligibility", []))
    lo, hi = _ages(ages, [c.text for c in criteria if c.kind is CriterionKind.INCLUSION])
    summary = "\n\n".join(sec.get("Overview", [])) or None
    detailed = "\n\n".join(sec.get("Description", [])) or None
    return Trial(
        nct_id=nct,
        brief_title=title,
        source=source,
        status=status,
        phases=phases,
        # The page's only date sits with the sponsor in "Study details": the record's last
        # update (it is neither the start date nor a completion date of the trial).
        last_updated=parse_date(date_line, ctx.at("Study details date")) if date_line else None,
        brief_summary=summary,
        detailed_description=detailed,
        conditions=conditions,
        eligibility=Eligibility(
            criteria=tuple(criteria), minimum_age=lo, maximum_age=hi, sex=sex, notes=tuple(notes)
        ),
        sponsors=(Sponsorship(Organization(sponsor), SponsorRole.LEAD),) if sponsor else (),
        outcomes=tuple(outcomes_from_narrative([summary, detailed])),
    )


def _ages(header: tuple[Age, Age] | None, criteria: list[str]) -> tuple[Age | None, Age | None]:
    """The header rounds ages up to whole years (an under-one trial reads ``1 - 1 years``).

    When an inclusion criterion states the upper bound in a finer unit and that bound rounds up
    to the header's maximum, the criterion's bound is the maximum age; a header minimum equal to
    the maximum is then only the rounding of a younger age and is not kept.
    """
    if header is None:
        return None, None
    lo, hi = header
    for text in criteria:
        m = _FINE_MAX_AGE.search(text)
        if not m or hi.unit is not AgeUnit.YEARS:
            continue
        value, unit = int(m.group(1)), AgeUnit(m.group(2).upper() + "S")
        per_year = {AgeUnit.DAYS: 365, AgeUnit.WEEKS: 52, AgeUnit.MONTHS: 12}[unit]
        if math.ceil(value / per_year) == hi.value:
            return (None if lo == hi else lo), Age(value, unit)
    return lo, hi

