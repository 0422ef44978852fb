"""SHACL shapes: a conforming and a failing fixture for each, the seed graph, a second engine."""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl_turbo
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, SH, SKOS, XSD
from rdflib.term import Node

from kg.errors import ShapesError
from kg.namespaces import KG, VOCAB
from kg.pipeline import build_dataset, read_inputs
from kg.resources import ONTOLOGY_FILE, SHAPES_DIR
from kg.validation import (
    SHAPES_NS,
    Severity,
    ValidationReport,
    load_shapes,
    report_from_graph,
    union_graph,
    validate,
)

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
BASE = FIXTURES / "base.ttl"
CASES = FIXTURES / "cases"
CTGOV = Path(__file__).parent / "data" / "ctgov"
ID = "https://w3id.org/kg-trials/id/"


def node(path: str) -> URIRef:
    return URIRef(ID + path)


T1, T2 = node("trial/NCT03765541"), node("trial/NCT06713837")
ALONE = node("trial/NCT03765541/arm/standard-salvage-therapy-alone")
IV_CYT, CYT = node("trial/NCT03765541/intervention/cytarabine"), node("drug/cytarabine")
DEX = node("drug/dexamethasone")
EL1, EL2 = node("trial/NCT03765541/eligibility"), node("trial/NCT06713837/eligibility")
AGE1 = node("trial/NCT03765541/eligibility/minimum-age")
SP1 = node("trial/NCT03765541/sponsorship/lead/university-hospital-toulouse")
TLS = node("organization/university-hospital-toulouse")
SITE1, BRNO = node("trial/NCT03765541/site/1"), node("trial/NCT06713837/site/1")
OFF1, RECHER = node("trial/NCT03765541/official/1"), node("person/christian-recher")
NANNI = node("trial/NCT06713837/contact/1")
REC1 = node("trial/NCT03765541/record")
ID1 = node("trial/NCT03765541/identifier/rc31-17-0450")
ID2 = node("trial/NCT06713837/identifier/2024-514517-35-00")
MENTION = node("trial/NCT03765541/intervention/dexamethasone/mention/1")
VOCABS = ("chebi", "drugbank", "rxnorm", "atc", "mesh", "ncit", "unii", "pubchem.compound",
          "chembl.compound", "wikidata")
LINK_SHAPES = ("ChebiLink", "DrugBankLink", "RxNormLink", "AtcLink", "MeshLink", "NcitLink",
               "UniiLink", "PubChemLink", "ChemblLink", "WikidataLink")


def link(vocabulary: str) -> URIRef:
    return node(f"drug/dexamethasone/link/{vocabulary}")


V, W = "Violation", "Warning"
Expected = tuple[URIRef, str, str, str]  # focus node, component, shape, severity

