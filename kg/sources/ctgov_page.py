"""Reader for the ClinicalTrials.gov-style study page (``NCT ID:`` line, code-valued fields)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.model import (
    Arm,
    Contact,
    Design,
    Eligibility,
    Enrollment,
    Identifier,
    IdentifierType,
    Intervention,
    Official,
    OfficialRole,
    Organization,
    Phase,
    Site,
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
    email_or_none,
    lines_of,
    lookup,
    outcomes_from_narrative,
    parse_age,
    parse_criteria,
    parse_date,
    sections,
    split_person,
)

LAYOUT = "ctgov-page"

HEADINGS = (
    "Study Results",
    "Basic Information",
    "Brief Summary",
    "Detailed Description",
    "Conditions",
    "Keywords",
    "Study Design",
    "Study Groups",
    "Interventions",
    "Eligibility Criteria",
    "Sponsors",
    "Responsible Party",
    "Principal Investigators",
    "Locations",
    "Countries",
    "Central Contacts",
    "Facility Contacts",
    "Other Identifiers",
    "Related Clinical Trials",
    "More Related Trials",
)

# Each section opens with one sentence of page furniture addressed to the reader.
_BLURB = re.compile(
    r"^(Get|Review|Dive|See|Explore|Understand|Learn|Check|Meet|Identify|Find|Reach|Additional)"
    r" .+\.$"
)
_NCT_LINE = re.compile(r"^NCT ID:\s*(\S+)$", re.M)
_ENROLLMENT = re.compile(r"^(\d[\d,]*)\s+(?:participants?|patients?)$", re.I)


def detect(text: str) -> bool:
    """A ClinicalTrials.gov-style page has an ``NCT ID:`` line and a status field."""
    return bool(_NCT_LINE.search(text)) and "\nRecruitment Status" in text


def _body(lines: list[str]) -> list[str]:
    return lines[1:] if lines and _BLURB.match(lines[0]) else lines


def _fields(lines: Sequence[str], labels: Sequence[str]) -> dict[str, str]:
    """Label lines followed by their value line."""
    out: dict[str, str] = {}
    for i, line in enumerate(lines[:-1]):
        if line in labels and line not in out:
            out[line] = lines[i + 1]
    return out


def _blocks(lines: Sequence[str], anchor: str) -> list[tuple[list[str], int]]:
    """Indices of anchor lines, with the lines since the previous anchor block."""
    out: list[tuple[list[str], int]] = []
    start = 0
    for i, line in enumerate(lines):
        if line.startswith(anchor):
            out.append((list(lines[start:i]), i))
            start = i + 1
    return out


def parse(text: str, source: Source) -> Trial:
    """Parse one page; raises InputError naming the field for any value it cannot read."""
    ctx = Context(source.file_name)
    lines = lines_of(text)
    m = _NCT_LINE.search(text)
    if not m or not NCT_ID.match(m.group(1)):
        raise ctx.error("NCT ID", "no valid NCT number", m.group(1) if m else None)
    ctx.record = m.group(1)
    sec = {k: _body(v) for k, v in sections(lines, HEADINGS).items()}
    head = sec[""]
    title = head[0] if head and not head[0].startswith("NCT ID:") else None
    if not title:
        raise ctx.error("title", "the page has no title line")
    acronym = None
    am = re.match(r"^([A-Z][A-Za-z0-9]*(?:[-+][A-Za-z0-9]+)*):\s", title)
    if am and any(c.isupper() for c in am.group(1)[1:]):
        acronym = am.group(1)
    last_updated = None
    for line in head:
        if line.startswith("Last Updated:"):
            last_updated = parse_date(line.split(":", 1)[1], ctx.at("Last Updated"))

    basic = _fields(
        sec.get("Basic Information", []),
        ("Recruitment Status", "Clinical Phase", "Total Enrollment", "Study Classification",
         "Study Start Date", "Study Completion Date"),
    )
    if "Recruitment Status" not in basic:
        raise ctx.error("Recruitment Status", "missing (is the page truncated?)")
    status = lookup(codes.STATUS, basic["Recruitment Status"], ctx.at("Recruitment Status"),
                    "status")
    phases: tuple[Phase, ...] = ()
    if "Clinical Phase" in basic:
        words = re.split(r"[,|/]\s*|\s+", basic["Clinical Phase"].strip())
        phases = tuple(lookup(codes.PHASE, w, ctx.at("Clinical Phase"), "phase")
                       for w in words if w)
    enrollment = None
    if "Total Enrollment" in basic:
        em = _ENROLLMENT.match(basic["Total Enrollment"])
        if not em:
            raise ctx.error("Total Enrollment", "cannot read", basic["Total Enrollment"])
        enrollment = Enrollment(int(em.group(1).replace(",", "")))
    study_type = code_of(basic, "Study Classification", codes.STUDY_TYPE, ctx)
    start = (parse_date(basic["Study Start Date"], ctx.at("Study Start Date"))
             if "Study Start Date" in basic else None)
    completion = (parse_date(basic["Study Completion Date"], ctx.at("Study Completion Date"))
                  if "Study Completion Date" in basic else None)

    dfields = _fields(sec.get("Study Design", []),
                      ("Allocation Method", "Intervention Model", "Primary Study Purpose",
                       "Blinding Strategy"))

    design = Design(
        allocation=code_of(dfields, "Allocation Method", codes.ALLOCATION, ctx),
        intervention_model=code_of(dfields, "Intervention Model", codes.INTERVENTION_MODEL, ctx),
        primary_purpose=code_of(dfields, "Primary Study Purpose", codes.PRIMARY_PURPOSE, ctx),
        masking=code_of(dfields, "Blinding Strategy", codes.MASKING, ctx),
    )

    interventions = _interventions(sec.get("Interventions", []), ctx)
    arms = _arms(sec.get("Study Groups", []), interventions, ctx)
    summary = "\n\n".join(sec.get("Brief Summary", [])) or None
    detailed = "\n\n".join(sec.get("Detailed Description", [])) or None
    eligibility = _eligibility(sec.get("Eligibility Criteria", []), ctx)
    sponsors = _sponsors(sec.get("Sponsors", []), ctx)
    if not any(s.role is SponsorRole.LEAD for s in sponsors):
        raise ctx.error("Sponsors", "no lead sponsor (is the page truncated?)")
    rp_lines = sec.get("Responsible Party", [])
    responsible = None
    for line in rp_lines:
        if line.startswith("Responsibility Role"):
            responsible = lookup(codes.RESPONSIBLE_PARTY, line.removeprefix("Responsibility Role"),
                                 ctx.at("Responsible Party"), "responsible party")
    contacts = _contacts(sec.get("Facility Contacts", []))
    sites = _sites(sec.get("Locations", []), contacts, ctx)

    return Trial(
        nct_id=ctx.record,
        brief_title=title,
        acronym=acronym,
        source=source,
        identifiers=_identifiers(sec.get("Other Identifiers", []), ctx),
        status=status,
        phases=phases,
        study_type=study_type,
        design=design,
        enrollment=enrollment,
        start_date=start,
        completion_date=completion,
        last_updated=last_updated,
        brief_summary=summary,
        detailed_description=detailed,
        conditions=tuple(sec.get("Conditions", [])),
        keywords=tuple(sec.get("Keywords", [])),
        arms=arms,
        interventions=interventions,
        eligibility=eligibility,
        sponsors=sponsors,
        responsible_party=responsible,
        officials=_officials(sec.get("Principal Investigators", []), ctx),
        central_contacts=tuple(_contacts(sec.get("Central Contacts", []))),
        sites=sites,
        outcomes=tuple(outcomes_from_narrative([summary, detailed])),
    )


def _interventions(lines: list[str], ctx: Context) -> tuple[Intervention, ...]:
    out = []
    for block, i in _blocks(lines, "Intervention Type"):
        if not block:
            raise ctx.error("Interventions", "an intervention type with no name before it")
        kind = lookup(codes.INTERVENTION_TYPE, lines[i].removeprefix("Intervention Type"),
                      ctx.at("Intervention Type"), "intervention type")
        desc = block[1:]
        items = tuple(line[2:].strip() for line in desc if line.startswith("* "))
        out.append(Intervention(name=block[0], type=kind, description="\n".join(desc) or None,
                                items=items))
    return tuple(out)


def _arms(lines: list[str], interventions: Sequence[Intervention], ctx: Context
          ) -> tuple[Arm, ...]:
    """Study Groups: label, description, ``Group Type``, then name + ``Intervention Type`` +
    the intervention's description (as in the Interventions section) for each intervention."""
    described = {iv.name: (iv.description or "").split("\n") if iv.description else []
                 for iv in interventions}
    arms: list[tuple[str, list[str], str, list[str]]] = []
    pending: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("Group Type"):
            if not pending:
                raise ctx.error("Study Groups", "a group type with no arm label before it")
            arms.append((pending[0], pending[1:], line.removeprefix("Group Type").strip(), []))
            pending = []
        elif line.startswith("Intervention Type"):
            if not arms or not pending:
                raise ctx.error("Study Groups", "an intervention outside any arm")
            name = pending[-1]
            arms[-1][3].append(name)
            pending = []
            expected = described.get(name, [])
            n = len(expected)
            if expected and lines[i + 1 : i + 1 + n] == expected:
                i += n
        else:
            pending.append(line)
        i += 1
    out = []
    for label, desc, kind, names in arms:
        arm_type = lookup(codes.ARM_TYPE, kind, ctx.at("Group Type"), "arm type")
        out.append(Arm(label=label, type=arm_type, description="\n".join(desc) or None,
                       interventions=tuple(names)))
    return tuple(out)


