"""Trial -> RDF triples under the kg ontology, with explicit XSD datatypes. Pure: no I/O."""

from __future__ import annotations

import re
from datetime import datetime

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDFS, XSD

from kg import model
from kg.iris import Minter, concept, slug
from kg.mapping_details import mesh_links, record_details
from kg.namespaces import KG
from kg.triples import Triple as Triple
from kg.triples import Triples, date_literal, decimal, integer, organization, unique_keys
from kg.vocab.rdf import drug_triples

REGISTRY_PAGE = "https://clinicaltrials.gov/study/"


# Words that make an intervention name a group of treatments rather than one substance
# ("Low intensity therapies", "Standard salvage regimen").
_GROUP_WORDS = re.compile(
    r"\b(therapy|therapies|treatments?|regimens?|chemotherapy|combinations?|standard of care)\b",
    re.I,
)


def names_a_drug(iv: model.Intervention) -> bool:
    """Whether a drug or biological intervention is named after one substance."""
    drug_types = (model.InterventionType.DRUG, model.InterventionType.BIOLOGICAL)
    return iv.type in drug_types and not _GROUP_WORDS.search(iv.name)


def trial_triples(
    trial: model.Trial,
    minter: Minter,
    tool_version: str,
    built_at: datetime | None = None,
) -> list[Triple]:
    """Every triple one trial contributes, its provenance included."""
    t = Triples()
    nct = trial.nct_id
    me = minter.trial(nct)
    t.node(me, KG.Trial, trial.brief_title)
    t.add(me, KG.nctId, nct)
    t.add(me, RDFS.seeAlso, URIRef(REGISTRY_PAGE + nct))
    t.add(me, KG.briefTitle, trial.brief_title)
    t.add(me, KG.officialTitle, trial.official_title)
    t.add(me, KG.acronym, trial.acronym)
    t.add(me, KG.briefSummary, trial.brief_summary)
    t.add(me, KG.detailedDescription, trial.detailed_description)
    for kw in trial.keywords:
        t.add(me, KG.keyword, kw)
    if trial.status:
        t.add(me, KG.overallStatus, concept(trial.status))
    for phase in trial.phases:
        t.add(me, KG.phase, concept(phase))
    design = trial.design
    for prop, value in (
        (KG.studyType, trial.study_type),
        (KG.allocation, design.allocation),
        (KG.interventionModel, design.intervention_model),
        (KG.primaryPurpose, design.primary_purpose),
        (KG.masking, design.masking),
        (KG.responsibleParty, trial.responsible_party),
    ):
        if value is not None:
            t.add(me, prop, concept(value))
    if trial.enrollment:
        t.add(me, KG.enrollment, integer(trial.enrollment.count))
        if trial.enrollment.type:
            t.add(me, KG.enrollmentType, concept(trial.enrollment.type))
    for prop, day in ((KG.startDate, trial.start_date), (KG.completionDate, trial.completion_date),
                      (KG.lastUpdated, trial.last_updated)):
        if day:
            t.add(me, prop, date_literal(day))
    if trial.reported_site_count is not None:
        t.add(me, KG.reportedSiteCount, integer(trial.reported_site_count))

    for ident in trial.identifiers:
        node = minter.in_trial(nct, "identifier", ident.value)
        t.add(me, KG.hasIdentifier, node)
        t.node(node, KG.Identifier, ident.value)
        t.add(node, KG.identifierValue, ident.value)
        if ident.type:
            t.add(node, KG.identifierType, concept(ident.type))

    for name in trial.conditions:
        node = minter.condition(name)
        t.add(me, KG.hasCondition, node)
        t.node(node, KG.Condition, name)

    _interventions_and_arms(t, trial, minter)
    _eligibility(t, trial, minter)
    _people_and_sites(t, trial, minter)

    for kind in model.OutcomeKind:
        outcomes = [o for o in trial.outcomes if o.kind is kind]
        for n, outcome in enumerate(outcomes, 1):
            node = minter.in_trial(nct, "outcome", kind.value, str(n))
            t.add(me, KG.hasOutcome, node)
            t.node(node, KG.Outcome, outcome.measure)
            t.add(node, KG.outcomeKind, concept(kind))
            t.add(node, KG.position, integer(n))
            t.add(node, KG.timeFrame, outcome.time_frame)
            t.add(node, KG.description, outcome.description)

    record_details(t, trial, minter)
    t.items.extend(drug_triples(trial, minter))  # drugs, regimens, doses via the bundled tables
    _provenance(t, trial, minter, tool_version, built_at)
    return t.items