# Each case file under cases/ breaks the base graph as its first line says; these are the
# results it must give: which constraint fires, on which node, from which shape.
FAILING: dict[str, set[Expected]] = {
    "trial-nct-id-pattern": {(T1, "Pattern", "Trial-nctId", V), (T1, "SPARQL", "TrialIri", V)},
    "trial-nct-id-missing": {(T1, "MinCount", "Trial-nctId", V)},
    "trial-nct-id-duplicate": {(T1, "SPARQL", "TrialUniqueNctId", V),
                               (T2, "SPARQL", "TrialUniqueNctId", V),
                               (T2, "MaxCount", "Trial-nctId", V), (T2, "SPARQL", "TrialIri", V)},
    "trial-two-brief-titles": {(T1, "MaxCount", "Trial-briefTitle", V)},
    "trial-status-missing": {(T1, "MinCount", "Trial-overallStatus", V)},
    "trial-status-not-in-scheme": {(T1, "In", "Trial-overallStatus", V)},
    "trial-phase-not-in-scheme": {(T1, "In", "Trial-phase", V)},
    "trial-enrollment-negative": {(T1, "MinInclusive", "Trial-enrollment", V)},
    "trial-enrollment-as-text": {(T1, "Datatype", "Trial-enrollment", V),
                                 (T1, "MinInclusive", "Trial-enrollment", V)},
    "trial-enrollment-type-not-in-scheme": {(T1, "In", "Trial-enrollmentType", V)},
    "trial-start-date-as-text": {(T1, "Or", "Trial-startDate", V)},
    "trial-start-after-completion": {(T1, "SPARQL", "TrialStartNotAfterCompletion", V)},
    "trial-start-month-after-completion": {(T1, "SPARQL", "TrialStartNotAfterCompletion", V)},
    "trial-interventional-without-arm": {(T2, "Or", "InterventionalTrialHasArm", V)},
    "trial-arm-not-an-arm": {(T1, "Class", "Trial-hasArm", V)},
    "trial-no-lead-sponsor": {(T1, "QualifiedMinCount", "Trial-leadSponsor", V)},
    "trial-two-lead-sponsors": {(T1, "QualifiedMaxCount", "Trial-leadSponsor", V)},
    "trial-eligibility-missing": {(T1, "MinCount", "Trial-hasEligibility", V)},
    "trial-source-record-missing": {(T1, "MinCount", "Trial-wasDerivedFrom", V),
                                    (T1, "MinCount", "Trial-checksum", V)},
    "trial-recruiting-past-completion": {(T2, "SPARQL", "RecruitingPastCompletion", W)},
    "arm-type-missing": {(ALONE, "Or", "ArmHasType", V)},
    "arm-without-intervention": {(ALONE, "Or", "ArmReceivesIntervention", V)},
    "arm-two-labels": {(ALONE, "MaxCount", "Arm-label", V)},
    "intervention-without-type": {(IV_CYT, "MinCount", "Intervention-interventionType", V)},
    "intervention-without-name": {(IV_CYT, "MinCount", "Intervention-label", V)},
    "treatment-option-position-zero": {
        (node("trial/NCT03765541/intervention/dexamethasone/option/1"), "MinInclusive",
         "TreatmentOption-position", V)},
    "drug-without-name": {(CYT, "MinCount", "Drug-label", V),
                          (CYT, "Or", "DrugPreferredName", V)},
    "drug-two-names": {(CYT, "MaxCount", "Drug-labelCount", W),
                       (CYT, "Or", "DrugPreferredName", V)},
    "drug-exact-match-unknown-namespace": {(DEX, "Pattern", "Drug-exactMatch", V)},
    "condition-without-name": {
        (node("condition/relapsed-or-refractory-acute-myeloid-leukemia"), "MinCount",
         "Condition-label", V)},
    "outcome-kind-missing": {(node("trial/NCT03765541/outcome/primary/1"), "MinCount",
                              "Outcome-outcomeKind", V)},
    "identifier-type-missing": {(ID1, "MinCount", "Identifier-identifierType", V)},
    "identifier-ctis-format": {(ID2, "Or", "CtisNumberFormat", V)},
    "identifier-eudract-format": {(ID1, "Or", "EudraCTNumberFormat", V)},
    "link-chebi-curie-upper-case": {(link("chebi"), "Or", "ChebiLink", V),
                                    (link("chebi"), "Pattern", "ExternalLink-curie", V)},
    "link-drugbank-target-elsewhere": {(link("drugbank"), "Or", "DrugBankLink", V),
                                       (DEX, "SPARQL", "DrugLinkAlsoExactMatch", W)},
    "link-vocabulary-unknown": {(link("mesh"), "In", "ExternalLink-vocabulary", V)},
    "link-curie-and-target-disagree": {(link("chebi"), "SPARQL", "ExternalLinkSameEntry", V)},
    "link-two-match-methods": {(link("ncit"), "MaxCount", "ExternalLink-matchMethod", V)},
    "link-match-method-not-a-method": {(link("unii"), "In", "ExternalLink-matchMethod", V)},
    "link-orphan": {(link("wikidata"), "MinCount", "ExternalLink-linkedFrom", V)},
    "link-every-vocabulary-wrong-form": (
        {(link(v), "Or", s, V) for v, s in zip(VOCABS, LINK_SHAPES, strict=True)}
        | {(link(v), "SPARQL", "ExternalLinkSameEntry", V) for v in VOCABS}),
    "eligibility-min-above-max": {(EL2, "SPARQL", "EligibilityAgeOrder", V)},
    "age-negative": {(AGE1, "MinInclusive", "AgeLimit-ageValue", V)},
    "age-without-unit": {(AGE1, "MinCount", "AgeLimit-ageUnit", V)},
    "eligibility-sex-not-in-scheme": {(EL1, "In", "Eligibility-sex", V)},
    "eligibility-healthy-volunteers-as-text": {
        (EL1, "Datatype", "Eligibility-healthyVolunteers", V)},
    "criterion-without-text": {(node("trial/NCT03765541/eligibility/inclusion/1"), "MinCount",
                                "EligibilityCriterion-text", V)},
    "sponsorship-role-not-in-scheme": {(SP1, "In", "Sponsorship-sponsorRole", V),
                                       (T1, "QualifiedMinCount", "Trial-leadSponsor", V)},
    "sponsorship-without-sponsor": {(SP1, "MinCount", "Sponsorship-sponsor", V)},
    "organization-two-classes": {(TLS, "MaxCount", "Organization-agencyClassCount", W)},
    "organization-class-not-in-scheme": {(TLS, "In", "Organization-agencyClass", V)},
    "site-without-facility": {(SITE1, "MinCount", "Site-facility", V)},
    "site-without-country": {(SITE1, "MinCount", "Site-country", V)},
    "site-status-not-in-scheme": {(BRNO, "In", "Site-siteStatus", V)},
    "site-two-statuses": {(BRNO, "MaxCount", "Site-siteStatus", V)},
    "city-without-country": {(node("city/france/bayonne"), "MinCount", "City-country", V)},
    "country-without-name": {(node("country/france"), "MinCount", "Country-label", V)},
    "official-without-person": {(OFF1, "MinCount", "StudyOfficial-person", V)},
    "official-role-not-in-scheme": {(OFF1, "In", "StudyOfficial-officialRole", V)},
    "person-two-names": {(RECHER, "MaxCount", "Person-labelCount", W)},
    "contact-email-malformed": {(NANNI, "Pattern", "ContactPoint-email", V)},
    "contact-telephone-as-words": {(NANNI, "Pattern", "ContactPoint-telephone", V)},
    "record-checksum-upper-case": {(REC1, "Pattern", "SourceRecord-sha256", V)},
    "record-without-checksum": {(REC1, "MinCount", "SourceRecord-sha256", V),
                                (T1, "MinCount", "Trial-checksum", V)},
    "build-without-agent": {(node("build/kg-0-1-0"), "MinCount",
                             "BuildActivity-wasAssociatedWith", V)},
    "agent-without-label": {(node("agent/kg-0-1-0"), "MinCount", "SoftwareAgent-label", V)},
    # what full registry records add
    "trial-details-alias-malformed": {(T1, "Pattern", "TrialDetails-nctIdAlias", V)},
    "identifier-link-as-text": {(ID1, "Datatype", "IdentifierDetails-identifierLink", V)},
    "eligibility-sampling-method-not-in-scheme": {
        (EL1, "In", "EligibilityDetails-samplingMethod", V)},
    "site-latitude-out-of-range": {(SITE1, "MaxInclusive", "SiteDetails-latitude", V)},
    "contact-two-extensions": {(NANNI, "MaxCount", "ContactPointDetails-telephoneExtension", V)},
    "study-date-without-kind": {(node("trial/NCT03765541/date/START"), "MinCount",
                                 "StudyDate-dateKind", V)},
    "responsible-investigator-without-person": {
        (node("trial/NCT03765541/responsible-investigator"), "MinCount",
         "ResponsibleInvestigator-investigator", V)},
    "reference-pmid-malformed": {(node("trial/NCT03765541/reference/1"), "Pattern",
                                  "Reference-pmid", V)},
    # what drug linking reads out of the text
    "mention-without-text": {(MENTION, "MinCount", "DrugMention-mentionText", V)},
    "mention-unresolved-without-note": {(MENTION, "Or", "UnresolvedMentionExplained", W)},
    "combination-empty": {(node("trial/NCT03765541/intervention/dexamethasone/option/1/"
                                "combination/1"), "MinCount", "DrugCombination-combines", V)},
    "administration-dose-range-inverted": {
        (node("trial/NCT03765541/arm/standard-salvage-therapy-dexamethasone/administration/1"),
         "LessThanOrEquals", "DrugAdministration-doseAmount", V)},
    "drug-class-without-members": {(node("drug-class/anthracyclines"), "MinCount",
                                    "DrugClass-classMember", V)},
    "regimen-without-components": {(node("regimen/7-3"), "MinCount", "Regimen-hasComponent", V)},
    "arm-regimen-not-a-regimen": {(ALONE, "Class", "ArmDrugs-hasRegimen", V)},
    "intervention-mention-not-a-mention": {(IV_CYT, "Class", "InterventionDrugs-hasMention", V)},
    "option-combination-not-a-combination": {
        (node("trial/NCT03765541/intervention/dexamethasone/option/1"), "Class",
         "TreatmentOptionDrugs-hasCombination", V)},
}

