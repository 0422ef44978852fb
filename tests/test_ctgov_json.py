"""Facts each real API v2 study record states, read back from the model and from the graph."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.iris import Minter, concept
from kg.model import (
    AgencyClass,
    Allocation,
    ArmType,
    CriterionKind,
    EnrollmentType,
    IdentifierType,
    InterventionType,
    Masking,
    OfficialRole,
    OutcomeKind,
    PartialDate,
    Phase,
    ResponsiblePartyType,
    Sex,
    SponsorRole,
    Status,
    StudyType,
    Trial,
)
from kg.model_details import (
    DateKind,
    DateType,
    IpdInfoType,
    IpdSharing,
    MeshTerm,
    ObservationalModel,
    ReferenceType,
    SamplingMethod,
    StandardAge,
    TimePerspective,
    WhoMasked,
)
from kg.namespaces import KG, VOCAB
from kg.pipeline import build_dataset, read_inputs
from kg.rdfio import FORMATS, serialize
from kg.resources import ONTOLOGY_FILE

DATA = Path(__file__).parent / "data" / "ctgov"
M = Minter()
MESH = "http://id.nlm.nih.gov/mesh/"


@pytest.fixture(scope="module")
def trials() -> dict[str, Trial]:
    result = read_inputs([DATA])
    assert result.errors == ()
    return {t.nct_id: t for t in result.trials}


@pytest.fixture(scope="module")
def ds(trials: dict[str, Trial]) -> Dataset:
    return build_dataset(list(trials.values()))


def _date(t: Trial, kind: DateKind) -> tuple[PartialDate, DateType | None]:
    found = [d for d in t.dates if d.kind is kind]
    assert len(found) == 1, kind
    return found[0].date, found[0].type


def test_every_record_is_read_with_its_own_file_name(trials: dict[str, Trial]) -> None:
    assert sorted(trials) == sorted(p.stem for p in DATA.glob("*.json"))
    for nct, t in trials.items():
        assert t.source.file_name == f"{nct}.json"
        assert t.source.layout == "ctgov-json"


def test_nct02552212_105_sites_in_9_countries(trials: dict[str, Trial]) -> None:
    t = trials["NCT02552212"]
    assert t.acronym == "C-AXSPAND"
    assert len(t.sites) == 105
    countries = Counter(s.country for s in t.sites)
    assert countries == {"United States": 36, "Russian Federation": 18, "Poland": 14,
                         "Czechia": 12, "Bulgaria": 8, "Australia": 7, "Hungary": 4,
                         "Taiwan": 4, "Canada": 2}
    first, last = t.sites[0], t.sites[-1]
    assert (first.facility, first.city, first.region) == ("As0006 125", "Birmingham", "Alabama")
    assert first.geo is not None
    assert (first.geo.latitude, first.geo.longitude) == (Decimal("33.52066"),
                                                         Decimal("-86.80249"))
    assert (last.facility, last.city, last.country) == ("As0006 231", "Taipei", "Taiwan")
    biologic = t.interventions[0]
    assert (biologic.type, biologic.name) == (InterventionType.BIOLOGICAL, "Certolizumab Pegol")
    assert biologic.other_names == ("Cimzia", "CDP870")
    assert biologic.arm_labels == ("Certolizumab Pegol 200 mg Q2W",)
    assert [(i.value, i.type) for i in t.identifiers] == [
        ("AS0006", IdentifierType.ORG_STUDY_ID), ("2015-001894-41", IdentifierType.EUDRACT_NUMBER)]
    assert t.organization is not None and t.organization.name == "UCB Pharma"
    assert t.lead_sponsor is not None and t.lead_sponsor.name == "UCB BIOSCIENCES GmbH"
    assert t.lead_sponsor.agency_class is AgencyClass.INDUSTRY
    assert t.expanded_access is not None
    assert (t.expanded_access.available, t.expanded_access.nct_id, t.expanded_access.status) == (
        True, "NCT03559686", Status.AVAILABLE)
    assert t.has_results is True
    pmids = [(r.pmid, r.type) for r in t.references if r.pmid]
    assert pmids == [("35296532", ReferenceType.RESULT), ("35733363", ReferenceType.RESULT),
                     ("34715908", ReferenceType.DERIVED), ("30848558", ReferenceType.DERIVED)]
    links = [r for r in t.references if r.url]
    assert [(r.citation, r.url) for r in links] == [
        ("FDA Safety Alerts and Recalls",
         "http://www.fda.gov/Safety/MedWatch/SafetyInformation/default.htm")]
    assert len([o for o in t.outcomes if o.kind is OutcomeKind.PRIMARY]) == 11
    assert len([o for o in t.outcomes if o.kind is OutcomeKind.SECONDARY]) == 20
    assert _date(t, DateKind.DISPOSITION_FIRST_POSTED) == (PartialDate(2019, 3, 5),
                                                           DateType.ACTUAL)
    assert t.design.who_masked == (WhoMasked.PARTICIPANT, WhoMasked.CARE_PROVIDER,
                                   WhoMasked.INVESTIGATOR, WhoMasked.OUTCOMES_ASSESSOR)
    nested = t.eligibility.criteria[4]
    assert nested.text.startswith("Active disease at Screening as defined by\n* Bath Ankylosing")
    assert t.eligibility.count(CriterionKind.INCLUSION) == 6
    assert t.eligibility.count(CriterionKind.EXCLUSION) == 11


def test_nct03934567_26_sites_in_china(trials: dict[str, Trial]) -> None:
    t = trials["NCT03934567"]
    assert t.status is Status.ACTIVE_NOT_RECRUITING
    assert len(t.sites) == 26 and {s.country for s in t.sites} == {"China"}
    assert t.sites[0].facility == "Cancer Hospital Chinese Academy of Medical Sciences"
    assert t.sites[-1].postal_code == "450052"
    assert t.conditions == ("Lymphoma, Follicular",)
    assert _date(t, DateKind.COMPLETION) == (PartialDate(2025, 10, 30), DateType.ESTIMATED)
    assert _date(t, DateKind.PRIMARY_COMPLETION) == (PartialDate(2025, 1, 29), DateType.ACTUAL)
    assert t.completion_date == PartialDate(2025, 10, 30)
    assert t.design.model_description == "Single Group Assignment"
    assert t.intervention_mesh == (MeshTerm("C512352", "Abexinostat"),)
    assert t.eligibility.count(CriterionKind.INCLUSION) == 7
    assert t.eligibility.count(CriterionKind.EXCLUSION) == 13
    assert t.ipd_sharing is not None and t.ipd_sharing.sharing is IpdSharing.NO


def test_nct00184067_terminated_two_arms_one_intervention(trials: dict[str, Trial]) -> None:
    t = trials["NCT00184067"]
    assert t.status is Status.TERMINATED
    assert t.why_stopped == "Primary PI left institution"
    assert len(t.arms) == 2 and len(t.interventions) == 1
    assert [a.type for a in t.arms] == [ArmType.EXPERIMENTAL, ArmType.ACTIVE_COMPARATOR]
    assert all(a.interventions == ("Montanide ISA 51",) for a in t.arms)  # "Biological: ..."
    assert t.outcomes == ()
    assert t.oversight is None
    assert _date(t, DateKind.START) == (PartialDate(2004, 5), None)  # no type in the record
    assert _date(t, DateKind.PRIMARY_COMPLETION) == (PartialDate(2007, 4), DateType.ACTUAL)
    first = t.eligibility.criteria[0]
    assert first.text.endswith("\n4. They experienced no grade 3 or 4 toxicity attributed to "
                               "the prior vaccine regimen.")
    assert [o.role for o in t.officials] == [OfficialRole.PRINCIPAL_INVESTIGATOR]
    assert t.condition_mesh == (MeshTerm("D008545", "Melanoma"),)


def test_nct00711542_phase1_phase2_cell_therapy(trials: dict[str, Trial]) -> None:
    t = trials["NCT00711542"]
    assert t.phases == (Phase.PHASE1, Phase.PHASE2)
    assert [a.label for a in t.arms] == ["1", "2"]
    assert [(i.type, i.name, i.arm_labels) for i in t.interventions] == [
        (InterventionType.BIOLOGICAL, "autologous bone marrow-derived progenitor cells", ("1",)),
        (InterventionType.BIOLOGICAL, "placebo medium", ("2",))]
    assert t.design.masking is Masking.QUADRUPLE and len(t.design.who_masked) == 4
    assert t.responsible_party is ResponsiblePartyType.PRINCIPAL_INVESTIGATOR
    inv = t.responsible_investigator
    assert inv is not None and inv.person.name == "A. M. Zeiher"
    assert inv.title == "Prof. Dr. Andreas M. Zeiher"
    assert inv.affiliation is not None
    assert inv.affiliation.name == "Johann Wolfgang Goethe University Hospital"
    assert [s.organization.name for s in t.sponsors if s.role is SponsorRole.COLLABORATOR] == [
        "University of Leipzig"]
    assert len(t.references) == 7
    assert {r.type for r in t.references} == {ReferenceType.BACKGROUND}
    assert t.oversight is not None and t.oversight.has_dmc is False
    assert t.eligibility.maximum_age is not None and t.eligibility.maximum_age.text() == "80 Years"
    assert t.eligibility.count(CriterionKind.EXCLUSION) == 21
    assert [m.id for m in t.condition_mesh] == ["D003324", "D000072658"]


def test_nct00973089_withdrawn_with_zero_enrollment(trials: dict[str, Trial]) -> None:
    t = trials["NCT00973089"]
    assert t.status is Status.WITHDRAWN
    assert t.enrollment is not None
    assert (t.enrollment.count, t.enrollment.type) == (0, EnrollmentType.ACTUAL)
    assert t.why_stopped is not None and t.why_stopped.startswith("recruiting or enrolling")
    assert t.eligibility.healthy_volunteers is True
    ages = (t.eligibility.minimum_age, t.eligibility.maximum_age)
    assert [a.text() for a in ages if a] == ["5 Years", "8 Years"]
    assert t.eligibility.standard_ages == (StandardAge.CHILD,)
    assert (t.design.masking, t.design.who_masked) == (Masking.SINGLE, (WhoMasked.INVESTIGATOR,))
    assert [(a.label, a.type, a.interventions) for a in t.arms] == [
        ("Complete caries removal", ArmType.NO_INTERVENTION, ()),
        ("Incomplete caries removal", ArmType.OTHER,
         ("Incomplete caries removal in primary teeth",))]
    assert t.interventions[0].other_names == ("Indirect pulp capping",)
    assert t.conditions == ("Caries, Dental",)
    assert t.condition_mesh == (MeshTerm("D000003731", "Dental Caries"),)
    assert t.oversight is not None and t.oversight.has_dmc is True


def test_nct03064438_results_documents_and_a_renamed_intervention(
        trials: dict[str, Trial]) -> None:
    t = trials["NCT03064438"]
    assert t.has_results is True
    assert [(a.label, a.interventions) for a in t.arms] == [
        ("ACU-D1 Ointment", ("ACCU-D1",)), ("ACU-D1 Ointment Vehicle", ("Vehicle",))]
    assert [i.type for i in t.interventions] == [InterventionType.DRUG, InterventionType.DRUG]
    kinds = Counter(o.kind for o in t.outcomes)
    assert kinds == {OutcomeKind.PRIMARY: 1, OutcomeKind.SECONDARY: 7, OutcomeKind.OTHER: 2}
    other = next(o for o in t.outcomes if o.kind is OutcomeKind.OTHER)
    assert other.time_frame == "Week 12"
    assert other.description is not None and "Score 3 (severe)" in other.description
    assert t.oversight is not None
    assert (t.oversight.fda_regulated_drug, t.oversight.fdaaa801_violation) == (True, True)
    assert [(r.pmid, r.type) for r in t.references] == [("34076401", ReferenceType.DERIVED)]
    assert _date(t, DateKind.RESULTS_FIRST_POSTED) == (PartialDate(2021, 8, 23), DateType.ACTUAL)
    assert t.last_updated == PartialDate(2021, 8, 23)


def test_nct03281889_radiation_phase_na(trials: dict[str, Trial]) -> None:
    t = trials["NCT03281889"]
    assert t.phases == (Phase.NA,)
    assert [(i.type, i.name) for i in t.interventions] == [(InterventionType.RADIATION,
                                                            "Proton Beam")]
    nih = t.identifiers[1]
    assert (nih.value, nih.type, nih.link) == (
        "U19CA021239-37", IdentifierType.NIH,
        "https://reporter.nih.gov/quickSearch/U19CA021239-37")
    assert t.design.allocation is Allocation.NA
    assert t.enrollment is not None and t.enrollment.type is EnrollmentType.ESTIMATED
    assert _date(t, DateKind.PRIMARY_COMPLETION) == (PartialDate(2022, 3, 31), DateType.ESTIMATED)
    nci = [s.organization for s in t.sponsors if s.role is SponsorRole.COLLABORATOR]
    assert [(o.name, o.agency_class) for o in nci] == [("National Cancer Institute (NCI)",
                                                        AgencyClass.NIH)]
    assert t.central_contacts[0].email == "smacdonald@mgh.harvard.edu"
    mgh = t.sites[0]
    assert (mgh.status, mgh.postal_code) == (Status.RECRUITING, "02214")
    assert [(c.person.name, c.role) for c in mgh.all_contacts] == [
        ("Shannon MacDonald", "CONTACT"), ("Shannon MacDonald", "PRINCIPAL_INVESTIGATOR")]
    assert t.oversight is not None and t.oversight.fda_regulated_device is True


def test_nct03418623_drug_known_by_code_name(trials: dict[str, Trial]) -> None:
    t = trials["NCT03418623"]
    assert [(i.type, i.name, i.other_names) for i in t.interventions] == [
        (InterventionType.DRUG, "GET73", ()), (InterventionType.OTHER, "Placebo", ())]
    assert "GET73" in t.keywords
    assert [m.term for m in t.condition_mesh] == ["Alcoholism", "Alcohol Drinking"]


def test_nct03475563_observational_without_phases(trials: dict[str, Trial]) -> None:
    t = trials["NCT03475563"]
    assert t.study_type is StudyType.OBSERVATIONAL
    assert t.phases == ()
    assert t.status is Status.UNKNOWN and t.last_known_status is Status.RECRUITING
    d = t.design
    assert (d.observational_model, d.time_perspective) == (ObservationalModel.CASE_ONLY,
                                                           TimePerspective.PROSPECTIVE)
    assert (d.patient_registry, d.target_duration) == (True, "12 Months")
    assert (d.allocation, d.masking) == (None, None)
    assert [(a.label, a.type) for a in t.arms] == [("Patients with coronary artery disease",
                                                    None)]
    assert t.eligibility.sampling_method is SamplingMethod.NON_PROBABILITY_SAMPLE
    assert t.eligibility.study_population is not None
    assert len(t.sites) == 3 and {s.country for s in t.sites} == {"Spain"}
    assert [c.person.name for c in t.central_contacts] == ["Imanol Otaegui", "Imanol Otaegui"]


def test_nct03630471_behavioral_and_grouped_criteria(trials: dict[str, Trial]) -> None:
    t = trials["NCT03630471"]
    assert [i.type for i in t.interventions] == [InterventionType.BEHAVIORAL] * 2
    assert [s.organization.name for s in t.sponsors] == [
        "Sangath", "Harvard Medical School (HMS and HSDM)",
        "London School of Hygiene and Tropical Medicine"]
    # "Eligibility criteria:" heads the inclusion items; "For parent participants:" groups.
    groups = Counter((c.kind, c.group) for c in t.eligibility.criteria)
    assert groups == {
        (CriterionKind.INCLUSION, "For adolescent participants"): 6,
        (CriterionKind.INCLUSION, "For parent participants"): 3,
        (CriterionKind.EXCLUSION, "For adolescent participants"): 6,
        (CriterionKind.EXCLUSION, "For parent participants"): 2,
    }
    ipd = t.ipd_sharing
    assert ipd is not None and ipd.sharing is IpdSharing.YES
    assert ipd.info_types == (IpdInfoType.STUDY_PROTOCOL, IpdInfoType.SAP, IpdInfoType.ICF)
    assert ipd.url == "http://datacompass.lshtm.ac.uk/"
    assert len([r for r in t.references if r.pmid is None]) == 2  # two citations without PMID


def test_nct04207047_five_devices_four_arms(trials: dict[str, Trial]) -> None:
    t = trials["NCT04207047"]
    assert [(i.type, i.name) for i in t.interventions] == [
        (InterventionType.DEVICE, n) for n in ("Genius", "eC02", "PicoPlus", "LaseMD",
                                               "LaseMD Flex")]
    assert [a.label for a in t.arms] == ["Group A", "Group B", "Group C", "Group D"]
    assert t.arms[3].interventions == ("Genius", "eC02", "PicoPlus", "LaseMD", "LaseMD Flex")
    assert t.interventions[0].arm_labels == ("Group A", "Group B", "Group C", "Group D")
    assert t.oversight is not None and t.oversight.unapproved_device is True
    assert t.condition_mesh == () and t.intervention_mesh == ()
    assert t.eligibility.count(CriterionKind.INCLUSION) == 9
    assert "\n1. Postmenopausal" in t.eligibility.criteria[6].text


def test_nct06171568_no_arms_non_ascii_sponsor(trials: dict[str, Trial]) -> None:
    t = trials["NCT06171568"]
    assert t.study_type is StudyType.OBSERVATIONAL and t.status is Status.NOT_YET_RECRUITING
    assert t.arms == ()
    assert [i.name for i in t.interventions] == ["Tests and questionnaires"]
    assert t.lead_sponsor is not None
    assert t.lead_sponsor.name == "Assistance Publique - H\u00f4pitaux de Paris"
    assert [s.organization.agency_class for s in t.sponsors] == [
        AgencyClass.OTHER, AgencyClass.UNKNOWN, AgencyClass.UNKNOWN]
    ident = t.identifiers[1]
    assert (ident.value, ident.type, ident.domain) == ("2023-A00386-39", IdentifierType.OTHER,
                                                       "IDRCB")
    assert [(c.phone, c.phone_ext) for c in t.central_contacts] == [
        ("01.49.95.81.69", "+33"), ("01.40.05.49.58", "+33")]
    assert t.eligibility.sex is Sex.ALL
    assert _date(t, DateKind.START) == (PartialDate(2024, 2, 1), DateType.ESTIMATED)
    assert len(t.references) == 8


# ---------------------------------------------------------------- the graph


def test_mesh_links_on_condition_and_intervention_nodes(ds: Dataset) -> None:
    link = M.link("mesh", "D008545")
    assert (M.condition("Melanoma"), KG.hasLink, link) in ds
    assert (link, KG.linkTarget, URIRef(MESH + "D008545")) in ds
    assert (link, KG.curie, Literal("mesh:D008545")) in ds
    assert (M.trial("NCT00184067"), KG.meshCondition, M.condition("Melanoma")) in ds
    # "Caries, Dental" is the MeSH heading "Dental Caries" in other words
    assert (M.condition("Caries, Dental"), KG.hasLink, M.link("mesh", "D000003731")) in ds
    assert (M.condition("Caries, Dental"), SKOS.exactMatch,
            URIRef(MESH + "D000003731")) in ds
    certolizumab = M.in_trial("NCT02552212", "intervention", "certolizumab-pegol")
    assert (certolizumab, KG.hasLink, M.link("mesh", "D000068582")) in ds
    abexinostat = M.in_trial("NCT03934567", "intervention", "abexinostat")
    assert (abexinostat, KG.hasLink, M.link("mesh", "C512352")) in ds
    # a heading that names none of the record's interventions still links from its drug node
    monatide = M.drug("Monatide (IMS 3015)")
    assert (M.trial("NCT00184067"), KG.meshIntervention, monatide) in ds
    assert (monatide, KG.hasLink, M.link("mesh", "C000712049")) in ds


def test_typed_dates_geo_points_and_arm_links(ds: Dataset) -> None:
    date = M.in_trial("NCT03281889", "date", "primary-completion")
    assert (M.trial("NCT03281889"), KG.hasDate, date) in ds
    assert ds.value(date, KG.dateValue) == Literal("2022-03-31", datatype=XSD.date)
    assert ds.value(date, KG.dateType) == concept(DateType.ESTIMATED)
    start = M.in_trial("NCT00184067", "date", "start")
    assert ds.value(start, KG.dateValue) == Literal("2004-05", datatype=XSD.gYearMonth)
    assert ds.value(start, KG.dateType) is None
    site = M.in_trial("NCT02552212", "site", "1")
    assert ds.value(site, KG.latitude) == Literal("33.52066", datatype=XSD.decimal)
    assert ds.value(site, KG.longitude) == Literal("-86.80249", datatype=XSD.decimal)
    group_d = M.in_trial("NCT04207047", "arm", "group-d")
    assert len(set(ds.objects(group_d, KG.receives))) == 5
    genius = M.in_trial("NCT04207047", "intervention", "genius")
    assert len(set(ds.subjects(KG.receives, genius))) == 4
    mgh = M.in_trial("NCT03281889", "site", "1")
    assert len(set(ds.objects(mgh, KG.siteContact))) == 2
    ref = M.in_trial("NCT00973089", "reference", "1")
    assert ds.value(ref, KG.pmid) == Literal("18519994")
    assert ds.value(ref, RDFS.seeAlso) == URIRef("https://pubmed.ncbi.nlm.nih.gov/18519994/")
    assert ds.value(M.trial("NCT02552212"), KG.hasResults) == Literal(True)


def test_every_term_the_json_graph_uses_is_declared(ds: Dataset) -> None:
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    declared = set(onto.subjects(RDF.type, None))
    used_predicates = set(ds.predicates()) - {RDF.type, RDFS.label, RDFS.seeAlso}
    used_classes = set(ds.objects(None, RDF.type))
    used_concepts = {o for o in ds.objects() if isinstance(o, URIRef)
                     and str(o).startswith(str(VOCAB))}
    assert used_predicates - declared == set()
    assert used_classes - declared == set()
    assert used_concepts - declared == set()


@pytest.mark.parametrize("fmt", ["turtle", "nquads"])
def test_graph_of_all_twelve_parses_in_rdflib_and_pyoxigraph(ds: Dataset, fmt: str) -> None:
    data = serialize(ds, FORMATS[fmt])
    triples = set(ds.triples((None, None, None)))
    if fmt == "turtle":
        assert len(Graph().parse(data=data, format="turtle")) == len(triples)
        ox = list(pyoxigraph.parse(data, pyoxigraph.RdfFormat.TURTLE))
    else:
        assert len(Dataset().parse(data=data, format="nquads")) == len(triples)
        ox = list(pyoxigraph.parse(data, pyoxigraph.RdfFormat.N_QUADS))
    assert len({(q.subject, q.predicate, q.object) for q in ox}) == len(triples)
    assert {g.identifier for g in ds.graphs() if len(g)} == {
        M.trial(p.stem) for p in DATA.glob("*.json")}
