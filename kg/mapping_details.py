"""Triples for what full registry records add: typed dates, oversight, references, MeSH links.

Page records leave these fields empty, so their graphs do not change. Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from kg import model
from kg.iris import Minter, concept
from kg.model_details import DateKind, MeshTerm, Oversight
from kg.namespaces import KG
from kg.triples import Triples, any_uri, boolean, date_literal, integer, organization

MESH = "http://id.nlm.nih.gov/mesh/"
PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"

_JOINERS = re.compile(r"[-'\u2019]")
_WORD = re.compile(r"[a-z0-9]+")


def _words(name: str) -> tuple[str, ...]:
    """A name's words, case and order aside: ``Caries, Dental`` == ``Dental Caries``."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return tuple(sorted(_WORD.findall(_JOINERS.sub("", folded.casefold()))))


def mesh_links(t: Triples, node: URIRef, names: Iterable[str], meshes: Sequence[MeshTerm],
               minter: Minter, exact: bool = False) -> None:
    """Link a condition or intervention node to each MeSH heading that one of its names is.

    ``exact`` also states that the node is the heading's entry (skos:exactMatch), which holds
    for a condition but not for an intervention, the act of giving a substance.
    """
    keys = {_words(name) for name in names}
    for mesh in meshes:
        if _words(mesh.term) in keys:
            t.add(node, KG.hasLink, minter.link("mesh", mesh.id))
            if exact:
                t.add(node, SKOS.exactMatch, URIRef(MESH + mesh.id))


def record_details(t: Triples, trial: model.Trial, minter: Minter) -> None:
    """Every triple of the fields that only full registry records fill."""
    me = minter.trial(trial.nct_id)
    if trial.organization:
        t.add(me, KG.recordOrganization, organization(t, trial.organization, minter))
    for alias in trial.nct_aliases:
        t.add(me, KG.nctIdAlias, alias)
    for ident in trial.identifiers:
        node = minter.in_trial(trial.nct_id, "identifier", ident.value)
        t.add(node, KG.identifierDomain, ident.domain)
        if ident.link:
            t.add(node, KG.identifierLink, any_uri(ident.link))
    _status(t, trial, minter)
    _responsible(t, trial, minter)
    _design(t, trial, minter)
    _references(t, trial, minter)
    if trial.has_results is not None:
        t.add(me, KG.hasResults, boolean(trial.has_results))
    _mesh(t, trial, minter)


def _status(t: Triples, trial: model.Trial, minter: Minter) -> None:
    me, nct = minter.trial(trial.nct_id), trial.nct_id
    if trial.last_known_status:
        t.add(me, KG.lastKnownStatus, concept(trial.last_known_status))
    t.add(me, KG.whyStopped, trial.why_stopped)
    access = trial.expanded_access
    if access:
        if access.available is not None:
            t.add(me, KG.hasExpandedAccess, boolean(access.available))
        t.add(me, KG.expandedAccessNctId, access.nct_id)
        if access.status:
            t.add(me, KG.expandedAccessStatus, concept(access.status))
    for day in trial.dates:
        node = minter.in_trial(nct, "date", day.kind.value)
        t.add(me, KG.hasDate, node)
        words = day.kind.value.replace("_", " ").lower().replace(" qc", " (quality control)")
        t.node(node, KG.StudyDate, f"{words.capitalize()} date of {nct}")
        t.add(node, KG.dateKind, concept(day.kind))
        t.add(node, KG.dateValue, date_literal(day.date))
        if day.type:
            t.add(node, KG.dateType, concept(day.type))
        if day.kind is DateKind.PRIMARY_COMPLETION:
            t.add(me, KG.primaryCompletionDate, date_literal(day.date))


def _responsible(t: Triples, trial: model.Trial, minter: Minter) -> None:
    inv = trial.responsible_investigator
    if inv is None:
        return
    me = minter.trial(trial.nct_id)
    node = minter.in_trial(trial.nct_id, "responsible-investigator")
    person = minter.person(inv.person.name)
    t.add(me, KG.responsibleInvestigator, node)
    t.node(node, KG.ResponsibleInvestigator, inv.person.name)
    t.add(node, KG.investigator, person)
    t.node(person, KG.Person, inv.person.name)
    t.add(node, KG.credentials, inv.person.credentials)
    t.add(node, KG.investigatorTitle, inv.title)
    if inv.affiliation:
        t.add(node, KG.investigatorAffiliation, organization(t, inv.affiliation, minter))