# Cases that stay valid: the edge of a rule, on the allowed side (a warning at most).
CONFORMING: dict[str, set[Expected]] = {
    "ok-start-month-of-completion": set(),
    "ok-observational-without-arm": set(),
    "ok-no-intervention-arm": set(),
    "ok-ages-in-different-units": set(),
    "ok-drug-two-names-one-preferred": {(CYT, "MaxCount", "Drug-labelCount", W)},
}


def case_graph(name: str) -> Graph:
    graph = Graph().parse(BASE, format="turtle")
    graph.update((CASES / f"{name}.ru").read_text(encoding="utf-8"))
    return graph


def found(report: ValidationReport) -> set[Expected]:
    return {(r.focus_node, str(r.constraint_component).removeprefix(str(SH)).removesuffix(
        "ConstraintComponent"), str(r.source_shape).removeprefix(SHAPES_NS), r.severity.value)
        for r in report.results}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()  # also checks the shapes against SHACL's own shapes


def template_matches(template: str, message: str) -> bool:
    """Whether a sh:message with {?var} slots fits a rendered message."""
    parts = re.split(r"\{\?[a-z]+\}", template)
    return re.fullmatch(".+".join(re.escape(p) for p in parts), message) is not None


def assert_messages(report: ValidationReport, shapes: Graph) -> None:
    for r in report.results:
        template = shapes.value(r.source_shape, SH.message)
        assert template is not None and template_matches(str(template), r.message), r


