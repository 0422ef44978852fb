"""Reader for ClinicalTrials.gov API v2 study objects: every protocol module into the model."""

from __future__ import annotations

import re
from typing import Any

from kg.model import (
    Arm,
    Design,
    Enrollment,
    ExpandedAccess,
    Identifier,
    IdentifierType,
    Intervention,
    Organization,
    Outcome,
    OutcomeKind,
    Phase,
    ResponsibleInvestigator,
    ResponsiblePartyType,
    Source,
    SponsorRole,
    Sponsorship,
    StudyDate,
    StudyType,
    Trial,
)
from kg.model_details import DateKind, IpdSharingStatement, MeshTerm, Oversight, Reference
from kg.sources import codes
from kg.sources.ctgov_json_sites import contacts, eligibility, officials, sites
from kg.sources.json_fields import Fields, json_type
from kg.sources.text import NCT_ID, Context, split_person

LAYOUT = "ctgov-json"

# statusModule keys of the registry's dates: structured ones carry {date, type}, plain ones a date.
_DATE_STRUCTS = {
    "startDateStruct": DateKind.START,
    "primaryCompletionDateStruct": DateKind.PRIMARY_COMPLETION,
    "completionDateStruct": DateKind.COMPLETION,
    "studyFirstPostDateStruct": DateKind.FIRST_POSTED,
    "resultsFirstPostDateStruct": DateKind.RESULTS_FIRST_POSTED,
    "dispFirstPostDateStruct": DateKind.DISPOSITION_FIRST_POSTED,
    "lastUpdatePostDateStruct": DateKind.LAST_UPDATE_POSTED,
}
_PLAIN_DATES = {
    "statusVerifiedDate": DateKind.STATUS_VERIFIED,
    "studyFirstSubmitDate": DateKind.FIRST_SUBMITTED,
    "studyFirstSubmitQcDate": DateKind.FIRST_SUBMITTED_QC,
    "resultsFirstSubmitDate": DateKind.RESULTS_FIRST_SUBMITTED,
    "resultsFirstSubmitQcDate": DateKind.RESULTS_FIRST_SUBMITTED_QC,
    "dispFirstSubmitDate": DateKind.DISPOSITION_FIRST_SUBMITTED,
    "dispFirstSubmitQcDate": DateKind.DISPOSITION_FIRST_SUBMITTED_QC,
    "lastUpdateSubmitDate": DateKind.LAST_UPDATE_SUBMITTED,
}
_OUTCOME_LISTS = (
    ("primaryOutcomes", OutcomeKind.PRIMARY),
    ("secondaryOutcomes", OutcomeKind.SECONDARY),
    ("otherOutcomes", OutcomeKind.OTHER),
)
# MeSH unique ids: D (descriptor) or C (supplementary concept record) and digits; kept as the
# registry writes them (it pads some old seven-character ids with zeros).
_MESH_ID = re.compile(r"^[CD]\d{6,9}$")


def parse_study(obj: dict[str, Any], source: Source) -> Trial:
    """One API v2 study object -> Trial; raises InputError naming file, NCT id and field."""
    ctx = Context(source.file_name)
    if not isinstance(obj, dict):
        raise ctx.error(None, f"a study must be a JSON object, found {json_type(obj)}")
    root = Fields(obj, "", ctx)
    if not root.has("protocolSection"):
        raise root.error("protocolSection", "missing: not a ClinicalTrials.gov API v2 study")
    proto = root.obj("protocolSection")
    ident = proto.obj("identificationModule")
    nct = ident.string("nctId")
    if nct is None:
        raise ident.error("nctId", "missing: a study needs its NCT number")
    if not NCT_ID.match(nct):
        raise ident.error("nctId", "not an NCT number (NCT and eight digits)", nct)
    ctx.record = nct
    brief_title = ident.text("briefTitle") or ident.text("officialTitle")
    if brief_title is None:
        raise ident.error("briefTitle", "missing: a study needs a title")

    status = proto.obj("statusModule")
    dates = _dates(status)
    first = {d.kind: d.date for d in dates}
    sponsors = proto.obj("sponsorCollaboratorsModule")
    party, investigator = _responsible(sponsors.obj("responsibleParty"))
    study_type, phases, design, enrollment = _design(proto.obj("designModule"))
    derived = root.obj("derivedSection")
    return Trial(
        nct_id=nct,
        brief_title=brief_title,
        source=source,
        official_title=ident.text("officialTitle"),
        acronym=ident.string("acronym"),
        identifiers=_identifiers(ident),
        organization=_organization(ident.obj("organization"), "fullName"),
        nct_aliases=ident.strings("nctIdAliases"),
        status=status.code("overallStatus", codes.STATUS, "status"),
        last_known_status=status.code("lastKnownStatus", codes.STATUS, "status"),
        why_stopped=status.text("whyStopped"),
        expanded_access=_expanded_access(status.obj("expandedAccessInfo")),
        dates=dates,
        start_date=first.get(DateKind.START),
        completion_date=first.get(DateKind.COMPLETION),
        last_updated=first.get(DateKind.LAST_UPDATE_POSTED),
        sponsors=_sponsors(sponsors),
        responsible_party=party,
        responsible_investigator=investigator,
        oversight=_oversight(proto.obj("oversightModule")),
        brief_summary=proto.obj("descriptionModule").text("briefSummary"),
        detailed_description=proto.obj("descriptionModule").text("detailedDescription"),
        conditions=proto.obj("conditionsModule").strings("conditions"),
        keywords=proto.obj("conditionsModule").strings("keywords"),
        study_type=study_type,
        phases=phases,
        design=design,
        enrollment=enrollment,
        arms=_arms(proto.obj("armsInterventionsModule")),
        interventions=_interventions(proto.obj("armsInterventionsModule")),
        outcomes=_outcomes(proto.obj("outcomesModule")),
        eligibility=eligibility(proto.obj("eligibilityModule")),
        central_contacts=contacts(proto.obj("contactsLocationsModule"), "centralContacts"),
        officials=officials(proto.obj("contactsLocationsModule")),
        sites=sites(proto.obj("contactsLocationsModule")),
        references=_references(proto.obj("referencesModule")),
        ipd_sharing=_ipd(proto.obj("ipdSharingStatementModule")),
        has_results=root.flag("hasResults"),
        condition_mesh=_meshes(derived.obj("conditionBrowseModule")),
        intervention_mesh=_meshes(derived.obj("interventionBrowseModule")),
    )


