"""Every bundled query runs on the seed graph and prints what the seed records state."""

from __future__ import annotations

import dataclasses

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from kg.cli import main
from kg.errors import QueryError
from kg.iris import Minter
from kg.model import AgencyClass, Organization, SponsorRole, Sponsorship, Trial
from kg.namespaces import DEFAULT_BASE_IRI, KG
from kg.pipeline import build_dataset, store_from_dataset
from kg.queries import NamedQuery, bind, bundled, run_local
from kg.resources import ONTOLOGY_FILE

# A value for each required parameter, so that every bundled query can run.
SAMPLE_PARAMS: dict[str, dict[str, str]] = {
    "trials-in-country": {"country": "Italy"},
    "trials-with-drug": {"drug": "Cytarabine"},
    "trials-by-drug": {"drug": "Ara-C"},
    "trials-for-age": {"age": "40"},
    "sites-in-city": {"city": "Roma"},
}

IMPACT, DEXA, INFANT, CLAG, IFN = ("NCT06713837", "NCT03765541", "NCT05327894", "NCT06763666",
                                   "NCT06802718")
ADULT_TRIALS = {DEXA, IMPACT, CLAG, IFN}

Rows = list[dict[str, str]]


@pytest.fixture(scope="module")
def store(seed_dataset: Dataset) -> pyoxigraph.Store:
    return store_from_dataset(seed_dataset)


def run(store: pyoxigraph.Store, name: str, **params: str) -> Rows:
    query = bundled()[name]
    columns, rows = run_local(query, store, params)
    assert columns == list(query.columns)
    return rows


def project(rows: Rows, *columns: str) -> list[tuple[str, ...]]:
    return [tuple(r[c] for c in columns) for r in rows]


# ---------------------------------------------------------------- the library as a whole

def test_library_has_at_least_fifteen_queries() -> None:
    assert len(bundled()) >= 15


@pytest.mark.parametrize("name", sorted(bundled()))
def test_header_is_complete(name: str) -> None:
    query = bundled()[name]
    assert query.title and query.title != name
    assert query.description and query.columns
    assert set(query.sorted_columns) <= set(query.columns)
    if query.parameters:
        assert "# {{values}}" in query.text
    assert all(p.doc for p in query.parameters)
    required = {p.name for p in query.parameters if p.required}
    assert required == set(SAMPLE_PARAMS.get(name, {}))


@pytest.mark.parametrize("name", sorted(bundled()))
def test_result_columns_are_the_declared_ones(store: pyoxigraph.Store, name: str) -> None:
    query = bundled()[name]
    columns, rows = run_local(query, store, SAMPLE_PARAMS.get(name, {}))
    assert columns == list(query.columns)
    assert all(list(r) == columns for r in rows)


@pytest.mark.parametrize("name", sorted(bundled()))
def test_unknown_parameter_is_a_usage_error(name: str) -> None:
    with pytest.raises(QueryError, match="unknown parameter"):
        bind(bundled()[name], {**SAMPLE_PARAMS.get(name, {}), "no_such_parameter": "1"})


@pytest.mark.parametrize("name", sorted(SAMPLE_PARAMS))
def test_missing_required_parameter_is_a_usage_error(name: str) -> None:
    with pytest.raises(QueryError, match="missing required"):
        bind(bundled()[name], {})
    out = CliRunner().invoke(main, ["query", name])
    assert out.exit_code == 2 and "missing required" in out.stderr


def _with_param(query: NamedQuery, value: str) -> dict[str, str]:
    return {p.name: value for p in query.parameters if p.required} or {
        query.parameters[0].name: value}


@pytest.mark.parametrize("name", sorted(n for n, q in bundled().items() if q.parameters))
@pytest.mark.parametrize("hostile", ['x" } UNION { ?s ?p ?o } #', "x> } #", 'Roma"@en'])
def test_hostile_value_stays_one_term(store: pyoxigraph.Store, name: str, hostile: str) -> None:
    query = bundled()[name]
    params = _with_param(query, hostile)
    text = bind(query, params)
    # the query differs from one with a harmless value by that one term only
    harmless = bind(query, _with_param(query, "harmless"))
    assert text == harmless.replace('"harmless"', Literal(hostile).n3())
    rows = run_local(query, store, params)[1]
    if name == "dataset-statistics":    # no subject starts with such a base IRI
        assert [r["triples"] for r in rows] == ["0"]
    else:
        assert rows == []