def second_engine(data: Graph, shapes: Graph) -> ValidationReport:
    conforms, graph, _ = pyshacl_turbo.validate(data, shacl_graph=shapes, allow_warnings=True)
    report = report_from_graph(graph, data)
    assert report.conforms is bool(conforms)
    return report


def assert_same_verdicts(data: Graph, ours: ValidationReport, shapes: Graph) -> None:
    theirs = second_engine(data, shapes)
    assert theirs.conforms is ours.conforms
    assert {(r.focus_node, r.constraint_component) for r in theirs.results} == {
        (r.focus_node, r.constraint_component) for r in ours.results}


def test_every_case_file_has_expectations() -> None:
    assert {p.stem for p in CASES.glob("*.ru")} == set(FAILING) | set(CONFORMING)


def test_base_fixture_conforms_with_no_result(shapes: Graph) -> None:
    data = Graph().parse(BASE, format="turtle")
    report = validate(data)
    assert report.conforms and report.results == ()
    assert_same_verdicts(data, report, shapes)


@pytest.mark.parametrize("name", sorted(FAILING))
def test_failing_fixture(name: str, shapes: Graph) -> None:
    data = case_graph(name)
    report = validate(data)
    assert found(report) == FAILING[name]
    assert report.conforms is not any(e[3] == V for e in FAILING[name])
    assert_messages(report, shapes)
    assert_same_verdicts(data, report, shapes)


@pytest.mark.parametrize("name", sorted(CONFORMING))
def test_conforming_fixture(name: str, shapes: Graph) -> None:
    data = case_graph(name)
    report = validate(data)
    assert report.conforms
    assert found(report) == CONFORMING[name]
    assert_same_verdicts(data, report, shapes)


def test_seed_graph_conforms_with_no_result(seed_dataset: Dataset, shapes: Graph) -> None:
    data = union_graph(seed_dataset)
    report = validate(data)
    assert report.conforms and report.results == ()
    assert_same_verdicts(data, report, shapes)


def test_registry_records_conform(shapes: Graph) -> None:
    """The graph of the full registry records under tests/data/ctgov: dates, references,
    investigators, geo points, dosing schedules; every one of them well formed."""
    result = read_inputs([CTGOV])
    assert result.errors == () and len(result.trials) == len(list(CTGOV.glob("*.json")))
    data = union_graph(build_dataset(result.trials))
    assert set(data.subjects(RDF.type, KG.StudyDate)) and set(data.subjects(RDF.type, KG.Reference))
    report = validate(data)
    assert report.conforms and report.results == ()
    assert_same_verdicts(data, report, shapes)


def test_messages_name_the_values(shapes: Graph) -> None:
    dates = validate(case_graph("trial-start-after-completion")).results[0]
    assert dates.message == "The trial starts (2024-06-01) after its completion date (2024-05-31)."
    assert (dates.path, dates.value) == ("kg:startDate", Literal("2024-06-01", datatype=XSD.date))
    ages = validate(case_graph("eligibility-min-above-max")).results[0]
    assert ages.message == "The minimum age (18 years) is above the maximum age (12 months)."
    stale = validate(case_graph("trial-recruiting-past-completion")).results[0]
    assert "(2025-06-30) is before the record's last update (2025-12-22)" in stale.message
    assert stale.severity is Severity.WARNING and stale.nct_id == "NCT06713837"