def _organization(f: Fields, name_key: str) -> Organization | None:
    name = f.string(name_key)
    if name is None:
        return None
    return Organization(name, f.code("class", codes.AGENCY_CLASS, "agency class"))


def _identifiers(ident: Fields) -> tuple[Identifier, ...]:
    out = []
    org_id = ident.obj("orgStudyIdInfo")
    value = org_id.string("id")
    if value:
        out.append(Identifier(value, IdentifierType.ORG_STUDY_ID, link=org_id.string("link")))
    for sec in ident.objs("secondaryIdInfos"):
        value = sec.string("id")
        if value is None:
            raise sec.error("id", "missing: a secondary id needs its value")
        out.append(Identifier(value, sec.code("type", codes.IDENTIFIER_TYPE, "identifier type"),
                              domain=sec.text("domain"), link=sec.string("link")))
    return tuple(out)


def _dates(status: Fields) -> tuple[StudyDate, ...]:
    out = []
    for key, kind in _DATE_STRUCTS.items():
        struct = status.obj(key)
        day = struct.date("date")
        if day is not None:
            out.append(StudyDate(kind, day, struct.code("type", codes.DATE_TYPE, "date type")))
    for key, kind in _PLAIN_DATES.items():
        day = status.date(key)
        if day is not None:
            out.append(StudyDate(kind, day))
    order = list(DateKind)
    return tuple(sorted(out, key=lambda d: order.index(d.kind)))


def _expanded_access(f: Fields) -> ExpandedAccess | None:
    if not f.data:
        return None
    return ExpandedAccess(f.flag("hasExpandedAccess"), f.string("nctId"),
                          f.code("statusForNctId", codes.STATUS, "expanded access status"))


def _sponsors(f: Fields) -> tuple[Sponsorship, ...]:
    out = []
    lead = _organization(f.obj("leadSponsor"), "name")
    if lead:
        out.append(Sponsorship(lead, SponsorRole.LEAD))
    for collab in f.objs("collaborators"):
        org = _organization(collab, "name")
        if org:
            out.append(Sponsorship(org, SponsorRole.COLLABORATOR))
    return tuple(out)


def _responsible(
    party: Fields,
) -> tuple[ResponsiblePartyType | None, ResponsibleInvestigator | None]:
    kind = party.code("type", codes.RESPONSIBLE_PARTY, "responsible party type")
    name = party.string("investigatorFullName") or party.string("oldNameTitle")
    investigator = None
    if name:
        affiliation = party.string("investigatorAffiliation") or party.string("oldOrganization")
        investigator = ResponsibleInvestigator(
            split_person(name), party.text("investigatorTitle"),
            Organization(affiliation) if affiliation else None)
    return kind, investigator


def _oversight(f: Fields) -> Oversight | None:
    if not f.data:
        return None
    return Oversight(
        fda_regulated_drug=f.flag("isFdaRegulatedDrug"),
        fda_regulated_device=f.flag("isFdaRegulatedDevice"),
        unapproved_device=f.flag("isUnapprovedDevice"),
        us_export=f.flag("isUsExport"),
        has_dmc=f.flag("oversightHasDmc"),
        fdaaa801_violation=f.flag("fdaaa801Violation"),
    )