def test_iri_parameter_must_be_a_valid_iri() -> None:
    with pytest.raises(QueryError, match="not a valid IRI"):
        bind(bundled()["trials-with-drug"], {"drug": "<http://x> } UNION { <y>"})


# ---------------------------------------------------------------- sites

def test_site_status_by_country(store: pyoxigraph.Store) -> None:
    got = {(r["country"], r["status"]): (r["sites"], r["trials"])
           for r in run(store, "site-status-by-country")}
    # IMPACT-AML: 34 sites in 7 countries, 22 in Italy (16 recruiting); Brno is the only
    # recruiting Czech site. The Toulouse trial lists 10 French sites with no status.
    assert got[("Italy", "RECRUITING")] == ("16", "1")
    assert got[("Italy", "NOT_YET_RECRUITING")] == ("6", "1")
    assert got[("Czechia", "RECRUITING")] == ("1", "1")
    assert got[("Czechia", "NOT_YET_RECRUITING")] == ("4", "1")
    assert got[("France", "")] == ("10", "1")
    impact_countries = {c for c, _ in got} - {"France"}
    assert impact_countries == {"Czechia", "Germany", "Italy", "Lithuania", "Portugal",
                                "Romania", "Spain"}
    assert sum(int(n) for (c, _), (n, _) in got.items() if c != "France") == 34


def test_sites_in_city(store: pyoxigraph.Store) -> None:
    roma = run(store, "sites-in-city", city="roma")
    assert project(roma, "nct_id", "facility", "status", "contacts") == [
        (IMPACT, "Policlinico Tor Vergata", "RECRUITING", "Adriano Venditti"),
        (IMPACT, "Policlinico Umberto I", "RECRUITING", "Saveria Capria"),
    ]
    assert run(store, "sites-in-city", city="Milan", site_status="recruiting") == []
    milan = run(store, "sites-in-city", city="MILAN", site_status="NOT_YET_RECRUITING")
    assert {r["facility"] for r in milan} == {
        "Fondazione IRCCS Ca' Granda Ospedale Maggiore Policlinico",
        "ASST Grande Ospedale Metropolitano Niguarda"}
    brno = run(store, "sites-in-city", city="Brno")
    assert project(brno, "facility", "country", "status") == [
        ("University Hospital Brno", "Czechia", "RECRUITING")]


def test_site_contacts(store: pyoxigraph.Store) -> None:
    rows = run(store, "site-contacts")
    by_place = {(r["nct_id"], r["city"], r["facility"]): r for r in rows}
    genova = by_place[(IMPACT, "Genova", "IRCCS Ospedale Policlinico San Martino")]
    # The record lists this facility twice, each time with its own primary contact.
    assert (genova["contacts"], genova["names"]) == ("2", "Fabio Guolo|Matteo Emidio Dragani")
    brno = by_place[(IMPACT, "Brno", "University Hospital Brno")]
    assert (brno["contacts"], brno["names"]) == ("1", "Jiri Mayer")
    french = [r for r in rows if r["nct_id"] == DEXA]
    assert len(french) == 10 and {r["contacts"] for r in french} == {"0"}


def test_trial_contacts(store: pyoxigraph.Store) -> None:
    rows = run(store, "trial-contacts")
    nanni = next(r for r in rows if r["name"] == "Oriana Nanni")
    assert (nanni["nct_id"], nanni["telephone"], nanni["email"]) == (IMPACT, "+39 0543739100", "")
    assert project([r for r in rows if r["nct_id"] == IFN], "name", "credentials") == [
        ("Feifei Tang", "Prof")]
    # The Veeva page names the same central contact twice.
    assert project([r for r in rows if r["nct_id"] == CLAG], "name") == [("Guopan Yu",)] * 2


# ---------------------------------------------------------------- drugs and arms