def _eligibility(lines: list[str], ctx: Context) -> Eligibility:
    labels = ("Minimum Eligible Age", "Maximum Eligible Age", "Eligible Sex",
              "Accepts Healthy Volunteers")
    cut = next((i for i, line in enumerate(lines) if line in labels), len(lines))
    criteria, notes = parse_criteria(lines[:cut])
    f = _fields(lines[cut:], labels)
    hv = f.get("Accepts Healthy Volunteers")
    if hv is not None and hv not in ("Yes", "No"):
        raise ctx.error("Accepts Healthy Volunteers", "expected Yes or No", hv)
    return Eligibility(
        criteria=tuple(criteria),
        minimum_age=(parse_age(f["Minimum Eligible Age"], ctx.at("Minimum Eligible Age"))
                     if "Minimum Eligible Age" in f else None),
        maximum_age=(parse_age(f["Maximum Eligible Age"], ctx.at("Maximum Eligible Age"))
                     if "Maximum Eligible Age" in f else None),
        sex=(lookup(codes.SEX, f["Eligible Sex"], ctx.at("Eligible Sex"), "sex")
             if "Eligible Sex" in f else None),
        healthy_volunteers=None if hv is None else hv == "Yes",
        notes=tuple(notes),
    )


def _sponsors(lines: list[str], ctx: Context) -> tuple[Sponsorship, ...]:
    out = []
    for block, i in _blocks(lines, "Sponsor Role"):
        if not block:
            raise ctx.error("Sponsors", "a sponsor role with no organisation")
        role_word = lines[i].removeprefix("Sponsor Role").strip().upper()
        role = lookup({"lead": SponsorRole.LEAD, "collaborator": SponsorRole.COLLABORATOR},
                      role_word, ctx.at("Sponsor Role"), "sponsor role")
        agency = None
        if len(block) > 1:
            agency = lookup(codes.AGENCY_CLASS, block[-1], ctx.at("Sponsor class"), "class")
            block = block[:-1]
        out.append(Sponsorship(Organization(" ".join(block), agency), role))
    return tuple(out)