def _interventions_and_arms(t: Triples, trial: model.Trial, minter: Minter) -> None:
    me, nct = minter.trial(trial.nct_id), trial.nct_id
    by_name: dict[str, URIRef] = {}
    for key, iv in zip(unique_keys(i.name for i in trial.interventions), trial.interventions,
                       strict=True):
        node = minter.in_trial(nct, "intervention", key)
        by_name.setdefault(iv.name, node)
        t.add(me, KG.hasIntervention, node)
        t.node(node, KG.Intervention, iv.name)
        t.add(node, KG.interventionType, concept(iv.type))
        t.add(node, KG.description, iv.description)
        for other in iv.other_names:
            t.add(node, KG.otherName, other)
        mesh_links(t, node, (iv.name, *iv.other_names), trial.intervention_mesh, minter)
        for n, item in enumerate(iv.items, 1):
            option = minter.in_trial(nct, "intervention", key, "option", str(n))
            t.add(node, KG.hasOption, option)
            t.node(option, KG.TreatmentOption, item)
            t.add(option, KG.text, item)
            t.add(option, KG.position, integer(n))
    arm_nodes: dict[str, URIRef] = {}
    received: set[tuple[URIRef, URIRef]] = set()
    for key, arm in zip(unique_keys(a.label for a in trial.arms), trial.arms, strict=True):
        node = minter.in_trial(nct, "arm", key)
        arm_nodes.setdefault(arm.label, node)
        t.add(me, KG.hasArm, node)
        t.node(node, KG.Arm, arm.label)
        if arm.type:
            t.add(node, KG.armType, concept(arm.type))
        t.add(node, KG.description, arm.description)
        for name in arm.interventions:
            target = by_name.get(name)
            if target is None:  # named by the arm only: keep it, with what the arm says
                target = minter.in_trial(nct, "intervention", slug(name))
                t.node(target, KG.Intervention, name)
                t.add(me, KG.hasIntervention, target)
                by_name[name] = target
            if (node, target) not in received:
                received.add((node, target))
                t.add(node, KG.receives, target)
    for iv in trial.interventions:  # the links a record states from the intervention's side
        for label in iv.arm_labels:
            arm_node, target = arm_nodes.get(label), by_name[iv.name]
            if arm_node is not None and (arm_node, target) not in received:
                received.add((arm_node, target))
                t.add(arm_node, KG.receives, target)


def _eligibility(t: Triples, trial: model.Trial, minter: Minter) -> None:
    me, nct, el = minter.trial(trial.nct_id), trial.nct_id, trial.eligibility
    node = minter.in_trial(nct, "eligibility")
    t.add(me, KG.hasEligibility, node)
    t.node(node, KG.Eligibility, f"Eligibility of {nct}")
    if el.sex:
        t.add(node, KG.sex, concept(el.sex))
    if el.healthy_volunteers is not None:
        t.add(node, KG.healthyVolunteers, Literal(el.healthy_volunteers, datatype=XSD.boolean))
    for prop, key, age in ((KG.minimumAge, "minimum-age", el.minimum_age),
                           (KG.maximumAge, "maximum-age", el.maximum_age)):
        if age:
            a = minter.in_trial(nct, "eligibility", key)
            t.add(node, prop, a)
            t.node(a, KG.AgeLimit, age.text())
            t.add(a, KG.ageValue, integer(age.value))
            t.add(a, KG.ageUnit, concept(age.unit))
    for note in el.notes:
        t.add(node, KG.eligibilityNote, note)
    for kind in model.CriterionKind:
        items = [c for c in el.criteria if c.kind is kind]
        for n, crit in enumerate(items, 1):
            c = minter.in_trial(nct, "eligibility", kind.value.lower(), str(n))
            t.add(node, KG.hasCriterion, c)
            t.node(c, KG.EligibilityCriterion, f"{kind.value.capitalize()} criterion {n}")
            t.add(c, KG.criterionKind, concept(kind))
            t.add(c, KG.text, crit.text)
            t.add(c, KG.position, integer(n))
            t.add(c, KG.criterionGroup, crit.group)