def _design(
    f: Fields,
) -> tuple[StudyType | None, tuple[Phase, ...], Design, Enrollment | None]:
    info = f.obj("designInfo")
    masking = info.obj("maskingInfo")
    enrollment = f.obj("enrollmentInfo")
    count = enrollment.integer("count")
    if count is not None and count < 0:
        raise enrollment.error("count", "a participant count cannot be negative", count)
    design = Design(
        allocation=info.code("allocation", codes.ALLOCATION, "allocation"),
        intervention_model=info.code("interventionModel", codes.INTERVENTION_MODEL,
                                     "intervention model"),
        primary_purpose=info.code("primaryPurpose", codes.PRIMARY_PURPOSE, "primary purpose"),
        masking=masking.code("masking", codes.MASKING, "masking"),
        who_masked=masking.codes("whoMasked", codes.WHO_MASKED, "masked party"),
        masking_description=masking.text("maskingDescription"),
        model_description=info.text("interventionModelDescription"),
        observational_model=info.code("observationalModel", codes.OBSERVATIONAL_MODEL,
                                      "observational model"),
        time_perspective=info.code("timePerspective", codes.TIME_PERSPECTIVE,
                                   "time perspective"),
        patient_registry=f.flag("patientRegistry"),
        target_duration=f.string("targetDuration"),
    )
    return (
        f.code("studyType", codes.STUDY_TYPE, "study type"),
        f.codes("phases", codes.PHASE, "phase"),
        design,
        None if count is None else Enrollment(
            count, enrollment.code("type", codes.ENROLLMENT_TYPE, "enrollment type")),
    )


def _intervention_name(text: str) -> str:
    """``Drug: Abexinostat`` -> ``Abexinostat``: arms name interventions with a type prefix."""
    prefix, sep, name = text.partition(":")
    key = " ".join(prefix.lower().replace("_", " ").split())
    if sep and name.strip() and key in codes.INTERVENTION_TYPE:
        return name.strip()
    return text


def _arms(f: Fields) -> tuple[Arm, ...]:
    out = []
    for arm in f.objs("armGroups"):
        label = arm.string("label")
        if label is None:
            raise arm.error("label", "missing: an arm group needs its label")
        names = tuple(dict.fromkeys(
            _intervention_name(n) for n in arm.strings("interventionNames")))
        out.append(Arm(label, arm.code("type", codes.ARM_TYPE, "arm group type"),
                       arm.text("description"), names))
    return tuple(out)


def _interventions(f: Fields) -> tuple[Intervention, ...]:
    out = []
    for iv in f.objs("interventions"):
        name = iv.string("name")
        if name is None:
            raise iv.error("name", "missing: an intervention needs its name")
        kind = iv.code("type", codes.INTERVENTION_TYPE, "intervention type")
        if kind is None:
            raise iv.error("type", "missing: an intervention needs its type")
        out.append(Intervention(name, kind, iv.text("description"),
                                other_names=iv.strings("otherNames"),
                                arm_labels=iv.strings("armGroupLabels")))
    return tuple(out)


def _outcomes(f: Fields) -> tuple[Outcome, ...]:
    out = []
    for key, kind in _OUTCOME_LISTS:
        for item in f.objs(key):
            measure = item.text("measure")
            if measure is None:
                raise item.error("measure", "missing: an outcome needs its measure")
            out.append(Outcome(kind, measure, item.text("timeFrame"), item.text("description")))
    return tuple(out)


def _references(f: Fields) -> tuple[Reference, ...]:
    out = []
    for ref in f.objs("references"):
        pmid = ref.string("pmid")
        if pmid is not None and not pmid.isdigit():
            raise ref.error("pmid", "not a PubMed id (digits only)", pmid)
        out.append(Reference(pmid, ref.code("type", codes.REFERENCE_TYPE, "reference type"),
                             ref.text("citation")))
    for link in f.objs("seeAlsoLinks"):
        url = link.string("url")
        if url is not None:
            out.append(Reference(citation=link.text("label"), url=url))
    return tuple(out)


def _ipd(f: Fields) -> IpdSharingStatement | None:
    sharing = f.code("ipdSharing", codes.IPD_SHARING, "IPD sharing")
    if sharing is None:
        return None
    return IpdSharingStatement(
        sharing, f.text("description"), f.codes("infoTypes", codes.IPD_INFO_TYPE, "IPD info type"),
        f.text("timeFrame"), f.text("accessCriteria"), f.string("url"))


def _meshes(f: Fields) -> tuple[MeshTerm, ...]:
    out: list[MeshTerm] = []
    for mesh in f.objs("meshes"):
        mesh_id, term = mesh.string("id"), mesh.string("term")
        if mesh_id is None or not _MESH_ID.match(mesh_id):
            raise mesh.error("id", "not a MeSH unique id", mesh_id)
        if term is None:
            raise mesh.error("term", "missing: a MeSH heading needs its term")
        if all(m.id != mesh_id for m in out):
            out.append(MeshTerm(mesh_id, term))
    return tuple(out)