def test_trials_with_drug_by_name(store: pyoxigraph.Store) -> None:
    cytarabine = run(store, "trials-with-drug", drug="cytarabine")
    assert project(cytarabine, "nct_id", "drug_name", "arms") == [
        (DEXA, "cytarabine", "Standard salvage therapy + dexamethasone|"
                             "Standard salvage therapy alone"),
        (IMPACT, "cytarabine", "High intensity treatment|Low intensity treatment"),
        (CLAG, "cytarabine", "CLAG regimen|CLAGV regimen"),
    ]
    assert project(run(store, "trials-with-drug", drug="VENETOCLAX"), "nct_id", "arms") == [
        (IMPACT, "Low intensity treatment"), (CLAG, "CLAGV regimen")]
    assert run(store, "trials-with-drug", drug="cytara") == []


CYTARABINE_CHEBI = "http://purl.obolibrary.org/obo/CHEBI_28680"  # ChEBI entry of cytarabine
CYTARABINE_DRUGBANK = "http://identifiers.org/drugbank/DB00987"  # DrugBank entry of cytarabine


@pytest.fixture(scope="module")
def linked_store(seed_dataset: Dataset) -> pyoxigraph.Store:
    """The seed graph with cytarabine linked both ways (exactMatch and a link node)."""
    store = store_from_dataset(seed_dataset)
    minter = Minter()
    drug = pyoxigraph.NamedNode(str(minter.drug("Cytarabine")))
    link = pyoxigraph.NamedNode(f"{drug.value}/link/drugbank")
    graph = pyoxigraph.NamedNode(str(minter.trial(CLAG)))

    def node(term: URIRef) -> pyoxigraph.NamedNode:
        return pyoxigraph.NamedNode(str(term))

    for s, p, o in (
        (drug, node(URIRef("http://www.w3.org/2004/02/skos/core#exactMatch")),
         pyoxigraph.NamedNode(CYTARABINE_CHEBI)),
        (drug, node(KG.hasLink), link),
        (link, node(RDF.type), node(KG.ExternalLink)),
        (link, node(KG.linkTarget), pyoxigraph.NamedNode(CYTARABINE_DRUGBANK)),
        (link, node(KG.curie), pyoxigraph.Literal("drugbank:DB00987")),
        (link, node(KG.vocabulary), pyoxigraph.Literal("drugbank")),
    ):
        store.add(pyoxigraph.Quad(s, p, o, graph))
    return store


@pytest.mark.parametrize("value", [f"<{CYTARABINE_CHEBI}>", CYTARABINE_CHEBI,
                                   f"<{CYTARABINE_DRUGBANK}>", "drugbank:DB00987",
                                   "DrugBank:DB00987"])
def test_trials_with_drug_by_identifier(linked_store: pyoxigraph.Store, value: str) -> None:
    rows = run(linked_store, "trials-with-drug", drug=value)
    assert project(rows, "nct_id", "drug_name") == [(DEXA, "cytarabine"), (IMPACT, "cytarabine"),
                                                    (CLAG, "cytarabine")]


def test_drug_identifier_matches_no_other_drug(linked_store: pyoxigraph.Store) -> None:
    # DB01234 is dexamethasone's DrugBank entry: it finds dexamethasone, never cytarabine
    assert project(run(linked_store, "trials-with-drug", drug="drugbank:DB01234"),
                   "drug_name") == [("dexamethasone",)]
    assert run(linked_store, "trials-with-drug", drug=f"<{CYTARABINE_CHEBI}0>") == []


def test_arm_comparisons(store: pyoxigraph.Store) -> None:
    got = project(run(store, "arm-comparisons"), "nct_id", "arm_a", "type_a", "arm_b", "type_b",
                  "shared", "only_in_a", "only_in_b")
    assert got == [
        (DEXA, "Standard salvage therapy + dexamethasone", "EXPERIMENTAL",
         "Standard salvage therapy alone", "ACTIVE_COMPARATOR",
         "Amsacrine|Azacitidine|Cytarabine", "Dexamethasone", ""),
        (IMPACT, "High intensity treatment", "ACTIVE_COMPARATOR",
         "Low intensity treatment", "EXPERIMENTAL",
         "", "High intensity therapies", "Low intensity therapies"),
        (CLAG, "CLAG regimen", "ACTIVE_COMPARATOR", "CLAGV regimen", "EXPERIMENTAL",
         "Cladribine|Cytarabine|G-CSF", "", "Venetoclax"),
        (IFN, "Control Group", "NO_INTERVENTION", "Interferon Group", "EXPERIMENTAL",
         "", "", "Interferon"),
    ]


# ---------------------------------------------------------------- trials

