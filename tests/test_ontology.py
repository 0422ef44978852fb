"""The ontology: OWL 2 DL that HermiT finds consistent; every term used is declared and defined."""

from __future__ import annotations

from pathlib import Path

import owlready2
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.iris import SCHEMES, concept, scheme
from kg.namespaces import KG, VOCAB
from kg.resources import ONTOLOGY_FILE


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def test_hermit_consistent_no_unsatisfiable_class(tmp_path: Path, onto: Graph) -> None:
    owl_file = tmp_path / "kg.owl"
    onto.serialize(owl_file, format="xml")
    world = owlready2.World()
    ontology = world.get_ontology(owl_file.as_uri()).load()
    with ontology:
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []


def test_header(onto: Graph) -> None:
    iri = URIRef("https://w3id.org/kg-trials/ontology")
    assert (iri, RDF.type, OWL.Ontology) in onto
    assert onto.value(iri, OWL.versionIRI) is not None
    assert onto.value(iri, URIRef("http://purl.org/dc/terms/license")) is not None


def test_every_kg_term_is_declared_labelled_and_defined(onto: Graph) -> None:
    for name in KG.__annotations__:
        term = KG[name]
        kinds = set(onto.objects(term, RDF.type))
        assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, name
        assert onto.value(term, RDFS.label) is not None, name
        assert onto.value(term, SKOS.definition) is not None, name


def test_every_controlled_value_is_a_concept_in_one_scheme(onto: Graph) -> None:
    for enum in SCHEMES:
        assert (scheme(enum), RDF.type, SKOS.ConceptScheme) in onto
        for member in enum:
            c = concept(member)
            assert list(onto.objects(c, SKOS.inScheme)) == [scheme(enum)], c
            assert onto.value(c, SKOS.notation) is not None
            assert onto.value(c, SKOS.definition) is not None


def test_every_term_the_graph_uses_is_declared(onto: Graph, seed_dataset: Dataset) -> None:
    declared = set(onto.subjects(RDF.type, None))
    builtin = {RDF.type, RDFS.label, RDFS.seeAlso}
    used_predicates = set(seed_dataset.predicates()) - builtin
    used_classes = set(seed_dataset.objects(None, RDF.type))
    used_concepts = {o for o in seed_dataset.objects() if isinstance(o, URIRef)
                     and str(o).startswith(str(VOCAB))}
    assert used_predicates - declared == set()
    assert used_classes - declared == set()
    assert used_concepts - declared == set()


def _domain_classes(onto: Graph, prop: URIRef) -> set[URIRef] | None:
    domain = onto.value(prop, RDFS.domain)
    if domain is None:
        return None
    if isinstance(domain, URIRef):
        return {domain}
    members = onto.value(domain, OWL.unionOf)
    return {m for m in onto.items(members) if isinstance(m, URIRef)} if members else None


@pytest.mark.parametrize("inputs", ["seeds", "ctgov-json"])
def test_data_respects_property_domains(onto: Graph, seed_dataset: Dataset, inputs: str) -> None:
    """A subject of a property with a declared domain has one of the domain's classes, so a
    reasoner would infer nothing that clashes with the disjoint classes (credentials sat on
    official and contact nodes while its domain said Person)."""
    if inputs == "ctgov-json":
        from kg.pipeline import build_dataset, read_inputs

        data = Path(__file__).parent / "data" / "ctgov"
        seed_dataset = build_dataset(read_inputs([data]).trials)
    subclasses: dict[URIRef, set[URIRef]] = {}
    for sub, sup in onto.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            subclasses.setdefault(sup, set()).add(sub)
    problems = []
    for prop in set(seed_dataset.predicates()):
        domain = _domain_classes(onto, prop)
        if not domain:
            continue
        allowed = set(domain)
        for cls in domain:
            allowed |= subclasses.get(cls, set())
        for subject in set(seed_dataset.subjects(prop, None)):
            if not set(seed_dataset.objects(subject, RDF.type)) & allowed:
                problems.append((str(prop), str(subject)))
    assert problems == []
