"""API v2 study modules about people and places: eligibility, contacts, officials and sites."""

from __future__ import annotations

import re

from kg.model import Contact, Eligibility, Official, Organization, Site
from kg.model_details import GeoPoint
from kg.sources import codes
from kg.sources.json_fields import Fields
from kg.sources.text import clean, parse_criteria, split_person

_ITEM = re.compile(r"^(?:\d{1,3}[.)]|[*\u2022\u25cf-])\s+")
_HEADING = re.compile(r"\b(inclusion|exclusion)\s+criteria\b", re.I)


def criteria_lines(text: str) -> tuple[list[str], set[int]]:
    """The eligibility text as parse_criteria takes it, and which lines open a paragraph.

    Items indented deeper than the list they follow (``  * sub-item`` under ``* item``) and the
    indented lines that continue them are folded into that item's line, so that they stay in
    its text whatever marker they use. When the text heads its exclusion criteria but not its
    inclusion criteria, the items before the exclusion heading are the inclusion criteria.
    """
    lines: list[str] = []
    paragraphs: set[int] = set()
    base: int | None = None
    in_item = blank = False
    for raw in text.expandtabs(4).splitlines():
        line = clean(raw)
        if not line:
            blank = True
            continue
        indent = len(raw) - len(raw.lstrip())
        item = bool(_ITEM.match(line))
        if in_item and base is not None and indent > base:
            lines[-1] += "\n" + line
        else:
            if item and (base is None or indent <= base):
                base = indent
            elif not item:
                base = None
            in_item = item
            if blank:
                paragraphs.add(len(lines))
            lines.append(line)
        blank = False
    kinds = {m.group(1).lower() for x in lines if len(x) < 80 and not _ITEM.match(x)
             for m in [_HEADING.search(x)] if m}
    if kinds == {"exclusion"}:
        lines.insert(0, "Inclusion Criteria:")
        paragraphs = {n + 1 for n in paragraphs} | {0}
    return lines, paragraphs


def eligibility(f: Fields) -> Eligibility:
    """The eligibility module: criteria one by one, ages, sex, volunteers, age groups."""
    text = f.string("eligibilityCriteria")
    criteria, notes = parse_criteria(*criteria_lines(text)) if text else ([], [])
    return Eligibility(
        criteria=tuple(criteria),
        minimum_age=f.age("minimumAge"),
        maximum_age=f.age("maximumAge"),
        sex=f.code("sex", codes.SEX, "sex"),
        healthy_volunteers=f.flag("healthyVolunteers"),
        notes=tuple(notes),
        standard_ages=f.codes("stdAges", codes.STANDARD_AGE, "standard age group"),
        study_population=f.text("studyPopulation"),
        sampling_method=f.code("samplingMethod", codes.SAMPLING_METHOD, "sampling method"),
    )


def contacts(f: Fields, key: str) -> tuple[Contact, ...]:
    """Central or site contacts; one without a name has no one to point to and is left out."""
    out = []
    for c in f.objs(key):
        name = c.string("name")
        if name is None:
            continue
        out.append(Contact(split_person(name), c.code("role", codes.CONTACT_ROLE, "contact role"),
                           c.string("phone"), c.string("email"), c.string("phoneExt")))
    return tuple(out)


def officials(f: Fields) -> tuple[Official, ...]:
    """The overall officials, with role and affiliation."""
    out = []
    for o in f.objs("overallOfficials"):
        name = o.string("name")
        if name is None:
            continue
        affiliation = o.string("affiliation")
        out.append(Official(split_person(name), o.code("role", codes.OFFICIAL_ROLE,
                                                       "official role"),
                            Organization(affiliation) if affiliation else None))
    return tuple(out)


def sites(f: Fields) -> tuple[Site, ...]:
    """Every location, in the record's order, with its geo point and contacts."""
    out = []
    for loc in f.objs("locations"):
        geo = loc.obj("geoPoint")
        lat, lon = geo.number("lat"), geo.number("lon")
        if (lat is None) != (lon is None):
            raise geo.error("lon" if lon is None else "lat", "a geo point needs both coordinates")
        if lat is not None and not -90 <= lat <= 90:
            raise geo.error("lat", "a latitude lies between -90 and 90", str(lat))
        if lon is not None and not -180 <= lon <= 180:
            raise geo.error("lon", "a longitude lies between -180 and 180", str(lon))
        out.append(Site(
            facility=loc.string("facility"),
            country=loc.string("country"),
            city=loc.string("city"),
            region=loc.string("state"),
            status=loc.code("status", codes.STATUS, "site status"),
            postal_code=loc.string("zip"),
            geo=GeoPoint(lat, lon) if lat is not None and lon is not None else None,
            contacts=contacts(loc, "contacts"),
        ))
    return tuple(out)