def _officials(lines: list[str], ctx: Context) -> tuple[Official, ...]:
    out = []
    for j, line in enumerate(lines):
        if not line.startswith("Role:") or j == 0:
            continue
        role_text = line.removeprefix("Role:").strip()
        role = lookup({r.value.lower().replace("_", " "): r for r in OfficialRole},
                      role_text, ctx.at("Principal Investigators"), "official role")
        nxt = lines[j + 1] if j + 1 < len(lines) else None
        after = lines[j + 2] if j + 2 < len(lines) else None
        affiliation = None
        if nxt is not None and not nxt.startswith("Role:") and not (
            after is not None and after.startswith("Role:")
        ):
            affiliation = Organization(nxt)
        out.append(Official(split_person(lines[j - 1]), role, affiliation))
    return tuple(out)


def _contacts(lines: list[str]) -> list[Contact]:
    """Blocks of name, ``Role:``, then optional ``Phone:`` and ``Email:`` lines."""
    out: list[Contact] = []
    for j, line in enumerate(lines):
        if not line.startswith("Role:") or j == 0:
            continue
        phone = email = None
        for extra in lines[j + 1 : j + 3]:
            if extra.startswith("Phone:"):
                phone = extra.removeprefix("Phone:").strip() or None
            elif extra.startswith("Email:"):
                email = email_or_none(extra.removeprefix("Email:"))
        out.append(Contact(split_person(lines[j - 1]), line.removeprefix("Role:").strip() or None,
                           phone, email))
    return out


def _sites(lines: list[str], contacts: list[Contact], ctx: Context) -> tuple[Site, ...]:
    out = []
    for block, i in _blocks(lines, "Site Status"):
        if len(block) < 2:
            raise ctx.error("Locations", "a site status without facility and place", lines[i])
        facility, place = " ".join(block[:-1]), block[-1]
        parts = [p.strip() for p in place.split(",")]
        if len(parts) == 3:
            city, region, country = parts
        elif len(parts) == 2:
            (city, country), region = parts, ""
        else:
            raise ctx.error("Locations", "expected 'city, region, country'", place)
        word = lines[i].removeprefix("Site Status").strip()
        status = lookup(codes.STATUS, word, ctx.at("Site Status"), "status") if word else None
        out.append(Site(facility=facility, country=country, city=city or None,
                        region=region or None, status=status))
    if contacts and len(contacts) != len(out):
        raise ctx.error("Facility Contacts",
                        f"{len(contacts)} contacts for {len(out)} locations; cannot pair them")
    if contacts:
        out = [Site(s.facility, s.country, s.city, s.region, s.status, c)
               for s, c in zip(out, contacts, strict=True)]
    return tuple(out)


def _identifiers(lines: list[str], ctx: Context) -> tuple[Identifier, ...]:
    out = []
    for j, line in enumerate(lines):
        if not line.startswith("Identifier Type:") or j == 0:
            continue
        word = line.removeprefix("Identifier Type:").strip()
        source = ""
        if j + 1 < len(lines) and lines[j + 1].startswith("Identifier Source:"):
            source = lines[j + 1].removeprefix("Identifier Source:").strip()
        if word in ("", "-"):
            kind = IdentifierType.ORG_STUDY_ID if source == "org_study_id" else IdentifierType.OTHER
        else:
            kind = lookup(codes.IDENTIFIER_TYPE, word, ctx.at("Identifier Type"),
                          "identifier type")
        out.append(Identifier(lines[j - 1], kind))
    return tuple(out)