def test_results_name_their_trial() -> None:
    build = validate(case_graph("build-without-agent")).results[0]
    assert build.nct_id is None and build.trials == ("NCT03765541", "NCT06713837")
    toulouse = validate(case_graph("organization-two-classes")).results[0]
    assert toulouse.nct_id == "NCT03765541"  # its sponsor and its official's affiliation
    link_result = validate(case_graph("link-vocabulary-unknown")).results[0]
    assert link_result.nct_id == "NCT03765541"  # link -> dexamethasone -> intervention -> trial
    checksum = {r.path for r in validate(case_graph("record-without-checksum")).results}
    assert checksum == {"kg:sha256", "prov:wasDerivedFrom/kg:sha256"}


# ---------------------------------------------------------------- the shapes themselves


def result_shapes(shapes: Graph) -> set[Node]:
    """The shapes that can produce a result: targeted node shapes and their property shapes."""
    node_shapes = set(shapes.subjects(SH.targetClass, None))
    return node_shapes | {p for s in node_shapes for p in shapes.objects(s, SH.property)}


def test_every_shape_has_an_iri_message_and_severity(shapes: Graph) -> None:
    for shape in result_shapes(shapes):
        assert isinstance(shape, URIRef), shape
        assert shapes.value(shape, SH.message) is not None, shape
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning), shape


def test_every_node_shape_has_a_failing_fixture(shapes: Graph) -> None:
    fired = {SHAPES_NS + e[2] for cases in FAILING.values() for e in cases}
    for shape in shapes.subjects(SH.targetClass, None):
        own = {str(shape)} | {str(p) for p in shapes.objects(shape, SH.property)}
        assert own & fired, f"no failing fixture for {shape}"


def test_every_ontology_class_and_property_has_a_shape(shapes: Graph) -> None:
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    ours = str(KG._NS)
    classes = {c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(ours)}
    properties = {p for t in (OWL.ObjectProperty, OWL.DatatypeProperty)
                  for p in onto.subjects(RDF.type, t) if str(p).startswith(ours)}
    paths: set[Node] = set()
    for path in shapes.objects(None, SH.path):
        paths.add(path)
        paths.update(shapes.objects(path, SH.inversePath))
        if (path, RDF.first, None) in shapes:
            paths.update(Collection(shapes, path))
    assert classes - set(shapes.objects(None, SH.targetClass)) == set()
    assert properties - paths == set()


def test_every_concept_list_is_a_whole_scheme(shapes: Graph) -> None:
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    lists = [list(Collection(shapes, lst)) for lst in shapes.objects(None, SH["in"])]
    concept_lists = [m for m in lists if all(str(c).startswith(str(VOCAB)) for c in m)]
    assert len(concept_lists) >= 19
    for members in concept_lists:
        schemes = {s for c in members for s in onto.objects(c, SKOS.inScheme)}
        assert len(schemes) == 1, members
        assert set(members) == set(onto.subjects(SKOS.inScheme, schemes.pop()))


def test_missing_or_broken_shapes_raise(tmp_path: Path) -> None:
    data = Graph().parse(BASE, format="turtle")
    with pytest.raises(ShapesError, match="no such shapes folder"):
        validate(data, tmp_path / "nowhere")
    with pytest.raises(ShapesError, match=r"no shapes \(\*\.ttl"):
        validate(data, tmp_path)
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in SHAPES_DIR.glob("*.ttl"):
        (broken / f.name).write_bytes(f.read_bytes())
    text = (broken / "trial.ttl").read_text(encoding="utf-8")
    (broken / "trial.ttl").write_text(text.replace("sh:minCount 1 ;", "sh:minCount 1", 1),
                                      encoding="utf-8")
    line = text[:text.index("sh:minCount 1 ;")].count("\n") + 2
    with pytest.raises(ShapesError) as info:
        validate(data, broken)
    assert info.value.location.endswith("trial.ttl") and info.value.line == line
    small = tmp_path / "small"  # one shape, so that SHACL's own shapes check it quickly
    small.mkdir()
    (small / "shapes.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix kg: <https://w3id.org/kg-trials/ontology#> .\n"
        "<urn:x-kg:trial> a sh:NodeShape ; sh:targetClass kg:Trial ;\n"
        '    sh:property [ sh:path kg:nctId ; sh:minCount "one" ] .\n', encoding="utf-8")
    with pytest.raises(ShapesError, match="not valid SHACL"):
        validate(data, small)
