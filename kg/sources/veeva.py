"""Reader for ClinicalTrials.Veeva study pages (worded values, arms with ``Description:``)."""

from __future__ import annotations

import re

from kg.model import (
    Age,
    AgeUnit,
    Arm,
    Contact,
    Design,
    Eligibility,
    Enrollment,
    EnrollmentType,
    Identifier,
    IdentifierType,
    Intervention,
    Organization,
    Source,
    SponsorRole,
    Sponsorship,
    Trial,
)
from kg.sources import codes
from kg.sources.text import (
    NCT_ID,
    Context,
    code_of,
    lines_of,
    lookup,
    outcomes_from_narrative,
    parse_criteria,
    sections,
    split_person,
)

LAYOUT = "veeva-page"
_MARK = "ClinicalTrials.Veeva"
_FOOTER = "Data sourced from clinicaltrials.gov"

HEADINGS = (
    "Status and phase",
    "Conditions",
    "Treatments",
    "Study type",
    "Funder types",
    "Identifiers",
    "Details and patient eligibility",
    "About",
    "Full description",
    "Enrollment",
    "Sex",
    "Ages",
    "Volunteers",
    "Inclusion criteria",
    "Exclusion criteria",
    "Trial design",
    "Primary purpose",
    "Allocation",
    "Interventional model",
    "Masking",
    "Trial contacts and locations",
    "Central trial contact",
    _FOOTER,
)

_ENROLLMENT = re.compile(r"^(\d[\d,]*)\s+(?:(estimated|actual)\s+)?(?:patients|participants)$",
                         re.I)
_AGES = re.compile(
    r"^(?:(?P<lo>\d+)\s+to\s+(?P<hi>\d+)|(?P<min>\d+)\+|up\s+to\s+(?P<max>\d+))\s+"
    r"(?P<unit>year|month|week|day)s?\s+old$",
    re.I,
)
_TREATMENT = re.compile(r"^(?P<type>[A-Za-z ]+):\s+(?P<name>.+)$")
_GROUPS = re.compile(r"^\d+ participants in \d+ patient groups?$")


def detect(text: str) -> bool:
    """A Veeva page opens with the site's name."""
    return text.lstrip().startswith(_MARK)


def parse(text: str, source: Source) -> Trial:
    """Parse one page; raises InputError naming the field for any value it cannot read."""
    ctx = Context(source.file_name)
    lines = lines_of(text)
    sec = sections(lines, HEADINGS)
    ids = sec.get("Identifiers", [])
    nct = next((x for x in ids if NCT_ID.match(x)), None)
    if nct is None:
        raise ctx.error("Identifiers", "no NCT number")
    ctx.record = nct
    if _FOOTER not in sec:
        raise ctx.error(None, "the page ends early (no 'Data sourced from' footer): truncated?")
    head = [x for x in sec[""] if x not in (_MARK, "Menu")]
    if not head:
        raise ctx.error("title", "the page has no title line")
    title = head[0]
    # After the title: a one-letter avatar, then the lead sponsor's name.
    sponsor_name = next((x for x in head[1:] if len(x) > 1), None)

    sp = sec.get("Status and phase", [])
    if not sp:
        raise ctx.error("Status and phase", "missing")
    status = lookup(codes.STATUS, sp[0], ctx.at("Status"), "status")
    phases = tuple(
        lookup(codes.PHASE, p, ctx.at("Phase"), "phase")
        for line in sp[1:]
        for p in re.split(r"\s*/\s*", line)
        if p
    )
    funders = sec.get("Funder types", [])
    agency = None
    if len(funders) == 1:
        agency = lookup(codes.AGENCY_CLASS, funders[0], ctx.at("Funder types"), "funder type")
    sponsors: tuple[Sponsorship, ...] = ()
    if sponsor_name:
        sponsors = (Sponsorship(Organization(sponsor_name, agency), SponsorRole.LEAD),)

    others = [x for x in ids if x != nct]
    # The page lists the organisation's own study id first, then any secondary ids.
    identifiers = tuple(
        Identifier(x, IdentifierType.ORG_STUDY_ID if k == 0 else IdentifierType.OTHER)
        for k, x in enumerate(others)
    )
    enrollment = None
    if sec.get("Enrollment"):
        m = _ENROLLMENT.match(sec["Enrollment"][0])
        if not m:
            raise ctx.error("Enrollment", "cannot read", sec["Enrollment"][0])
        kind = EnrollmentType(m.group(2).upper()) if m.group(2) else None
        enrollment = Enrollment(int(m.group(1).replace(",", "")), kind)

    trial_design = sec.get("Masking", [])
    masking = (lookup(codes.MASKING, trial_design[0], ctx.at("Masking"), "masking")
               if trial_design else None)
    design = Design(
        allocation=code_of(sec, "Allocation", codes.ALLOCATION, ctx),
        intervention_model=code_of(sec, "Interventional model", codes.INTERVENTION_MODEL, ctx),
        primary_purpose=code_of(sec, "Primary purpose", codes.PRIMARY_PURPOSE, ctx),
        masking=masking,
    )
    interventions = tuple(_treatment(x, ctx) for x in sec.get("Treatments", []))
    arms = _arms(trial_design[1:], ctx)
    summary = "\n\n".join(sec.get("About", [])) or None
    detailed = "\n\n".join(sec.get("Full description", [])) or None
    locations = [x for x in sec.get("Trial contacts and locations", []) if x != "Loading..."]
    site_count = int(locations[0]) if locations and locations[0].isdigit() else None
    contacts = tuple(
        Contact(split_person(name), "CONTACT")
        for line in sec.get("Central trial contact", [])
        for name in line.split(";")
        if name.strip()
    )
    return Trial(
        nct_id=nct,
        brief_title=title,
        source=source,
        identifiers=identifiers,
        status=status,
        phases=phases,
        study_type=code_of(sec, "Study type", codes.STUDY_TYPE, ctx),
        design=design,
        enrollment=enrollment,
        brief_summary=summary,
        detailed_description=detailed,
        conditions=tuple(sec.get("Conditions", [])),
        arms=arms,
        interventions=interventions,
        eligibility=_eligibility(sec, ctx),
        sponsors=sponsors,
        central_contacts=contacts,
        reported_site_count=site_count,
        outcomes=tuple(outcomes_from_narrative([summary, detailed])),
    )