def _design(t: Triples, trial: model.Trial, minter: Minter) -> None:
    me, design, el = minter.trial(trial.nct_id), trial.design, trial.eligibility
    oversight = trial.oversight or Oversight()
    for prop, flag in (
        (KG.fdaRegulatedDrug, oversight.fda_regulated_drug),
        (KG.fdaRegulatedDevice, oversight.fda_regulated_device),
        (KG.unapprovedDevice, oversight.unapproved_device),
        (KG.usExport, oversight.us_export),
        (KG.hasDataMonitoringCommittee, oversight.has_dmc),
        (KG.fdaaa801Violation, oversight.fdaaa801_violation),
        (KG.patientRegistry, design.patient_registry),
    ):
        if flag is not None:
            t.add(me, prop, boolean(flag))
    for party in design.who_masked:
        t.add(me, KG.whoMasked, concept(party))
    if design.observational_model:
        t.add(me, KG.observationalModel, concept(design.observational_model))
    if design.time_perspective:
        t.add(me, KG.timePerspective, concept(design.time_perspective))
    t.add(me, KG.maskingDescription, design.masking_description)
    t.add(me, KG.interventionModelDescription, design.model_description)
    t.add(me, KG.targetDuration, design.target_duration)
    node = minter.in_trial(trial.nct_id, "eligibility")
    for group in el.standard_ages:
        t.add(node, KG.standardAgeGroup, concept(group))
    t.add(node, KG.studyPopulation, el.study_population)
    if el.sampling_method:
        t.add(node, KG.samplingMethod, concept(el.sampling_method))


def _references(t: Triples, trial: model.Trial, minter: Minter) -> None:
    me, nct = minter.trial(trial.nct_id), trial.nct_id
    for n, ref in enumerate(trial.references, 1):
        node = minter.in_trial(nct, "reference", str(n))
        t.add(me, KG.hasReference, node)
        label = ref.citation or (f"PMID {ref.pmid}" if ref.pmid else ref.url)
        t.node(node, KG.Reference, label)
        t.add(node, KG.position, integer(n))
        t.add(node, KG.pmid, ref.pmid)
        if ref.pmid:
            t.add(node, RDFS.seeAlso, URIRef(f"{PUBMED}{ref.pmid}/"))
        if ref.type:
            t.add(node, KG.referenceType, concept(ref.type))
        t.add(node, KG.citation, ref.citation)
        if ref.url:
            t.add(node, KG.url, any_uri(ref.url))
    ipd = trial.ipd_sharing
    if ipd:
        t.add(me, KG.ipdSharing, concept(ipd.sharing))
        t.add(me, KG.ipdDescription, ipd.description)
        for kind in ipd.info_types:
            t.add(me, KG.ipdInfoType, concept(kind))
        t.add(me, KG.ipdTimeFrame, ipd.time_frame)
        t.add(me, KG.ipdAccessCriteria, ipd.access_criteria)
        if ipd.url:
            t.add(me, KG.ipdUrl, any_uri(ipd.url))


def _mesh(t: Triples, trial: model.Trial, minter: Minter) -> None:
    """The MeSH headings the registry indexes the trial under.

    Each heading names a shared node (a condition, or a drug for the intervention headings,
    which are substances) that carries the link; a condition the record names in the same
    words carries it too.
    """
    me = minter.trial(trial.nct_id)
    for prop, cls, mint, meshes in (
        (KG.meshCondition, KG.Condition, minter.condition, trial.condition_mesh),
        (KG.meshIntervention, KG.Drug, minter.drug, trial.intervention_mesh),
    ):
        for mesh in meshes:
            link = minter.link("mesh", mesh.id)
            t.node(link, KG.ExternalLink, mesh.term)
            t.add(link, KG.linkTarget, URIRef(MESH + mesh.id))
            t.add(link, KG.curie, f"mesh:{mesh.id}")
            t.add(link, KG.vocabulary, "mesh")
            node = mint(mesh.term)
            t.add(me, prop, node)
            t.node(node, cls, mesh.term)
            t.add(node, KG.hasLink, link)
            t.add(node, SKOS.exactMatch, URIRef(MESH + mesh.id))
    for name in trial.conditions:
        node = minter.condition(name)
        others = [m for m in trial.condition_mesh if minter.condition(m.term) != node]
        mesh_links(t, node, (name,), others, minter, exact=True)