def _contact(t: Triples, node: URIRef, contact: model.Contact, minter: Minter) -> None:
    person = minter.person(contact.person.name)
    t.node(node, KG.ContactPoint, contact.person.name)
    t.add(node, KG.person, person)
    t.node(person, KG.Person, contact.person.name)
    t.add(node, KG.credentials, contact.person.credentials)
    t.add(node, KG.contactRole, contact.role)
    t.add(node, KG.telephone, contact.phone)
    t.add(node, KG.telephoneExtension, contact.phone_ext)
    t.add(node, KG.email, contact.email)


def _people_and_sites(t: Triples, trial: model.Trial, minter: Minter) -> None:
    me, nct = minter.trial(trial.nct_id), trial.nct_id
    for sp in trial.sponsors:
        org = organization(t, sp.organization, minter)
        node = minter.in_trial(nct, "sponsorship", sp.role.value, sp.organization.name)
        t.add(me, KG.hasSponsorship, node)
        t.node(node, KG.Sponsorship, f"{sp.role.value.capitalize()} sponsor of {nct}")
        t.add(node, KG.sponsor, org)
        t.add(node, KG.sponsorRole, concept(sp.role))
    for n, off in enumerate(trial.officials, 1):
        node = minter.in_trial(nct, "official", str(n))
        person = minter.person(off.person.name)
        t.add(me, KG.hasOfficial, node)
        t.node(node, KG.StudyOfficial, off.person.name)
        t.add(node, KG.person, person)
        t.node(person, KG.Person, off.person.name)
        t.add(node, KG.credentials, off.person.credentials)
        if off.role:
            t.add(node, KG.officialRole, concept(off.role))
        if off.affiliation:
            t.add(node, KG.affiliation, organization(t, off.affiliation, minter))
    for n, contact in enumerate(trial.central_contacts, 1):
        node = minter.in_trial(nct, "contact", str(n))
        t.add(me, KG.centralContact, node)
        _contact(t, node, contact, minter)
    for n, site in enumerate(trial.sites, 1):
        node = minter.in_trial(nct, "site", str(n))
        t.add(me, KG.hasSite, node)
        t.node(node, KG.Site, site.facility or f"Site {n} of {nct}")
        t.add(node, KG.position, integer(n))
        if site.facility:
            t.add(node, KG.facility, organization(t, model.Organization(site.facility), minter))
        if site.country:
            country = minter.country(site.country)
            t.node(country, KG.Country, site.country)
            t.add(node, KG.country, country)
            if site.city:  # a city is named within its country
                city = minter.city(site.city, site.country)
                t.node(city, KG.City, site.city)
                t.add(city, KG.country, country)
                t.add(node, KG.city, city)
        t.add(node, KG.region, site.region)
        t.add(node, KG.postalCode, site.postal_code)
        if site.geo:
            t.add(node, KG.latitude, decimal(site.geo.latitude))
            t.add(node, KG.longitude, decimal(site.geo.longitude))
        if site.status:
            t.add(node, KG.siteStatus, concept(site.status))
        for k, contact in enumerate(site.all_contacts, 1):
            c = minter.in_trial(nct, "site", str(n), "contact", *([str(k)] if k > 1 else []))
            t.add(node, KG.siteContact, c)
            _contact(t, c, contact, minter)


def _provenance(t: Triples, trial: model.Trial, minter: Minter, version: str,
                built_at: datetime | None) -> None:
    me = minter.trial(trial.nct_id)
    record = minter.in_trial(trial.nct_id, "record")
    t.add(me, PROV.wasDerivedFrom, record)
    t.node(record, KG.SourceRecord, trial.source.file_name)
    t.add(record, KG.fileName, trial.source.file_name)
    t.add(record, KG.sha256, trial.source.sha256)
    t.add(record, KG.sourceLayout, trial.source.layout)
    if trial.last_updated:
        t.add(record, KG.lastUpdated, date_literal(trial.last_updated))
    build, agent = minter.build(version), minter.agent(version)
    t.add(me, PROV.wasGeneratedBy, build)
    t.node(build, KG.BuildActivity, f"kg {version} build")
    t.add(build, PROV.wasAssociatedWith, agent)
    t.add(build, KG.toolVersion, version)
    t.node(agent, PROV.SoftwareAgent, f"kg {version}")
    if built_at is not None:
        t.add(build, PROV.endedAtTime, Literal(built_at.isoformat(), datatype=XSD.dateTime))