def test_trials_by_phase_and_status(store: pyoxigraph.Store) -> None:
    assert project(run(store, "trials-by-phase-status"), "phase", "status", "trials",
                   "nct_ids") == [
        ("PHASE3", "RECRUITING", "3", f"{INFANT}|{IMPACT}|{IFN}"),
        ("PHASE3", "TERMINATED", "1", DEXA),
        ("PHASE4", "NOT_YET_RECRUITING", "1", CLAG),
    ]


@pytest.mark.parametrize(("age", "unit", "expected"), [
    ("40", None, ADULT_TRIALS),
    ("18", None, ADULT_TRIALS),                  # a minimum of 18 Years admits 18
    ("17.9", "Years", set()),
    ("65", "years", ADULT_TRIALS),               # CLAG+VEN: 18 to 65
    ("66", None, ADULT_TRIALS - {CLAG}),
    ("70", None, ADULT_TRIALS - {CLAG}),         # interferon: 18 to 70
    ("71", None, {DEXA, IMPACT}),                # no maximum stated
    ("6", "Months", {INFANT}),                   # Interfant-21: at most 365 Days
    ("52", "weeks", {INFANT}),
    ("365", "Days", {INFANT}),
    ("366", "Days", set()),
    ("1", "Years", set()),                       # 365.25 days
    ("abc", None, set()),
    ("40", "parsecs", set()),
])
def test_trials_for_age(store: pyoxigraph.Store, age: str, unit: str | None,
                        expected: set[str]) -> None:
    params = {"age": age} | ({"unit": unit} if unit else {})
    assert {r["nct_id"] for r in run(store, "trials-for-age", **params)} == expected


def test_trials_for_age_shows_the_limits(store: pyoxigraph.Store) -> None:
    rows = {r["nct_id"]: r for r in run(store, "trials-for-age", age="30")}
    assert (rows[CLAG]["min_age"], rows[CLAG]["max_age"]) == ("18 Years", "65 Years")
    assert rows[CLAG]["status"] == "NOT_YET_RECRUITING"


def test_trial_identifiers(store: pyoxigraph.Store) -> None:
    rows = run(store, "trial-identifiers")
    assert project([r for r in rows if r["nct_id"] == IMPACT], "identifier",
                   "identifier_type") == [("101104421", "OTHER_GRANT"),
                                          ("2024-514517-35-00", "CTIS"),
                                          ("IRST204.07", "ORG_STUDY_ID")]
    assert project(run(store, "trial-identifiers", id="RC31/17/0450"), "nct_id",
                   "identifier") == [(DEXA, "RC31/17/0450")]
    by_other = run(store, "trial-identifiers", id="2024-514517-35-00")
    assert {r["nct_id"] for r in by_other} == {IMPACT} and len(by_other) == 3
    assert {r["identifier"] for r in run(store, "trial-identifiers", id=IFN)} == {
        "2023PHD001-001"}
    assert run(store, "trial-identifiers", id="IRST204") == []


def test_study_officials(store: pyoxigraph.Store) -> None:
    assert project(run(store, "study-officials"), "nct_id", "official", "credentials", "role",
                   "affiliation") == [
        (DEXA, "Christian RECHER", "PhD", "STUDY_DIRECTOR", "University Hospital, Toulouse"),
        (IMPACT, "Giovanni Martinelli", "MD, Prof", "STUDY_CHAIR", "University of Bologna"),
    ]


# ---------------------------------------------------------------- organisations

def test_no_organisation_is_named_by_two_seed_trials(store: pyoxigraph.Store) -> None:
    assert run(store, "shared-organizations") == []


def test_organisation_roles_within_one_trial(store: pyoxigraph.Store,
                                             seed_trials: dict[str, Trial]) -> None:
    rows = {r["organization"]: r for r in run(store, "shared-organizations", min_trials="1")}
    # University of Bologna: collaborator of IMPACT-AML and its study chair's affiliation.
    assert project([rows["University of Bologna"]], "trials", "nct_ids", "roles") == [
        ("1", IMPACT, "AFFILIATION|COLLABORATOR")]
    assert rows["University Hospital, Toulouse"]["roles"] == "AFFILIATION|LEAD"
    assert rows["University Hospital Brno"]["roles"] == "SITE"
    named = {s.organization.name for t in seed_trials.values() for s in t.sponsors}
    named |= {s.facility for t in seed_trials.values() for s in t.sites}
    named |= {o.affiliation.name for t in seed_trials.values() for o in t.officials
              if o.affiliation}
    assert set(rows) == named