def _treatment(line: str, ctx: Context) -> Intervention:
    m = _TREATMENT.match(line)
    if not m:
        raise ctx.error("Treatments", "expected 'Type: name'", line)
    kind = lookup(codes.INTERVENTION_TYPE, m.group("type"), ctx.at("Treatments"),
                  "intervention type")
    return Intervention(name=m.group("name").strip(), type=kind)


def _arms(lines: list[str], ctx: Context) -> tuple[Arm, ...]:
    """Blocks of label, ``X group``, ``Description:``, text, optional ``Treatment:`` lines."""
    lines = [x for x in lines if not _GROUPS.match(x)]
    anchors = [i for i, x in enumerate(lines) if x == "Description:"]
    out = []
    for n, a in enumerate(anchors):
        if a < 2:
            raise ctx.error("Trial design", "an arm description without label and type")
        end = anchors[n + 1] - 2 if n + 1 < len(anchors) else len(lines)
        body = lines[a + 1 : end]
        treat: list[str] = []
        if "Treatment:" in body:
            k = body.index("Treatment:")
            body, treat = body[:k], body[k + 1 :]
        names = tuple(_treatment(x, ctx).name for x in treat)
        out.append(Arm(
            label=lines[a - 2],
            type=lookup(codes.ARM_TYPE, lines[a - 1], ctx.at("Arm type"), "arm type"),
            description="\n".join(body) or None,
            interventions=names,
        ))
    return tuple(out)


def _eligibility(sec: dict[str, list[str]], ctx: Context) -> Eligibility:
    crit_lines = ["Inclusion criteria", *sec.get("Inclusion criteria", []),
                  "Exclusion criteria", *sec.get("Exclusion criteria", [])]
    # The exclusion list runs into the "Trial design" heading, which sections() cuts at.
    criteria, notes = parse_criteria(crit_lines)
    lo = hi = None
    ages = sec.get("Ages", [])
    if ages:
        m = _AGES.match(ages[0])
        if not m:
            raise ctx.error("Ages", "cannot read", ages[0])
        unit = AgeUnit(m.group("unit").upper() + "S")
        low, high = m.group("lo") or m.group("min"), m.group("hi") or m.group("max")
        lo = Age(int(low), unit) if low else None
        hi = Age(int(high), unit) if high else None
    sex = sec.get("Sex", [])
    vol = sec.get("Volunteers", [])
    healthy = None
    if vol:
        word = vol[0].lower()
        if word == "no healthy volunteers":
            healthy = False
        elif word in ("healthy volunteers", "accepts healthy volunteers"):
            healthy = True
        else:
            raise ctx.error("Volunteers", "cannot read", vol[0])
    return Eligibility(
        criteria=tuple(criteria),
        minimum_age=lo,
        maximum_age=hi,
        sex=lookup(codes.SEX, sex[0], ctx.at("Sex"), "sex") if sex else None,
        healthy_volunteers=healthy,
        notes=tuple(notes),
    )

