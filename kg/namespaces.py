"""The vocabulary: our ontology's terms, the concept-scheme namespace and the prefixes we bind."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/kg-trials/ontology")
DEFAULT_BASE_IRI = "https://w3id.org/kg-trials/id/"

VOCAB = Namespace("https://w3id.org/kg-trials/vocab/")
SCHEMA = Namespace("https://schema.org/")
OBO = Namespace("http://purl.obolibrary.org/obo/")


class KG(DefinedNamespace):
    """Classes and properties of the kg ontology (ontology/kg.ttl declares each one)."""

    _NS = Namespace("https://w3id.org/kg-trials/ontology#")
    _fail = True

    # classes
    Trial: URIRef
    Arm: URIRef
    Intervention: URIRef
    TreatmentOption: URIRef
    Drug: URIRef
    Organization: URIRef
    Sponsorship: URIRef
    Site: URIRef
    Country: URIRef
    City: URIRef
    Person: URIRef
    StudyOfficial: URIRef
    ContactPoint: URIRef
    Eligibility: URIRef
    EligibilityCriterion: URIRef
    AgeLimit: URIRef
    Condition: URIRef
    Outcome: URIRef
    Identifier: URIRef
    SourceRecord: URIRef
    BuildActivity: URIRef

    # trial: identity and description
    nctId: URIRef
    briefTitle: URIRef
    officialTitle: URIRef
    acronym: URIRef
    briefSummary: URIRef
    detailedDescription: URIRef
    keyword: URIRef
    lastUpdated: URIRef
    hasIdentifier: URIRef
    identifierValue: URIRef
    identifierType: URIRef

    # trial: status and design
    overallStatus: URIRef
    phase: URIRef
    studyType: URIRef
    allocation: URIRef
    interventionModel: URIRef
    primaryPurpose: URIRef
    masking: URIRef
    enrollment: URIRef
    enrollmentType: URIRef
    startDate: URIRef
    completionDate: URIRef
    responsibleParty: URIRef
    reportedSiteCount: URIRef

    # arms and interventions
    hasArm: URIRef
    armType: URIRef
    receives: URIRef
    hasIntervention: URIRef
    interventionType: URIRef
    otherName: URIRef
    hasOption: URIRef
    administers: URIRef
    position: URIRef
    text: URIRef
    description: URIRef

    # conditions and outcomes
    hasCondition: URIRef
    hasOutcome: URIRef
    outcomeKind: URIRef
    timeFrame: URIRef

    # eligibility
    hasEligibility: URIRef
    hasCriterion: URIRef
    criterionKind: URIRef
    criterionGroup: URIRef
    minimumAge: URIRef
    maximumAge: URIRef
    ageValue: URIRef
    ageUnit: URIRef
    sex: URIRef
    healthyVolunteers: URIRef
    eligibilityNote: URIRef

    # organisations and people
    hasSponsorship: URIRef
    sponsor: URIRef
    sponsorRole: URIRef
    agencyClass: URIRef
    hasOfficial: URIRef
    person: URIRef
    officialRole: URIRef
    affiliation: URIRef
    credentials: URIRef
    centralContact: URIRef
    contactRole: URIRef
    telephone: URIRef
    email: URIRef

    # sites and places
    hasSite: URIRef
    facility: URIRef
    city: URIRef
    region: URIRef
    country: URIRef
    siteStatus: URIRef
    siteContact: URIRef

    # links to external vocabularies (drug identifiers)
    ExternalLink: URIRef
    hasLink: URIRef
    linkTarget: URIRef
    curie: URIRef
    vocabulary: URIRef
    matchMethod: URIRef
    tableVersion: URIRef

    # provenance
    fileName: URIRef
    sha256: URIRef
    sourceLayout: URIRef
    toolVersion: URIRef

    # ---- full registry records (ClinicalTrials.gov API v2 JSON)
    # identification
    recordOrganization: URIRef
    nctIdAlias: URIRef
    identifierDomain: URIRef
    identifierLink: URIRef
    # status and typed dates
    StudyDate: URIRef
    hasDate: URIRef
    dateKind: URIRef
    dateValue: URIRef
    dateType: URIRef
    primaryCompletionDate: URIRef
    lastKnownStatus: URIRef
    whyStopped: URIRef
    hasExpandedAccess: URIRef
    expandedAccessNctId: URIRef
    expandedAccessStatus: URIRef
    # responsible party
    ResponsibleInvestigator: URIRef
    responsibleInvestigator: URIRef
    investigator: URIRef
    investigatorTitle: URIRef
    investigatorAffiliation: URIRef
    # oversight
    fdaRegulatedDrug: URIRef
    fdaRegulatedDevice: URIRef
    unapprovedDevice: URIRef
    usExport: URIRef
    hasDataMonitoringCommittee: URIRef
    fdaaa801Violation: URIRef
    # design
    whoMasked: URIRef
    maskingDescription: URIRef
    interventionModelDescription: URIRef
    observationalModel: URIRef
    timePerspective: URIRef
    patientRegistry: URIRef
    targetDuration: URIRef
    # eligibility
    standardAgeGroup: URIRef
    studyPopulation: URIRef
    samplingMethod: URIRef
    # contacts and sites
    telephoneExtension: URIRef
    postalCode: URIRef
    latitude: URIRef
    longitude: URIRef
    # references and data sharing
    Reference: URIRef
    hasReference: URIRef
    pmid: URIRef
    referenceType: URIRef
    citation: URIRef
    url: URIRef
    ipdSharing: URIRef
    ipdDescription: URIRef
    ipdInfoType: URIRef
    ipdTimeFrame: URIRef
    ipdAccessCriteria: URIRef
    ipdUrl: URIRef
    # results and MeSH indexing
    hasResults: URIRef
    meshCondition: URIRef
    meshIntervention: URIRef

    # ---- drugs, drug classes, regimens, mentions and doses (bundled vocabulary tables)
    DrugClass: URIRef
    Regimen: URIRef
    DrugMention: URIRef
    DrugCombination: URIRef
    DrugAdministration: URIRef
    # mentions in record text and what they resolve to
    hasMention: URIRef
    mentionText: URIRef
    resolvesTo: URIRef
    namesMember: URIRef
    resolutionNote: URIRef
    hasCombination: URIRef
    combines: URIRef
    # regimens and classes
    hasRegimen: URIRef
    hasComponent: URIRef
    classMember: URIRef
    # structured administrations
    hasAdministration: URIRef
    administeredDrug: URIRef
    doseAmount: URIRef
    doseAmountMax: URIRef
    doseUnit: URIRef
    doseBasis: URIRef
    frequency: URIRef
    doseInterval: URIRef
    cycleDays: URIRef
    route: URIRef
    infusionDuration: URIRef
    treatmentDuration: URIRef
    treatmentPhase: URIRef
    cycleCount: URIRef
    doseCondition: URIRef
    doseNote: URIRef
    doseLevel: URIRef
    sourceText: URIRef
    # links found by a live look-up
    lookupEndpoint: URIRef
    lookupDate: URIRef


PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "kgv": str(VOCAB),
    "schema": str(SCHEMA),
    "obo": str(OBO),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