def test_organisation_shared_by_two_trials(seed_trials: dict[str, Trial]) -> None:
    bologna = Sponsorship(Organization("University of Bologna", AgencyClass.OTHER),
                          SponsorRole.COLLABORATOR)
    dexa = seed_trials[DEXA]
    trials = [t for t in seed_trials.values() if t.nct_id != DEXA]
    trials.append(dataclasses.replace(dexa, sponsors=(*dexa.sponsors, bologna)))
    store = store_from_dataset(build_dataset(trials))
    assert project(run(store, "shared-organizations"), "organization", "trials", "nct_ids",
                   "roles") == [("University of Bologna", "2", f"{DEXA}|{IMPACT}",
                                 "AFFILIATION|COLLABORATOR")]


# ---------------------------------------------------------------- the graph itself

def _instance_triples(ds: Dataset, base: str) -> set[tuple[object, object, object]]:
    return {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))
            if str(s).startswith(base)}


def _statistics(triples: set[tuple[object, object, object]]) -> dict[str, str]:
    return {
        "triples": str(len(triples)),
        "distinct_subjects": str(len({s for s, _, _ in triples})),
        "properties": str(len({p for _, p, _ in triples})),
        "distinct_objects": str(len({o for _, _, o in triples})),
        "classes": str(len({o for _, p, o in triples if p == RDF.type})),
        "trials": str(len({s for s, p, o in triples if p == RDF.type and o == KG.Trial})),
    }


def test_dataset_statistics_agree_with_rdflib(store: pyoxigraph.Store,
                                              seed_dataset: Dataset) -> None:
    [row] = run(store, "dataset-statistics")
    assert row == _statistics(_instance_triples(seed_dataset, DEFAULT_BASE_IRI))
    assert row["trials"] == "5"
    # Shared nodes (drugs, organisations) sit in several trial graphs but count once.
    quads = sum(1 for _ in seed_dataset.quads((None, None, None, None)))
    assert int(row["triples"]) < quads


def test_dataset_statistics_under_another_base(seed_trials: dict[str, Trial]) -> None:
    base = "https://example.org/trials/"
    ds = build_dataset(list(seed_trials.values()), base_iri=base)
    store = store_from_dataset(ds)
    [row] = run(store, "dataset-statistics", base=f"<{base}>")
    assert row == _statistics(_instance_triples(ds, base))
    assert run(store, "dataset-statistics")[0]["triples"] == "0"


def test_ontology_overview(store: pyoxigraph.Store, seed_dataset: Dataset) -> None:
    rows = {r["class"]: r for r in run(store, "ontology-overview")}
    assert rows[str(KG.Trial)]["instances"] == "5"
    assert rows[str(KG.Site)]["instances"] == "44"     # 34 IMPACT-AML sites + 10 in France
    assert rows[str(KG.Arm)]["instances"] == "8"
    expected: dict[str, set[object]] = {}
    for s, p, o in _instance_triples(seed_dataset, DEFAULT_BASE_IRI):
        if p == RDF.type:
            expected.setdefault(str(o), set()).add(s)
    assert {c: r["instances"] for c, r in rows.items()} == {
        c: str(len(v)) for c, v in expected.items()}


def test_ontology_overview_with_the_ontology(seed_dataset: Dataset) -> None:
    store = store_from_dataset(seed_dataset)
    store.load(path=str(ONTOLOGY_FILE), format=pyoxigraph.RdfFormat.TURTLE,
               to_graph=pyoxigraph.NamedNode("https://w3id.org/kg-trials/ontology"))
    rows = {r["class"]: r for r in run(store, "ontology-overview")}
    assert (rows[str(KG.Trial)]["label"], rows[str(KG.Trial)]["instances"]) == ("Trial", "5")
    ontology = Graph().parse(ONTOLOGY_FILE)
    declared = {str(c) for c in ontology.subjects(RDF.type, OWL.Class)
                if str(c).startswith(str(KG._NS))}
    assert declared <= set(rows)
    assert rows[str(KG.ExternalLink)]["instances"] != "0"    # drugs are linked by the table
